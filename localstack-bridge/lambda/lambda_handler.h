// SPDX-License-Identifier: MIT
#pragma once

#include "endpoint/service_handler.h"
#include "endpoint/url_codec.h"
#include "lambda/function_catalog.h"
#include "lambda/mapping_catalog.h"
#include "upstream/http_client.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lambdadesk::core {
class Engine;
}

namespace lambdadesk::bridge {

/// One Lambda API request, parsed: its path segments (percent-decoded) and query.
struct LambdaCall {
    const core::net::HttpRequest& request;
    const RequestContext& context;
    std::vector<std::string> segments;  ///< "/2015-03-31/functions/f/invocations" → {2015-03-31, functions, f, invocations}
    QueryParameters query;
};

/// The Lambda API (rest-json, 2015-03-31) over the engine: function management, invoke, concurrency,
/// async invoke configuration, event source mappings, account settings and tags. One method per
/// operation, grouped in lambda_functions.cpp, lambda_invoke.cpp, lambda_settings.cpp, lambda_mappings.cpp.
class LambdaHandler : public ServiceHandler {
public:
    /// `workspace` holds the code and configuration of functions created through the API; `upstreamUrl`
    /// (may be empty) is where S3Bucket/S3Key code locations are fetched from: asynchronously on `executor`
    /// (the endpoint's), so the endpoint serves on during the download; without one, blocking (tests).
    LambdaHandler(core::Engine& engine, std::filesystem::path workspace, std::string endpointUrl,
                  std::string upstreamUrl = {}, std::optional<boost::asio::any_io_executor> executor = {});
    void handle(core::net::HttpRequest&& request, const RequestContext& context,
                core::net::HttpResponder respond) override;

private:
    using Response = core::net::HttpResponse;

    Response dispatch(const LambdaCall& call);
    /// CreateFunction or UpdateFunctionCode with code in S3: fetches it from the upstream without blocking,
    /// then answers. False when the request is not one of those (or cannot be fetched that way).
    bool fetchS3CodeThenDispatch(core::net::HttpRequest& request, const RequestContext& context,
                                 core::net::HttpResponder& respond);

    // lambda_functions.cpp
    /// `fetchedZip`: the code, when it was in S3 and already fetched from the upstream.
    Response createFunction(const LambdaCall& call, const std::string* fetchedZip = nullptr);
    Response getFunction(const LambdaCall& call, const std::string& name);
    Response getFunctionConfiguration(const LambdaCall& call, const std::string& name);
    Response listFunctions(const LambdaCall& call);
    Response updateFunctionCode(const LambdaCall& call, const std::string& name,
                                const std::string* fetchedZip = nullptr);
    Response updateFunctionConfiguration(const LambdaCall& call, const std::string& name);
    Response deleteFunction(const LambdaCall& call, const std::string& name);

    // lambda_invoke.cpp
    void invoke(const LambdaCall& call, const std::string& name, core::net::HttpResponder respond);
    Response invokeEvent(const LambdaCall& call, const std::string& name, bool legacyInvokeAsync);

    // lambda_settings.cpp
    Response putConcurrency(const LambdaCall& call, const std::string& name);
    Response getConcurrency(const LambdaCall& call, const std::string& name);
    Response deleteConcurrency(const LambdaCall& call, const std::string& name);
    Response putEventInvokeConfig(const LambdaCall& call, const std::string& name, bool merge);
    Response getEventInvokeConfig(const LambdaCall& call, const std::string& name);
    Response deleteEventInvokeConfig(const LambdaCall& call, const std::string& name);
    Response listEventInvokeConfigs(const LambdaCall& call, const std::string& name);
    Response getAccountSettings(const LambdaCall& call);
    Response tagResource(const LambdaCall& call, const std::string& arn);
    Response untagResource(const LambdaCall& call, const std::string& arn);
    Response listTags(const LambdaCall& call, const std::string& arn);

    // lambda_mappings.cpp
    Response createMapping(const LambdaCall& call);
    Response getMapping(const LambdaCall& call, const std::string& uuid);
    Response listMappings(const LambdaCall& call);
    Response updateMapping(const LambdaCall& call, const std::string& uuid);
    Response deleteMapping(const LambdaCall& call, const std::string& uuid);

    /// Saves an API-created mapping (by its function's ARN, so a later default region finds the function).
    core::Expected<void> saveMapping(core::EventSourceMappingConfig config);

    /// Whether a mapping belongs to the request's region (its function's); other regions get "not found".
    [[nodiscard]] bool mappingInRegion(const LambdaCall& call, const core::EventSourceMappingConfig& config) const;

    // Shared helpers (lambda_handler.cpp).
    /// The function a name/ARN/partial ARN in a path names, or the 404 to send.
    core::Expected<core::FunctionConfig> findFunction(const LambdaCall& call, const std::string& identifier) const;
    /// " (a function of this name exists in <regions>; …)" when `name` lives only in other regions, else "".
    [[nodiscard]] std::string elsewhere(const LambdaCall& call, const std::string& name) const;
    /// The ARN of the function an engine key names (a mapping keeps its function by key).
    [[nodiscard]] std::string arnOfKey(const LambdaCall& call, const std::string& key) const;
    /// The region a function lives in: its ARN's, else the engine's default region.
    [[nodiscard]] std::string regionOf(const core::FunctionConfig& function) const;
    /// Whether the request's region sees the function (each region lists and reaches only its own).
    [[nodiscard]] bool inRegion(const LambdaCall& call, const core::FunctionConfig& function) const
    {
        return regionOf(function) == call.context.region;
    }
    /// A function named in the path and the request's JSON body (optionals, so both read like pointers).
    struct FunctionAndBody {
        std::optional<core::FunctionConfig> function;
        std::optional<nlohmann::json> body;
    };
    core::Expected<FunctionAndBody> functionAndBody(const LambdaCall& call, const std::string& identifier) const;
    /// Saves a changed configuration (an API function's to its workspace) and hands it to the engine;
    /// the error to send when saving failed.
    std::optional<Response> applySettings(const LambdaCall& call, const core::FunctionConfig& updated);
    /// MaxItems from the query (1–10000), `fallback` when absent; the InvalidParameterValueException otherwise.
    static core::Expected<int> maxItems(const LambdaCall& call, int fallback);
    /// The request body as a JSON object ({} when empty), or the InvalidRequestContentException.
    static core::Expected<nlohmann::json> bodyJson(const LambdaCall& call);
    static Response ok(int status, const nlohmann::json& body);
    static Response error(const LambdaCall& call, int status, const std::string& code, const std::string& message);
    /// An Error from core or a parser, as the status Lambda gives its code.
    static Response error(const LambdaCall& call, const core::Error& failure);
    [[nodiscard]] std::string codeLocation(const std::string& name) const;

    core::Engine& m_engine;
    FunctionCatalog m_functions;
    MappingCatalog m_mappings;
    std::string m_endpointUrl;
    std::string m_upstreamUrl;
    std::unique_ptr<HttpClient> m_s3Client;  ///< set with an upstream and an executor
};

}  // namespace lambdadesk::bridge
