// SPDX-License-Identifier: MIT
#pragma once

#include <model/function_config.h>
#include <model/project.h>

#include <string>
#include <vector>

namespace lambdadesk::exporter {

/// Something about a function that cfn-lint lets through and a deploy (or the first invoke) would not.
struct DeployCheck {
    enum class Severity { Error, Warning };
    Severity severity = Severity::Error;
    std::string field;    ///< the SAM property, dotted: "MemorySize", "Events.Orders.BatchSize"
    std::string message;  ///< what is wrong and what would be accepted

    /// "OrderProcessor: Events.Orders.BatchSize: …"
    [[nodiscard]] std::string toString(const std::string& function) const;
};

/// The checks of reference/export.md §2.5 and §6 for one function of `project` (whose queues give
/// visibility timeouts and FIFO-ness): memory over 10,240 MB, timeout, environment variable names, a
/// missing code folder or handler, provisioned above reserved concurrency, reserved concurrency on small
/// accounts, SQS batch size over 10 without a batching window, FIFO batches, a visibility timeout below the
/// function timeout, StartingPosition on SQS, filter patterns that are not JSON, Kinesis without
/// StartingPosition, 5-field cron and unknown time zones, HTTP paths without '/'.
std::vector<DeployCheck> checkFunction(const core::FunctionConfig& function, const core::Project& project);

/// True when any check is an error.
bool hasErrors(const std::vector<DeployCheck>& checks);

}  // namespace lambdadesk::exporter
