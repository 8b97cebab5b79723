// SPDX-License-Identifier: MIT
#include "sts/sts_identities.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <ctime>
#include <regex>
#include <vector>

namespace lambdadesk::bridge {
namespace {

constexpr std::size_t kRemembered = 10000;

std::vector<unsigned char> randomBytes(std::size_t count)
{
    std::vector<unsigned char> bytes(count);
    RAND_bytes(bytes.data(), static_cast<int>(bytes.size()));
    return bytes;
}

/// Upper-case letters and digits, as AWS's key ids use.
std::string randomKeyCharacters(std::size_t count)
{
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    std::string text;
    for (const auto byte : randomBytes(count))
        text += kAlphabet[byte % 32];
    return text;
}

std::string randomBase64(std::size_t bytes)
{
    const auto raw = randomBytes(bytes);
    std::string encoded(4 * ((bytes + 2) / 3), '\0');
    const int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()), raw.data(),
                                       static_cast<int>(raw.size()));
    encoded.resize(static_cast<std::size_t>(length));
    return encoded;
}

core::Error validation(const std::string& message)
{
    return core::Error{"ValidationError", message};
}

}  // namespace

std::string stsTimestamp(std::chrono::system_clock::time_point time)
{
    const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
    std::tm utc{};
    ::gmtime_r(&seconds, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

StsIdentity StsIdentities::callerOf(const std::string& accessKeyId) const
{
    std::lock_guard lock(m_mutex);
    if (const auto found = m_issued.find(accessKeyId); found != m_issued.end())
        return found->second;
    return {"arn:aws:iam::" + m_accountId + ":root", m_accountId, m_accountId};
}

core::Expected<std::pair<StsCredentials, StsIdentity>> StsIdentities::assumeRole(const std::string& roleArn,
                                                                                   const std::string& sessionName,
                                                                                   std::int64_t durationSeconds)
{
    if (roleArn.empty())
        return validation("1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: "
                          "Member must not be null");
    if (sessionName.empty())
        return validation("1 validation error detected: Value null at 'roleSessionName' failed to satisfy "
                          "constraint: Member must not be null");
    static const std::regex kRoleArn(R"(arn:aws[a-z-]*:iam::(\d{12}):role/((?:[\w+=,.@-]+/)*)([\w+=,.@-]{1,64}))");
    std::smatch role;
    if (roleArn.size() < 20 || roleArn.size() > 2048 || !std::regex_match(roleArn, role, kRoleArn))
        return validation(roleArn + " is invalid");
    static const std::regex kSessionName(R"([\w+=,.@-]{2,64})");
    if (!std::regex_match(sessionName, kSessionName))
        return validation("1 validation error detected: Value '" + sessionName +
                          "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular "
                          "expression pattern: [\\w+=,.@-]* and length 2 to 64");
    if (durationSeconds < 900 || durationSeconds > 43200)
        return validation("1 validation error detected: Value '" + std::to_string(durationSeconds) +
                          "' at 'durationSeconds' failed to satisfy constraint: Member must have value "
                          "between 900 and 43200");
    StsIdentity identity;
    identity.account = role[1].str();
    identity.arn = "arn:aws:sts::" + identity.account + ":assumed-role/" + role[3].str() + "/" + sessionName;
    identity.userId = "AROA" + randomKeyCharacters(17) + ":" + sessionName;
    auto credentials = issue(durationSeconds, identity);
    return std::make_pair(std::move(credentials), std::move(identity));
}

core::Expected<StsCredentials> StsIdentities::sessionToken(const std::string& callerKeyId, std::int64_t durationSeconds)
{
    if (durationSeconds < 900 || durationSeconds > 129600)
        return validation("1 validation error detected: Value '" + std::to_string(durationSeconds) +
                          "' at 'durationSeconds' failed to satisfy constraint: Member must have value "
                          "between 900 and 129600");
    return issue(durationSeconds, callerOf(callerKeyId));
}

StsCredentials StsIdentities::issue(std::int64_t durationSeconds, const StsIdentity& identity)
{
    StsCredentials credentials;
    credentials.accessKeyId = "ASIA" + randomKeyCharacters(16);
    credentials.secretAccessKey = randomBase64(30);  // 40 characters
    credentials.sessionToken = randomBase64(180);
    credentials.expiration = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()) +
                             std::chrono::seconds(durationSeconds);
    std::lock_guard lock(m_mutex);
    if (m_issued.size() >= kRemembered)
        m_issued.erase(m_issued.begin());
    m_issued[credentials.accessKeyId] = identity;
    return credentials;
}

}  // namespace lambdadesk::bridge
