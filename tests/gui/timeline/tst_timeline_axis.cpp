// SPDX-License-Identifier: MIT
// The timeline's axis: wall-clock labels on round steps, as many as fit, none colliding.
#include "timeline/timeline_axis.h"

#include <QDateTime>
#include <QtTest>

using namespace lambdadesk::gui;

class TestTimelineAxis : public QObject {
    Q_OBJECT

private slots:
    void tenSecondsAcrossEightHundredPixelsGetsALabelPerSecond();
    void ticksSitOnRoundWallClockTimes();
    void labelsGetPreciseWhenZoomedIn();
    void labelsNeverCollideAtAnyZoom();
};

namespace {

TimelineGeometry view(double spanSeconds, int widthPx)
{
    TimelineGeometry geometry;
    geometry.widthPx = widthPx;
    geometry.nsPerPixel = spanSeconds * 1e9 / widthPx;
    geometry.viewStartNs = 3'000'000'000;
    return geometry;
}

// 2026-12-05 12:00:00.250 UTC: not on a round second, so round ticks must be found, not inherited.
constexpr double kWallAtZeroMs = 1'796'558'400'250.0;

}  // namespace

void TestTimelineAxis::tenSecondsAcrossEightHundredPixelsGetsALabelPerSecond()
{
    const auto ticks = axisTicks(view(10, 800), kWallAtZeroMs);
    QCOMPARE(axisStepNs(view(10, 800)), 1'000'000'000);
    QVERIFY2(ticks.size() >= 9, qPrintable(QString::number(ticks.size())));
    for (const auto& tick : ticks)
        QCOMPARE(tick.label.size(), 8);  // HH:mm:ss
}

void TestTimelineAxis::ticksSitOnRoundWallClockTimes()
{
    const auto geometry = view(10, 800);
    for (const auto& tick : axisTicks(geometry, kWallAtZeroMs)) {
        const double wallMs = kWallAtZeroMs + static_cast<double>(tick.timeNs) / 1e6;
        QVERIFY2(std::abs(std::remainder(wallMs, 1000.0)) < 0.01, qPrintable(QString::number(wallMs, 'f', 3)));  // doubles: within 10 µs
        QVERIFY(tick.timeNs >= geometry.viewStartNs && tick.timeNs <= geometry.viewEndNs());
        QCOMPARE(tick.label, QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(wallMs)).toString(QStringLiteral("HH:mm:ss")));
    }
}

void TestTimelineAxis::labelsGetPreciseWhenZoomedIn()
{
    const auto millis = axisTicks(view(0.5, 800), kWallAtZeroMs);  // 500 ms across
    QVERIFY(!millis.empty());
    QCOMPARE(millis.front().label.size(), 12);  // HH:mm:ss.zzz
    const auto micros = axisTicks(view(0.0005, 800), kWallAtZeroMs);  // 500 µs across
    QVERIFY(!micros.empty());
    QCOMPARE(micros.front().label.size(), 15);  // HH:mm:ss.zzzuuu
    QVERIFY(micros.size() >= 4);
}

void TestTimelineAxis::labelsNeverCollideAtAnyZoom()
{
    // Labels are about 7 px a character here; the step must leave at least that much room.
    for (double span = 0.0002; span < 20'000; span *= 1.7) {
        const auto geometry = view(span, 700);
        const auto ticks = axisTicks(geometry, kWallAtZeroMs);
        for (std::size_t i = 1; i < ticks.size(); ++i) {
            const double gapPx = geometry.xForTime(ticks[i].timeNs) - geometry.xForTime(ticks[i - 1].timeNs);
            QVERIFY2(gapPx >= ticks[i - 1].label.size() * 7,
                     qPrintable(QStringLiteral("span %1 s: %2 px for '%3'").arg(span).arg(gapPx).arg(ticks[i - 1].label)));
        }
        if (span < 3000)  // up to the hour step, a view always shows at least two labels
            QVERIFY2(ticks.size() >= 2, qPrintable(QStringLiteral("span %1 s: %2 tick(s)").arg(span).arg(ticks.size())));
    }
}

QTEST_GUILESS_MAIN(TestTimelineAxis)
#include "tst_timeline_axis.moc"
