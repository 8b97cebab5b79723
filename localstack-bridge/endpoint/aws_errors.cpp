// SPDX-License-Identifier: MIT
#include "endpoint/aws_errors.h"

#include <nlohmann/json.hpp>

namespace lambdadesk::bridge {

void addRequestId(core::net::HttpResponse& response, const std::string& requestId)
{
    response.headers.emplace_back("x-amzn-RequestId", requestId);
}

core::net::HttpResponse restJsonError(int status, const std::string& code, const std::string& message,
                                      const std::string& requestId)
{
    const bool capitalised = code == "ResourceNotFoundException" || code == "ServiceException";
    nlohmann::json body = {{"Type", status >= 500 ? "Service" : "User"}, {capitalised ? "Message" : "message", message}};
    auto response = core::net::HttpResponse::json(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    response.headers.emplace_back("x-amzn-ErrorType", code);
    addRequestId(response, requestId);
    return response;
}

core::net::HttpResponse jsonProtocolError(int status, const std::string& code, const std::string& message,
                                          const std::string& requestId)
{
    nlohmann::json body = {{"__type", code}, {"message", message}};
    auto response = core::net::HttpResponse::json(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    response.headers.front().second = "application/x-amz-json-1.1";
    response.headers.emplace_back("x-amzn-ErrorType", code);
    addRequestId(response, requestId);
    return response;
}

}  // namespace lambdadesk::bridge
