// SPDX-License-Identifier: MIT
#pragma once

#include "debug_types.h"
#include "model/expected.h"

#include <filesystem>
#include <mutex>
#include <vector>

namespace lambdadesk::debugger {

/// Parses "FILE:LINE" (a source breakpoint) or a bare function name. Errors say what is accepted.
core::Expected<BreakpointSpec> parseBreakpoint(const std::string& text);

/// A source breakpoint's FILE names `path` when it is the whole path or a suffix of it that starts at a
/// folder boundary ("handler.c" and "src/handler.c" name "/work/src/handler.c"; "ler.c" does not), as LLDB
/// matches it in the debug info.
[[nodiscard]] bool namesFile(const BreakpointSpec& spec, const std::string& path);

/// The user's layer of breakpoints: what was asked for, independent of any process, so every new
/// environment (and every one after a rebuild or hot reload) gets the same set. Thread-safe.
class BreakpointBook {
public:
    /// Adds a breakpoint and returns it with its id.
    BreakpointSpec add(BreakpointSpec spec);
    bool remove(int id);
    bool update(const BreakpointSpec& spec);
    /// Adds FILE:LINE, or removes every breakpoint on that line of that file (by namesFile, so a line set
    /// from the command line as handler.c:LINE is removed by a click in /full/path/handler.c): the editor
    /// gutter's click. Returns the breakpoint now present, or one with id 0 when it was removed.
    BreakpointSpec toggle(const std::string& file, int line);
    [[nodiscard]] std::vector<BreakpointSpec> all() const;

    /// The project's saved set (.lambdadesk/breakpoints.json); a missing file is an empty set.
    core::Expected<void> load(const std::filesystem::path& file);
    core::Expected<void> save(const std::filesystem::path& file) const;

private:
    mutable std::mutex m_mutex;
    std::vector<BreakpointSpec> m_specs;
    int m_nextId = 1;
};

}  // namespace lambdadesk::debugger
