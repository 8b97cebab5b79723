// SPDX-License-Identifier: MIT
#include "lambdadesk/invocation_request.h"

namespace lambdadesk::runtime {

std::chrono::milliseconds InvocationRequest::remainingTime() const
{
    using namespace std::chrono;
    const auto now = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    return milliseconds(deadlineMs > now ? deadlineMs - now : 0);
}

} // namespace lambdadesk::runtime
