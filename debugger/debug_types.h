// SPDX-License-Identifier: MIT
#pragma once

// The debugger's vocabulary as plain values: what leaves debugger/ is these structs, never an LLDB type,
// so the GUI, the CLI and tests stay free of liblldb's headers.

#include <cstdint>
#include <string>
#include <vector>

namespace lambdadesk::debugger {

/// What the user asked for (kept per project). `file` matches a source path by suffix.
struct BreakpointSpec {
    int id = 0;                  ///< assigned by the BreakpointBook; stable across sessions
    std::string file;            ///< with `line`: a source breakpoint
    int line = 0;
    std::string function;        ///< or a function-name breakpoint
    std::string condition;       ///< an expression in the function's language; empty = always
    int hitCount = 0;            ///< stop from the Nth hit on (0 or 1 = every hit)
    bool enabled = true;

    [[nodiscard]] std::string label() const;  ///< "handler.c:50" or "sum_items"
    friend bool operator==(const BreakpointSpec&, const BreakpointSpec&) = default;
};

/// What the debugger made of a BreakpointSpec in one process.
struct BreakpointState {
    int specId = 0;
    bool verified = false;       ///< at least one resolved location
    int locations = 0;
    int hits = 0;
    std::string message;         ///< why it is not verified ("no code at handler.c:12")
    std::string resolvedFile;    ///< the first location, when verified
    int resolvedLine = 0;
};

struct FrameInfo {
    int index = 0;
    std::string function;
    std::string file;            ///< full path as in the debug info (after source-map), empty without line info
    int line = 0;
    std::uint64_t pc = 0;
};

struct ThreadInfo {
    std::uint64_t id = 0;
    int index = 0;
    std::string name;
    std::string stopReason;      ///< empty when this thread did not cause the stop
};

/// One value in the variables tree. Children are fetched on demand by `path`.
struct VariableInfo {
    std::string name;
    std::string value;           ///< as the debugger displays it (value, or summary for strings/containers)
    std::string type;
    bool hasChildren = false;
    std::string path;            ///< "scope/i/j/…": pass back to children()
};

enum class StopReason { Breakpoint, Step, Signal, Exception, Pause, Entry, Other };
const char* toString(StopReason reason);

/// A real stop (never a restarted one): where and why.
struct StopInfo {
    StopReason reason = StopReason::Other;
    std::string description;     ///< LLDB's words: "breakpoint 1.1", "signal SIGSEGV: invalid address"
    std::uint64_t threadId = 0;
    int breakpointSpecId = 0;    ///< for Breakpoint: the user's breakpoint that was hit
    FrameInfo frame;             ///< the top frame with source (the innermost frame that has line info)
};

struct EvalResult {
    bool ok = false;
    std::string value;           ///< the displayed value, or the error text
    std::string type;
};

}  // namespace lambdadesk::debugger
