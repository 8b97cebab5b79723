// SPDX-License-Identifier: MIT
// AddPermission and RemovePermission: they edit the queue's Policy attribute (kept by core) the way SQS
// writes it — Version 2008-10-17, Id "<queue ARN>/SQSDefaultPolicy", one statement per label with the
// accounts' root ARNs as principals and "SQS:<Action>" actions, a single value unlisted — and remove the
// attribute with its last statement.
#include "sqs/sqs_operations.h"

#include <queues/queue_errors.h>
#include <queues/queue_service.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <mutex>
#include <string_view>

namespace lambdadesk::bridge {
namespace {

namespace queue_error = core::queue_error;
using Json = nlohmann::json;

/// What another account may be allowed to do; every other action is the owner's alone.
constexpr std::array<std::string_view, 9> kGrantableActions = {
    "*",          "ChangeMessageVisibility", "DeleteMessage",  "GetQueueAttributes", "GetQueueUrl",
    "ListDeadLetterSourceQueues", "PurgeQueue", "ReceiveMessage", "SendMessage"};
constexpr std::size_t kMaxActions = 7;

/// Policy edits read, change and write the attribute: one at a time, so two labels added at once both stay.
std::mutex& policyEdits()
{
    static std::mutex mutex;
    return mutex;
}

/// One value as itself, several as a list (as SQS writes principals and actions).
Json oneOrMany(const std::vector<std::string>& values)
{
    return values.size() == 1 ? Json(values.front()) : Json(values);
}

core::Error invalidLabel(const std::string& label, const std::string& reason)
{
    return queue_error::invalidParameter("Label", label, reason);
}

/// The queue's policy document, or an empty one with SQS's Version and Id.
core::Expected<Json> currentPolicy(core::QueueService& queues, const std::string& queue, const std::string& arn)
{
    auto attributes = queues.getQueueAttributes(queue, {"Policy"});
    if (!attributes)
        return attributes.error();
    if (const auto found = attributes->find("Policy"); found != attributes->end() && !found->second.empty()) {
        auto policy = Json::parse(found->second, nullptr, false);
        if (policy.is_object()) {
            if (!policy.contains("Statement") || !policy["Statement"].is_array())
                policy["Statement"] = Json::array();
            return policy;
        }
    }
    return Json{{"Version", "2008-10-17"}, {"Id", arn + "/SQSDefaultPolicy"}, {"Statement", Json::array()}};
}

bool hasStatement(const Json& policy, const std::string& label)
{
    const auto& statements = policy["Statement"];
    return std::any_of(statements.begin(), statements.end(),
                       [&](const Json& statement) { return statement.value("Sid", "") == label; });
}

SqsResult addPermission(SqsCall& call, SqsInput& input)
{
    const auto queue = input.queueUrl();
    const auto label = input.requiredString("Label");
    const auto accounts = input.stringList({"AWSAccountIds", "AWSAccountId"});
    const auto actions = input.stringList({"Actions", "ActionName"});
    if (auto failed = input.failure())
        return *failed;
    auto arn = existingQueueArn(call.queues, queue);
    if (!arn)
        return arn.error();
    if (actions.empty())
        return queue_error::make(queue_error::kMissingParameter, "The request must contain the parameter Actions.");
    if (accounts.empty())
        return queue_error::invalidParameter("PrincipalId", "[]", "Unable to verify.");
    if (actions.size() > kMaxActions)
        return queue_error::make(queue_error::kOverLimit, std::to_string(actions.size()) +
                                                              " Actions were found, maximum allowed is 7.");
    for (const auto& action : actions) {
        if (std::find(kGrantableActions.begin(), kGrantableActions.end(), action) == kGrantableActions.end())
            return queue_error::invalidParameter("ActionName", "SQS:" + action,
                                                 "Only the queue owner is allowed to invoke this action.");
    }
    std::lock_guard lock(policyEdits());
    auto policy = currentPolicy(call.queues, queue, *arn);
    if (!policy)
        return policy.error();
    if (hasStatement(*policy, label))
        return invalidLabel(label, "Already exists.");
    std::vector<std::string> principals;
    for (const auto& account : accounts)
        principals.push_back("arn:aws:iam::" + account + ":root");
    std::vector<std::string> granted;
    for (const auto& action : actions)
        granted.push_back("SQS:" + action);
    (*policy)["Statement"].push_back(Json{{"Sid", label},
                                          {"Effect", "Allow"},
                                          {"Principal", {{"AWS", oneOrMany(principals)}}},
                                          {"Action", oneOrMany(granted)},
                                          {"Resource", *arn}});
    if (auto written = call.queues.setQueueAttributes(queue, {{"Policy", policy->dump()}}); !written)
        return written.error();
    return SqsOutput::none();
}

SqsResult removePermission(SqsCall& call, SqsInput& input)
{
    const auto queue = input.queueUrl();
    const auto label = input.requiredString("Label");
    if (auto failed = input.failure())
        return *failed;
    auto arn = existingQueueArn(call.queues, queue);
    if (!arn)
        return arn.error();
    std::lock_guard lock(policyEdits());
    auto policy = currentPolicy(call.queues, queue, *arn);
    if (!policy)
        return policy.error();
    if (!hasStatement(*policy, label))
        return invalidLabel(label, "can't find label on existing policy.");
    auto& statements = (*policy)["Statement"];
    statements.erase(std::remove_if(statements.begin(), statements.end(),
                                     [&](const Json& statement) { return statement.value("Sid", "") == label; }),
                     statements.end());
    // With its last statement the policy goes: GetQueueAttributes no longer lists it.
    const std::string written = statements.empty() ? std::string() : policy->dump();
    if (auto stored = call.queues.setQueueAttributes(queue, {{"Policy", written}}); !stored)
        return stored.error();
    return SqsOutput::none();
}

} // namespace

void addPermissionOperations(SqsOperations& operations)
{
    operations.emplace("AddPermission", answerAtOnce(addPermission));
    operations.emplace("RemovePermission", answerAtOnce(removePermission));
}

} // namespace lambdadesk::bridge
