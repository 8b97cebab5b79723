// SPDX-License-Identifier: MIT
// The CBOR body comes from nlohmann::json::to_cbor (RFC 8949, shortest length heads), not from CBOR heads
// written by hand: the JSON library is already everywhere here.
#include "kinesis/cbor_error.h"

#include "endpoint/aws_errors.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <vector>

namespace lambdadesk::bridge::kinesis {

core::net::HttpResponse cborProtocolError(int status, const std::string& code, const std::string& message,
                                          const std::string& requestId)
{
    core::net::HttpResponse response;
    response.status = status;
    response.headers.emplace_back("Content-Type", "application/x-amz-cbor-1.1");
    response.headers.emplace_back("x-amzn-ErrorType", code);
    const nlohmann::json error = {{"__type", code}, {"message", message}};
    const std::vector<std::uint8_t> body = nlohmann::json::to_cbor(error);
    response.body.assign(body.begin(), body.end());
    addRequestId(response, requestId);
    return response;
}

} // namespace lambdadesk::bridge::kinesis
