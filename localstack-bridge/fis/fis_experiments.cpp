// SPDX-License-Identifier: MIT
// StartExperiment, GetExperiment, ListExperiments, StopExperiment, and LambdaDesk's report of an experiment.
#include "fis/fis_handler.h"
#include "fis/fis_json.h"

#include <run/experiment_report.h>
#include <run/experiment_runner.h>

namespace lambdadesk::bridge {

using core::net::HttpResponse;
using Json = nlohmann::json;

namespace {

core::Error experimentNotFound(const std::string& id)
{
    return core::Error{"ResourceNotFoundException", "Experiment " + id + " not found"};
}

core::Error invalid(const std::string& message)
{
    return core::Error{"ValidationException", message};
}

/// StartExperiment's input (clientToken, experimentTemplateId, experimentOptions, tags) and LambdaDesk's
/// `"lambdadesk": {"seed": n}`, checked member by member.
core::Expected<faults::StartOptions> readStartInput(const Json& body, std::string& templateId)
{
    faults::StartOptions options;
    for (const auto& [name, value] : body.items()) {
        if (name == "experimentTemplateId") {
            if (!value.is_string() || value.get_ref<const std::string&>().empty())
                return invalid("experimentTemplateId must be a non-empty string: the id (EXT…) of a template");
            templateId = value.get<std::string>();
        } else if (name == "clientToken") {
            if (!value.is_string())
                return invalid("clientToken must be a string (the same token starts the same experiment once)");
            options.clientToken = value.get<std::string>();
        } else if (name == "tags") {
            if (!value.is_object())
                return invalid("tags must be an object of string values, such as {\"team\": \"payments\"}");
            for (const auto& [key, tag] : value.items()) {
                if (!tag.is_string())
                    return invalid("tags." + key + " must be a string");
                options.tags[key] = tag.get<std::string>();
            }
        } else if (name == "experimentOptions") {
            if (!value.is_object())
                return invalid("experimentOptions must be an object such as {\"actionsMode\": \"run-all\"}");
            for (const auto& [key, option] : value.items()) {
                if (key != "actionsMode")
                    return invalid("experimentOptions." + key +
                                   " is not a StartExperiment option (accepted: actionsMode)");
                if (option != "run-all")
                    return invalid("experimentOptions.actionsMode: LambdaDesk runs experiments with \"run-all\" only "
                                   "(\"skip-all\" is not emulated)");
            }
        } else if (name == "lambdadesk") {
            const auto seed = value.is_object() ? value.find("seed") : value.end();
            if (!value.is_object() || value.size() != 1 || seed == value.end() || !seed->is_number_unsigned())
                return invalid("lambdadesk must be {\"seed\": n} with n a whole number (the seed that picks which "
                               "invocations an action hits)");
            options.seed = seed->get<std::uint64_t>();
        } else {
            return invalid("'" + name +
                           "' is not a StartExperiment member (accepted: clientToken, "
                           "experimentTemplateId, experimentOptions, tags, lambdadesk)");
        }
    }
    if (templateId.empty())
        return invalid("experimentTemplateId is required: the id (EXT…) of the template to start");
    return options;
}

} // namespace

HttpResponse FisHandler::startExperiment(const FisCall& call)
{
    auto body = bodyJson(call, "StartExperiment");
    if (!body)
        return error(call, body.error());
    std::string templateId;
    auto options = readStartInput(*body, templateId);
    if (!options)
        return error(call, options.error());
    auto started = m_runner->start(templateId, *options);
    if (!started)
        return error(call, started.error());
    return ok({{"experiment", faults::toJson(*started)}});
}

HttpResponse FisHandler::getExperiment(const FisCall& call, const std::string& id)
{
    const auto found = m_runner->experiment(id);
    if (!found)
        return error(call, experimentNotFound(id));
    return ok({{"experiment", faults::toJson(*found)}});
}

HttpResponse FisHandler::listExperiments(const FisCall& call)
{
    const auto* templateId = findParameter(call.query, "experimentTemplateId");
    Json items = Json::array();
    for (const auto& experiment : m_runner->experiments()) {
        if (!templateId || templateId->empty() || experiment.templateId == *templateId)
            items.push_back(experimentSummaryJson(experiment));
    }
    return listPage(call, "experiments", std::move(items));
}

HttpResponse FisHandler::stopExperiment(const FisCall& call, const std::string& id)
{
    auto stopped = m_runner->stop(id);
    if (!stopped)
        return error(call, stopped.error());
    return ok({{"experiment", faults::toJson(*stopped)}});
}

HttpResponse FisHandler::getReport(const FisCall& call, const std::string& id, bool html)
{
    const auto report = m_runner->report(id);
    if (!report)
        return error(call, experimentNotFound(id));
    if (!html)
        return ok(faults::toJson(*report));
    HttpResponse response;
    response.status = 200;
    response.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
    response.body = faults::toHtml(*report);
    return response;
}

} // namespace lambdadesk::bridge
