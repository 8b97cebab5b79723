// SPDX-License-Identifier: MIT
#pragma once
// Runs lambdadesk-cli as scripts do, for the CLI suites.

#include "test_paths.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>

namespace lambdadesk::tests {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

inline Run runCli(const QStringList& arguments, const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QString::fromStdString(lambdadesk::tests::cliPath()), arguments);
    process.waitForFinished(120000);
    return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

inline QString fixture(const char* path)
{
    return QString::fromStdString(lambdadesk::tests::fixturesDir() + '/') + QString::fromLatin1(path);
}

inline QList<QJsonObject> jsonLines(const QByteArray& out)
{
    QList<QJsonObject> lines;
    for (const QByteArray& line : out.split('\n')) {
        if (!line.trimmed().isEmpty())
            lines.append(QJsonDocument::fromJson(line).object());
    }
    return lines;
}

}  // namespace lambdadesk::tests
