// SPDX-License-Identifier: MIT
#pragma once

#include "template/experiment_template.h"

#include <model/expected.h>

#include <chrono>
#include <set>
#include <string>

namespace lambdadesk::faults {

/// An action's parameters read once, typed, with the catalogue's defaults filled in.
struct ActionEffect {
    enum class Kind {
        Delay, Error, HttpResponse, Wait, Crash, Timeout, ColdStart, ConcurrencyLimit, ApiLatency, ApiError,
        DeliveryDelay, DeliveryDuplicate
    };
    /// Which fault point the action acts at; actions in one group conflict (the earliest started wins).
    enum class Group {
        None, Delay, Response, Kill, ColdStart, Concurrency, ApiLatency, ApiError, DeliveryDelay, DeliveryDuplicate
    };

    Kind kind = Kind::Wait;
    std::chrono::milliseconds duration{0};
    int percentage = 100;
    std::chrono::milliseconds delay{0};           ///< Delay: startupDelayMilliseconds; Crash/Timeout: afterMilliseconds;
                                                  ///< ApiLatency: latencyMilliseconds; DeliveryDelay: delayMilliseconds
    bool preventExecution = false;
    int statusCode = 0;                           ///< HttpResponse, ApiError
    std::string contentType;                      ///< HttpResponse
    std::string errorCode;                        ///< ApiError
    int reservedConcurrency = 0;                  ///< ConcurrencyLimit
    int copies = 0;                               ///< DeliveryDuplicate: extra deliveries of a hit batch
    std::set<std::string> services;               ///< Api*: lower-case; empty = every service
    std::set<std::string> operations;             ///< Api*: empty = every operation

    [[nodiscard]] Group group() const;
    /// Acts on invocations of the target functions (as opposed to placements or service calls).
    [[nodiscard]] bool matchesCall(const std::string& service, const std::string& operation) const;
    /// "delay 500 ms", "error (handler not run)", "HTTP 503 (handler ran)", … for FaultApplied.
    [[nodiscard]] std::string describe() const;
};

/// Reads an action of a validated template. Errors only for what validation cannot see (none expected).
core::Expected<ActionEffect> readActionEffect(const ExperimentAction& action);

}  // namespace lambdadesk::faults
