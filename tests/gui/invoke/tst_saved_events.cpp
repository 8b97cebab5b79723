// SPDX-License-Identifier: MIT
// SavedEvents: events saved per function under the project's .lambdadesk/events, invalid JSON and unsafe
// names refused, and the built-in templates.
#include "invoke/saved_events.h"

#include <QFile>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace lambdadesk;
using namespace lambdadesk::gui;

class TestSavedEvents : public QObject {
    Q_OBJECT

private slots:
    void savedEventsRoundTrip()
    {
        QTemporaryDir project;
        SavedEvents events(project.path());
        QString error;
        QVERIFY(events.save(QStringLiteral("Fn"), QStringLiteral("order-1"), QStringLiteral(R"({"a":1})"), &error));
        QCOMPARE(events.names(QStringLiteral("Fn")), QStringList{QStringLiteral("order-1")});
        QCOMPARE(events.load(QStringLiteral("Fn"), QStringLiteral("order-1")), QStringLiteral(R"({"a":1})"));
        QVERIFY(QFile::exists(project.path() + QStringLiteral("/.lambdadesk/events/Fn/order-1.json")));
        QVERIFY(!events.save(QStringLiteral("Fn"), QStringLiteral("bad"), QStringLiteral("{nope"), &error));
        QVERIFY(error.contains(QStringLiteral("JSON")));
        QVERIFY(!events.save(QStringLiteral("Fn"), QStringLiteral("../escape"), QStringLiteral("{}"), &error));
        QVERIFY(events.remove(QStringLiteral("Fn"), QStringLiteral("order-1")));
        QVERIFY(events.names(QStringLiteral("Fn")).isEmpty());
        QVERIFY(SavedEvents::templateNames().contains(QStringLiteral("sqs")));
        QVERIFY(SavedEvents::templateText(QStringLiteral("sqs")).contains(QStringLiteral("aws:sqs")));
    }

    void eventsInAFunctionsOwnFolderAreOffered()
    {
        // The layout SAM projects and LambdaDesk's export use: events/<LogicalId>/<name>.json.
        QTemporaryDir project;
        QDir(project.path()).mkpath(QStringLiteral("events/NodeEcho"));
        for (const char* file : {"events/node-echo.json", "events/other.json", "events/NodeEcho/Clicks.json",
                                 "events/NodeEcho/Http.json"}) {
            QFile out(project.filePath(QString::fromLatin1(file)));
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write("{\"from\": \"" + QByteArray(file) + "\"}");
        }
        const SavedEvents events(project.path());
        QCOMPARE(events.projectEventNames(QStringLiteral("node-echo"), QStringLiteral("NodeEcho")),
                 (QStringList{QStringLiteral("node-echo"), QStringLiteral("NodeEcho/Clicks"), QStringLiteral("NodeEcho/Http"),
                              QStringLiteral("other")}));
        QVERIFY(events.loadProjectEvent(QStringLiteral("NodeEcho/Http")).contains(QStringLiteral("NodeEcho/Http.json")));
        // Without the logical id only the top-level files.
        QCOMPARE(events.projectEventNames(QStringLiteral("node-echo")).size(), 2);
    }
};

QTEST_MAIN(TestSavedEvents)
#include "tst_saved_events.moc"
