// SPDX-License-Identifier: MIT
#include "events/sample_events.h"

#include <runtime/runtime_catalog.h>

#include <cctype>
#include <fstream>

namespace lambdadesk::exporter {

using Json = nlohmann::json;

namespace {

std::string stringMember(const Json& object, const char* name, const std::string& otherwise = {})
{
    const auto found = object.find(name);
    return found != object.end() && found->is_string() ? found->get<std::string>() : otherwise;
}

void fillRecords(Json& event, const std::string& sourceArn, const std::string& region)
{
    for (auto& record : event["Records"]) {
        record["eventSourceARN"] = sourceArn;
        record["awsRegion"] = region;
    }
}

/// An API event's path and the method a sample request uses (ANY is sent as GET), with the declared method
/// upper-cased for the route key.
struct Route {
    std::string path;
    std::string method;
    std::string declared;
};

Route routeOf(const Json& properties)
{
    Route route{stringMember(properties, "Path", "/"), {}, stringMember(properties, "Method", "GET")};
    for (auto& c : route.declared)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    route.method = route.declared == "ANY" ? std::string("GET") : route.declared;
    return route;
}

std::optional<Json> restEvent(const Json& properties, const core::Project& project)
{
    auto event = eventTemplate("apigateway-rest");
    if (!event)
        return std::nullopt;
    const auto [path, method, declared] = routeOf(properties);
    (*event)["resource"] = path;
    (*event)["path"] = path;
    (*event)["httpMethod"] = method;
    (*event)["pathParameters"] = nullptr;
    (*event)["requestContext"]["resourcePath"] = path;
    (*event)["requestContext"]["path"] = "/Prod" + path;
    (*event)["requestContext"]["httpMethod"] = method;
    (*event)["requestContext"]["accountId"] = project.accountId;
    return event;
}

std::optional<Json> httpEvent(const Json& properties, const core::Project& project)
{
    auto event = eventTemplate("apigateway-http");
    if (!event)
        return std::nullopt;
    const auto [path, method, declared] = routeOf(properties);
    const std::string routeKey = properties.contains("Path") ? declared + ' ' + path : std::string("$default");
    (*event)["routeKey"] = routeKey;
    (*event)["rawPath"] = path;
    (*event)["requestContext"]["routeKey"] = routeKey;
    (*event)["requestContext"]["http"]["method"] = method;
    (*event)["requestContext"]["http"]["path"] = path;
    (*event)["requestContext"]["accountId"] = project.accountId;
    return event;
}

std::optional<Json> scheduleEvent(const core::FunctionConfig& function, const core::EventSourceConfig& trigger,
                                  const core::Project& project)
{
    // With Input, EventBridge sends the input itself instead of the scheduled-event envelope.
    const std::string input = stringMember(trigger.properties, "Input");
    if (!input.empty()) {
        auto parsed = Json::parse(input, nullptr, false);
        if (!parsed.is_discarded())
            return parsed;
    }
    auto event = eventTemplate("schedule");
    if (!event)
        return std::nullopt;
    (*event)["region"] = project.region;
    (*event)["account"] = project.accountId;
    (*event)["resources"] = Json::array(
        {"arn:aws:events:" + project.region + ':' + project.accountId + ":rule/" + function.logicalId + trigger.name});
    return event;
}

}  // namespace

std::optional<Json> eventTemplate(const std::string& name)
{
    std::ifstream in(core::resourcesDir() / "events" / (name + ".json"));
    if (!in)
        return std::nullopt;
    auto parsed = Json::parse(in, nullptr, false);
    if (parsed.is_discarded())
        return std::nullopt;
    return parsed;
}

std::vector<SampleEvent> sampleEvents(const core::FunctionConfig& function, const core::Project& project)
{
    std::vector<SampleEvent> samples;
    for (const auto& trigger : function.events) {
        std::optional<Json> event;
        if (trigger.type == "SQS") {
            if ((event = eventTemplate("sqs")))
                fillRecords(*event, stringMember(trigger.properties, "Queue"), project.region);
        } else if (trigger.type == "Kinesis") {
            if ((event = eventTemplate("kinesis")))
                fillRecords(*event, stringMember(trigger.properties, "Stream"), project.region);
        } else if (trigger.type == "Api") {
            event = restEvent(trigger.properties, project);
        } else if (trigger.type == "HttpApi") {
            event = httpEvent(trigger.properties, project);
        } else if (trigger.type == "Schedule" || trigger.type == "ScheduleV2") {
            event = scheduleEvent(function, trigger, project);
        }
        if (event)
            samples.push_back({trigger.name, std::move(*event)});
    }
    return samples;
}

}  // namespace lambdadesk::exporter
