// SPDX-License-Identifier: MIT
#include "runtime/invocation_report.h"

#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace lambdadesk::core {
namespace {

std::string twoDecimals(double value)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.2f", value);
    return text;
}

}  // namespace

std::string startLine(const std::string& requestId)
{
    return "START RequestId: " + requestId + " Version: $LATEST";
}

std::string endLine(const std::string& requestId)
{
    return "END RequestId: " + requestId;
}

std::string reportLine(const ReportFigures& figures)
{
    std::string line = "REPORT RequestId: " + figures.requestId + "\tDuration: " + twoDecimals(figures.durationMs) +
                       " ms\tBilled Duration: " + std::to_string(figures.billedDurationMs) +
                       " ms\tMemory Size: " + std::to_string(figures.memorySizeMb) +
                       " MB\tMax Memory Used: " + std::to_string(figures.maxMemoryUsedMb) + " MB\t";
    if (figures.cold)
        line += "Init Duration: " + twoDecimals(figures.initDurationMs) + " ms\t";
    return line;
}

std::int64_t billedDurationMs(double durationMs, double initDurationMs)
{
    return static_cast<std::int64_t>(std::ceil(durationMs)) +
           (initDurationMs > 0 ? static_cast<std::int64_t>(std::ceil(initDurationMs)) : 0);
}

std::string describeExit(int waitStatus)
{
    if (WIFEXITED(waitStatus))
        return "exit status " + std::to_string(WEXITSTATUS(waitStatus));
    if (WIFSIGNALED(waitStatus)) {
        std::string name = strsignal(WTERMSIG(waitStatus));
        if (!name.empty())
            name[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[0])));
        return "signal: " + name;
    }
    return "unknown status " + std::to_string(waitStatus);
}

std::string timeoutPayload(const std::string& requestId, double timeoutSeconds)
{
    return platformErrorPayload("Sandbox.Timedout", requestId,
                                "Task timed out after " + twoDecimals(timeoutSeconds) + " seconds");
}

std::string timeoutLogLine(const std::string& requestId, double timeoutSeconds)
{
    const auto now = std::chrono::system_clock::now();
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char stamp[40];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &utc);
    char withMillis[48];
    std::snprintf(withMillis, sizeof withMillis, "%s.%03dZ", stamp, static_cast<int>(millis));
    return std::string(withMillis) + ' ' + requestId + " Task timed out after " + twoDecimals(timeoutSeconds) +
           " seconds";
}

std::string platformErrorPayload(const std::string& errorType, const std::string& requestId,
                                 const std::string& message)
{
    const nlohmann::json body = {{"errorType", errorType},
                                 {"errorMessage", "RequestId: " + requestId + " Error: " + message}};
    return body.dump();
}

}  // namespace lambdadesk::core
