// SPDX-License-Identifier: MIT
#pragma once

#include "endpoint/service_handler.h"
#include "sts/sts_identities.h"

namespace lambdadesk::bridge {

/// STS on the endpoint — GetCallerIdentity (the call the AWS CLI, SDK helpers and the AWS Toolkit make first),
/// AssumeRole and GetSessionToken — in STS's query protocol (form or query string in, XML out) and its JSON
/// form (X-Amz-Target AWSSecurityTokenServiceV20110615.<Action>). The account is the endpoint's.
class StsHandler final : public ServiceHandler {
public:
    explicit StsHandler(const std::string& accountId) : m_identities(accountId) {}
    void handle(core::net::HttpRequest&& request, const RequestContext& context,
                core::net::HttpResponder respond) override;

private:
    StsIdentities m_identities;
};

}  // namespace lambdadesk::bridge
