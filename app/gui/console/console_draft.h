// SPDX-License-Identifier: MIT
#pragma once

#include <model/expected.h>
#include <model/function_config.h>
#include <model/project.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace lambdadesk::gui {

/// One trigger as the console edits it: a type and the one value that matters most for it.
struct TriggerRow {
    std::string name;        ///< the key under Events
    std::string type;        ///< SQS, Kinesis, Schedule, HttpApi (others are kept as they were)
    std::string source;      ///< queue or stream name, schedule expression, or "METHOD /path"
    int batchSize = 0;       ///< 0 = the service's default
    nlohmann::json original = nlohmann::json::object();  ///< the properties it had, kept for what the row omits
};

/// What the console saves: a function and the queues and streams its triggers name that the project lacks.
struct ConsoleDraft {
    core::FunctionConfig function;
    std::vector<core::QueueConfig> newQueues;
    std::vector<core::StreamConfig> newStreams;
};

/// The row of an existing trigger (queue and stream ARNs shown by name).
TriggerRow triggerRow(const core::EventSourceConfig& event);

/// The trigger a row describes; a queue or stream the project does not have is added to `draft` as new.
core::Expected<core::EventSourceConfig> triggerEvent(const TriggerRow& row, const core::Project& project,
                                                     ConsoleDraft& draft);

struct SaveOutcome {
    bool createdCode = false;  ///< the function's folder was new and got starting code
    bool needsBuild = false;   ///< a C/C++ function: its Makefile has to build `bootstrap`
};

/// Saves a draft into the project's template: starting code when the folder is new, then the function's
/// resource (and new queues and streams) replaced or added with the template's other lines untouched. The
/// new text is read first; when it would not load, nothing is written and the error says why.
core::Expected<SaveOutcome> saveDraft(const ConsoleDraft& draft, const core::Project& project);

}  // namespace lambdadesk::gui
