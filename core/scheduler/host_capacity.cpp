// SPDX-License-Identifier: MIT
#include "scheduler/host_capacity.h"

#include <unistd.h>

#include <algorithm>
#include <thread>

namespace lambdadesk::core {
namespace {

constexpr long long kMemoryPerEnvironmentBytes = 64LL * 1024 * 1024;

int cores()
{
    return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

}  // namespace

int defaultMaxConcurrentInits()
{
    return std::max(2, cores());
}

int defaultMaxEnvironments()
{
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long pageSize = ::sysconf(_SC_PAGESIZE);
    long long byMemory = 1LL << 30;
    if (pages > 0 && pageSize > 0)
        byMemory = static_cast<long long>(pages) * pageSize / 2 / kMemoryPerEnvironmentBytes;
    return static_cast<int>(std::max<long long>(8, std::min<long long>(32LL * cores(), byMemory)));
}

HostCapacity::HostCapacity(HostCapacityLimits limits) : m_limits(limits)
{
    if (m_limits.maxConcurrentInits <= 0)
        m_limits.maxConcurrentInits = defaultMaxConcurrentInits();
    if (m_limits.maxEnvironments <= 0)
        m_limits.maxEnvironments = defaultMaxEnvironments();
}

void HostCapacity::join(const std::weak_ptr<HostCapacityMember>& member)
{
    std::lock_guard lock(m_mutex);
    m_members.push_back(member);
}

void HostCapacity::leave(const HostCapacityMember* member)
{
    {
        std::lock_guard lock(m_mutex);
        const auto same = [member](const std::weak_ptr<HostCapacityMember>& candidate) {
            auto locked = candidate.lock();
            return !locked || locked.get() == member;
        };
        std::erase_if(m_members, same);
        std::erase_if(m_queue, same);
    }
    pump();
}

bool HostCapacity::roomLocked() const
{
    return m_limits.unbounded ||
           (m_inits < m_limits.maxConcurrentInits && m_environments < m_limits.maxEnvironments);
}

bool HostCapacity::tryAcquire()
{
    std::lock_guard lock(m_mutex);
    if (!m_queue.empty() || !roomLocked())
        return false;
    ++m_inits;
    ++m_environments;
    return true;
}

void HostCapacity::request(const std::shared_ptr<HostCapacityMember>& member)
{
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back(member);
        ++m_waitsTotal;
    }
    pump();
}

bool HostCapacity::cancel(const HostCapacityMember* member)
{
    std::lock_guard lock(m_mutex);
    for (auto it = m_queue.rbegin(); it != m_queue.rend(); ++it) {
        if (it->lock().get() == member) {
            m_queue.erase(std::next(it).base());
            return true;
        }
    }
    return false;
}

void HostCapacity::giveBack()
{
    {
        std::lock_guard lock(m_mutex);
        m_inits = std::max(0, m_inits - 1);
        m_environments = std::max(0, m_environments - 1);
    }
    pump();
}

void HostCapacity::initFinished()
{
    {
        std::lock_guard lock(m_mutex);
        m_inits = std::max(0, m_inits - 1);
    }
    pump();
}

void HostCapacity::environmentGone(bool stoppedForRoom)
{
    {
        std::lock_guard lock(m_mutex);
        m_environments = std::max(0, m_environments - 1);
        if (stoppedForRoom)
            m_stoppingForRoom = std::max(0, m_stoppingForRoom - 1);
    }
    pump();
}

void HostCapacity::reapDone(bool reaped)
{
    {
        std::lock_guard lock(m_mutex);
        m_reapsAsked = std::max(0, m_reapsAsked - 1);
        if (reaped) {
            ++m_stoppingForRoom;
            ++m_reapedForRoom;
        }
    }
    pump();
}

void HostCapacity::idleAvailable()
{
    pump();
}

HostCapacity::Actions HostCapacity::pumpLocked()
{
    Actions actions;
    while (!m_queue.empty() && roomLocked()) {
        auto member = m_queue.front().lock();
        m_queue.pop_front();
        if (!member)
            continue;
        ++m_inits;
        ++m_environments;
        actions.grants.push_back(std::move(member));
    }
    // Blocked only by the live bound: make room by stopping the least recently used idle environment, one at
    // a time (each stop frees one slot; asking for more at once would stop environments nobody waits for).
    const bool blockedByLiveBound = !m_queue.empty() && !m_limits.unbounded &&
                                    m_inits < m_limits.maxConcurrentInits &&
                                    m_environments >= m_limits.maxEnvironments;
    if (blockedByLiveBound && m_reapsAsked == 0 && m_stoppingForRoom == 0) {
        Clock::time_point oldest = Clock::time_point::max();
        for (const auto& weak : m_members) {
            auto member = weak.lock();
            if (!member)
                continue;
            if (const auto since = member->oldestIdleSince(); since < oldest) {
                oldest = since;
                actions.reapFrom = std::move(member);
            }
        }
        if (actions.reapFrom)
            ++m_reapsAsked;
    }
    return actions;
}

void HostCapacity::pump()
{
    Actions actions;
    {
        std::lock_guard lock(m_mutex);
        actions = pumpLocked();
    }
    // Outside the lock: members post to their strands, and may call back into us.
    for (const auto& member : actions.grants)
        member->hostSlotGranted();
    if (actions.reapFrom)
        actions.reapFrom->reapForRoom();
}

bool HostCapacity::hasWaiters() const
{
    std::lock_guard lock(m_mutex);
    return !m_queue.empty();
}

HostCapacityStats HostCapacity::stats() const
{
    std::lock_guard lock(m_mutex);
    HostCapacityStats stats;
    stats.initsRunning = m_inits;
    stats.environments = m_environments;
    stats.waiting = static_cast<int>(m_queue.size());
    stats.maxConcurrentInits = m_limits.maxConcurrentInits;
    stats.maxEnvironments = m_limits.maxEnvironments;
    stats.unbounded = m_limits.unbounded;
    stats.waitsTotal = m_waitsTotal;
    stats.reapedForRoom = m_reapedForRoom;
    return stats;
}

}  // namespace lambdadesk::core
