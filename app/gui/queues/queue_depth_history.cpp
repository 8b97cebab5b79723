// SPDX-License-Identifier: MIT
#include "queues/queue_depth_history.h"

#include <algorithm>
#include <set>

namespace lambdadesk::gui {

QueueDepthHistory::QueueDepthHistory(std::size_t capacity) : m_capacity(std::max<std::size_t>(1, capacity)) {}

void QueueDepthHistory::record(qint64 timeMs, const std::vector<Depth>& depths)
{
    if (timeMs < m_lastTimeMs)
        return;
    m_lastTimeMs = timeMs;
    std::set<QString> present;
    for (const auto& depth : depths) {
        present.insert(depth.queue);
        Ring& ring = m_queues[depth.queue];
        if (ring.samples.size() < m_capacity) {
            ring.samples.push_back({timeMs, depth.stats});
            continue;
        }
        ring.samples[ring.oldest] = {timeMs, depth.stats};
        ring.oldest = (ring.oldest + 1) % m_capacity;
    }
    std::erase_if(m_queues, [&](const auto& entry) { return present.count(entry.first) == 0; });
}

std::vector<QueueDepthHistory::Sample> QueueDepthHistory::samples(const QString& queue) const
{
    const auto it = m_queues.find(queue);
    if (it == m_queues.end())
        return {};
    const Ring& ring = it->second;
    std::vector<Sample> ordered;
    ordered.reserve(ring.samples.size());
    const auto oldest = ring.samples.begin() + static_cast<std::ptrdiff_t>(ring.oldest);
    ordered.insert(ordered.end(), oldest, ring.samples.end());
    ordered.insert(ordered.end(), ring.samples.begin(), oldest);
    return ordered;
}

QStringList QueueDepthHistory::queues() const
{
    QStringList names;
    for (const auto& [name, ring] : m_queues)
        names.append(name);
    return names;
}

void QueueDepthHistory::clear()
{
    m_queues.clear();
    m_lastTimeMs = 0;
}

}  // namespace lambdadesk::gui
