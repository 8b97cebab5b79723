// SPDX-License-Identifier: MIT
// CreateExperimentTemplate, GetExperimentTemplate, ListExperimentTemplates, UpdateExperimentTemplate and
// DeleteExperimentTemplate. The runner reads and checks the template (every error names the field); this file
// only moves JSON between the wire and it.
#include "fis/fis_handler.h"
#include "fis/fis_json.h"

#include <run/experiment_runner.h>

namespace lambdadesk::bridge {

using core::net::HttpResponse;
using Json = nlohmann::json;

namespace {

core::Error templateNotFound(const std::string& id)
{
    return core::Error{"ResourceNotFoundException", "Experiment template " + id + " not found"};
}

} // namespace

HttpResponse FisHandler::createTemplate(const FisCall& call)
{
    auto body = bodyJson(call, "CreateExperimentTemplate");
    if (!body)
        return error(call, body.error());
    auto created = m_runner->createTemplate(*body);
    if (!created)
        return error(call, created.error());
    return ok({{"experimentTemplate", faults::toJson(*created)}});
}

HttpResponse FisHandler::getTemplate(const FisCall& call, const std::string& id)
{
    const auto found = m_runner->getTemplate(id);
    if (!found)
        return error(call, templateNotFound(id));
    return ok({{"experimentTemplate", faults::toJson(*found)}});
}

HttpResponse FisHandler::listTemplates(const FisCall& call)
{
    Json items = Json::array();
    for (const auto& experimentTemplate : m_runner->listTemplates())
        items.push_back(templateSummaryJson(experimentTemplate));
    return listPage(call, "experimentTemplates", std::move(items));
}

HttpResponse FisHandler::updateTemplate(const FisCall& call, const std::string& id)
{
    auto body = bodyJson(call, "UpdateExperimentTemplate");
    if (!body)
        return error(call, body.error());
    auto updated = m_runner->updateTemplate(id, *body);
    if (!updated)
        return error(call, updated.error());
    return ok({{"experimentTemplate", faults::toJson(*updated)}});
}

HttpResponse FisHandler::deleteTemplate(const FisCall& call, const std::string& id)
{
    auto deleted = m_runner->deleteTemplate(id);
    if (!deleted)
        return error(call, deleted.error());
    return ok({{"experimentTemplate", faults::toJson(*deleted)}});
}

} // namespace lambdadesk::bridge
