// SPDX-License-Identifier: MIT
#pragma once

namespace lambdadesk::core {

/// Makes the calling thread yield the CPU to threads of normal priority by raising its nice value by
/// `increment` (0 does nothing). Processes it starts afterwards inherit the value. For the engine inside the
/// desktop app: when functions saturate the cores, the GUI thread still gets one promptly. Lowering priority
/// needs no privilege; a failure (a sandbox forbidding it) leaves the thread as it was.
void lowerCurrentThreadPriority(int increment);

}  // namespace lambdadesk::core
