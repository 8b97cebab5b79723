// SPDX-License-Identifier: MIT
#pragma once

#include "endpoint/service_handler.h"
#include "endpoint/url_codec.h"

#include <model/expected.h>

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace lambdadesk::faults {
class ExperimentRunner;
}

namespace lambdadesk::bridge {

/// One FIS API request, parsed: its path segments (percent-decoded) and query.
struct FisCall {
    const core::net::HttpRequest& request;
    const RequestContext& context;
    std::vector<std::string> segments; ///< "/experimentTemplates/EXT1" → {experimentTemplates, EXT1}
    QueryParameters query;
};

/// The AWS FIS API (rest-json, 2020-12-01, SigV4 service `fis`) over faults::ExperimentRunner: experiment
/// templates, experiments, the action catalogue and target resource types, plus LambdaDesk's experiment reports
/// (GET /experiments/{id}/report and /report.html). One method per operation, grouped in fis_templates.cpp,
/// fis_experiments.cpp and fis_actions.cpp; the wire shapes the runner does not write are in fis_json.h.
class FisHandler : public ServiceHandler {
public:
    explicit FisHandler(std::shared_ptr<faults::ExperimentRunner> runner);
    void handle(core::net::HttpRequest&& request, const RequestContext& context,
                core::net::HttpResponder respond) override;

private:
    using Response = core::net::HttpResponse;

    Response dispatch(const FisCall& call);

    // fis_templates.cpp
    Response createTemplate(const FisCall& call);
    Response getTemplate(const FisCall& call, const std::string& id);
    Response listTemplates(const FisCall& call);
    Response updateTemplate(const FisCall& call, const std::string& id);
    Response deleteTemplate(const FisCall& call, const std::string& id);

    // fis_experiments.cpp
    Response startExperiment(const FisCall& call);
    Response getExperiment(const FisCall& call, const std::string& id);
    Response listExperiments(const FisCall& call);
    Response stopExperiment(const FisCall& call, const std::string& id);
    /// LambdaDesk's extension: the experiment's report as JSON, or as one self-contained HTML page.
    Response getReport(const FisCall& call, const std::string& id, bool html);

    // fis_actions.cpp
    Response listActions(const FisCall& call);
    Response getAction(const FisCall& call, const std::string& id);
    Response listTargetResourceTypes(const FisCall& call);
    Response getTargetResourceType(const FisCall& call, const std::string& resourceType);

    // Shared helpers (fis_handler.cpp).
    /// The request body as a JSON object ({} when empty), or a ValidationException saying what is wrong with it.
    static core::Expected<nlohmann::json> bodyJson(const FisCall& call, const std::string& operation);
    /// One page of a List operation: `items` cut by the query's maxResults (1–100) and nextToken, answered as
    /// {"<key>": [...], "nextToken": "…"} (nextToken only while more follow).
    static Response listPage(const FisCall& call, const std::string& key, nlohmann::json items);
    static Response ok(const nlohmann::json& body);
    static Response error(const FisCall& call, int status, const std::string& code, const std::string& message);
    /// An Error from the runner or a parser, with the status FIS gives its code.
    static Response error(const FisCall& call, const core::Error& failure);

    std::shared_ptr<faults::ExperimentRunner> m_runner;
};

} // namespace lambdadesk::bridge
