// SPDX-License-Identifier: MIT
#include "experiments/saved_experiments.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QFile>
#include <QSaveFile>

namespace lambdadesk::gui {
namespace {

const QString kFolder = QStringLiteral("experiments");
const QString kSuffix = QStringLiteral(".json");

}  // namespace

std::vector<SavedExperiment> savedExperiments(const QString& projectDir)
{
    std::vector<SavedExperiment> saved;
    const QDir folder(QDir(projectDir).filePath(kFolder));
    const auto files = folder.entryInfoList({QStringLiteral("*.json")}, QDir::Files | QDir::Readable, QDir::Name);
    for (const QFileInfo& info : files) {
        QFile file(info.filePath());
        if (!file.open(QIODevice::ReadOnly))
            continue;
        saved.push_back({info.completeBaseName(), info.filePath(), QString::fromUtf8(file.readAll())});
    }
    return saved;
}

std::optional<QString> experimentNameProblem(const QString& name)
{
    if (name.isEmpty())
        return QStringLiteral("the name is empty; accepted: 1 to 64 letters, digits, '-', '_' or '.'");
    if (name.size() > 64)
        return QStringLiteral("the name has %1 characters; accepted: at most 64").arg(name.size());
    if (name.startsWith(QLatin1Char('.')))
        return QStringLiteral("'%1' starts with '.'; accepted: a name that starts with a letter, digit, '-' or '_'")
            .arg(name);
    for (const QChar c : name) {
        const bool allowed = (c.unicode() < 128 && c.isLetterOrNumber()) || c == QLatin1Char('-') ||
                             c == QLatin1Char('_') || c == QLatin1Char('.');
        if (!allowed)
            return QStringLiteral("'%1' holds '%2'; accepted: letters, digits, '-', '_' or '.'").arg(name, c);
    }
    return std::nullopt;
}

QString saveExperiment(const QString& projectDir, const QString& name, const QString& json, QString* error)
{
    const auto fail = [error](const QString& message) {
        if (error)
            *error = message;
        return QString();
    };
    if (const auto problem = experimentNameProblem(name))
        return fail(*problem);
    const auto document = nlohmann::json::parse(json.toStdString(), nullptr, false);
    if (document.is_discarded())
        return fail(QStringLiteral("the editor does not hold JSON; a template is a JSON object such as "
                                   "{\"description\": …, \"targets\": …, \"actions\": …}"));
    if (!document.is_object())
        return fail(QStringLiteral("the editor holds JSON but not an object; a template is a JSON object such as "
                                   "{\"description\": …, \"targets\": …, \"actions\": …}"));
    const QDir project(projectDir);
    if (!project.exists())
        return fail(QStringLiteral("the project folder %1 does not exist").arg(projectDir));
    if (!project.mkpath(kFolder))
        return fail(QStringLiteral("cannot make the folder %1").arg(project.filePath(kFolder)));
    const QString path = QDir(project.filePath(kFolder)).filePath(name + kSuffix);
    QSaveFile file(path);
    QByteArray bytes = json.toUtf8();
    if (!bytes.endsWith('\n'))
        bytes.append('\n');
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return fail(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return path;
}

}  // namespace lambdadesk::gui
