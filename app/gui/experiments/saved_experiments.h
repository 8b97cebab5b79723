// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <optional>
#include <vector>

namespace lambdadesk::gui {

/// An experiment template kept with the project, as `experiments/NAME.json` beside its template — where the
/// command line's `lambdadesk-cli experiment run PROJECT NAME` finds it too, and git keeps it.
struct SavedExperiment {
    QString name;  ///< the file's name without .json
    QString path;
    QString json;  ///< the file as written
};

/// The project's saved experiments, by name. A file that cannot be read is left out: the editor would not
/// know what to show; one that is not a valid template is listed (the editor says what is wrong with it).
std::vector<SavedExperiment> savedExperiments(const QString& projectDir);

/// What is wrong with `name` as a saved experiment's name, or nothing: 1 to 64 letters, digits, '-', '_'
/// or '.', not starting with '.'.
std::optional<QString> experimentNameProblem(const QString& name);

/// Writes `json` to `experiments/NAME.json` in the project (making the folder; atomically, so a crash leaves the
/// old file or the new one). Refuses a bad name and text that is not a JSON object, saying why. Returns the
/// file's path, or an empty string with `error` set.
QString saveExperiment(const QString& projectDir, const QString& name, const QString& json, QString* error);

}  // namespace lambdadesk::gui
