// SPDX-License-Identifier: MIT
#include "debug_session.h"

#include <atomic>

namespace lambdadesk::debugger {

int nextSessionId()
{
    static std::atomic<int> next{1};
    return next++;
}

const char* toString(ExceptionStops stops)
{
    switch (stops) {
    case ExceptionStops::None: return "none";
    case ExceptionStops::Uncaught: return "uncaught";
    case ExceptionStops::Raised: return "raised";
    }
    return "none";
}

core::Expected<ExceptionStops> parseExceptionStops(const std::string& text)
{
    for (auto stops : {ExceptionStops::None, ExceptionStops::Uncaught, ExceptionStops::Raised}) {
        if (text == toString(stops))
            return stops;
    }
    return core::Error{"InvalidParameterValue",
                       "'" + text + "' is not an exception filter; use none, uncaught or raised"};
}

}  // namespace lambdadesk::debugger
