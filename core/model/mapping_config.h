// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lambdadesk::core {

/// An event source mapping: which queue or stream feeds which function, and how.
struct EventSourceMappingConfig {
    enum class Source { Sqs, Kinesis };

    std::string uuid;
    std::string functionName;
    std::string eventSourceArn;
    Source source = Source::Sqs;
    int batchSize = 10;                        ///< SQS 1–10000 (default 10), Kinesis 1–10000 (default 100)
    int maximumBatchingWindowSeconds = 0;      ///< 0–300
    bool enabled = true;
    std::vector<std::string> filterPatterns;   ///< FilterCriteria.Filters[].Pattern, ORed
    bool reportBatchItemFailures = false;      ///< FunctionResponseTypes: [ReportBatchItemFailures]
    std::optional<int> maximumConcurrency;     ///< SQS ScalingConfig.MaximumConcurrency (2–1000)
    // Kinesis
    std::string startingPosition = "LATEST";   ///< TRIM_HORIZON, LATEST, AT_TIMESTAMP
    std::optional<double> startingPositionTimestamp;
    bool bisectBatchOnFunctionError = false;
    int maximumRetryAttempts = -1;             ///< −1 = until the record expires
    int maximumRecordAgeInSeconds = -1;        ///< −1 = infinite
    int parallelizationFactor = 1;             ///< 1–10
    int tumblingWindowInSeconds = 0;           ///< 0–900
    std::string onFailureArn;                  ///< DestinationConfig.OnFailure.Destination
};

/// AWS's default BatchSize for a source.
inline int defaultBatchSize(EventSourceMappingConfig::Source source)
{
    return source == EventSourceMappingConfig::Source::Sqs ? 10 : 100;
}

}  // namespace lambdadesk::core
