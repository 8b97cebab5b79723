// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace lambdadesk::runtime {

/// What a handler answers: a payload posted to /response, or an error posted to /error.
class InvocationResponse {
public:
    /// A successful result; the content type is passed on to the caller.
    static InvocationResponse success(std::string payload, std::string contentType = "application/json");
    /// A function error; the body becomes {"errorMessage","errorType","stackTrace":[]}.
    static InvocationResponse failure(std::string errorMessage, std::string errorType);

    [[nodiscard]] bool isSuccess() const noexcept { return m_success; }
    /// The body to post: the result, or the JSON error document.
    [[nodiscard]] const std::string& payload() const noexcept { return m_payload; }
    [[nodiscard]] const std::string& contentType() const noexcept { return m_contentType; }
    /// The errorType of a failure; empty on success.
    [[nodiscard]] const std::string& errorType() const noexcept { return m_errorType; }

private:
    InvocationResponse(bool success, std::string payload, std::string contentType, std::string errorType);

    bool m_success;
    std::string m_payload;
    std::string m_contentType;
    std::string m_errorType;
};

} // namespace lambdadesk::runtime
