// SPDX-License-Identifier: MIT
#pragma once

#include "debug_types.h"

#include <memory>
#include <vector>

namespace lambdadesk::debugger {

class DebugSession;

/// Told what debugged processes do. Called on the session's event thread, never with a lock held, so an
/// implementation may inspect the session and continue it from inside stopped() (the CLI does); a GUI
/// forwards to its own thread with queued signals instead.
class DebugObserver {
public:
    virtual ~DebugObserver() = default;
    virtual void sessionStarted(const std::shared_ptr<DebugSession>& /*session*/) {}
    virtual void stopped(const std::shared_ptr<DebugSession>& /*session*/, const StopInfo& /*stop*/) {}
    virtual void resumed(const std::shared_ptr<DebugSession>& /*session*/) {}
    virtual void breakpointsResolved(const std::shared_ptr<DebugSession>& /*session*/,
                                     const std::vector<BreakpointState>& /*states*/) {}
    virtual void sessionEnded(const std::shared_ptr<DebugSession>& /*session*/, const std::string& /*how*/) {}
};

}  // namespace lambdadesk::debugger
