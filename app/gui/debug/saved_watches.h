// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace lambdadesk::gui {

/// The project's watch expressions, kept beside its breakpoints in `.lambdadesk/watches.json` as
/// {"watches": ["total", "items[0].qty"]}, so a debugging session starts with the last one's watches.

/// The saved list; a missing file is an empty list. Null with `error` when the file is not a watches file
/// (the message names what was wrong and the shape accepted).
[[nodiscard]] std::optional<QStringList> loadWatches(const QString& path, QString* error = nullptr);
/// Writes the list (creating `.lambdadesk/`), atomically; false with `error`.
bool saveWatches(const QString& path, const QStringList& expressions, QString* error = nullptr);

}  // namespace lambdadesk::gui
