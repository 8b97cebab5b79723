// SPDX-License-Identifier: MIT
#pragma once

#include "debug_observer.h"

#include <algorithm>
#include <mutex>

namespace lambdadesk::debugger {

/// Several observers of one launcher (the app's Debug dock and an attached editor's DAP server): each is told
/// everything, in the order they were added. Thread-safe; an observer added or removed while events flow gets
/// them from its next one on.
class DebugObserverList final : public DebugObserver {
public:
    void add(std::shared_ptr<DebugObserver> observer)
    {
        std::lock_guard lock(m_mutex);
        m_observers.push_back(std::move(observer));
    }
    void remove(const std::shared_ptr<DebugObserver>& observer)
    {
        std::lock_guard lock(m_mutex);
        std::erase(m_observers, observer);
    }

    void sessionStarted(const std::shared_ptr<DebugSession>& session) override
    {
        for (const auto& observer : snapshot())
            observer->sessionStarted(session);
    }
    void stopped(const std::shared_ptr<DebugSession>& session, const StopInfo& stop) override
    {
        for (const auto& observer : snapshot())
            observer->stopped(session, stop);
    }
    void resumed(const std::shared_ptr<DebugSession>& session) override
    {
        for (const auto& observer : snapshot())
            observer->resumed(session);
    }
    void breakpointsResolved(const std::shared_ptr<DebugSession>& session,
                             const std::vector<BreakpointState>& states) override
    {
        for (const auto& observer : snapshot())
            observer->breakpointsResolved(session, states);
    }
    void sessionEnded(const std::shared_ptr<DebugSession>& session, const std::string& how) override
    {
        for (const auto& observer : snapshot())
            observer->sessionEnded(session, how);
    }

private:
    // Called without the lock held: an observer may continue the session, which reports back here.
    std::vector<std::shared_ptr<DebugObserver>> snapshot() const
    {
        std::lock_guard lock(m_mutex);
        return m_observers;
    }

    mutable std::mutex m_mutex;
    std::vector<std::shared_ptr<DebugObserver>> m_observers;
};

}  // namespace lambdadesk::debugger
