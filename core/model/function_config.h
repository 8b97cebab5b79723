// SPDX-License-Identifier: MIT
#pragma once

#include "model/diagnostic.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lambdadesk::core {

/// One entry of a function's SAM `Events` section (SQS, Kinesis, Schedule, ScheduleV2, Api, HttpApi…).
/// Properties are kept with intrinsics already resolved; later issues give them behaviour.
struct EventSourceConfig {
    std::string name;             ///< the key under `Events`
    std::string type;             ///< `Type`, e.g. "SQS"
    nlohmann::json properties;    ///< resolved `Properties` (an object, possibly empty)
    SourceLocation location;
    bool operator==(const EventSourceConfig&) const = default;
};

/// SAM `EventInvokeConfig`: async retries, event age, destinations.
struct EventInvokeConfig {
    int maximumRetryAttempts = 2;          ///< 0–2
    int maximumEventAgeSeconds = 21600;    ///< 60–21600
    std::string onSuccessArn;              ///< empty when unset
    std::string onFailureArn;
    bool operator==(const EventInvokeConfig&) const = default;
};

/// SAM `DeadLetterQueue`: {Type: SQS|SNS, TargetArn}.
struct DeadLetterConfig {
    std::string type;
    std::string targetArn;
    bool operator==(const DeadLetterConfig&) const = default;
};

/// Everything the engine needs to run one Lambda function.
struct FunctionConfig {
    std::string logicalId;                 ///< the template's resource key
    std::string name;                      ///< FunctionName, or the logical id
    std::string arn;                       ///< arn:aws:lambda:<region>:<account>:function:<name>
    std::string runtime;                   ///< python3.12, nodejs20.x, provided.al2023…
    std::string handler;                   ///< module.function / file.export; ignored by provided*
    std::filesystem::path codeDir;         ///< absolute CodeUri folder
    int memoryMb = 128;                    ///< 128–10240
    int timeoutSeconds = 3;                ///< 1–900
    std::map<std::string, std::string> environment;   ///< user variables
    std::optional<int> reservedConcurrency;            ///< nullopt = unreserved; 0 = always throttled
    int provisionedConcurrency = 0;        ///< environments kept initialised
    std::vector<std::filesystem::path> layers;         ///< absolute local layer folders, in order
    std::map<std::string, std::string> tags;
    std::optional<EventInvokeConfig> eventInvokeConfig;
    std::optional<DeadLetterConfig> deadLetter;
    std::vector<EventSourceConfig> events;
    std::string architecture = "x86_64";
    std::string description;
    SourceLocation location;
    bool operator==(const FunctionConfig&) const = default;
};

/// True when two configurations would run the same way (where in the template they stand aside).
bool sameConfiguration(FunctionConfig a, FunctionConfig b);

/// An `AWS::SQS::Queue` resource.
struct QueueConfig {
    std::string logicalId;
    std::string name;                      ///< QueueName, or a name derived from the logical id
    std::string arn;                       ///< arn:aws:sqs:<region>:<account>:<name>
    bool fifo = false;
    std::map<std::string, std::string> attributes;  ///< resolved attributes, values as strings (RedrivePolicy as JSON text)
    SourceLocation location;
};

/// An `AWS::Kinesis::Stream` resource.
struct StreamConfig {
    std::string logicalId;
    std::string name;
    std::string arn;                       ///< arn:aws:kinesis:<region>:<account>:stream/<name>
    int shardCount = 1;
    int retentionHours = 24;
    SourceLocation location;
};

}  // namespace lambdadesk::core
