// SPDX-License-Identifier: MIT
#include "runtime_api_client.h"

#include <charconv>

namespace lambdadesk::runtime {

namespace {

constexpr std::string_view kNextTarget = "/2018-06-01/runtime/invocation/next";
constexpr std::string_view kInvocationPrefix = "/2018-06-01/runtime/invocation/";
constexpr std::string_view kInitErrorTarget = "/2018-06-01/runtime/init/error";
constexpr std::string_view kErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";

} // namespace

RuntimeApiClient::RuntimeApiClient(std::string_view address)
    : m_connection(address), m_nextRequest(m_connection.encodeRequest("GET", kNextTarget))
{
}

RuntimeApiClient::Outcome RuntimeApiClient::classify(bool answered) const noexcept
{
    if (!answered) {
        return Outcome::Unreachable;
    }
    if (m_response.status >= 200 && m_response.status < 300) {
        return Outcome::Accepted;
    }
    return m_response.status >= 500 ? Outcome::ServerError : Outcome::Rejected;
}

RuntimeApiClient::Outcome RuntimeApiClient::next(InvocationRequest& request)
{
    // A pipelined GET that cannot be read (the connection went) is asked again on a new connection.
    const bool answered = (m_connection.hasPipelined() && m_connection.readPipelined(m_response)) ||
                          m_connection.request("GET", kNextTarget, {}, {}, m_response);
    const auto outcome = classify(answered);
    if (outcome != Outcome::Accepted) {
        return outcome;
    }
    request.payload.swap(m_response.body);
    request.requestId.assign(m_response.header("Lambda-Runtime-Aws-Request-Id"));
    request.functionArn.assign(m_response.header("Lambda-Runtime-Invoked-Function-Arn"));
    request.traceId.assign(m_response.header("Lambda-Runtime-Trace-Id"));
    request.clientContext.assign(m_response.header("Lambda-Runtime-Client-Context"));
    request.cognitoIdentity.assign(m_response.header("Lambda-Runtime-Cognito-Identity"));
    const auto deadline = m_response.header("Lambda-Runtime-Deadline-Ms");
    request.deadlineMs = 0;
    std::from_chars(deadline.data(), deadline.data() + deadline.size(), request.deadlineMs);
    return outcome;
}

RuntimeApiClient::Outcome RuntimeApiClient::post(const std::string& requestId, const InvocationResponse& response,
                                                  bool thenNext)
{
    m_target.assign(kInvocationPrefix).append(requestId).append(response.isSuccess() ? "/response" : "/error");
    const HttpConnection::Header headers[] = {{"Content-Type", response.contentType()}, {kErrorTypeHeader, "Unhandled"}};
    const std::span<const HttpConnection::Header> used(headers, response.isSuccess() ? 1 : 2);
    return classify(m_connection.request("POST", m_target, response.payload(), used, m_response,
                                         thenNext ? std::string_view(m_nextRequest) : std::string_view()));
}

RuntimeApiClient::Outcome RuntimeApiClient::postInitError(const InvocationResponse& error,
                                                          std::string_view errorTypeHeader)
{
    const HttpConnection::Header headers[] = {{"Content-Type", error.contentType()}, {kErrorTypeHeader, errorTypeHeader}};
    return classify(m_connection.request("POST", kInitErrorTarget, error.payload(), headers, m_response));
}

} // namespace lambdadesk::runtime
