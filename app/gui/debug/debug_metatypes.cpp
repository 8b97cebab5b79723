// SPDX-License-Identifier: MIT
#include "debug/debug_metatypes.h"

#include "debug/debug_inspector.h"

namespace lambdadesk::gui {

void registerDebugMetaTypes()
{
    qRegisterMetaType<debugger::StopInfo>();
    qRegisterMetaType<debugger::BreakpointState>();
    qRegisterMetaType<debugger::FrameInfo>();
    qRegisterMetaType<debugger::ThreadInfo>();
    qRegisterMetaType<debugger::VariableInfo>();
    qRegisterMetaType<debugger::EvalResult>();
    qRegisterMetaType<std::vector<debugger::BreakpointState>>();
    qRegisterMetaType<std::vector<debugger::FrameInfo>>();
    qRegisterMetaType<std::vector<debugger::ThreadInfo>>();
    qRegisterMetaType<std::vector<debugger::VariableInfo>>();
    qRegisterMetaType<std::vector<debugger::EvalResult>>();
    qRegisterMetaType<SessionRef>();
    qRegisterMetaType<InspectedFrame>();
    qRegisterMetaType<DebugCommand>();
}

}  // namespace lambdadesk::gui
