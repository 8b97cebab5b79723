// SPDX-License-Identifier: MIT
#include "debug_types.h"

namespace lambdadesk::debugger {

std::string BreakpointSpec::label() const
{
    if (!file.empty())
        return file + ':' + std::to_string(line);
    return function;
}

const char* toString(StopReason reason)
{
    switch (reason) {
    case StopReason::Breakpoint: return "breakpoint";
    case StopReason::Step: return "step";
    case StopReason::Signal: return "signal";
    case StopReason::Exception: return "exception";
    case StopReason::Pause: return "pause";
    case StopReason::Entry: return "entry";
    case StopReason::Other: return "other";
    }
    return "other";
}

}  // namespace lambdadesk::debugger
