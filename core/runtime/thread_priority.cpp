// SPDX-License-Identifier: MIT
#include "runtime/thread_priority.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

namespace lambdadesk::core {

void lowerCurrentThreadPriority(int increment)
{
    if (increment <= 0)
        return;
    // On Linux the nice value belongs to the thread: PRIO_PROCESS with a thread id changes that thread only.
    const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
    errno = 0;
    const int current = ::getpriority(PRIO_PROCESS, tid);
    if (current == -1 && errno != 0)
        return;
    ::setpriority(PRIO_PROCESS, tid, current + increment < 19 ? current + increment : 19);
}

}  // namespace lambdadesk::core
