// SPDX-License-Identifier: MIT
#include "timeline/timeline_axis.h"

#include <QDateTime>

#include <array>
#include <cmath>

namespace lambdadesk::gui {
namespace {

// Room a label needs, by precision: "12:04:05" ≈ 55 px, "12:04:05.123" ≈ 80, "12:04:05.123456" ≈ 100,
// plus a gap.
int labelSpacingPx(qint64 stepNs)
{
    if (stepNs >= 1'000'000'000)
        return 75;
    if (stepNs >= 1'000'000)
        return 100;
    return 125;
}

}  // namespace

qint64 axisStepNs(const TimelineGeometry& geometry)
{
    constexpr qint64 kSecond = 1'000'000'000;
    static constexpr std::array<qint64, 30> kSteps{
        1'000,       2'000,       5'000,       10'000,      20'000,       50'000,       100'000,     200'000,
        500'000,     1'000'000,   2'000'000,   5'000'000,   10'000'000,   20'000'000,   50'000'000,  100'000'000,
        200'000'000, 500'000'000, kSecond,     2 * kSecond, 5 * kSecond,  10 * kSecond, 15 * kSecond, 30 * kSecond,
        60 * kSecond, 120 * kSecond, 300 * kSecond, 600 * kSecond, 1800 * kSecond, 3600 * kSecond};
    for (const qint64 step : kSteps) {
        if (static_cast<double>(step) / geometry.nsPerPixel >= labelSpacingPx(step))
            return step;
    }
    return kSteps.back();
}

QString wallClockLabel(double wallMs, qint64 stepNs)
{
    const auto wholeMs = static_cast<qint64>(std::floor(wallMs));
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(wholeMs).toLocalTime();
    if (stepNs >= 1'000'000'000)
        return time.toString(QStringLiteral("HH:mm:ss"));
    if (stepNs >= 1'000'000)
        return time.toString(QStringLiteral("HH:mm:ss.zzz"));
    const auto micros = static_cast<int>(std::llround((wallMs - static_cast<double>(wholeMs)) * 1000)) % 1000;
    return time.toString(QStringLiteral("HH:mm:ss.zzz")) + QStringLiteral("%1").arg(micros, 3, 10, QLatin1Char('0'));
}

std::vector<AxisTick> axisTickTimes(const TimelineGeometry& geometry, double wallAtZeroMs)
{
    const qint64 step = axisStepNs(geometry);
    // Ticks sit on round wall-clock values (…:10, …:20), not round offsets from the engine's start.
    const double wallStartNs = wallAtZeroMs * 1e6 + static_cast<double>(geometry.viewStartNs);
    const double firstWallNs = std::ceil(wallStartNs / static_cast<double>(step)) * static_cast<double>(step);
    std::vector<AxisTick> ticks;
    for (double wallNs = firstWallNs;; wallNs += static_cast<double>(step)) {
        const auto timeNs = static_cast<qint64>(std::llround(wallNs - wallAtZeroMs * 1e6));
        if (timeNs > geometry.viewEndNs())
            break;
        ticks.push_back({timeNs, static_cast<qint64>(std::llround(wallNs)), {}});
    }
    return ticks;
}

std::vector<AxisTick> axisTicks(const TimelineGeometry& geometry, double wallAtZeroMs)
{
    const qint64 step = axisStepNs(geometry);
    std::vector<AxisTick> ticks = axisTickTimes(geometry, wallAtZeroMs);
    for (AxisTick& tick : ticks)
        tick.label = wallClockLabel(static_cast<double>(tick.wallNs) / 1e6, step);
    return ticks;
}

}  // namespace lambdadesk::gui
