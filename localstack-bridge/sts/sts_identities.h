// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace lambdadesk::bridge {

/// Who a set of credentials belongs to, as GetCallerIdentity answers.
struct StsIdentity {
    std::string arn;
    std::string userId;
    std::string account;
};

/// Temporary credentials in STS's shape.
struct StsCredentials {
    std::string accessKeyId;      ///< "ASIA" and 16 characters, as AWS's temporary keys
    std::string secretAccessKey;  ///< 40 characters
    std::string sessionToken;
    std::chrono::system_clock::time_point expiration;
};

/// STS's semantics, locally: AssumeRole and GetSessionToken issue well-formed temporary credentials and remember
/// whom they were issued to, so GetCallerIdentity signed with them names the assumed role; any other key is the
/// account's root. Nothing is enforced (LambdaDesk does not authorise). Thread-safe.
class StsIdentities {
public:
    explicit StsIdentities(std::string accountId) : m_accountId(std::move(accountId)) {}

    [[nodiscard]] StsIdentity callerOf(const std::string& accessKeyId) const;
    /// AssumeRole's checks: RoleArn an IAM role ARN, RoleSessionName 2–64 of [\w+=,.@-], DurationSeconds
    /// 900–43200. Errors are STS's ValidationError texts.
    core::Expected<std::pair<StsCredentials, StsIdentity>> assumeRole(const std::string& roleArn,
                                                                      const std::string& sessionName,
                                                                      std::int64_t durationSeconds);
    /// GetSessionToken: DurationSeconds 900–129600; the caller's identity carries over to the new key.
    core::Expected<StsCredentials> sessionToken(const std::string& callerKeyId, std::int64_t durationSeconds);

private:
    StsCredentials issue(std::int64_t durationSeconds, const StsIdentity& identity);

    const std::string m_accountId;
    mutable std::mutex m_mutex;
    std::map<std::string, StsIdentity> m_issued;  ///< by access key id; bounded: when full, one is forgotten
};

/// ISO 8601 in UTC with seconds ("2026-12-07T01:02:03Z"), as STS writes Expiration in XML.
std::string stsTimestamp(std::chrono::system_clock::time_point time);

}  // namespace lambdadesk::bridge
