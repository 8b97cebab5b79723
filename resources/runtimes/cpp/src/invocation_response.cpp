// SPDX-License-Identifier: MIT
#include "lambdadesk/invocation_response.h"

#include <utility>

namespace lambdadesk::runtime {

namespace {

void appendJsonString(std::string& out, const std::string& text)
{
    static constexpr char kHex[] = "0123456789abcdef";
    out.push_back('"');
    for (const char c : text) {
        switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                out.append("\\u00");
                out.push_back(kHex[(static_cast<unsigned char>(c) >> 4) & 0xf]);
                out.push_back(kHex[static_cast<unsigned char>(c) & 0xf]);
            } else {
                out.push_back(c);
            }
        }
    }
    out.push_back('"');
}

} // namespace

InvocationResponse::InvocationResponse(bool success, std::string payload, std::string contentType,
                                       std::string errorType)
    : m_success(success)
    , m_payload(std::move(payload))
    , m_contentType(std::move(contentType))
    , m_errorType(std::move(errorType))
{
}

InvocationResponse InvocationResponse::success(std::string payload, std::string contentType)
{
    return {true, std::move(payload), std::move(contentType), {}};
}

InvocationResponse InvocationResponse::failure(std::string errorMessage, std::string errorType)
{
    std::string body;
    body.reserve(errorMessage.size() + errorType.size() + 64);
    body.append("{\"errorMessage\":");
    appendJsonString(body, errorMessage);
    body.append(",\"errorType\":");
    appendJsonString(body, errorType);
    body.append(",\"stackTrace\":[]}");
    return {false, std::move(body), "application/json", std::move(errorType)};
}

} // namespace lambdadesk::runtime
