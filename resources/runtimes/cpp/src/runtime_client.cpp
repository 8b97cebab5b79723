// SPDX-License-Identifier: MIT
#include "lambdadesk/runtime_client.h"

#include "runtime_api_client.h"

#include <cstdio>
#include <cstdlib>
#include <exception>

namespace lambdadesk::runtime {

namespace {

constexpr int kExitUnreachable = 1;
constexpr int kExitNoAddress = 2;

const char* runtimeApiAddress()
{
    const char* address = std::getenv("AWS_LAMBDA_RUNTIME_API");
    if (address == nullptr || *address == '\0') {
        std::fprintf(stderr, "lambdadesk-runtime: AWS_LAMBDA_RUNTIME_API is not set\n");
        return nullptr;
    }
    return address;
}

InvocationResponse callHandler(const Handler& handler, const InvocationRequest& request)
{
    try {
        return handler(request);
    } catch (const std::exception& error) {
        return InvocationResponse::failure(error.what(), "std::exception");
    } catch (...) {
        return InvocationResponse::failure("the handler threw a value that is not a std::exception", "Unknown");
    }
}

void reportRejection(const RuntimeApiClient& client, const char* what)
{
    const auto& answer = client.lastResponse();
    const int length = static_cast<int>(answer.body.size() > 200 ? 200 : answer.body.size());
    std::fprintf(stderr, "lambdadesk-runtime: %s answered %d %.*s\n", what, answer.status, length, answer.body.data());
}

} // namespace

int runHandler(const Handler& handler)
{
    const char* address = runtimeApiAddress();
    if (address == nullptr) {
        return kExitNoAddress;
    }
    RuntimeApiClient client(address);
    if (!client.isValid()) {
        std::fprintf(stderr, "lambdadesk-runtime: cannot use AWS_LAMBDA_RUNTIME_API=%s\n", address);
        return kExitNoAddress;
    }

    InvocationRequest request;
    for (;;) {
        auto outcome = client.next(request);
        if (outcome == RuntimeApiClient::Outcome::Unreachable) {
            return kExitUnreachable;
        }
        if (outcome != RuntimeApiClient::Outcome::Accepted || request.requestId.empty()) {
            reportRejection(client, "GET next");
            return kExitUnreachable;
        }
        if (request.traceId.empty()) {
            ::unsetenv("_X_AMZN_TRACE_ID");
        } else {
            ::setenv("_X_AMZN_TRACE_ID", request.traceId.c_str(), 1);
        }

        const InvocationResponse response = callHandler(handler, request);
        outcome = client.post(request.requestId, response, true);
        switch (outcome) {
        case RuntimeApiClient::Outcome::Accepted:
            break;
        case RuntimeApiClient::Outcome::Rejected:
            // e.g. 413 for a response over 6 MB: the engine has failed the invocation; carry on.
            reportRejection(client, response.isSuccess() ? "POST response" : "POST error");
            break;
        case RuntimeApiClient::Outcome::ServerError:
            reportRejection(client, response.isSuccess() ? "POST response" : "POST error");
            return kExitUnreachable;
        case RuntimeApiClient::Outcome::Unreachable:
            return kExitUnreachable;
        }
    }
}

void postInitError(const std::string& errorType, const std::string& message)
{
    const char* address = runtimeApiAddress();
    if (address == nullptr) {
        return;
    }
    RuntimeApiClient client(address);
    const auto error = InvocationResponse::failure(message, errorType);
    if (client.postInitError(error, errorType) == RuntimeApiClient::Outcome::Rejected) {
        reportRejection(client, "POST init/error");
    }
}

} // namespace lambdadesk::runtime
