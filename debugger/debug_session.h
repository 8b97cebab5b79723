// SPDX-License-Identifier: MIT
#pragma once

#include "debug_observer.h"
#include "debug_types.h"
#include "model/expected.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace lambdadesk::debugger {

/// When a script runtime's debugger stops on an exception (native functions always stop on a crash).
enum class ExceptionStops {
    None,      ///< never
    Uncaught,  ///< an exception that leaves the function's own code (the handler did not catch it)
    Raised,    ///< every exception raised in the function's own code, caught or not
};
const char* toString(ExceptionStops stops);
/// "none", "uncaught" or "raised"; errors say which are accepted.
core::Expected<ExceptionStops> parseExceptionStops(const std::string& text);

/// How sessions reach their processes.
struct SessionOptions {
    /// Native functions. Empty: launch locally under LLDB (through a local lldb-server). Otherwise an
    /// lldb-server platform to launch on, "connect://HOST:PORT" (see docs/remote-debugging.md).
    std::string platformUrl;
    /// Native functions: "settings set target.source-map" pairs: a path prefix in the debug info, and where it is here.
    std::vector<std::pair<std::string, std::string>> sourceMap;
    /// How far away the runtime's deadline is while debugging (docs/debugging.md).
    std::chrono::milliseconds timeCap{std::chrono::hours(1)};
    /// Python and Node functions.
    ExceptionStops exceptions = ExceptionStops::Uncaught;
};

/// One function process under a debugger: LLDB for native functions (LldbSession), debugpy for Python
/// (PythonSession), the Node inspector for Node (NodeSession). Everything that leaves is plain values, so the
/// Debug dock, the CLI and tests drive all three the same way. Thread-safe. Inspection (threads, frames,
/// variables, evaluate) answers only while the process is stopped.
class DebugSession : public std::enable_shared_from_this<DebugSession> {
public:
    virtual ~DebugSession() = default;

    [[nodiscard]] virtual int id() const = 0;
    [[nodiscard]] virtual int pid() const = 0;
    [[nodiscard]] virtual const std::string& functionName() const = 0;
    /// "LLDB", "debugpy" or "Node inspector": what the Debug dock names as the session's engine.
    [[nodiscard]] virtual std::string engineName() const = 0;
    [[nodiscard]] virtual bool isStopped() const = 0;
    [[nodiscard]] virtual bool hasEnded() const = 0;

    // Control; each returns at once, the outcome arrives through the observer.
    virtual void continueRun() = 0;
    virtual void pause() = 0;
    virtual void stepOver(std::uint64_t threadId) = 0;
    virtual void stepInto(std::uint64_t threadId) = 0;
    virtual void stepOut(std::uint64_t threadId) = 0;
    /// Continues to FILE:LINE (a one-shot breakpoint); an error when the line has no code.
    virtual core::Expected<void> runToLine(const std::string& file, int line) = 0;
    virtual void kill() = 0;

    /// Replaces the session's breakpoints (re-applied from the user's list) and reports their states.
    virtual std::vector<BreakpointState> setBreakpoints(const std::vector<BreakpointSpec>& breakpoints) = 0;
    [[nodiscard]] virtual std::vector<BreakpointState> breakpointStates() const = 0;

    // Inspection while stopped.
    [[nodiscard]] virtual std::vector<ThreadInfo> threads() const = 0;
    [[nodiscard]] virtual std::vector<FrameInfo> frames(std::uint64_t threadId) const = 0;
    /// Top-level variables of a frame: scope "locals" (arguments and locals) or "globals".
    [[nodiscard]] virtual std::vector<VariableInfo> variables(std::uint64_t threadId, int frame,
                                                              const std::string& scope) const = 0;
    /// The children of a variable, by the path variables() or children() gave it.
    [[nodiscard]] virtual std::vector<VariableInfo> children(std::uint64_t threadId, int frame,
                                                             const std::string& path) const = 0;
    [[nodiscard]] virtual EvalResult evaluate(std::uint64_t threadId, int frame, const std::string& expression) const = 0;

    /// How the process ended as a waitpid status; waits up to `patience` for the debugger to say.
    virtual int waitForExitStatus(std::chrono::milliseconds patience) const = 0;

protected:
    DebugSession() = default;
    DebugSession(const DebugSession&) = delete;
    DebugSession& operator=(const DebugSession&) = delete;
};

/// Session ids, unique in the process across every kind of session.
int nextSessionId();

}  // namespace lambdadesk::debugger
