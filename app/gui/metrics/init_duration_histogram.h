// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QtGlobal>

#include <array>
#include <deque>

namespace lambdadesk::gui {

/// How long cold starts spent in INIT, counted in buckets on a log-ish scale (<5, 5–10, 10–25, 25–50, 50–100,
/// 100–250, 250–500, 500–1000, ≥1000 ms) per second, for a bounded number of recent seconds, so a chart can
/// show the distribution over any window up to that long. Memory: one row of counts per second with samples.
class InitDurationHistogram {
public:
    static constexpr int kBucketCount = 9;
    /// Lower edges (ms) of buckets 1…8; bucket 0 is below 5 ms, bucket 8 is 1000 ms and longer.
    static constexpr std::array<double, kBucketCount - 1> kEdgesMs = {5, 10, 25, 50, 100, 250, 500, 1000};
    using Counts = std::array<int, kBucketCount>;

    explicit InitDurationHistogram(int keepSeconds = 600) : m_keepSeconds(keepSeconds) {}

    /// The bucket a duration falls in: a duration on an edge belongs to the bucket above it.
    static int bucketOf(double initDurationMs);
    /// "<5", "5–10", …, "≥1000" (ms).
    static QString label(int bucket);

    /// Counts one init that ended in `second`. Seconds more than keepSeconds before the newest are dropped.
    void add(qint64 second, double initDurationMs);
    /// Counts of the seconds from `firstSecond` to `lastSecond`, both included.
    [[nodiscard]] Counts counts(qint64 firstSecond, qint64 lastSecond) const;
    /// How many seconds with samples are held (at most keepSeconds).
    [[nodiscard]] int heldSeconds() const { return static_cast<int>(m_seconds.size()); }
    void clear() { m_seconds.clear(); }

private:
    struct Second {
        qint64 second = 0;
        Counts counts{};
    };
    std::deque<Second> m_seconds;  ///< ascending, only seconds with samples
    int m_keepSeconds;
};

}  // namespace lambdadesk::gui
