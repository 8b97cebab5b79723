// SPDX-License-Identifier: MIT
#pragma once

#include "model/invocation.h"

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

namespace lambdadesk::cli {

/// Collects the results of a run of invocations and summarises them.
class InvokeSummary {
public:
    /// `latencyMs` is what the caller waited: queueing, cold start and the invoke itself.
    void add(const core::InvokeResult& result, double latencyMs);

    [[nodiscard]] nlohmann::json toJson(double wallSeconds) const;
    /// A few human lines: counts, percentiles, throughput.
    [[nodiscard]] std::string toText(double wallSeconds) const;
    [[nodiscard]] bool allOk() const { return m_ok == m_invocations; }

private:
    [[nodiscard]] double percentile(double p) const;

    int m_invocations = 0;
    int m_ok = 0;
    int m_errors = 0;
    int m_throttles = 0;
    int m_cold = 0;
    int m_warm = 0;
    std::set<std::string> m_environments;
    std::vector<double> m_latencies;
};

/// One invocation as a JSON object (the `--json` line format).
nlohmann::json invocationToJson(const core::InvokeResult& result, double latencyMs);

/// One invocation for a person: the payload on stdout; the log tail and a status line on stderr.
void printInvocation(const core::InvokeResult& result);

}  // namespace lambdadesk::cli
