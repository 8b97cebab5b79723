// SPDX-License-Identifier: MIT
#include "invoke_summary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace lambdadesk::cli {

void InvokeSummary::add(const core::InvokeResult& result, double latencyMs)
{
    ++m_invocations;
    switch (result.status) {
    case core::InvokeStatus::Ok: ++m_ok; break;
    case core::InvokeStatus::Throttled: ++m_throttles; break;
    default: ++m_errors; break;
    }
    if (!result.environmentId.empty()) {
        m_environments.insert(result.environmentId);
        ++(result.cold ? m_cold : m_warm);
    }
    m_latencies.push_back(latencyMs);
}

double InvokeSummary::percentile(double p) const
{
    if (m_latencies.empty())
        return 0;
    auto sorted = m_latencies;
    std::sort(sorted.begin(), sorted.end());
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

nlohmann::json InvokeSummary::toJson(double wallSeconds) const
{
    return {{"invocations", m_invocations},
            {"ok", m_ok},
            {"errors", m_errors},
            {"throttles", m_throttles},
            {"cold", m_cold},
            {"warm", m_warm},
            {"environments", m_environments.size()},
            {"p50Ms", percentile(50)},
            {"p90Ms", percentile(90)},
            {"p99Ms", percentile(99)},
            {"wallSeconds", wallSeconds},
            {"perSecond", wallSeconds > 0 ? m_invocations / wallSeconds : 0.0}};
}

std::string InvokeSummary::toText(double wallSeconds) const
{
    char text[512];
    std::snprintf(text, sizeof text,
                  "%d invocations: %d ok, %d errors, %d throttled | %d cold, %d warm on %zu environments\n"
                  "latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms | %.2f s wall, %.1f invocations/s\n",
                  m_invocations, m_ok, m_errors, m_throttles, m_cold, m_warm, m_environments.size(), percentile(50),
                  percentile(90), percentile(99), wallSeconds, wallSeconds > 0 ? m_invocations / wallSeconds : 0.0);
    return text;
}

nlohmann::json invocationToJson(const core::InvokeResult& result, double latencyMs)
{
    nlohmann::json payload = nlohmann::json::parse(result.payload, nullptr, false);
    if (payload.is_discarded())
        payload = result.payload;  // not JSON: keep the raw text
    nlohmann::json line = {{"requestId", result.requestId},
                           {"status", core::toString(result.status)},
                           {"functionError", result.functionError.empty() ? nlohmann::json() : nlohmann::json(result.functionError)},
                           {"errorType", result.errorType.empty() ? nlohmann::json() : nlohmann::json(result.errorType)},
                           {"payload", payload},
                           {"cold", result.cold},
                           {"initDurationMs", result.initDurationMs},
                           {"durationMs", result.durationMs},
                           {"billedDurationMs", result.billedDurationMs},
                           {"maxMemoryUsedMB", result.maxMemoryUsedMb},
                           {"costUsd", result.costUsd},
                           {"environmentId", result.environmentId},
                           {"latencyMs", latencyMs}};
    if (!result.throttleReason.empty())
        line["throttleReason"] = result.throttleReason;
    if (!result.logTail.empty())
        line["logTail"] = result.logTail;
    return line;
}

void printInvocation(const core::InvokeResult& result)
{
    if (!result.logTail.empty())
        std::fprintf(stderr, "%s", result.logTail.c_str());
    std::printf("%s\n", result.payload.c_str());
    if (result.status == core::InvokeStatus::Ok || result.status == core::InvokeStatus::FunctionError) {
        std::fprintf(stderr, "%s%s | %s, init %.2f ms, duration %.2f ms, billed %lld ms, max memory %d MB, $%.10f\n",
                     result.functionError.empty() ? "ok" : "function error: ",
                     result.errorType.c_str(), result.cold ? "cold" : "warm", result.initDurationMs,
                     result.durationMs, static_cast<long long>(result.billedDurationMs), result.maxMemoryUsedMb,
                     result.costUsd);
    } else {
        std::fprintf(stderr, "%s: %s%s%s\n", core::toString(result.status), result.errorType.c_str(),
                     result.throttleReason.empty() ? "" : " — ", result.throttleReason.c_str());
    }
}

}  // namespace lambdadesk::cli
