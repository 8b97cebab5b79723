// SPDX-License-Identifier: MIT
// The app offscreen on the bundled demo: traffic drives cold and warm invocations on several
// environments, and the timeline and metrics show them.
#include "core_controller.h"
#include "debug/debug_controller.h"
#include "experiments/experiments_dock.h"
#include "functions/function_list_model.h"
#include "invoke/invoke_panel.h"
#include "main_window.h"
#include "test_paths.h"
#include "metrics/metrics_model.h"
#include "queues/queue_messages_model.h"
#include "queues/queues_panel.h"
#include "queues/source_models.h"
#include "timeline/timeline_model.h"
#include "timeline/timeline_view.h"

#include <run/experiment_runner.h>

#include <nlohmann/json.hpp>

#include <QComboBox>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QLabel>
#include <QProgressBar>
#include <QStatusBar>
#include <QtTest>

using namespace lambdadesk;
using namespace lambdadesk::gui;

namespace {

/// The request id of a finished invocation of `function` on the timeline, or "".
QString finishedRequestOf(CoreController& controller, const QString& function)
{
    const TimelineModel* timeline = controller.timeline();
    for (int row = 0; row < timeline->laneCount(); ++row) {
        const auto& lane = timeline->lane(row);
        if (lane.function != function)
            continue;
        for (const auto& segment : lane.segments) {
            if (!segment.requestId.isEmpty() && segment.endNs >= 0)
                return segment.requestId;
        }
    }
    return {};
}

}  // namespace

class TestApp : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        // A fresh copy: state left in the build's demo (a benchmark's history, queued messages) must not
        // slow or change these runs.
        QVERIFY(m_folder.isValid());
        m_demo = MainWindow::copyDemoProject(m_folder.path());
        QVERIFY(!m_demo.isEmpty());
    }

    void demoUnderTrafficFillsTheTimelineAndMetrics()
    {
        CoreController controller;
        MainWindow window(&controller);
        window.useFreshLayout();
        QVERIFY(window.openProject(m_demo, true));
        window.show();
        QVERIFY(controller.running());
        QCOMPARE(controller.functions()->rowCount(), 3);
        // The AWS endpoint runs beside the engine; the status bar shows where.
        QVERIFY2(controller.endpointUrl().startsWith(QStringLiteral("http://127.0.0.1:")), qPrintable(controller.endpointUrl()));
        bool shown = false;
        for (auto* label : window.statusBar()->findChildren<QLabel*>())
            shown = shown || label->text().contains(controller.endpointUrl());
        QVERIFY(shown);

        core::TrafficPlan pricing;
        pricing.function = "PriceCalculator";
        pricing.payload = R"({"items":[{"qty":1,"unitPrice":2}]})";
        pricing.shape = core::TrafficShape::Poisson;
        pricing.ratePerSecond = 300;
        pricing.duration = std::chrono::seconds(3);
        controller.startTraffic(pricing);
        core::TrafficPlan cart = pricing;
        cart.function = "CartApi";
        cart.payload = R"({"httpMethod":"GET","pathParameters":{"cartId":"t"}})";
        cart.ratePerSecond = 60;
        controller.startTraffic(cart);

        // A long operation shows progress: the traffic run fills a bar in the status bar as it goes.
        auto* progressBar = window.findChild<QProgressBar*>(QStringLiteral("operationProgress"));
        QVERIFY(progressBar);
        const auto running = controller.progress();
        QVERIFY(running && running->fraction && *running->fraction < 1.0);
        QTRY_VERIFY_WITH_TIMEOUT(progressBar->isVisible() && progressBar->maximum() == 100, 3000);

        const auto countSegments = [&](bool wantInit, bool wantCold) {
            int count = 0;
            const auto* timeline = controller.timeline();
            for (int lane = 0; lane < timeline->laneCount(); ++lane) {
                for (const auto& segment : timeline->lane(lane).segments) {
                    if (wantInit ? segment.kind == TimelineSegment::Kind::Init
                                 : segment.kind == TimelineSegment::Kind::Invoke && segment.cold == wantCold &&
                                       segment.endNs > 0 && !segment.error)
                        ++count;
                }
            }
            return count;
        };
        // What the app saw, for a failure message that says why.
        const auto seen = [&] {
            QString text = QStringLiteral("lanes %1, init %2, cold %3, warm %4;").arg(controller.timeline()->laneCount())
                               .arg(countSegments(true, false)).arg(countSegments(false, true)).arg(countSegments(false, false));
            for (int row = 0; row < controller.functions()->rowCount(); ++row) {
                const auto& function = controller.functions()->row(row);
                text += QStringLiteral(" %1: %2 invocations, %3 errors, %4 throttles, running %5, last error '%6';")
                            .arg(QString::fromStdString(function.config.name)).arg(function.invocations)
                            .arg(function.errors).arg(function.throttles).arg(function.running).arg(function.lastError);
            }
            return text;
        };
        QTRY_VERIFY2_WITH_TIMEOUT(countSegments(false, false) > 200, qPrintable(seen()), 30000);  // warm invocations
        QVERIFY(countSegments(true, false) >= 2);                            // INIT segments (cold starts)
        // A first invoke after INIT: PriceCalculator's may all be served warm by its provisioned environment
        // (the host holds its cold starts back, and a freed environment takes what waits), so this may be
        // CartApi's first call, which finishes later than 200 warm PriceCalculator calls on a busy machine.
        QTRY_VERIFY2_WITH_TIMEOUT(countSegments(false, true) >= 1, qPrintable(seen()), 30000);
        QVERIFY(controller.timeline()->laneCount() >= 3);                    // several environments
        // Lanes of both functions, each environment on its own lane.
        QSet<QString> functions;
        for (int lane = 0; lane < controller.timeline()->laneCount(); ++lane)
            functions.insert(controller.timeline()->lane(lane).function);
        QVERIFY(functions.contains(QStringLiteral("PriceCalculator")));
        QVERIFY(functions.contains(QStringLiteral("CartApi")));

        // Metrics: a completed second with a non-zero rate.
        const auto* metrics = controller.metrics();
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                     for (int row = 0; row < metrics->rowCount(); ++row) {
                                         if (metrics->bucket(row).invocations > 0)
                                             return true;
                                     }
                                     return false;
                                 }()),
                                 5000);
        const int row = controller.functions()->findRow(QStringLiteral("PriceCalculator"));
        QVERIFY(controller.functions()->row(row).invocations > 100);

        // The view paints all of it without trouble, following live.
        QVERIFY(window.timelineView()->following());
        const QImage image = window.grab().toImage();
        QVERIFY(!image.isNull());
        controller.stopTraffic();

        // Jumping to a request (as the logs panel does) stops following and centres on it.
        const auto& lane = controller.timeline()->lane(0);
        const TimelineSegment& target = lane.segments.back();
        QVERIFY(window.timelineView()->revealRequest(target.requestId));
        QVERIFY(!window.timelineView()->following());
        const auto& geometry = window.timelineView()->geometry();
        QVERIFY(geometry.viewStartNs <= target.startNs && target.startNs <= geometry.viewEndNs());
        QVERIFY(!window.timelineView()->revealRequest(QStringLiteral("no-such-request")));

        // Stopping the project is a long operation too: environments shut down off the GUI thread, and the
        // bar is busy until they are gone, then hides.
        controller.stop();
        const auto stopping = controller.progress();
        QVERIFY(stopping && !stopping->fraction);
        QCOMPARE(stopping->label, QStringLiteral("Stopping environments…"));
        QTRY_VERIFY_WITH_TIMEOUT(!controller.progress(), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(!progressBar->isVisible(), 3000);
    }

    void queuesAndMappingsAreLive()
    {
        CoreController controller;
        QVERIFY(controller.openProject(m_demo, nullptr));
        QTRY_COMPARE_WITH_TIMEOUT(controller.queues()->rowCount(), 2, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(controller.mappings()->rowCount(), 2, 5000);  // the SQS and the Kinesis events
        const auto* mappings = controller.mappings();
        // The demo's stream, read by OrderProcessor's Kinesis mapping.
        const auto* streams = controller.streams();
        QTRY_COMPARE_WITH_TIMEOUT(streams->rowCount(), 1, 5000);
        QCOMPARE(streams->row(0).name, QStringLiteral("order-events"));
        QCOMPARE(streams->row(0).stats.shards.size(), std::size_t(2));
        QCOMPARE(streams->row(0).consumers, 1);
        QCOMPARE(streams->data(streams->index(0, StreamListModel::IteratorAgeColumn)).toString(), QStringLiteral("0.0 s"));
        // Records put on it show up, and the mapping's batches give the stream an iterator age.
        core::TrafficPlan records;
        records.target = core::TrafficTarget::Stream;
        records.stream = "order-events";
        records.payload = R"({"orderId":"s-{{n}}","status":"PLACED"})";
        records.ratePerSecond = 50;
        records.duration = std::chrono::milliseconds(400);
        controller.startTraffic(records);
        QTRY_VERIFY_WITH_TIMEOUT(streams->row(0).stats.records >= 10, 5000);
        QVERIFY(!streams->data(streams->index(0, StreamListModel::OldestColumn)).toString().isEmpty());
        // OrderProcessor reads them; a consumer that keeps up has an iterator age near 0.
        const auto kinesisRecords = [&] {
            for (int row = 0; row < mappings->rowCount(); ++row) {
                if (mappings->data(mappings->index(row, MappingListModel::SourceColumn)).toString() ==
                    QStringLiteral("order-events"))
                    return mappings->data(mappings->index(row, MappingListModel::RecordsColumn)).toULongLong();
            }
            return 0ULL;
        };
        QTRY_VERIFY_WITH_TIMEOUT(kinesisRecords() >= 10, 15000);
        QVERIFY(streams->row(0).iteratorAgeMs < 10'000);
        int sqsRow = -1;
        for (int row = 0; row < mappings->rowCount(); ++row) {
            if (mappings->data(mappings->index(row, MappingListModel::SourceColumn)).toString() == QStringLiteral("orders-dev"))
                sqsRow = row;
        }
        QVERIFY(sqsRow >= 0);
        bool sent = false;
        controller.sendMessage(QStringLiteral("orders-dev"),
                               QStringLiteral(R"({"orderId":"t-1","items":[{"qty":1,"unitPrice":3}]})"),
                               [&](bool ok, const QString& message) {
                                   QVERIFY2(ok, qPrintable(message));
                                   sent = true;
                               });
        QTRY_VERIFY_WITH_TIMEOUT(sent, 5000);
        // The OrderProcessor mapping picks it up (1 s batching window in the demo).
        QTRY_VERIFY_WITH_TIMEOUT(
            controller.mappings()->data(controller.mappings()->index(sqsRow, MappingListModel::RecordsColumn)).toULongLong() >= 1,
            15000);
        bool accepted = false;
        controller.invokeEvent(QStringLiteral("PriceCalculator"), "{}", [&](bool ok, const QString& requestId) {
            QVERIFY(ok);
            QCOMPARE(requestId.size(), 36);
            accepted = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(accepted, 5000);

        // A faster clock restarts the engine on it; queues and mappings come back from state.db.
        controller.setTimeScale(0.01);
        QVERIFY(controller.running());
        QCOMPARE(controller.timeScale(), 0.01);
        QTRY_COMPARE_WITH_TIMEOUT(controller.mappings()->rowCount(), 2, 5000);
    }

    void brokenTemplateIsReportedAndNothingIsLost()
    {
        CoreController controller;
        QVERIFY(controller.openProject(m_demo, nullptr));
        QString error;
        QVERIFY(!controller.openProject(QString::fromStdString(lambdadesk::tests::fixturesDir() + "/cli-broken"), &error));
        QVERIFY2(error.contains(QStringLiteral("template.yaml:8:")), qPrintable(error));
        // The demo keeps running.
        QVERIFY(controller.running());
        QCOMPARE(controller.functions()->rowCount(), 3);
    }

    void experimentWindowsReachTheTimelineWithoutTheDock()
    {
        // The controller alone: no Experiments dock polls the runner.
        CoreController controller;
        QVERIFY(controller.openProject(m_demo, nullptr));
        const auto runner = controller.experiments();
        QVERIFY(runner);
        const auto made = runner->createTemplate(nlohmann::json::parse(R"({
            "description": "PriceCalculator slower for a minute after a short wait",
            "targets": {"Pricing": {"resourceType": "aws:lambda:function", "resourceArns": ["PriceCalculator"]}},
            "actions": {
                "warmup": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT0.3S"}},
                "slowCalls": {"actionId": "aws:lambda:invocation-add-delay",
                              "parameters": {"duration": "PT1M", "startupDelayMilliseconds": "100"},
                              "targets": {"Functions": "Pricing"}, "startAfter": ["warmup"]}
            },
            "stopConditions": [{"source": "none"}]
        })"));
        QVERIFY2(made.ok(), made.ok() ? "" : made.error().message.c_str());
        const auto started = runner->start(made->id);
        QVERIFY2(started.ok(), started.ok() ? "" : started.error().message.c_str());

        // The wait has no window; the delay's opens when it starts, on PriceCalculator's row.
        const TimelineModel* timeline = controller.timeline();
        QTRY_VERIFY_WITH_TIMEOUT(!timeline->faultWindows().empty(), 5000);
        QCOMPARE(timeline->faultWindows().size(), std::size_t(1));
        const FaultWindow window = timeline->faultWindows().front();
        QCOMPARE(window.experimentId, QString::fromStdString(started->id));
        QCOMPARE(window.actionName, QStringLiteral("slowCalls"));
        QCOMPARE(window.status, QStringLiteral("running"));
        QCOMPARE(window.functions, QStringList{QStringLiteral("PriceCalculator")});
        QCOMPARE(window.endNs, qint64(-1));
        // On the timeline's clock, after the wait: the wall-clock times were converted, not copied.
        QVERIFY2(window.startNs > 0 && window.startNs <= controller.nowNs(),
                 qPrintable(QString::number(window.startNs)));

        // Stopping the engine ends the experiment with it; the timeline keeps its lanes, and the window, closed.
        controller.stop();
        controller.refreshFaultWindows();
        QCOMPARE(timeline->faultWindows().size(), std::size_t(1));
        QCOMPARE(timeline->faultWindows().front().status, QStringLiteral("stopped"));
        QVERIFY(timeline->faultWindows().front().endNs >= window.startNs);
        // The next engine's runner starts with no experiments: the earlier window stays.
        controller.run();
        controller.refreshFaultWindows();
        QCOMPARE(timeline->faultWindows().size(), std::size_t(1));
        QCOMPARE(timeline->faultWindows().front().actionName, QStringLiteral("slowCalls"));
    }

    void theExperimentsDockSavesATemplateInTheProject()
    {
        CoreController controller;
        QVERIFY(controller.openProject(m_demo, nullptr));
        ExperimentsDock dock(&controller);
        auto* templates = dock.findChild<QComboBox*>(QStringLiteral("templates"));
        QVERIFY(templates);
        const int before = templates->count();
        const QString text = QStringLiteral(R"({"description": "saved by the test", "actions": {}})");
        dock.setTemplateText(text);
        QString error;
        QVERIFY(dock.saveTemplate(QStringLiteral("bad name"), &error).isEmpty());
        QVERIFY2(error.contains(QStringLiteral("accepted")), qPrintable(error));
        const QString path = dock.saveTemplate(QStringLiteral("saved-by-test"), &error);
        QVERIFY2(!path.isEmpty(), qPrintable(error));
        QCOMPARE(path, QDir(m_demo).filePath(QStringLiteral("experiments/saved-by-test.json")));
        // Listed, picked, and the editor keeps the text.
        QCOMPARE(templates->count(), before + 1);
        QVERIFY(templates->currentText().startsWith(QStringLiteral("saved-by-test")));
        QCOMPARE(templates->currentData().toString(), text + QLatin1Char('\n'));
        QCOMPARE(dock.templateText(), text);
        // Another dock on the same project lists it too.
        ExperimentsDock again(&controller);
        QVERIFY(again.findChild<QComboBox*>(QStringLiteral("templates"))->findText(
                    QStringLiteral("saved-by-test (experiments/saved-by-test.json)")) >= 0);
        QVERIFY(QFile::remove(path));
    }

    void invokeFromTheAppReturnsOnTheGuiThread()
    {
        CoreController controller;
        QVERIFY(controller.openProject(m_demo, nullptr));
        bool done = false;
        core::InvokeResult result;
        controller.invoke(QStringLiteral("PriceCalculator"), R"({"items":[{"qty":2,"unitPrice":5}]})", true,
                          [&](const core::InvokeResult& r) {
                              QCOMPARE(QThread::currentThread(), controller.thread());
                              result = r;
                              done = true;
                          });
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
        QVERIFY2(result.ok(), result.payload.c_str());
        QVERIFY(result.payload.find("\"subtotal\":10.0") != std::string::npos);
        const auto record = controller.invocationRecord(QString::fromStdString(result.requestId));
        QVERIFY(record.event.contains(QStringLiteral("unitPrice")));
    }

    // An invocation the traffic generator made (the app never saw its event) is replayed under the debugger in
    // one call, with the project's breakpoints: it stops on the loop line with the editor marking it, and the
    // replay completes with the same answer once continued.
    void debugThisInvocationReplaysAnyInvocationUnderTheDebugger()
    {
        CoreController controller;
        MainWindow window(&controller);
        window.useFreshLayout();
        QVERIFY(window.openProject(m_demo, true));
        auto* debug = window.findChild<DebugController*>();
        QVERIFY(debug);
        core::TrafficPlan one;
        one.function = "PriceCalculator";
        one.payload = R"({"items":[{"sku":"replayed","qty":3,"unitPrice":4}]})";
        one.shape = core::TrafficShape::Constant;
        one.ratePerSecond = 2;
        one.duration = std::chrono::milliseconds(400);
        controller.startTraffic(one);
        QString requestId;
        QTRY_VERIFY_WITH_TIMEOUT(!(requestId = finishedRequestOf(controller, QStringLiteral("PriceCalculator"))).isEmpty(),
                                 15000);
        const auto record = controller.invocationRecord(requestId);
        QCOMPARE(record.function, QStringLiteral("PriceCalculator"));
        QVERIFY2(record.event.contains(QStringLiteral("replayed")), qPrintable(record.event));

        const int loopLine = 30;  // subtotal += …
        window.addBreakpoint(QStringLiteral("price-calculator/main.cpp"), loopLine);
        QSignalSpy stops(debug, &DebugController::stopped);
        window.debugInvocation(record.function, record.event);
        QVERIFY(debug->isDebugged(QStringLiteral("PriceCalculator")));
        QTRY_VERIFY_WITH_TIMEOUT(stops.size() >= 1, 30000);
        QCOMPARE(stops[0][1].toInt(), loopLine);
        QVERIFY(debug->isStopped());
        debug->continueRun();
        auto* status = window.invokePanel()->findChild<QLabel*>(QStringLiteral("status"));
        QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(QStringLiteral("ok")), 30000);
        auto* response = window.invokePanel()->findChild<QPlainTextEdit*>(QStringLiteral("response"));
        QVERIFY2(response->toPlainText().contains(QStringLiteral("12")), qPrintable(response->toPlainText()));
        window.setDebugMode(QStringLiteral("PriceCalculator"), false);
        QFile::remove(QDir(m_demo).filePath(QStringLiteral(".lambdadesk/breakpoints.json")));
    }

    void queuesPanelPeeksWithoutReceiving()
    {
        CoreController controller;
        QVERIFY(controller.openProject(m_demo, nullptr));
        QueuesPanel panel(&controller);
        panel.show();
        QTRY_COMPARE_WITH_TIMEOUT(controller.queues()->rowCount(), 2, 5000);
        // Nothing consumes the dead-letter queue, so the message stays for the peeks.
        QString messageId;
        controller.sendMessage(QStringLiteral("orders-dlq-dev"), QStringLiteral(R"({"peek":true})"),
                               [&](bool ok, const QString& message) {
                                   QVERIFY2(ok, qPrintable(message));
                                   messageId = message;
                               });
        QTRY_VERIFY_WITH_TIMEOUT(!messageId.isEmpty(), 5000);
        CoreController::QueuePeek seen;
        bool done = false;
        controller.peekQueue(QStringLiteral("orders-dev"), 10, [&](bool ok, const QString& message,
                                                                   const CoreController::QueuePeek& peek) {
            QVERIFY2(ok, qPrintable(message));
            seen = peek;
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done, 5000);
        QCOMPARE(seen.deadLetterQueue, QStringLiteral("orders-dlq-dev"));
        QVERIFY(seen.nowMs > 0);
        // The panel browses the selected queue on its refresh, oldest first, receiving nothing.
        QVERIFY(panel.selectQueue(QStringLiteral("orders-dlq-dev")));
        QTRY_VERIFY_WITH_TIMEOUT(panel.messages()->findRow(messageId) >= 0, 5000);
        const auto& message = panel.messages()->message(panel.messages()->findRow(messageId));
        QCOMPARE(message.approximateReceiveCount, 0);
        QCOMPARE(message.state, core::PeekedMessage::State::Visible);
        QTRY_VERIFY_WITH_TIMEOUT(!panel.depthHistory().samples(QStringLiteral("orders-dlq-dev")).empty(), 5000);
    }

private:
    QTemporaryDir m_folder;
    QString m_demo;

};

QTEST_MAIN(TestApp)
#include "tst_app.moc"
