// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace lambdadesk::gui {

/// Where an event's JSON breaks: 1-based line and column, the character position in the text, and why.
struct JsonProblem {
    int line = 1;
    int column = 1;
    int position = 0;  ///< in QChars of the text, for highlighting
    QString message;
};

/// Checks an event typed in the editor. Any JSON value is an event (an object, an array, a string, a number…);
/// an empty text is an empty payload. Nothing when it parses.
[[nodiscard]] std::optional<JsonProblem> findJsonProblem(const QString& text);

/// An API Gateway (or function URL) proxy response — an object with `statusCode` and a string `body` — as a
/// reader wants it: the status line, the headers, and the body decoded (base64 when `isBase64Encoded`) and
/// pretty-printed when it is JSON. Nothing for any other response.
[[nodiscard]] std::optional<QString> describeProxyResponse(const QByteArray& payload);

}  // namespace lambdadesk::gui
