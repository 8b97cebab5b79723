// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

namespace lambdadesk::gui {

/// Named test events per function, kept in the project's `.lambdadesk/events/<function>/<name>.json`
/// (like the console's shareable test events), the project's own `events/*.json` next to `template.yaml`
/// (as `sam local invoke -e events/x.json` uses them), plus the bundled event templates.
class SavedEvents {
public:
    explicit SavedEvents(QString projectDir);

    [[nodiscard]] QStringList names(const QString& function) const;
    [[nodiscard]] QString load(const QString& function, const QString& name) const;
    /// Saves (replacing) an event; false with `error` set when the name or the JSON is not acceptable.
    bool save(const QString& function, const QString& name, const QString& json, QString* error) const;
    bool remove(const QString& function, const QString& name) const;

    /// File names (without `.json`) in the project's `events/` folder: the one named after `function` first,
    /// then those in `events/<function>/` and `events/<logicalId>/` (as "<folder>/<name>"), then the others.
    [[nodiscard]] QStringList projectEventNames(const QString& function = {}, const QString& logicalId = {}) const;
    [[nodiscard]] QString loadProjectEvent(const QString& name) const;

    /// Template names from resources/events (e.g. "sqs", "apigateway-rest").
    static QStringList templateNames();
    static QString templateText(const QString& name);

private:
    [[nodiscard]] QString folder(const QString& function) const;
    QString m_projectDir;
};

}  // namespace lambdadesk::gui
