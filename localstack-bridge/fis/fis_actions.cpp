// SPDX-License-Identifier: MIT
// ListActions, GetAction, ListTargetResourceTypes and GetTargetResourceType: the runner's action catalogue in
// FIS's shapes.
#include "fis/fis_handler.h"
#include "fis/fis_json.h"

#include <template/action_catalog.h>

namespace lambdadesk::bridge {

using core::net::HttpResponse;
using Json = nlohmann::json;

HttpResponse FisHandler::listActions(const FisCall& call)
{
    Json items = Json::array();
    for (const auto& action : faults::actionCatalog())
        items.push_back(actionJson(action, call.context.region, false));
    return listPage(call, "actions", std::move(items));
}

HttpResponse FisHandler::getAction(const FisCall& call, const std::string& id)
{
    const auto* action = faults::findAction(id);
    if (!action)
        return error(call, 404, "ResourceNotFoundException",
                     "Action not found: " + id + " (GET /actions lists the actions LambdaDesk runs)");
    return ok({{"action", actionJson(*action, call.context.region, true)}});
}

HttpResponse FisHandler::listTargetResourceTypes(const FisCall& call)
{
    return listPage(call, "targetResourceTypes", targetResourceTypesJson());
}

HttpResponse FisHandler::getTargetResourceType(const FisCall& call, const std::string& resourceType)
{
    auto found = targetResourceTypeJson(resourceType);
    if (found.is_null())
        return error(call, 404, "ResourceNotFoundException",
                     "Target resource type not found: " + resourceType +
                         " (LambdaDesk's actions target "
                         "aws:lambda:function)");
    return ok({{"targetResourceType", std::move(found)}});
}

} // namespace lambdadesk::bridge
