// SPDX-License-Identifier: MIT
#include "invoke/event_json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QStringDecoder>

#include <algorithm>

namespace lambdadesk::gui {
namespace {

QString headerValue(const QJsonValue& value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toDouble());
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
}

QString decodedBody(const QJsonObject& response)
{
    const QString body = response.value(QStringLiteral("body")).toString();
    QByteArray bytes = body.toUtf8();
    if (response.value(QStringLiteral("isBase64Encoded")).toBool()) {
        auto decoded = QByteArray::fromBase64Encoding(body.toLatin1());
        if (!decoded)
            return QObject::tr("(isBase64Encoded, but the body is not valid base64)\n") + body;
        bytes = *decoded;
    }
    QJsonParseError error;
    const QJsonDocument json = QJsonDocument::fromJson(bytes, &error);
    if (error.error == QJsonParseError::NoError && !json.isNull())
        return QString::fromUtf8(json.toJson(QJsonDocument::Indented)).trimmed();
    auto toUtf16 = QStringDecoder(QStringDecoder::Utf8);
    const QString text = toUtf16(bytes);
    if (!toUtf16.hasError())
        return text;
    return QObject::tr("(%1 bytes of binary data)\n%2").arg(bytes.size()).arg(QString::fromLatin1(bytes.left(256).toHex(' ')));
}

}  // namespace

std::optional<JsonProblem> findJsonProblem(const QString& text)
{
    if (text.trimmed().isEmpty())
        return std::nullopt;
    // QJsonDocument reads a document (an object or an array); an event may be any value, so read it as the
    // only element of an array and shift the error back by the '[' in front.
    const QByteArray utf8 = text.toUtf8();
    QJsonParseError error;
    QByteArray wrapped;
    wrapped.reserve(utf8.size() + 2);
    wrapped.append('[').append(utf8).append(']');
    QJsonDocument::fromJson(wrapped, &error);
    if (error.error == QJsonParseError::NoError)
        return std::nullopt;
    // Qt's offset is just past the character the parser stopped at; less one more for our '['.
    const qsizetype byteOffset = std::clamp<qsizetype>(error.offset - 2, 0, utf8.size());
    JsonProblem problem;
    problem.position = static_cast<int>(QString::fromUtf8(utf8.left(byteOffset)).size());
    const QStringView before = QStringView(text).left(problem.position);
    problem.line = static_cast<int>(before.count(QLatin1Char('\n'))) + 1;
    problem.column = static_cast<int>(problem.position - (before.lastIndexOf(QLatin1Char('\n')) + 1)) + 1;
    // Running into our closing ']' means the text ended too early.
    const bool endedEarly = error.error != QJsonParseError::UnterminatedString && error.offset - 1 >= utf8.size();
    problem.message = endedEarly ? QObject::tr("the JSON ends too early") : error.errorString();
    return problem;
}

std::optional<QString> describeProxyResponse(const QByteArray& payload)
{
    const QJsonDocument document = QJsonDocument::fromJson(payload);
    if (!document.isObject())
        return std::nullopt;
    const QJsonObject response = document.object();
    const QJsonValue status = response.value(QStringLiteral("statusCode"));
    if (!(status.isDouble() || status.isString()) || !response.value(QStringLiteral("body")).isString())
        return std::nullopt;
    QString text = QStringLiteral("HTTP %1\n").arg(status.isDouble() ? QString::number(status.toInt()) : status.toString());
    const QJsonObject headers = response.value(QStringLiteral("headers")).toObject();
    for (auto it = headers.begin(); it != headers.end(); ++it)
        text += it.key() + QStringLiteral(": ") + headerValue(it.value()) + QLatin1Char('\n');
    const QJsonObject multi = response.value(QStringLiteral("multiValueHeaders")).toObject();
    for (auto it = multi.begin(); it != multi.end(); ++it) {
        for (const QJsonValue& value : it.value().toArray())
            text += it.key() + QStringLiteral(": ") + headerValue(value) + QLatin1Char('\n');
    }
    for (const QJsonValue& cookie : response.value(QStringLiteral("cookies")).toArray())
        text += QStringLiteral("Set-Cookie: ") + cookie.toString() + QLatin1Char('\n');
    text += QLatin1Char('\n') + decodedBody(response);
    return text;
}

}  // namespace lambdadesk::gui
