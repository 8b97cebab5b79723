// SPDX-License-Identifier: MIT
// Create/Get/List/Update/DeleteEventSourceMapping over core's EventSources.
#include "lambda/lambda_handler.h"
#include "lambda/mapping_json.h"

#include <engine.h>
#include <model/arn.h>
#include <model/function_name.h>
#include <mappings/event_sources.h>

#include <algorithm>

namespace lambdadesk::bridge {

using core::net::HttpResponse;
using Json = nlohmann::json;

namespace {

core::Error mappingNotFound()
{
    return core::Error{"ResourceNotFoundException", "The resource you requested does not exist. (Service: Lambda)"};
}

}  // namespace

core::Expected<void> LambdaHandler::saveMapping(core::EventSourceMappingConfig config)
{
    // Saved with the function's ARN, not its key: the key depends on the default region of the day.
    config.functionName =
        core::functionArnOfKey(config.functionName, m_engine.options().region, m_engine.options().accountId);
    return m_mappings.save(config);
}

bool LambdaHandler::mappingInRegion(const LambdaCall& call, const core::EventSourceMappingConfig& config) const
{
    // A mapping lives in its function's region (one whose function was deleted, in the region its key names).
    const auto function = m_engine.function(config.functionName);
    const auto region =
        function ? regionOf(*function) : core::regionOfFunctionKey(config.functionName, m_engine.options().region);
    return region == call.context.region;
}

HttpResponse LambdaHandler::createMapping(const LambdaCall& call)
{
    auto* sources = m_engine.sources();
    if (!sources)
        return error(call, 500, "ServiceException", "Event source mappings are unavailable: the state database did not open");
    auto body = bodyJson(call);
    if (!body)
        return error(call, body.error());
    core::EventSourceMappingConfig config;
    if (auto applied = applyMappingInput(*body, config, true); !applied)
        return error(call, applied.error());
    auto function = findFunction(call, config.functionName);
    if (!function)
        return error(call, function.error());
    config.functionName = function->name;
    // Lambda polls sources of the function's own region only.
    if (const auto sourceRegion = core::regionOfArn(config.eventSourceArn);
        !sourceRegion.empty() && sourceRegion != regionOf(*function))
        return error(call, 400, "InvalidParameterValueException",
                     "The event source " + config.eventSourceArn + " is in " + sourceRegion + " and the function in " +
                         regionOf(*function) + ": a mapping's source must be in its function's region");
    auto created = sources->createMapping(config);
    if (!created)
        return error(call, created.error());
    if (auto saved = saveMapping(created->config); !saved)
        return error(call, saved.error());
    return ok(202, mappingJson(*created, function->arn, m_mappings.lastModified(created->config.uuid)));
}

HttpResponse LambdaHandler::getMapping(const LambdaCall& call, const std::string& uuid)
{
    auto* sources = m_engine.sources();
    const auto status = sources ? sources->mapping(uuid) : std::nullopt;
    if (!status || !mappingInRegion(call, status->config))
        return error(call, mappingNotFound());
    const auto arn = arnOfKey(call, status->config.functionName);
    return ok(200, mappingJson(*status, arn, m_mappings.lastModified(uuid)));
}

HttpResponse LambdaHandler::listMappings(const LambdaCall& call)
{
    auto* sources = m_engine.sources();
    auto all = sources ? sources->mappings() : std::vector<core::MappingStatus>{};
    const auto* sourceArn = findParameter(call.query, "EventSourceArn");
    const auto* functionName = findParameter(call.query, "FunctionName");
    std::vector<core::MappingStatus> matching;
    for (auto& status : all) {
        if (sourceArn && !sourceArn->empty() && status.config.eventSourceArn != *sourceArn)
            continue;
        // A region lists the mappings of its own functions.
        if (!mappingInRegion(call, status.config))
            continue;
        if (functionName && !functionName->empty() &&
            core::awsFunctionName(status.config.functionName) != core::functionNameFromIdentifier(*functionName))
            continue;
        matching.push_back(std::move(status));
    }
    std::sort(matching.begin(), matching.end(), [](const core::MappingStatus& a, const core::MappingStatus& b) {
        return a.config.uuid < b.config.uuid;
    });
    auto pageSize = maxItems(call, 100);
    if (!pageSize)
        return error(call, pageSize.error());
    auto it = matching.begin();
    if (const auto* marker = findParameter(call.query, "Marker"); marker && !marker->empty()) {
        it = std::lower_bound(matching.begin(), matching.end(), *marker,
                              [](const core::MappingStatus& s, const std::string& m) { return s.config.uuid < m; });
    }
    Json list = Json::array();
    for (; it != matching.end() && static_cast<int>(list.size()) < *pageSize; ++it) {
        const auto arn = arnOfKey(call, it->config.functionName);
        list.push_back(mappingJson(*it, arn, m_mappings.lastModified(it->config.uuid)));
    }
    Json body = {{"EventSourceMappings", list}};
    if (it != matching.end())
        body["NextMarker"] = it->config.uuid;
    return ok(200, body);
}

HttpResponse LambdaHandler::updateMapping(const LambdaCall& call, const std::string& uuid)
{
    auto* sources = m_engine.sources();
    auto status = sources ? sources->mapping(uuid) : std::nullopt;
    if (!status || !mappingInRegion(call, status->config))
        return error(call, mappingNotFound());
    auto body = bodyJson(call);
    if (!body)
        return error(call, body.error());
    auto config = status->config;
    if (auto applied = applyMappingInput(*body, config, false); !applied)
        return error(call, applied.error());
    // The mapping keeps its function's key; a client names a function the way AWS does (name or ARN).
    const bool sameFunction = config.functionName == status->config.functionName;
    auto function = findFunction(call, sameFunction ? arnOfKey(call, config.functionName) : config.functionName);
    if (!function)
        return error(call, function.error());
    config.functionName = function->name;
    auto updated = sources->updateMapping(config);
    if (!updated)
        return error(call, updated.error());
    if (auto saved = saveMapping(updated->config); !saved)
        return error(call, saved.error());
    return ok(202, mappingJson(*updated, function->arn, m_mappings.lastModified(uuid)));
}

HttpResponse LambdaHandler::deleteMapping(const LambdaCall& call, const std::string& uuid)
{
    auto* sources = m_engine.sources();
    auto status = sources ? sources->mapping(uuid) : std::nullopt;
    if (!status || !mappingInRegion(call, status->config))
        return error(call, mappingNotFound());
    if (auto deleted = sources->deleteMapping(uuid); !deleted)
        return error(call, deleted.error());
    const double lastModified = m_mappings.lastModified(uuid);
    m_mappings.forget(uuid);
    status->state = "Deleting";
    const auto arn = arnOfKey(call, status->config.functionName);
    return ok(202, mappingJson(*status, arn, lastModified));
}

}  // namespace lambdadesk::bridge
