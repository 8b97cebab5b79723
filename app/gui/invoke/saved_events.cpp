// SPDX-License-Identifier: MIT
#include "invoke/saved_events.h"

#include "runtime/runtime_catalog.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QSaveFile>

namespace lambdadesk::gui {
namespace {

QString eventsFolder()
{
    return QString::fromStdString((core::resourcesDir() / "events").string());
}

QString readText(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

}  // namespace

SavedEvents::SavedEvents(QString projectDir) : m_projectDir(std::move(projectDir)) {}

QString SavedEvents::folder(const QString& function) const
{
    return m_projectDir + QStringLiteral("/.lambdadesk/events/") + function;
}

QStringList SavedEvents::names(const QString& function) const
{
    QStringList names;
    for (const QString& file : QDir(folder(function)).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        names << file.chopped(5);
    return names;
}

QString SavedEvents::load(const QString& function, const QString& name) const
{
    return readText(folder(function) + QLatin1Char('/') + name + QStringLiteral(".json"));
}

bool SavedEvents::save(const QString& function, const QString& name, const QString& json, QString* error) const
{
    // The console's rule for test event names; it also keeps names safe as file names.
    static const QRegularExpression validName(QStringLiteral("^[A-Za-z0-9_.-]{1,25}$"));
    if (!validName.match(name).hasMatch()) {
        if (error)
            *error = QObject::tr("'%1' is not a valid event name: use 1–25 letters, digits, '-', '_' or '.'").arg(name);
        return false;
    }
    QJsonParseError parseError;
    QJsonDocument::fromJson(json.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (error)
            *error = QObject::tr("the event is not valid JSON (at character %1: %2)")
                         .arg(parseError.offset)
                         .arg(parseError.errorString());
        return false;
    }
    if (!QDir().mkpath(folder(function))) {
        if (error)
            *error = QObject::tr("cannot create %1").arg(folder(function));
        return false;
    }
    QSaveFile file(folder(function) + QLatin1Char('/') + name + QStringLiteral(".json"));
    if (!file.open(QIODevice::WriteOnly) || file.write(json.toUtf8()) < 0 || !file.commit()) {
        if (error)
            *error = QObject::tr("cannot write %1: %2").arg(file.fileName(), file.errorString());
        return false;
    }
    return true;
}

bool SavedEvents::remove(const QString& function, const QString& name) const
{
    return QFile::remove(folder(function) + QLatin1Char('/') + name + QStringLiteral(".json"));
}

QStringList SavedEvents::projectEventNames(const QString& function, const QString& logicalId) const
{
    QStringList names;
    const QDir folder(m_projectDir + QStringLiteral("/events"));
    for (const QString& file : folder.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        names << file.chopped(5);
    // events/<function>/*.json (SAM projects, and LambdaDesk's export, keep a function's events there), by the
    // function's name or its logical id, right after its own events/<function>.json.
    QStringList own;
    for (const QString& sub : {function, logicalId}) {
        if (sub.isEmpty() || (sub == logicalId && logicalId == function))
            continue;
        for (const QString& file : QDir(folder.filePath(sub)).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
            own << sub + QLatin1Char('/') + file.chopped(5);
    }
    const bool hasOwnFile = names.removeOne(function);
    names = own + names;
    if (hasOwnFile)
        names.prepend(function);
    return names;
}

QString SavedEvents::loadProjectEvent(const QString& name) const
{
    return readText(m_projectDir + QStringLiteral("/events/") + name + QStringLiteral(".json"));
}

QStringList SavedEvents::templateNames()
{
    QStringList names;
    for (const QString& file : QDir(eventsFolder()).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        names << file.chopped(5);
    return names;
}

QString SavedEvents::templateText(const QString& name)
{
    return readText(eventsFolder() + QLatin1Char('/') + name + QStringLiteral(".json"));
}

}  // namespace lambdadesk::gui
