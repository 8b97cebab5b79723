// SPDX-License-Identifier: MIT
#include "editor/handler_source.h"

#include <QFileInfo>
#include <QStringList>

namespace lambdadesk::gui {

QString handlerSourceFile(const core::FunctionConfig& function)
{
    const QString module = QString::fromStdString(function.handler).section(QLatin1Char('.'), 0, -2);
    QStringList candidates;
    if (!module.isEmpty()) {
        for (const char* suffix : {".py", ".js", ".mjs", ".cjs", ".ts"})
            candidates << module + QLatin1String(suffix);
    }
    candidates << QStringLiteral("main.cpp") << QStringLiteral("bootstrap");
    const QString dir = QString::fromStdString(function.codeDir.string());
    for (const QString& candidate : candidates) {
        const QFileInfo file(dir + QLatin1Char('/') + candidate);
        if (file.isFile())
            return file.absoluteFilePath();
    }
    return {};
}

}  // namespace lambdadesk::gui
