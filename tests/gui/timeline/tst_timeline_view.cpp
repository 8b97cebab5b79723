// SPDX-License-Identifier: MIT
// The timeline view's painting of dense lanes: at 5,000 invocations/s a zoomed-out lane holds hundreds of
// segments per pixel column, and the view skips what lands on pixels already drawn. What it skips must be
// nothing visible: every column an environment was busy in is painted, and a lone error stands out. Also faulted
// invocations, the bands of fault experiments' action windows, and the flag of a hot reload.
#include "core_controller.h"
#include "functions/function_list_model.h"
#include "timeline/timeline_model.h"
#include "timeline/timeline_view.h"

#include <QtTest>

using namespace lambdadesk;
using namespace lambdadesk::gui;

namespace {

const QColor kWarm(0x3a, 0x7b, 0xd5);   // timeline_view.cpp: a warm invocation
const QColor kError(0xd0, 0x35, 0x35);  // timeline_view.cpp: a failed invocation
const QColor kFault(0x1a, 0x1a, 0x1a);  // timeline_colors.h: the hatch and top edge of a faulted invocation
const QColor kReload(0x1e, 0x8e, 0x3e);  // timeline_colors.h: the green flag of a hot reload
const QColor kThrottle(0xe0, 0x40, 0x10);  // timeline_colors.h: a throttle marker
const QColor kInit(0xf0, 0x9a, 0x2e);      // timeline_colors.h: INIT, and a retry marker
const QColor kHostWait(0x70, 0x70, 0x78);  // timeline_colors.h: a host-wait marker

}  // namespace

class TestTimelineView : public QObject {
    Q_OBJECT

private slots:
    void paintsEveryBusyColumnOfADenseLane();
    void groupsFollowTheFunctionListAndFold();
    void hoverFindsAOnePixelInvocationFromAFewPixelsAway();
    void aFaultedInvocationIsHatchedAndSaysWhatTheFaultDid();
    void aFaultWindowIsABandOnItsFunctionsRowsUnderTheInvocations();
    void aHotReloadIsAFlagOnItsFunctionsRow();
    void throttlesAreBarsInTheirColumnsOnly();
    void retriesAndHostWaitsAreStrokedInTheirColumnsOnly();
};

namespace {

core::FunctionConfig function(const char* name)
{
    core::FunctionConfig config;
    config.name = name;
    return config;
}

/// An environment of `function` with one invocation of `durationUs` at `at`.
void addInvocation(std::vector<core::Event>& events, const std::string& function, const std::string& environment,
                   core::Clock::time_point at, int durationUs, const std::string& requestId)
{
    events.push_back({at, core::EnvironmentStarted{function, environment, core::InitializationType::OnDemand, 1}});
    events.push_back({at, core::InitDone{function, environment, 0.1, true, {}}});
    events.push_back({at, core::InvokeStarted{function, environment, requestId, false}});
    core::InvokeFinished finished;
    finished.functionName = function;
    finished.environmentId = environment;
    finished.requestId = requestId;
    finished.durationMs = durationUs / 1000.0;
    events.push_back({at + std::chrono::microseconds(durationUs), std::move(finished)});
}

/// One function "Fn" in a 900 px view, for the tests of its row's markers.
struct FunctionRowScene {
    CoreController controller;
    TimelineView view{&controller};
    core::Clock::time_point epoch;

    FunctionRowScene()
    {
        controller.functions()->setFunctions({function("Fn")});
        view.resize(900, 240);
        epoch = core::Clock::now() - std::chrono::nanoseconds(controller.nowNs());
    }
    [[nodiscard]] core::Clock::time_point at(qint64 ns) const { return epoch + std::chrono::nanoseconds(ns); }
    [[nodiscard]] int xAt(qint64 ns) const
    {
        return view.timelineLeft() + static_cast<int>(view.geometry().xForTime(ns));
    }
    /// Applies `events` and an invocation at 2 s to centre on, and shows 0 s to 4 s (not following).
    [[nodiscard]] bool showFirstFourSeconds(std::vector<core::Event> events)
    {
        addInvocation(events, "Fn", "env-1", at(2'000'000'000), 1'000, "req-anchor");
        controller.timeline()->apply(events, epoch);
        view.grab();  // laid out at its size first
        view.setSpanNs(4'000'000'000);
        return view.revealRequest(QStringLiteral("req-anchor"));
    }
};

}  // namespace

void TestTimelineView::paintsEveryBusyColumnOfADenseLane()
{
    CoreController controller;
    TimelineView view(&controller);
    view.resize(900, 240);
    // Times on the timeline count from the controller's epoch (its creation); the lane is placed after it and
    // looked at around its middle, not followed live.
    const auto epoch = core::Clock::now() - std::chrono::nanoseconds(controller.nowNs());
    const auto start = epoch + std::chrono::seconds(1);
    std::vector<core::Event> events;
    events.push_back({start, core::EnvironmentStarted{"Fn", "env-00000001", core::InitializationType::OnDemand, 1}});
    events.push_back({start, core::InitDone{"Fn", "env-00000001", 0.1, true, {}}});
    // 20 s busy: 20,000 invocations of 0.6 ms, one every millisecond.
    for (int i = 0; i < 20'000; ++i) {
        const auto at = start + std::chrono::milliseconds(i);
        const auto id = "req-" + std::to_string(i);
        events.push_back({at, core::InvokeStarted{"Fn", "env-00000001", id, false}});
        core::InvokeFinished finished;
        finished.functionName = "Fn";
        finished.environmentId = "env-00000001";
        finished.requestId = id;
        finished.durationMs = 0.6;
        events.push_back({at + std::chrono::microseconds(600), std::move(finished)});
    }
    // Then quiet for 2 s, and one failed invocation on its own.
    const auto lone = start + std::chrono::milliseconds(21'500);
    events.push_back({lone, core::InvokeStarted{"Fn", "env-00000001", "req-lone", false}});
    core::InvokeFinished failed;
    failed.functionName = "Fn";
    failed.environmentId = "env-00000001";
    failed.requestId = "req-lone";
    failed.ok = false;
    failed.errorType = "ValueError";
    failed.durationMs = 1;
    events.push_back({lone + std::chrono::milliseconds(1), std::move(failed)});
    controller.timeline()->apply(events, epoch);
    QVERIFY(controller.timeline()->segmentCount() >= 20'001);
    view.setSpanNs(std::chrono::nanoseconds(std::chrono::seconds(30)).count());
    // Centred on the lone failure: the view shows the busy span's last 14.5 s, the gap and the failure.
    QVERIFY(view.revealRequest(QStringLiteral("req-lone")));
    const QImage image = view.grab().toImage();
    // The lane's box: the first image row holding the warm blue.
    int laneY = -1;
    for (int y = 0; y < image.height() && laneY < 0; ++y) {
        for (int x = 0; x < image.width(); ++x) {
            if (image.pixelColor(x, y) == kWarm) {
                laneY = y + 3;  // inside the box, away from its edge
                break;
            }
        }
    }
    QVERIFY2(laneY >= 0, "no warm invocation painted");
    int firstWarm = -1;
    int lastWarm = -1;
    for (int x = 0; x < image.width(); ++x) {
        if (image.pixelColor(x, laneY) == kWarm) {
            firstWarm = firstWarm < 0 ? x : firstWarm;
            lastWarm = x;
        }
    }
    for (int x = firstWarm; x <= lastWarm; ++x)
        QVERIFY2(image.pixelColor(x, laneY) == kWarm,
                 qPrintable(QStringLiteral("column %1 inside the busy span is not painted").arg(x)));
    // The busy span runs from 1 s (or the view's left edge) to 21 s: that many columns, none skipped.
    const auto& geometry = view.geometry();
    const double expectedColumns =
        (21e9 - std::max(1e9, static_cast<double>(geometry.viewStartNs))) / geometry.nsPerPixel;
    QVERIFY2(std::abs((lastWarm - firstWarm) - expectedColumns) < 4,
             qPrintable(QStringLiteral("busy span %1 columns, expected %2").arg(lastWarm - firstWarm).arg(expectedColumns)));
    bool errorShown = false;
    for (int x = lastWarm + 1; x < image.width(); ++x)
        errorShown = errorShown || image.pixelColor(x, laneY) == kError;
    QVERIFY2(errorShown, "the lone failed invocation is not painted");
}

void TestTimelineView::groupsFollowTheFunctionListAndFold()
{
    CoreController controller;
    controller.functions()->setFunctions({function("Zeta"), function("Alpha")});
    TimelineView view(&controller);
    view.resize(900, 240);
    const auto epoch = core::Clock::now() - std::chrono::nanoseconds(controller.nowNs());
    std::vector<core::Event> events;
    // Alpha acts first; the rows still follow the function list (the template's order), not arrival.
    addInvocation(events, "Alpha", "env-a", epoch + std::chrono::milliseconds(10), 500, "req-a");
    addInvocation(events, "Zeta", "env-z", epoch + std::chrono::milliseconds(20), 500, "req-z");
    addInvocation(events, "Unlisted", "env-u", epoch + std::chrono::milliseconds(30), 500, "req-u");
    controller.timeline()->apply(events, epoch);
    QCOMPARE(view.functionOrder(), (QStringList{QStringLiteral("Zeta"), QStringLiteral("Alpha"), QStringLiteral("Unlisted")}));

    // Folding Zeta hides its lane: what was Alpha's lane row now shows nothing (Alpha's header is there).
    QVERIFY(view.revealRequest(QStringLiteral("req-z")));
    const int x = view.timelineLeft() + static_cast<int>(view.geometry().xForTime(
                                            std::chrono::nanoseconds(std::chrono::milliseconds(20)).count()));
    constexpr int kFirstLaneY = 22 + 20 + 7;  // axis, Zeta's header, the middle of its lane
    QVERIFY(view.toolTipAt({x, kFirstLaneY}).contains(QStringLiteral("req-z")));
    view.setCollapsed(QStringLiteral("Zeta"), true);
    QVERIFY(view.collapsed(QStringLiteral("Zeta")));
    QVERIFY(!view.toolTipAt({x, kFirstLaneY}).contains(QStringLiteral("req-z")));
    view.setCollapsed(QStringLiteral("Zeta"), false);
    QVERIFY(view.toolTipAt({x, kFirstLaneY}).contains(QStringLiteral("req-z")));
}

void TestTimelineView::hoverFindsAOnePixelInvocationFromAFewPixelsAway()
{
    CoreController controller;
    TimelineView view(&controller);
    view.resize(900, 240);
    const auto epoch = core::Clock::now() - std::chrono::nanoseconds(controller.nowNs());
    std::vector<core::Event> events;
    addInvocation(events, "Fn", "env-1", epoch + std::chrono::seconds(1), 200, "req-short");  // 0.2 ms
    controller.timeline()->apply(events, epoch);
    view.setSpanNs(std::chrono::nanoseconds(std::chrono::seconds(10)).count());  // ~13 ms a pixel
    QVERIFY(view.revealRequest(QStringLiteral("req-short")));
    const int x = view.timelineLeft() +
                  static_cast<int>(view.geometry().xForTime(std::chrono::nanoseconds(std::chrono::seconds(1)).count()));
    constexpr int kLaneY = 22 + 20 + 7;
    for (const int dx : {-3, 0, 3})
        QVERIFY2(view.toolTipAt({x + dx, kLaneY}).contains(QStringLiteral("req-short")), qPrintable(QString::number(dx)));
    QVERIFY(view.toolTipAt({x + 40, kLaneY}).isEmpty());
    // The tooltip says when, on the wall clock.
    QVERIFY(view.toolTipAt({x, kLaneY}).contains(QStringLiteral("at ")));
}

void TestTimelineView::aFaultedInvocationIsHatchedAndSaysWhatTheFaultDid()
{
    CoreController controller;
    TimelineView view(&controller);
    view.resize(900, 240);
    const auto epoch = core::Clock::now() - std::chrono::nanoseconds(controller.nowNs());
    const auto at = epoch + std::chrono::seconds(1);
    std::vector<core::Event> events;
    addInvocation(events, "Fn", "env-1", at, 2'000'000, "req-faulted");
    // The fault follows its InvokeStarted (the third event), before the invocation ends.
    events.insert(events.begin() + 3, {at, core::FaultApplied{"Fn", "req-faulted", "EXP1", "slowCalls",
                                                               "aws:lambda:invocation-add-delay", "delay 500 ms"}});
    addInvocation(events, "Fn", "env-2", at, 2'000'000, "req-plain");
    controller.timeline()->apply(events, epoch);
    view.setSpanNs(std::chrono::nanoseconds(std::chrono::seconds(10)).count());
    QVERIFY(view.revealRequest(QStringLiteral("req-faulted")));

    const int x = view.timelineLeft() +
                  static_cast<int>(view.geometry().xForTime(std::chrono::nanoseconds(std::chrono::seconds(2)).count()));
    constexpr int kFirstLaneTop = 22 + 20;  // under the axis and the function's row
    constexpr int kLaneHeight = 14;
    QVERIFY(view.toolTipAt({x, kFirstLaneTop + 7}).contains(QStringLiteral("fault: delay 500 ms (EXP1/slowCalls)")));
    QVERIFY(!view.toolTipAt({x, kFirstLaneTop + kLaneHeight + 7}).contains(QStringLiteral("fault:")));

    const QImage image = view.grab().toImage();
    const auto faultPixels = [&](int top) {
        int count = 0;
        for (int y = top; y < top + kLaneHeight; ++y) {
            for (int column = view.timelineLeft(); column < image.width(); ++column)
                count += image.pixelColor(column, y) == kFault ? 1 : 0;
        }
        return count;
    };
    QVERIFY2(faultPixels(kFirstLaneTop) > 0, "the faulted invocation is not marked");
    QCOMPARE(faultPixels(kFirstLaneTop + kLaneHeight), 0);
}

void TestTimelineView::aFaultWindowIsABandOnItsFunctionsRowsUnderTheInvocations()
{
    using std::chrono::nanoseconds;
    using std::chrono::seconds;
    CoreController controller;
    controller.functions()->setFunctions({function("Fn"), function("Quiet"), function("Spared")});
    TimelineView view(&controller);
    view.resize(900, 240);
    const auto epoch = core::Clock::now() - nanoseconds(controller.nowNs());
    std::vector<core::Event> events;
    addInvocation(events, "Fn", "env-1", epoch + seconds(1), 2'000'000, "req-under");  // 1 s to 3 s
    addInvocation(events, "Spared", "env-2", epoch + seconds(1), 2'000'000, "req-spared");
    controller.timeline()->apply(events, epoch);
    // 2 s to 5 s on Fn and on Quiet, which has not run yet.
    const qint64 windowStart = nanoseconds(seconds(2)).count();
    const qint64 windowEnd = nanoseconds(seconds(5)).count();
    controller.timeline()->setFaultWindows({{QStringLiteral("EXP1"), QStringLiteral("slowCalls"),
                                             QStringLiteral("aws:lambda:invocation-add-delay"),
                                             QStringLiteral("completed"),
                                             {QStringLiteral("Fn"), QStringLiteral("Quiet")}, windowStart, windowEnd}});
    // An experiment's target gets its row even before it ran; the function list's order holds.
    QCOMPARE(view.functionOrder(),
             (QStringList{QStringLiteral("Fn"), QStringLiteral("Quiet"), QStringLiteral("Spared")}));
    view.setSpanNs(nanoseconds(seconds(10)).count());
    QVERIFY(view.revealRequest(QStringLiteral("req-under")));  // the view shows -3 s to 7 s

    const auto xAt = [&](double secondsIn) {
        return view.timelineLeft() + static_cast<int>(view.geometry().xForTime(static_cast<qint64>(secondsIn * 1e9)));
    };
    constexpr int kAxis = 22;
    constexpr int kFunctionRow = 20;
    constexpr int kLane = 14;
    const int fnHeaderY = kAxis + kFunctionRow / 2;
    const int fnLaneY = kAxis + kFunctionRow + kLane / 2;
    const int quietHeaderY = kAxis + kFunctionRow + kLane + kFunctionRow / 2;
    const int sparedLaneY = kAxis + 3 * kFunctionRow + kLane + kLane / 2;
    const QImage image = view.grab().toImage();
    const auto tinted = [&](int x, int y) {
        const QColor color = image.pixelColor(x, y);
        return color.red() > color.blue() + 8;  // red-orange over the grey or white background
    };
    // On the targeted functions' rows within the window, not outside it, not on the spared function's rows.
    QVERIFY2(tinted(xAt(4), fnHeaderY), "no band on the function's row");
    QVERIFY2(tinted(xAt(4), quietHeaderY), "no band on the row of a target that has not run");
    QVERIFY(!tinted(xAt(6), fnHeaderY));
    QVERIFY(!tinted(xAt(1.5), fnHeaderY));
    QVERIFY2(tinted(xAt(4), fnLaneY), "no faint band behind the function's lane");
    QVERIFY(!tinted(xAt(6), fnLaneY));
    QVERIFY(!tinted(xAt(4), sparedLaneY));
    // Fainter behind the lanes than on the function's row.
    const QColor header = image.pixelColor(xAt(4), fnHeaderY);
    const QColor lane = image.pixelColor(xAt(4), fnLaneY);
    QVERIFY(header.red() - header.blue() > lane.red() - lane.blue());
    // Invocations are drawn over the band: the one inside the window keeps its colour.
    QCOMPARE(image.pixelColor(xAt(2.5), fnLaneY), kWarm);

    // Hover: on the function's row and between invocations on its lane, the window; on an invocation, the invocation.
    const QString onRow = view.toolTipAt({xAt(4), fnHeaderY});
    QVERIFY2(onRow.contains(QStringLiteral("EXP1 / slowCalls")), qPrintable(onRow));
    QVERIFY2(onRow.contains(QStringLiteral("(aws:lambda:invocation-add-delay): completed, ")), qPrintable(onRow));
    QVERIFY(view.toolTipAt({xAt(4), fnLaneY}).contains(QStringLiteral("EXP1 / slowCalls")));
    QVERIFY(view.toolTipAt({xAt(2.5), fnLaneY}).contains(QStringLiteral("req-under")));
    QVERIFY(view.toolTipAt({xAt(6), fnHeaderY}).isEmpty());

    // Replacing the windows with none removes the band, and the row of the target that never ran.
    controller.timeline()->setFaultWindows({});
    const QImage cleared = view.grab().toImage();
    QCOMPARE(cleared.pixelColor(xAt(4), fnHeaderY), cleared.pixelColor(xAt(6), fnHeaderY));
    QVERIFY(!view.functionOrder().contains(QStringLiteral("Quiet")));
}

void TestTimelineView::aHotReloadIsAFlagOnItsFunctionsRow()
{
    using std::chrono::nanoseconds;
    using std::chrono::seconds;
    CoreController controller;
    controller.functions()->setFunctions({function("Fn"), function("Other"), function("Untouched")});
    TimelineView view(&controller);
    view.resize(900, 240);
    const auto epoch = core::Clock::now() - nanoseconds(controller.nowNs());
    std::vector<core::Event> events;
    addInvocation(events, "Fn", "env-1", epoch + seconds(1), 1'000'000, "req-before");  // 1 s to 2 s
    // Fn's code changes at 3 s; Other's configuration too, though it never ran.
    events.push_back({epoch + seconds(3), core::FunctionReloaded{"Fn", 2}});
    events.push_back({epoch + seconds(3), core::FunctionReloaded{"Other", 1}});
    controller.timeline()->apply(events, epoch);

    const auto& markers = controller.timeline()->throttles();
    QCOMPARE(markers.value(QStringLiteral("Fn")).size(), std::size_t(1));
    const ThrottleMarker reload = markers.value(QStringLiteral("Fn")).front();
    QVERIFY(reload.kind == ThrottleMarker::Kind::Reload);
    QCOMPARE(reload.timeNs, nanoseconds(seconds(3)).count());
    QVERIFY2(reload.reason.contains(QStringLiteral("generation 2")), qPrintable(reload.reason));
    // A reloaded function has its row even before it ran; one that nothing happened to has none.
    QCOMPARE(view.functionOrder(), (QStringList{QStringLiteral("Fn"), QStringLiteral("Other")}));

    view.setSpanNs(nanoseconds(seconds(10)).count());
    QVERIFY(view.revealRequest(QStringLiteral("req-before")));  // the view shows -3.5 s to 6.5 s
    const auto xAt = [&](double secondsIn) {
        return view.timelineLeft() + static_cast<int>(view.geometry().xForTime(static_cast<qint64>(secondsIn * 1e9)));
    };
    constexpr int kAxis = 22;
    constexpr int kFunctionRow = 20;
    constexpr int kLane = 14;
    const QImage image = view.grab().toImage();
    const auto flagged = [&](int rowTop, double secondsIn) {
        for (int x = xAt(secondsIn) - 2; x <= xAt(secondsIn) + 6; ++x) {
            for (int y = rowTop; y < rowTop + kFunctionRow; ++y) {
                if (image.pixelColor(x, y) == kReload)
                    return true;
            }
        }
        return false;
    };
    QVERIFY2(flagged(kAxis, 3), "no reload flag on Fn's row at 3 s");
    QVERIFY(!flagged(kAxis, 1));
    QVERIFY(!flagged(kAxis, 5));
    // Fn's lane stays as it was: the flag is on the function's row, not on its environments.
    for (int x = xAt(3) - 2; x <= xAt(3) + 6; ++x)
        QVERIFY(image.pixelColor(x, kAxis + kFunctionRow + kLane / 2) != kReload);
    QVERIFY2(flagged(kAxis + kFunctionRow + kLane, 3), "no reload flag on Other's row");
}

// Throttle markers in neighbouring columns are filled together as one bar: every column with a throttle, and only
// those, is marked from 3 px below the row's top to 3 px above its bottom, as one line per column was.
void TestTimelineView::throttlesAreBarsInTheirColumnsOnly()
{
    FunctionRowScene scene;
    auto& view = scene.view;
    std::vector<core::Event> events;
    std::vector<qint64> times;
    for (int i = 0; i < 400; ++i)  // 1 s to 1.4 s, one a millisecond: neighbouring columns
        times.push_back(1'000'000'000 + i * 1'000'000LL);
    for (const qint64 ns : {2'000'000'000LL, 2'300'000'000LL, 2'310'000'000LL, 3'000'000'000LL})  // apart
        times.push_back(ns);
    for (const qint64 ns : times) {
        events.push_back({scene.at(ns),
                          core::Throttled{"Fn", "r-" + std::to_string(ns), "ReservedFunctionConcurrentInvocationLimitExceeded"}});
    }
    QVERIFY(scene.showFirstFourSeconds(std::move(events)));
    QCOMPARE(view.functionOrder(), QStringList{QStringLiteral("Fn")});
    const QImage image = view.grab().toImage();
    QSet<int> marked;
    for (const qint64 ns : times)
        marked.insert(scene.xAt(ns));
    constexpr int kRowTop = 22;  // the axis above the function's row
    constexpr int kRowHeight = 20;
    int bars = 0;
    for (int x = view.timelineLeft(); x < view.width(); ++x) {
        const bool expected = marked.contains(x);
        bars += expected ? 1 : 0;
        for (int y = kRowTop; y < kRowTop + kRowHeight; ++y) {
            const bool inside = expected && y >= kRowTop + 3 && y <= kRowTop + kRowHeight - 3;
            QVERIFY2((image.pixelColor(x, y) == kThrottle) == inside,
                     qPrintable(QStringLiteral("column %1, row %2").arg(x).arg(y)));
        }
    }
    QVERIFY(bars > 50);  // the dense second covers many neighbouring columns
}

// Retries (amber triangles) and host waits (grey hourglasses) are stroked together per kind: each marker's
// column has its shape's apex or top bar, and columns away from every marker have neither colour.
void TestTimelineView::retriesAndHostWaitsAreStrokedInTheirColumnsOnly()
{
    FunctionRowScene scene;
    std::vector<core::Event> events;
    std::vector<qint64> retries;
    for (int i = 0; i < 40; ++i)  // 1 s to 1.2 s, one every 5 ms: many in a few columns
        retries.push_back(1'000'000'000 + i * 5'000'000LL);
    retries.push_back(2'500'000'000);
    const std::vector<qint64> hostWaits = {3'000'000'000, 3'500'000'000};
    for (const qint64 ns : retries)
        events.push_back({scene.at(ns), core::AsyncRetryScheduled{"Fn", "r-" + std::to_string(ns), 1, 1000, "Unhandled"}});
    for (const qint64 ns : hostWaits)
        events.push_back({scene.at(ns), core::HostWait{"Fn", "w-" + std::to_string(ns), core::HostWait::Phase::Began, 1, 0, {}}});
    QVERIFY(scene.showFirstFourSeconds(std::move(events)));
    const QImage image = scene.view.grab().toImage();
    constexpr int kRowTop = 22;
    constexpr int kRowHeight = 20;
    for (const qint64 ns : retries)  // the triangle's apex, where both its strokes start
        QVERIFY2(image.pixelColor(scene.xAt(ns), kRowTop + 4) == kInit, qPrintable(QStringLiteral("retry at %1 ns").arg(ns)));
    for (const qint64 ns : hostWaits) {  // the hourglass's top bar, 3 px either side
        for (const int dx : {-3, 0, 3})
            QVERIFY2(image.pixelColor(scene.xAt(ns) + dx, kRowTop + 3) == kHostWait,
                     qPrintable(QStringLiteral("host wait at %1 ns, dx %2").arg(ns).arg(dx)));
    }
    // 0.2 s to 0.8 s and 1.5 s to 2.3 s hold no marker.
    for (const auto& [from, to] : {std::pair{200'000'000LL, 800'000'000LL}, std::pair{1'500'000'000LL, 2'300'000'000LL}}) {
        for (int x = scene.xAt(from); x <= scene.xAt(to); ++x) {
            for (int y = kRowTop; y < kRowTop + kRowHeight; ++y) {
                const QColor colour = image.pixelColor(x, y);
                QVERIFY2(colour != kInit && colour != kHostWait, qPrintable(QStringLiteral("column %1, row %2").arg(x).arg(y)));
            }
        }
    }
}

QTEST_MAIN(TestTimelineView)
#include "tst_timeline_view.moc"
