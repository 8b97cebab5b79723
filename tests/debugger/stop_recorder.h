// SPDX-License-Identifier: MIT
#pragma once
// The debugger suites' observer: records every stop with its locals and frames, the breakpoint states last
// reported, the sessions that stopped and the ones that ended; then does what the test asked (continue by default).

#include "debug_session.h"

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace lambdadesk::tests {

struct RecordedStop {
    debugger::StopInfo stop;
    std::map<std::string, std::string> locals;
    std::vector<debugger::FrameInfo> frames;
};

class StopRecorder final : public debugger::DebugObserver {
public:
    std::function<void(const std::shared_ptr<debugger::DebugSession>&, const debugger::StopInfo&)> onStop;

    void stopped(const std::shared_ptr<debugger::DebugSession>& session, const debugger::StopInfo& stop) override
    {
        RecordedStop recorded{stop, {}, session->frames(stop.threadId)};
        for (const auto& variable : session->variables(stop.threadId, stop.frame.index, "locals"))
            recorded.locals[variable.name] = variable.value;
        {
            std::lock_guard lock(mutex);
            stops.push_back(recorded);
            sessions.insert(session->id());
        }
        changed.notify_all();
        if (onStop)
            onStop(session, stop);
        else
            session->continueRun();
    }
    void breakpointsResolved(const std::shared_ptr<debugger::DebugSession>&,
                             const std::vector<debugger::BreakpointState>& states) override
    {
        std::lock_guard lock(mutex);
        lastStates = states;
    }
    void sessionStarted(const std::shared_ptr<debugger::DebugSession>& session) override
    {
        std::lock_guard lock(mutex);
        lastStates = session->breakpointStates();
    }
    void sessionEnded(const std::shared_ptr<debugger::DebugSession>&, const std::string&) override { ++ended; }

    std::vector<RecordedStop> all()
    {
        std::lock_guard lock(mutex);
        return stops;
    }

    std::mutex mutex;
    std::condition_variable changed;
    std::vector<RecordedStop> stops;
    std::set<int> sessions;  ///< the ids of the sessions that stopped
    std::vector<debugger::BreakpointState> lastStates;
    std::atomic<int> ended{0};
};

}  // namespace lambdadesk::tests
