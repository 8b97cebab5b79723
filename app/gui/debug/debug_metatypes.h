// SPDX-License-Identifier: MIT
#pragma once

// The debugger's plain structs as they travel in queued signals between the debugger's threads, the
// inspector thread and the GUI thread.

#include "debug_types.h"

#include <QMetaType>

#include <memory>
#include <vector>

namespace lambdadesk::debugger {
class DebugSession;
}

namespace lambdadesk::gui {

/// A session as it crosses threads: never owning. The last reference to a DebugSession joins its event
/// thread and tears LLDB down, which must not happen on the GUI thread; only the inspector thread locks these.
using SessionRef = std::weak_ptr<debugger::DebugSession>;

/// Registers the types below with Qt's meta-type system (for queued connections); safe to call repeatedly.
void registerDebugMetaTypes();

}  // namespace lambdadesk::gui

Q_DECLARE_METATYPE(lambdadesk::debugger::StopInfo)
Q_DECLARE_METATYPE(lambdadesk::debugger::BreakpointState)
Q_DECLARE_METATYPE(lambdadesk::debugger::FrameInfo)
Q_DECLARE_METATYPE(lambdadesk::debugger::ThreadInfo)
Q_DECLARE_METATYPE(lambdadesk::debugger::VariableInfo)
Q_DECLARE_METATYPE(lambdadesk::debugger::EvalResult)
Q_DECLARE_METATYPE(std::vector<lambdadesk::debugger::BreakpointState>)
Q_DECLARE_METATYPE(std::vector<lambdadesk::debugger::FrameInfo>)
Q_DECLARE_METATYPE(std::vector<lambdadesk::debugger::ThreadInfo>)
Q_DECLARE_METATYPE(std::vector<lambdadesk::debugger::VariableInfo>)
Q_DECLARE_METATYPE(std::vector<lambdadesk::debugger::EvalResult>)
Q_DECLARE_METATYPE(lambdadesk::gui::SessionRef)
