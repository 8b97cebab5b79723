// SPDX-License-Identifier: MIT
#include "metrics/init_duration_histogram.h"

#include <algorithm>
#include <cmath>

namespace lambdadesk::gui {

int InitDurationHistogram::bucketOf(double initDurationMs)
{
    if (std::isnan(initDurationMs))
        return 0;
    // The first edge above the duration: its index is the bucket.
    return static_cast<int>(std::upper_bound(kEdgesMs.begin(), kEdgesMs.end(), initDurationMs) - kEdgesMs.begin());
}

QString InitDurationHistogram::label(int bucket)
{
    if (bucket <= 0)
        return QStringLiteral("<%1").arg(kEdgesMs.front());
    if (bucket >= kBucketCount - 1)
        return QStringLiteral("≥%1").arg(kEdgesMs.back());
    return QStringLiteral("%1–%2").arg(kEdgesMs[static_cast<std::size_t>(bucket - 1)])
        .arg(kEdgesMs[static_cast<std::size_t>(bucket)]);
}

void InitDurationHistogram::add(qint64 second, double initDurationMs)
{
    const auto bucket = static_cast<std::size_t>(bucketOf(initDurationMs));
    if (m_seconds.empty() || m_seconds.back().second < second) {
        m_seconds.push_back({second, {}});
        m_seconds.back().counts[bucket] = 1;
        while (m_seconds.front().second <= second - m_keepSeconds)
            m_seconds.pop_front();
        return;
    }
    // Events of different threads can arrive a little out of order: find (or make) the second's row.
    if (second <= m_seconds.back().second - m_keepSeconds)
        return;  // older than anything kept
    const auto at = std::lower_bound(m_seconds.begin(), m_seconds.end(), second,
                                     [](const Second& row, qint64 value) { return row.second < value; });
    if (at != m_seconds.end() && at->second == second)
        ++at->counts[bucket];
    else
        m_seconds.insert(at, Second{second, {}})->counts[bucket] = 1;
}

InitDurationHistogram::Counts InitDurationHistogram::counts(qint64 firstSecond, qint64 lastSecond) const
{
    Counts total{};
    auto at = std::lower_bound(m_seconds.begin(), m_seconds.end(), firstSecond,
                               [](const Second& row, qint64 value) { return row.second < value; });
    for (; at != m_seconds.end() && at->second <= lastSecond; ++at) {
        for (std::size_t bucket = 0; bucket < total.size(); ++bucket)
            total[bucket] += at->counts[bucket];
    }
    return total;
}

}  // namespace lambdadesk::gui
