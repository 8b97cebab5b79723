// SPDX-License-Identifier: MIT
#include "kinesis/cbor_error.h"

#include "endpoint/aws_errors.h"

#include <cstdint>

namespace lambdadesk::bridge::kinesis {
namespace {

constexpr unsigned kTextString = 0x60;              // major type 3
constexpr char kMapOfTwo = static_cast<char>(0xA2); // major type 5, two pairs

} // namespace

std::string cborTextString(const std::string& text)
{
    std::string out;
    const auto size = static_cast<std::uint64_t>(text.size());
    // The head: the length inline below 24, else in the 1, 2, 4 or 8 bytes that follow (big-endian).
    int lengthBytes = 0;
    unsigned additional = 0;
    if (size < 24) {
        additional = static_cast<unsigned>(size);
    } else if (size <= 0xFF) {
        additional = 24;
        lengthBytes = 1;
    } else if (size <= 0xFFFF) {
        additional = 25;
        lengthBytes = 2;
    } else if (size <= 0xFFFFFFFFULL) {
        additional = 26;
        lengthBytes = 4;
    } else {
        additional = 27;
        lengthBytes = 8;
    }
    out.push_back(static_cast<char>(kTextString | additional));
    for (int i = lengthBytes - 1; i >= 0; --i)
        out.push_back(static_cast<char>((size >> (8 * i)) & 0xFF));
    out += text;
    return out;
}

core::net::HttpResponse cborProtocolError(int status, const std::string& code, const std::string& message,
                                          const std::string& requestId)
{
    core::net::HttpResponse response;
    response.status = status;
    response.headers.emplace_back("Content-Type", "application/x-amz-cbor-1.1");
    response.headers.emplace_back("x-amzn-ErrorType", code);
    response.body.push_back(kMapOfTwo);
    response.body += cborTextString("__type") + cborTextString(code);
    response.body += cborTextString("message") + cborTextString(message);
    addRequestId(response, requestId);
    return response;
}

} // namespace lambdadesk::bridge::kinesis
