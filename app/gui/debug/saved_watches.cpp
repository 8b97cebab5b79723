// SPDX-License-Identifier: MIT
#include "debug/saved_watches.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace lambdadesk::gui {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("SavedWatches", text);
}

}  // namespace

std::optional<QStringList> loadWatches(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.exists())
        return QStringList();
    const auto fail = [&](const QString& message) -> std::optional<QStringList> {
        if (error)
            *error = tr("%1: %2 (accepted: {\"watches\": [\"expression\", …]})").arg(path, message);
        return std::nullopt;
    };
    if (!file.open(QIODevice::ReadOnly))
        return fail(file.errorString());
    QJsonParseError parse;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parse);
    if (parse.error != QJsonParseError::NoError)
        return fail(tr("not JSON at offset %1: %2").arg(parse.offset).arg(parse.errorString()));
    const QJsonValue watches = document.object().value(QStringLiteral("watches"));
    if (!document.isObject() || !watches.isArray())
        return fail(tr("no \"watches\" list"));
    QStringList expressions;
    for (const QJsonValue& watch : watches.toArray()) {
        if (!watch.isString())
            return fail(tr("a watch that is not a string"));
        if (!watch.toString().trimmed().isEmpty())
            expressions << watch.toString().trimmed();
    }
    return expressions;
}

bool saveWatches(const QString& path, const QStringList& expressions, QString* error)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    const QJsonDocument document(QJsonObject{{QStringLiteral("watches"), QJsonArray::fromStringList(expressions)}});
    if (!file.open(QIODevice::WriteOnly) || file.write(document.toJson()) < 0 || !file.commit()) {
        if (error)
            *error = tr("%1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

}  // namespace lambdadesk::gui
