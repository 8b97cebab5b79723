// SPDX-License-Identifier: MIT
// LaneRuns: a lane's closed segments kept as runs that draw as one box each, and taken in again when the model
// drops a lane's oldest segments or changes one already taken. And the view painting with runs: the same picture,
// pixel for pixel, as painting every segment, through batches, trimming and lanes leaving.
#include "core_controller.h"
#include "timeline/lane_runs.h"
#include "timeline/timeline_colors.h"
#include "timeline/timeline_model.h"
#include "timeline/timeline_view.h"

#include <QMouseEvent>
#include <QtTest>

#include <array>
#include <cstdlib>
#include <random>

using namespace lambdadesk;
using namespace lambdadesk::gui;

class TestLaneRuns : public QObject {
    Q_OBJECT

private slots:
    void touchingSegmentsOfAColourAreOneRun();
    void faultedAndOutlinedSegmentsAreRunsOfTheirOwn();
    void droppingTheOldestSegmentsShortensOrDropsTheFirstRuns();
    void aChangedSegmentIsTakenAgain();
    void anotherGapStartsAgain();
    void theViewPaintsWithRunsWhatItPaintsSegmentBySegment();
};

namespace {

TimelineSegment segment(qint64 startNs, qint64 endNs, bool error = false)
{
    TimelineSegment made;
    made.startNs = startNs;
    made.endNs = endNs;
    made.error = error;
    return made;
}

}  // namespace

void TestLaneRuns::touchingSegmentsOfAColourAreOneRun()
{
    TimelineLane lane;
    lane.segments.push_back(segment(0, 100));
    lane.segments.push_back(segment(150, 300));   // 50 ns after: the same run
    lane.segments.push_back(segment(300, 400));   // touching: the same run
    lane.segments.push_back(segment(1000, 1100)); // 600 ns after: a run of its own
    lane.segments.push_back(segment(1100, 1200, true));  // touching, but failed: another colour
    lane.segments.push_back(segment(1200, 1300));
    lane.segments.push_back(segment(1300, -1));   // open: not taken, nor what follows
    lane.segments.push_back(segment(1400, 1500));
    LaneRuns runs;
    runs.update(lane, 500, {});
    QCOMPARE(runs.taken(), 6);
    QCOMPARE(runs.runs().size(), std::size_t(4));
    const LaneRun& first = runs.runs()[0];
    QCOMPARE(first.startNs, qint64(0));
    QCOMPARE(first.lastStartNs, qint64(300));
    QCOMPARE(first.endNs, qint64(400));
    QCOMPARE(first.count, 3);
    QCOMPARE(runs.runs()[1].startNs, qint64(1000));
    QCOMPARE(runs.runs()[2].colour, timeline_colors::kError.rgba());
    QCOMPARE(runs.row(runs.runs()[3]), 5);

    // The open segment closes: it and the one after it join the last run.
    lane.segments[6].endNs = 1400;
    runs.update(lane, 500, {});
    QCOMPARE(runs.taken(), 8);
    QCOMPARE(runs.runs().size(), std::size_t(4));
    QCOMPARE(runs.runs().back().endNs, qint64(1500));
    QCOMPARE(runs.runs().back().count, 3);
}

void TestLaneRuns::faultedAndOutlinedSegmentsAreRunsOfTheirOwn()
{
    TimelineLane lane;
    for (int i = 0; i < 5; ++i) {
        lane.segments.push_back(segment(i * 100, i * 100 + 100));
        lane.segments.back().requestId = QStringLiteral("req-%1").arg(i);
    }
    lane.segments[1].faulted = true;
    LaneRuns runs;
    runs.update(lane, 500, {});
    QCOMPARE(runs.runs().size(), std::size_t(3));  // 0 | 1 faulted | 2-4
    QVERIFY(runs.runs()[1].overlay);
    QCOMPARE(runs.row(runs.runs()[1]), 1);
    // Outlining request 3 (revealRequest) takes the lane in again with it on its own.
    runs.update(lane, 500, QStringLiteral("req-3"));
    QCOMPARE(runs.runs().size(), std::size_t(5));  // 0 | 1 | 2 | 3 outlined | 4
    QVERIFY(runs.runs()[3].overlay);
    QCOMPARE(runs.row(runs.runs()[3]), 3);
}

void TestLaneRuns::droppingTheOldestSegmentsShortensOrDropsTheFirstRuns()
{
    TimelineLane lane;
    for (int i = 0; i < 4; ++i)
        lane.segments.push_back(segment(i * 100, i * 100 + 100));  // run 0-3
    lane.segments.push_back(segment(1000, 1100, true));              // run 4
    for (int i = 0; i < 3; ++i)
        lane.segments.push_back(segment(2000 + i * 100, 2100 + i * 100));  // run 5-7
    LaneRuns runs;
    runs.update(lane, 500, {});
    QCOMPARE(runs.runs().size(), std::size_t(3));

    // The model trims two: the first run starts at the lane's new first segment.
    lane.segments.erase(lane.segments.begin(), lane.segments.begin() + 2);
    runs.segmentsRemoved(0, 1, lane);
    QCOMPARE(runs.taken(), 6);
    QCOMPARE(runs.runs().size(), std::size_t(3));
    QCOMPARE(runs.runs().front().startNs, qint64(200));
    QCOMPARE(runs.runs().front().count, 2);
    QCOMPARE(runs.row(runs.runs().front()), 0);
    QCOMPARE(runs.row(runs.runs()[1]), 2);

    // Three more: the first run is gone, the failed one too, and the last lost its first segment.
    lane.segments.erase(lane.segments.begin(), lane.segments.begin() + 4);
    runs.segmentsRemoved(0, 3, lane);
    QCOMPARE(runs.runs().size(), std::size_t(1));
    QCOMPARE(runs.runs().front().startNs, qint64(2100));
    QCOMPARE(runs.runs().front().count, 2);
    QCOMPARE(runs.taken(), 2);

    // New segments are taken after the ones left, counted from the lane's new front.
    lane.segments.push_back(segment(2300, 2400));
    runs.update(lane, 500, {});
    QCOMPARE(runs.taken(), 3);
    QCOMPARE(runs.runs().front().count, 3);
    QCOMPARE(runs.runs().front().endNs, qint64(2400));
}

void TestLaneRuns::aChangedSegmentIsTakenAgain()
{
    TimelineLane lane;
    for (int i = 0; i < 6; ++i)
        lane.segments.push_back(segment(i * 100, i * 100 + 100));
    LaneRuns runs;
    runs.update(lane, 500, {});
    QCOMPARE(runs.runs().size(), std::size_t(1));
    lane.segments[3].error = true;
    runs.segmentsChanged(3);
    QCOMPARE(runs.taken(), 0);  // the one run held row 3
    runs.update(lane, 500, {});
    QCOMPARE(runs.runs().size(), std::size_t(3));
    QCOMPARE(runs.runs()[1].colour, timeline_colors::kError.rgba());
    QCOMPARE(runs.runs()[1].startNs, qint64(300));
    QCOMPARE(runs.runs()[2].count, 2);
    // A change after the runs' end is read when taken: nothing to forget.
    runs.segmentsChanged(6);
    QCOMPARE(runs.taken(), 6);
}

void TestLaneRuns::anotherGapStartsAgain()
{
    TimelineLane lane;
    for (int i = 0; i < 6; ++i)
        lane.segments.push_back(segment(i * 300, i * 300 + 100));  // 200 ns apart
    LaneRuns runs;
    runs.update(lane, 500, {});
    QCOMPARE(runs.runs().size(), std::size_t(1));
    runs.update(lane, 100, {});  // zoomed in: 200 ns is more than half a pixel now
    QCOMPARE(runs.runs().size(), std::size_t(6));
}

namespace {

/// Random traffic on a few environments: invocations of random lengths (zero included) and gaps around the
/// pixel's time of the zooms looked at, some failed or timed out, some faulted, an environment stopped now and
/// then with its invocation still open, and a batch ending with an invocation still running (it finishes in the
/// next). Times run on from `start`.
class Traffic {
public:
    explicit Traffic(core::Clock::time_point start) : m_time(start) {}

    std::vector<core::Event> batch(int invocations)
    {
        static constexpr std::array<int, 8> kGapsUs{0, 0, 1, 300, 2'000, 6'000, 7'000, 40'000};
        static constexpr std::array<int, 7> kDurationsUs{0, 1, 100, 600, 3'000, 12'000, 80'000};
        std::vector<core::Event> events = std::move(m_carried);
        m_carried.clear();
        for (int i = 0; i < invocations; ++i) {
            const int environment = static_cast<int>(m_random() % 5);
            Environment& env = m_environments[static_cast<std::size_t>(environment)];
            if (!env.alive) {
                env.id = "env-" + std::to_string(environment) + "-" + std::to_string(m_started++);
                env.alive = true;
                events.push_back({m_time, core::EnvironmentStarted{"Fn", env.id, core::InitializationType::OnDemand, 1}});
                m_time += std::chrono::microseconds(kDurationsUs[m_random() % kDurationsUs.size()]);
                events.push_back({m_time, core::InitDone{"Fn", env.id, 1, m_random() % 8 != 0, {}}});
            }
            m_time += std::chrono::microseconds(kGapsUs[m_random() % kGapsUs.size()]);
            const std::string id = "req-" + std::to_string(m_requests++);
            events.push_back({m_time, core::InvokeStarted{"Fn", env.id, id, m_random() % 10 == 0}});
            if (m_random() % 40 == 0)
                events.push_back({m_time, core::FaultApplied{"Fn", id, "EXP1", "slow", "a1", "delay 5 ms"}});
            m_time += std::chrono::microseconds(kDurationsUs[m_random() % kDurationsUs.size()]);
            if (m_random() % 60 == 0) {  // stopped while invoked: the segment ends with the environment
                events.push_back({m_time, core::EnvironmentStopped{"Fn", env.id, "crashed"}});
                env.alive = false;
                continue;
            }
            core::InvokeFinished finished;
            finished.functionName = "Fn";
            finished.environmentId = env.id;
            finished.requestId = id;
            const auto outcome = m_random() % 12;
            finished.ok = outcome > 1;
            finished.errorType = outcome == 0 ? "Sandbox.Timedout" : outcome == 1 ? "ValueError" : "";
            events.push_back({m_time, std::move(finished)});
        }
        // The last invocation still runs when the batch is applied: an open segment, painted one by one.
        if (std::holds_alternative<core::InvokeFinished>(events.back().payload)) {
            m_carried.push_back(std::move(events.back()));
            events.pop_back();
        }
        return events;
    }

private:
    struct Environment {
        std::string id;
        bool alive = false;
    };
    std::array<Environment, 5> m_environments;
    core::Clock::time_point m_time;
    std::vector<core::Event> m_carried;
    std::mt19937 m_random{20261207};
    int m_started = 0;
    int m_requests = 0;
};

}  // namespace

namespace {

/// Pans the view (not following) by dragging, as a user would, so that `timeNs` is in the middle of the plot.
void lookAt(TimelineView& view, qint64 timeNs)
{
    const TimelineGeometry& geometry = view.geometry();
    const qint64 centre = geometry.viewStartNs + geometry.viewSpanNs() / 2;
    const int dx = static_cast<int>(static_cast<double>(centre - timeNs) / geometry.nsPerPixel);
    if (std::abs(dx) <= 3)
        return;
    const QPoint from(500, 100);
    const QPoint to = from + QPoint(dx, 0);
    QMouseEvent press(QEvent::MouseButtonPress, from, view.mapToGlobal(from), Qt::LeftButton, Qt::LeftButton, Qt::NoModifier);
    QMouseEvent move(QEvent::MouseMove, to, view.mapToGlobal(to), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
    QMouseEvent release(QEvent::MouseButtonRelease, to, view.mapToGlobal(to), Qt::LeftButton, Qt::NoButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&view, &press);
    QCoreApplication::sendEvent(&view, &move);
    QCoreApplication::sendEvent(&view, &release);
}

}  // namespace

void TestLaneRuns::theViewPaintsWithRunsWhatItPaintsSegmentBySegment()
{
    CoreController controller;
    TimelineView view(&controller);
    view.resize(900, 400);
    view.setFollowing(false);
    TimelineModel* model = controller.timeline();
    model->setSegmentCap(2'500);  // trimmed from the second batch on: lanes lose their oldest segments, and leave
    // The traffic ends long before the controller's "now", so open segments (drawn up to now) reach past the view
    // in both pictures however long painting them takes.
    const auto epoch = core::Clock::now() - std::chrono::nanoseconds(controller.nowNs());
    Traffic traffic(epoch - std::chrono::seconds(400));
    int compared = 0;
    const auto compare = [&](int batch, const QString& where) {
        const QImage withRuns = view.grab().toImage();
        view.setLaneRunsEnabled(false);
        const QImage segmentBySegment = view.grab().toImage();
        view.setLaneRunsEnabled(true);
        ++compared;
        if (withRuns == segmentBySegment)
            return true;
        withRuns.save(QDir::temp().filePath(QStringLiteral("tst_lane_runs_with_runs.png")));
        segmentBySegment.save(QDir::temp().filePath(QStringLiteral("tst_lane_runs_segments.png")));
        qWarning("batch %d, %d ns per pixel, %s: the pictures differ (both saved in %s)", batch,
                 static_cast<int>(view.geometry().nsPerPixel), qPrintable(where), qPrintable(QDir::tempPath()));
        return false;
    };
    const std::array<qint64, 3> spans{1'000'000'000LL, 10'000'000'000LL, 60'000'000'000LL};
    for (int batch = 0; batch < 6; ++batch) {
        // Applied under the runs taken at the end of the last batch (same zoom, same outline): the model's trim
        // reaches them as removals.
        model->apply(traffic.batch(1'500), epoch);
        QVERIFY(model->laneCount() > 0);
        // Zoomed to 1 s, 10 s and 60 s across the plot (the order alternates, so each batch starts at the zoom the
        // last one ended with), looked at around a segment of every other lane.
        for (int step = 0; step < 3; ++step) {
            view.setSpanNs(spans[static_cast<std::size_t>(batch % 2 == 0 ? step : 2 - step)]);
            for (int lane = 0; lane < model->laneCount(); lane += 2) {
                const auto& segments = model->lane(lane).segments;
                if (segments.empty())
                    continue;
                lookAt(view, segments[segments.size() / 2].startNs);
                QVERIFY(compare(batch, QStringLiteral("lane %1's middle").arg(lane)));
            }
        }
        // Outlined: the request's segment is a run of its own.
        const auto& newest = model->lane(model->laneCount() - 1).segments;
        for (auto it = newest.rbegin(); it != newest.rend(); ++it) {
            if (!it->requestId.isEmpty() && it->endNs >= 0) {
                QVERIFY(view.revealRequest(it->requestId));
                QVERIFY(compare(batch, QStringLiteral("outlining ") + it->requestId));
                break;
            }
        }
    }
    QVERIFY2(compared >= 40, qPrintable(QStringLiteral("only %1 pictures compared").arg(compared)));
    QVERIFY(model->segmentCount() <= 2'500);
}

QTEST_MAIN(TestLaneRuns)
#include "tst_lane_runs.moc"
