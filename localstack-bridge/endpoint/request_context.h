// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace lambdadesk::bridge {

/// What every service handler needs to know about a request besides its HTTP message.
struct RequestContext {
    std::string requestId;    ///< sent back as x-amzn-RequestId (and in XML ResponseMetadata)
    std::string service;      ///< the routed service: lambda, sqs, kinesis…
    std::string region;       ///< from the SigV4 credential scope, else the endpoint's default
    std::string accountId;
    std::string endpointUrl;  ///< http://<address>:<port> of this endpoint, for URLs in responses
};

}  // namespace lambdadesk::bridge
