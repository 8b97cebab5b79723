// SPDX-License-Identifier: MIT
#include "console/console_draft.h"

#include "console/function_scaffold.h"

#include <project/template_editor.h>
#include <project/template_loader.h>
#include <project/template_writer.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace lambdadesk::gui {

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

/// The name at the end of an ARN: …:orders, …:stream/clicks.
std::string arnName(const std::string& arn)
{
    const auto cut = arn.find_last_of(":/");
    return cut == std::string::npos ? arn : arn.substr(cut + 1);
}

std::string queueArnFor(const core::Project& project, const std::string& name)
{
    for (const auto& queue : project.queues) {
        if (queue.name == name || queue.logicalId == name || queue.arn == name)
            return queue.arn;
    }
    return {};
}

std::string streamArnFor(const core::Project& project, const std::string& name)
{
    for (const auto& stream : project.streams) {
        if (stream.name == name || stream.logicalId == name || stream.arn == name)
            return stream.arn;
    }
    return {};
}

}  // namespace

TriggerRow triggerRow(const core::EventSourceConfig& event)
{
    TriggerRow row;
    row.name = event.name;
    row.type = event.type;
    row.original = event.properties.is_object() ? event.properties : Json::object();
    const Json& properties = row.original;
    const auto text = [&](const char* name) {
        const auto found = properties.find(name);
        return found != properties.end() && found->is_string() ? found->get<std::string>() : std::string();
    };
    if (event.type == "SQS")
        row.source = arnName(text("Queue"));
    else if (event.type == "Kinesis")
        row.source = arnName(text("Stream"));
    else if (event.type == "Schedule")
        row.source = text("Schedule");
    else if (event.type == "ScheduleV2")
        row.source = text("ScheduleExpression");
    else if (event.type == "HttpApi" || event.type == "Api")
        row.source = (text("Method").empty() ? std::string("ANY") : text("Method")) + ' ' + text("Path");
    if (const auto batch = properties.find("BatchSize"); batch != properties.end() && batch->is_number_integer())
        row.batchSize = batch->get<int>();
    return row;
}

core::Expected<core::EventSourceConfig> triggerEvent(const TriggerRow& row, const core::Project& project,
                                                     ConsoleDraft& draft)
{
    static const std::string kAccepted = "SQS, Kinesis, Schedule, ScheduleV2, HttpApi or Api";
    if (row.name.empty() || !std::all_of(row.name.begin(), row.name.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); }))
        return core::Error{"InvalidTrigger", "trigger name '" + row.name + "' must be letters and digits"};
    core::EventSourceConfig event{row.name, row.type, row.original, {}};
    Json& properties = event.properties;
    if (row.batchSize > 0)
        properties["BatchSize"] = row.batchSize;
    if (row.type == "SQS" || row.type == "Kinesis") {
        if (row.source.empty())
            return core::Error{"InvalidTrigger", row.name + ": name the " + (row.type == "SQS" ? "queue" : "stream")};
        const bool sqs = row.type == "SQS";
        std::string arn = sqs ? queueArnFor(project, row.source) : streamArnFor(project, row.source);
        if (arn.empty()) {
            // A queue or stream the project lacks is made with the function, named as typed.
            const std::string logicalId = core::logicalIdForName(row.source);
            if (sqs) {
                core::QueueConfig queue;
                queue.logicalId = logicalId;
                queue.name = row.source;
                queue.fifo = row.source.ends_with(".fifo");
                if (queue.fifo)
                    queue.attributes["FifoQueue"] = "true";
                // Lambda refuses a mapping whose queue hides messages for less than the function runs; AWS
                // advises six times the timeout.
                queue.attributes["VisibilityTimeout"] =
                    std::to_string(std::min(43200, 6 * draft.function.timeoutSeconds));
                queue.arn = "arn:aws:sqs:" + project.region + ':' + project.accountId + ':' + row.source;
                arn = queue.arn;
                if (std::none_of(draft.newQueues.begin(), draft.newQueues.end(),
                                 [&](const auto& each) { return each.arn == queue.arn; }))
                    draft.newQueues.push_back(queue);
            } else {
                core::StreamConfig stream;
                stream.logicalId = logicalId;
                stream.name = row.source;
                stream.arn = "arn:aws:kinesis:" + project.region + ':' + project.accountId + ":stream/" + row.source;
                arn = stream.arn;
                if (std::none_of(draft.newStreams.begin(), draft.newStreams.end(),
                                 [&](const auto& each) { return each.arn == stream.arn; }))
                    draft.newStreams.push_back(stream);
            }
        }
        properties[sqs ? "Queue" : "Stream"] = arn;
        if (!sqs && !properties.contains("StartingPosition"))
            properties["StartingPosition"] = "LATEST";
    } else if (row.type == "Schedule" || row.type == "ScheduleV2") {
        if (row.source.empty())
            return core::Error{"InvalidTrigger", row.name + ": give a schedule such as rate(5 minutes) or "
                                                            "cron(0 12 * * ? *)"};
        properties[row.type == "Schedule" ? "Schedule" : "ScheduleExpression"] = row.source;
    } else if (row.type == "HttpApi" || row.type == "Api") {
        std::istringstream words(row.source);
        std::string method, path;
        words >> method >> path;
        if (path.empty())
            return core::Error{"InvalidTrigger", row.name + ": give a method and a path, e.g. 'GET /items'"};
        properties["Method"] = method;
        properties["Path"] = path;
    } else if (row.original.empty()) {
        return core::Error{"InvalidTrigger", row.name + ": type '" + row.type + "' is not one the console makes; use " +
                                                 kAccepted};
    }
    return event;
}

core::Expected<SaveOutcome> saveDraft(const ConsoleDraft& draft, const core::Project& project)
{
    SaveOutcome outcome;
    const core::FunctionConfig& function = draft.function;
    std::error_code error;
    if (!fs::exists(function.codeDir, error) || fs::is_empty(function.codeDir, error)) {
        if (auto made = scaffoldFunction(function); !made)
            return made.error();
        outcome.createdCode = true;
    }
    outcome.needsBuild = buildsWithMake(function) && !fs::exists(function.codeDir / "bootstrap", error);

    std::ifstream in(project.templatePath, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    core::TemplateWriteOptions options;
    options.rootDir = project.rootDir;
    if (buildsWithMake(function))
        options.makefileFunctions.push_back(function.logicalId);
    const auto resources = core::writeResources({function}, draft.newQueues, draft.newStreams, project, options);
    auto edited = core::putResources(text.str(), resources);
    if (!edited)
        return edited.error();

    const auto check = core::loadProjectFromString(*edited, project.templatePath.filename().string(), project.rootDir);
    if (!check.ok())
        return core::Error{"InvalidFunction", "not saved; the template would not load:\n" + check.errorText()};
    // Written beside and renamed over, so the watcher never reads half a template.
    const fs::path temporary = project.templatePath.string() + ".lambdadesk-save";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << *edited;
        if (!out)
            return core::Error{"WriteFailed", "cannot write " + temporary.string()};
    }
    fs::rename(temporary, project.templatePath, error);
    if (error)
        return core::Error{"WriteFailed", "cannot replace " + project.templatePath.string() + ": " + error.message()};
    return outcome;
}

}  // namespace lambdadesk::gui
