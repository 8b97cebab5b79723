// SPDX-License-Identifier: MIT
#pragma once

// Private to debugger/: the LLDB side of LldbSession. Only the lldb_session*.cpp files include it,
// so liblldb's headers stay in three translation units.

#include "lldb_session.h"

#include <lldb/API/LLDB.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

namespace lambdadesk::debugger {

struct LldbSession::Impl {
    int id = 0;
    int pid = -1;
    std::string functionName;
    std::shared_ptr<DebugObserver> observer;
    std::function<void(bool, const std::string&)> stateChanged;

    mutable std::recursive_mutex api;  ///< every SB call; never held while calling the observer
    lldb::SBDebugger debugger;
    lldb::SBTarget target;
    lldb::SBProcess process;
    lldb::SBListener listener;
    std::map<int, lldb::break_id_t> breakpointIds;  ///< the user's id → LLDB's
    std::vector<BreakpointSpec> specs;

    std::thread eventThread;
    std::atomic<bool> quit{false};
    std::atomic<bool> stopped{false};

    mutable std::mutex exitMutex;
    mutable std::condition_variable exitChanged;
    std::optional<int> exitStatus;  ///< waitpid-style, once the debugger saw the process end

    /// Under `api`: a debugger of its own with the settings every session gets (no ~/.lldbinit, a patient
    /// gdb-remote, the source map).
    void createDebugger(const SessionOptions& options);
    /// Under `api`: a shutdown's SIGTERM, a closed connection's SIGPIPE and the like are the environment's
    /// business, not stops.
    void ignoreHousekeepingSignals();
    /// Under `api`: frame `index` of thread `threadId`, invalid when not stopped or out of range.
    lldb::SBFrame frameAt(std::uint64_t threadId, int index) const;
    /// Under `api`: (re)creates LLDB breakpoints for `specs`.
    void applyBreakpoints();
    std::vector<BreakpointState> statesLocked() const;
};

/// "3", "\"text\"", "0x0000…" — what LLDB's own front ends show for a value.
std::string displayValue(lldb::SBValue& value);
VariableInfo describeValue(lldb::SBValue& value, const std::string& path);
FrameInfo describeFrame(lldb::SBFrame& frame);

}  // namespace lambdadesk::debugger
