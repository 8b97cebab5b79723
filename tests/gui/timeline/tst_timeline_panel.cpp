// SPDX-License-Identifier: MIT
// The timeline's panel around the view: the empty state says what to do (engine stopped or running), the legend is
// colour swatches with short labels and tooltips (one per thing drawn, wrapping to the width), and the window
// selector follows zooming by keys and wheel, while choosing an entry sets the view's span.
#include "core_controller.h"
#include "timeline/timeline_colors.h"
#include "timeline/timeline_legend.h"
#include "timeline/timeline_model.h"
#include "timeline/timeline_panel.h"
#include "timeline/timeline_view.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QHelpEvent>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolTip>
#include <QWheelEvent>
#include <QtTest>

#include <cmath>

using namespace lambdadesk;
using namespace lambdadesk::gui;

class TestTimelinePanel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void emptyStateSaysWhatToDo();
    void legendIsASwatchPerThingDrawn();
    void legendEntriesExplainThemselvesOnHover();
    void windowSelectorFollowsZoom();
    void choosingAWindowSetsTheSpan();

private:
    QTemporaryDir m_folder;
    QString m_project;  ///< one Python function, nothing started with the project (no provisioned concurrency)
};

namespace {

constexpr qint64 kSecond = 1'000'000'000;

double spanSeconds(const TimelineView* view)
{
    return static_cast<double>(view->geometry().viewSpanNs()) / kSecond;
}

}  // namespace

void TestTimelinePanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_folder.isValid());
    QVERIFY(QDir(m_folder.path()).mkpath(QStringLiteral("hello")));
    QFile handler(m_folder.filePath(QStringLiteral("hello/app.py")));
    QVERIFY(handler.open(QIODevice::WriteOnly));
    handler.write("def handler(event, context):\n    return event\n");
    handler.close();
    m_project = m_folder.filePath(QStringLiteral("template.yaml"));
    QFile templateFile(m_project);
    QVERIFY(templateFile.open(QIODevice::WriteOnly));
    templateFile.write("AWSTemplateFormatVersion: '2010-09-09'\n"
                       "Transform: AWS::Serverless-2016-10-31\n"
                       "Resources:\n"
                       "  Hello:\n"
                       "    Type: AWS::Serverless::Function\n"
                       "    Properties:\n"
                       "      Runtime: python3.12\n"
                       "      Handler: app.handler\n"
                       "      CodeUri: hello/\n");
}

void TestTimelinePanel::emptyStateSaysWhatToDo()
{
    CoreController controller;
    TimelinePanel panel(&controller);
    panel.resize(900, 400);
    TimelineView* view = panel.view();
    // Stopped: run the project first.
    QVERIFY(!controller.running());
    const QString stoppedText = view->placeholderText();
    QVERIFY2(stoppedText.contains(QStringLiteral("Run the project (F5)")), qPrintable(stoppedText));
    const QImage stopped = view->grab().toImage();

    // Running, nothing invoked yet: invoke or start traffic.
    QString error;
    QVERIFY2(controller.openProject(m_project, &error), qPrintable(error));
    QVERIFY(controller.running());
    QTest::qWait(100);  // events of the start reach the models: none makes a row
    const QString running = view->placeholderText();
    QVERIFY2(running.contains(QStringLiteral("Invoke a function (Ctrl+I)")), qPrintable(running));
    QVERIFY(running.contains(QStringLiteral("start traffic (Ctrl+T)")));
    QVERIFY(!running.contains(QStringLiteral("F5")));

    // The text is painted: the stopped and the running views differ in the plot, not only in the axis.
    const QImage runningImage = view->grab().toImage();
    bool differs = false;
    for (int y = 40; y < stopped.height() && !differs; ++y) {
        for (int x = 0; x < stopped.width() && !differs; ++x)
            differs = stopped.pixel(x, y) != runningImage.pixel(x, y);
    }
    QVERIFY2(differs, "the empty state's text is not painted");

    // Once something ran, the timeline has rows and no placeholder.
    const auto epoch = core::Clock::now() - std::chrono::nanoseconds(controller.nowNs());
    std::vector<core::Event> events;
    events.push_back({epoch, core::EnvironmentStarted{"Hello", "env-00000001", core::InitializationType::OnDemand, 1}});
    controller.timeline()->apply(events, epoch);
    QCOMPARE(view->placeholderText(), QString());
}

void TestTimelinePanel::legendIsASwatchPerThingDrawn()
{
    CoreController controller;
    TimelinePanel panel(&controller);
    auto* legend = panel.findChild<TimelineLegend*>(QStringLiteral("timelineLegend"));
    QVERIFY(legend);
    using namespace timeline_colors;
    // Every colour the view paints has its entry.
    QList<QColor> colours;
    for (const auto& entry : legend->entries()) {
        colours << entry.color;
        QVERIFY(!entry.label.isEmpty());
        // A key, not a paragraph: the explanation is the tooltip's.
        QVERIFY2(entry.label.size() <= 24, qPrintable(entry.label));
        QVERIFY2(entry.toolTip.size() > entry.label.size(), qPrintable(entry.label));
    }
    for (const QColor& painted : {kInit, kColdInvoke, kWarm, kError, kTimeout, kDebugStopped, kFault, kFaultWindow,
                                  kIdle, kThrottle, kReload, kHostWait})
        QVERIFY2(colours.contains(painted), qPrintable(painted.name()));

    // The swatches are drawn in their colours (the boxes exactly; the others are lines and glyphs).
    legend->resize(2000, legend->heightForWidth(2000));
    const QImage image = legend->grab().toImage();
    for (const auto& entry : legend->entries()) {
        if (entry.glyph != TimelineLegend::Glyph::Box || entry.color.alpha() != 255)
            continue;
        bool found = false;
        for (int y = 0; y < image.height() && !found; ++y) {
            for (int x = 0; x < image.width() && !found; ++x)
                found = image.pixelColor(x, y) == entry.color;
        }
        QVERIFY2(found, qPrintable(QStringLiteral("no swatch for ") + entry.label));
    }

    // The key wraps to the width it gets instead of widening the window.
    const int oneRow = legend->heightForWidth(4000);
    QVERIFY(legend->heightForWidth(300) > 2 * oneRow);
    QVERIFY(legend->minimumSizeHint().width() < 200);
}

void TestTimelinePanel::legendEntriesExplainThemselvesOnHover()
{
    TimelineLegend legend;
    legend.resize(2000, legend.heightForWidth(2000));
    legend.show();
    QVERIFY(QTest::qWaitForWindowExposed(&legend));
    // The first entry starts at the top left.
    const QPoint onFirst(4, legend.fontMetrics().height() / 2);
    QHelpEvent help(QEvent::ToolTip, onFirst, legend.mapToGlobal(onFirst));
    QApplication::sendEvent(&legend, &help);
    QTRY_COMPARE_WITH_TIMEOUT(QToolTip::text(), legend.entries().front().toolTip, 2000);
    QToolTip::hideText();
}

void TestTimelinePanel::windowSelectorFollowsZoom()
{
    CoreController controller;
    TimelinePanel panel(&controller);
    panel.resize(1000, 400);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    TimelineView* view = panel.view();
    QComboBox* selector = panel.spanSelector();
    QCOMPARE(selector->currentText(), QStringLiteral("10 s"));
    QCOMPARE(qRound(spanSeconds(view)), 10);

    // + zooms in by 1.5: the selector shows the span reached, which is none of its entries.
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Plus);
    QVERIFY(std::abs(spanSeconds(view) - 10 / 1.5) < 0.1);
    QCOMPARE(selector->currentIndex(), 0);
    QCOMPARE(selector->currentText(), QStringLiteral("6.67 s"));
    // - zooms back out onto an entry: the selector shows it.
    QTest::keyClick(view, Qt::Key_Minus);
    QCOMPARE(selector->currentText(), QStringLiteral("10 s"));

    // The wheel zooms around the cursor; the selector follows each step.
    const QPointF at(view->timelineLeft() + 200, 60);
    for (int step = 0; step < 3; ++step) {
        QWheelEvent wheel(at, view->mapToGlobal(at), QPoint(), QPoint(0, -120), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        QApplication::sendEvent(view, &wheel);
        const double expected = spanSeconds(view);
        QVERIFY2(std::abs(selector->currentData().toDouble() - expected) <= expected * 0.02,
                 qPrintable(QStringLiteral("%1 shown for %2 s").arg(selector->currentText()).arg(expected)));
    }
    QVERIFY(spanSeconds(view) > 15);  // zoomed out three times by 1/0.8
    QVERIFY(!view->following());  // zooming stops following live, as a drag does
}

void TestTimelinePanel::choosingAWindowSetsTheSpan()
{
    CoreController controller;
    TimelinePanel panel(&controller);
    panel.resize(1000, 400);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QComboBox* selector = panel.spanSelector();
    const int minute = selector->findText(QStringLiteral("1 min"));
    QVERIFY(minute > 0);
    selector->setCurrentIndex(minute);
    QCOMPARE(qRound(spanSeconds(panel.view())), 60);
    // A zoomed span, then an entry again: the entry wins.
    QTest::keyClick(panel.view(), Qt::Key_Plus);
    QCOMPARE(selector->currentIndex(), 0);
    selector->setCurrentIndex(selector->findText(QStringLiteral("5 s")));
    QCOMPARE(qRound(spanSeconds(panel.view())), 5);
    QVERIFY(panel.view()->following());  // choosing a window keeps following live
}

QTEST_MAIN(TestTimelinePanel)
#include "tst_timeline_panel.moc"
