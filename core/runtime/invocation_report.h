// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>

namespace lambdadesk::core {

/// The figures of a REPORT line.
struct ReportFigures {
    std::string requestId;
    double durationMs = 0;
    std::int64_t billedDurationMs = 0;
    int memorySizeMb = 0;
    int maxMemoryUsedMb = 0;
    double initDurationMs = 0;  ///< printed only when cold
    bool cold = false;
};

/// "START RequestId: <id> Version: $LATEST"
std::string startLine(const std::string& requestId);
/// "END RequestId: <id>"
std::string endLine(const std::string& requestId);
/// Lambda's tab-separated REPORT line, with Init Duration on cold starts.
std::string reportLine(const ReportFigures& figures);

/// Billed duration: whole milliseconds rounded up; since August 2025 AWS also bills the INIT phase
/// of on-demand cold starts, so it is included when `initDurationMs` > 0.
std::int64_t billedDurationMs(double durationMs, double initDurationMs);

/// "exit status 3" or "signal: segmentation fault", as Lambda (Go's os/exec) words a process end.
std::string describeExit(int waitStatus);

/// {"errorType":"Sandbox.Timedout","errorMessage":"RequestId: <id> Error: Task timed out after 3.00 seconds"}
std::string timeoutPayload(const std::string& requestId, double timeoutSeconds);
/// The log line Lambda writes on a timeout: "<ISO time> <id> Task timed out after 3.00 seconds"
std::string timeoutLogLine(const std::string& requestId, double timeoutSeconds);
/// {"errorType": type, "errorMessage": "RequestId: <id> Error: <message>"}
std::string platformErrorPayload(const std::string& errorType, const std::string& requestId,
                                 const std::string& message);

}  // namespace lambdadesk::core
