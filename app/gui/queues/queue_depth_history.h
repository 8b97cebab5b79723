// SPDX-License-Identifier: MIT
#pragma once

#include "queues/queue_types.h"

#include <QString>
#include <QStringList>

#include <cstddef>
#include <map>
#include <vector>

namespace lambdadesk::gui {

/// The recent depths of every queue — visible, in flight, delayed — one sample per sources refresh, in a
/// bounded ring buffer per queue. Plain data for the Queues panel's chart: no signals, GUI thread only.
class QueueDepthHistory {
public:
    struct Sample {
        qint64 timeMs = 0;
        core::QueueStats stats;
    };
    struct Depth {
        QString queue;
        core::QueueStats stats;
    };

    /// 1200 samples: ten minutes at the controller's two refreshes a second.
    static constexpr std::size_t kDefaultCapacity = 1200;

    explicit QueueDepthHistory(std::size_t capacity = kDefaultCapacity);

    /// Adds one sample at `timeMs` for each queue in `depths`, dropping a queue's oldest once it holds
    /// capacity(); queues missing from `depths` (deleted) are forgotten. A time before the last one is ignored.
    void record(qint64 timeMs, const std::vector<Depth>& depths);
    /// A queue's samples, oldest first; empty for a queue never seen or since forgotten.
    [[nodiscard]] std::vector<Sample> samples(const QString& queue) const;
    [[nodiscard]] bool contains(const QString& queue) const { return m_queues.count(queue) > 0; }
    [[nodiscard]] QStringList queues() const;
    /// When the last sample was taken; 0 before the first.
    [[nodiscard]] qint64 lastTimeMs() const { return m_lastTimeMs; }
    [[nodiscard]] std::size_t capacity() const { return m_capacity; }
    void clear();

private:
    struct Ring {
        std::vector<Sample> samples;
        std::size_t oldest = 0;  ///< where the oldest sample is once the ring is full
    };

    std::size_t m_capacity;
    std::map<QString, Ring> m_queues;
    qint64 m_lastTimeMs = 0;
};

}  // namespace lambdadesk::gui
