// SPDX-License-Identifier: MIT
#pragma once

#include <net/http_message.h>

#include <string>

namespace lambdadesk::bridge::kinesis {

/// An error in the shape of AWS's CBOR protocol: a CBOR map {"__type": code, "message": message} sent as
/// application/x-amz-cbor-1.1, so an SDK that only reads CBOR (the Java SDKs' Kinesis client) can show it.
core::net::HttpResponse cborProtocolError(int status, const std::string& code, const std::string& message,
                                          const std::string& requestId);

} // namespace lambdadesk::bridge::kinesis
