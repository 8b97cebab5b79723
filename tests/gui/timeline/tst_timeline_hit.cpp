// SPDX-License-Identifier: MIT
// Hovering the timeline: a 1-pixel invocation is found from a few pixels away, the nearer of two wins.
#include "timeline/timeline_hit.h"

#include <QtTest>

using namespace lambdadesk::gui;

class TestTimelineHit : public QObject {
    Q_OBJECT

private slots:
    void findsAShortSegmentFromEitherSide();
    void theNearerOfTwoSegmentsWins();
    void nothingBeyondTheSlack();
    void anOpenSegmentRunsUntilNow();
    void theInvocationWinsOverItsZeroWidthInit();
};

namespace {

TimelineSegment segment(qint64 start, qint64 end, const char* id)
{
    TimelineSegment result;
    result.startNs = start;
    result.endNs = end;
    result.requestId = QString::fromLatin1(id);
    return result;
}

}  // namespace

void TestTimelineHit::findsAShortSegmentFromEitherSide()
{
    const std::deque<TimelineSegment> lane{segment(1000, 1010, "a")};
    QCOMPARE(nearestSegment(lane, 1005, 0, 40)->requestId, QStringLiteral("a"));
    QCOMPARE(nearestSegment(lane, 970, 0, 40)->requestId, QStringLiteral("a"));   // before it: missed before
    QCOMPARE(nearestSegment(lane, 1040, 0, 40)->requestId, QStringLiteral("a"));
}

void TestTimelineHit::theNearerOfTwoSegmentsWins()
{
    const std::deque<TimelineSegment> lane{segment(1000, 1010, "a"), segment(1030, 1040, "b")};
    QCOMPARE(nearestSegment(lane, 1017, 0, 40)->requestId, QStringLiteral("a"));
    QCOMPARE(nearestSegment(lane, 1025, 0, 40)->requestId, QStringLiteral("b"));
    QCOMPARE(nearestSegment(lane, 1035, 0, 40)->requestId, QStringLiteral("b"));
}

void TestTimelineHit::nothingBeyondTheSlack()
{
    const std::deque<TimelineSegment> lane{segment(1000, 1010, "a")};
    QCOMPARE(nearestSegment(lane, 900, 0, 40), nullptr);
    QCOMPARE(nearestSegment(lane, 1100, 0, 40), nullptr);
    QCOMPARE(nearestSegment({}, 1000, 0, 40), nullptr);
}

void TestTimelineHit::anOpenSegmentRunsUntilNow()
{
    const std::deque<TimelineSegment> lane{segment(1000, -1, "open")};
    QCOMPARE(nearestSegment(lane, 5000, 6000, 0)->requestId, QStringLiteral("open"));
    QCOMPARE(nearestSegment(lane, 7000, 6000, 0), nullptr);
}

void TestTimelineHit::theInvocationWinsOverItsZeroWidthInit()
{
    // A cold start's INIT that took no visible time starts where its invocation starts: hovering just
    // before them shows the invocation, not the INIT.
    const std::deque<TimelineSegment> lane{segment(1000, 1000, "init"), segment(1000, 1002, "invoke")};
    QCOMPARE(nearestSegment(lane, 990, 0, 40)->requestId, QStringLiteral("invoke"));
    QCOMPARE(nearestSegment(lane, 1001, 0, 40)->requestId, QStringLiteral("invoke"));
    QCOMPARE(nearestSegment(lane, 1010, 0, 40)->requestId, QStringLiteral("invoke"));
}

QTEST_GUILESS_MAIN(TestTimelineHit)
#include "tst_timeline_hit.moc"
