// SPDX-License-Identifier: MIT
#pragma once

#include "upstream/http_client.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace lambdadesk::bridge {

/// Blocking calls to a Lambda-compatible endpoint (LocalStack, or LambdaDesk itself) for the importer.
/// Requests carry a dummy SigV4 Authorization header for the lambda service, so routers that find the
/// service by the credential scope (LocalStack's) send them to Lambda; nothing checks the signature.
/// Every Error names the endpoint, the operation and what went wrong.
class LambdaApiClient {
public:
    /// Checks the URL (http:// only).
    static core::Expected<LambdaApiClient> create(const std::string& endpointUrl, HttpClientOptions options = {});

    /// GET `target` (a Lambda API path and query) as `operation`; any status but 2xx is an Error.
    [[nodiscard]] core::Expected<nlohmann::json> get(const std::string& operation, const std::string& target) const;
    /// Like get(), but 404 (no such configuration) is nullopt.
    [[nodiscard]] core::Expected<std::optional<nlohmann::json>> getIfPresent(const std::string& operation,
                                                               const std::string& target) const;
    /// The bytes at a GetFunction Code.Location. A location whose host cannot be reached (LocalStack's
    /// *.localhost.localstack.cloud names without DNS) is retried at the endpoint's address, with the
    /// location's Host header.
    [[nodiscard]] core::Expected<std::string> download(const std::string& location) const;

    [[nodiscard]] const std::string& endpointUrl() const { return m_endpointText; }

private:
    LambdaApiClient(HttpUrl endpoint, HttpClientOptions options);
    [[nodiscard]] core::Expected<core::net::HttpResponse> call(const std::string& operation,
                                                               const std::string& target) const;
    [[nodiscard]] std::string where(const std::string& operation) const;

    HttpUrl m_endpoint;
    std::string m_endpointText;
    std::string m_basePath;
    HttpClientOptions m_options;
};

}  // namespace lambdadesk::bridge
