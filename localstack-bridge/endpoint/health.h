// SPDX-License-Identifier: MIT
#pragma once

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

namespace lambdadesk::bridge {

struct HealthFacts {
    std::set<std::string> emulated;  ///< services answered here
    std::string upstreamUrl;         ///< empty = none
    std::string endpointUrl;
    std::string version;
    double uptimeSeconds = 0;
    std::size_t functions = 0;
    std::size_t queues = 0;
    std::size_t streams = 0;   ///< queues and streams count every region's
    std::vector<std::string> regions;  ///< the regions with queues and streams open, the default first
    std::int64_t requestsServed = 0;
};

/// GET /_localstack/health in LocalStack's shape: {"services":{"<name>":"running|available|disabled"},
/// "edition","version"}. Emulated services are running; the others are available through an upstream,
/// else disabled.
nlohmann::json localStackHealth(const HealthFacts& facts);
/// GET /_lambdadesk/health: the endpoint's own report.
nlohmann::json lambdaDeskHealth(const HealthFacts& facts);

}  // namespace lambdadesk::bridge
