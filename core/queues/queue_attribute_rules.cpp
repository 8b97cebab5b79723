// SPDX-License-Identifier: MIT
#include "queues/queue_attribute_rules.h"

#include "queues/queue_errors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace lambdadesk::core {
namespace {

using namespace queue_error;

struct IntegerRule {
    std::string_view name;
    int minimum;
    int maximum;
    int QueueAttributes::*field;
};

constexpr IntegerRule kIntegerRules[] = {
    {"DelaySeconds", 0, 900, &QueueAttributes::delaySeconds},
    {"MaximumMessageSize", 1024, 1048576, &QueueAttributes::maximumMessageSize},
    {"MessageRetentionPeriod", 60, 1209600, &QueueAttributes::messageRetentionPeriod},
    {"ReceiveMessageWaitTimeSeconds", 0, 20, &QueueAttributes::receiveMessageWaitTimeSeconds},
    {"VisibilityTimeout", 0, 43200, &QueueAttributes::visibilityTimeout},
    {"KmsDataKeyReusePeriodSeconds", 60, 86400, &QueueAttributes::kmsDataKeyReusePeriodSeconds},
};

constexpr std::string_view kReadOnly[] = {"ApproximateNumberOfMessages",
                                          "ApproximateNumberOfMessagesNotVisible",
                                          "ApproximateNumberOfMessagesDelayed",
                                          "CreatedTimestamp",
                                          "LastModifiedTimestamp",
                                          "QueueArn"};

Error invalidValue(std::string_view name, std::string_view reason = {})
{
    std::string message = "Invalid value for the parameter " + std::string(name) + ".";
    if (!reason.empty())
        message += " Reason: " + std::string(reason);
    return make(kInvalidAttributeValue, std::move(message));
}

Error unknownAttribute(std::string_view name)
{
    return make(kInvalidAttributeName, "Unknown Attribute " + std::string(name) + ".");
}

std::optional<int> parseInteger(std::string_view text)
{
    int value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end)
        return std::nullopt;
    return value;
}

Expected<void> applyRedrivePolicy(const std::string& value, QueueAttributes& attributes)
{
    if (value.empty()) {
        attributes.redrivePolicy.reset();
        return {};
    }
    const auto bad = [&](const std::string& reason) { return invalidParameter("RedrivePolicy", value, reason); };
    const auto json = nlohmann::json::parse(value, nullptr, false);
    if (json.is_discarded() || !json.is_object())
        return bad("Redrive policy is not a valid JSON map.");
    const auto arn = json.find("deadLetterTargetArn");
    if (arn == json.end() || !arn->is_string() || arn->get<std::string>().empty())
        return bad("Redrive policy does not contain mandatory attribute: deadLetterTargetArn.");
    const auto count = json.find("maxReceiveCount");
    if (count == json.end())
        return bad("Redrive policy does not contain mandatory attribute: maxReceiveCount.");
    std::optional<int> maxReceiveCount;
    if (count->is_number_integer())
        maxReceiveCount = count->get<int>();
    else if (count->is_string())
        maxReceiveCount = parseInteger(count->get<std::string>());
    if (!maxReceiveCount || *maxReceiveCount < 1 || *maxReceiveCount > 1000)
        return bad(
            "Invalid value for maxReceiveCount: " + (count->is_string() ? count->get<std::string>() : count->dump()) +
            ", valid values are from 1 to 1000 both inclusive.");
    attributes.redrivePolicy = RedrivePolicy{arn->get<std::string>(), *maxReceiveCount};
    return {};
}

Expected<void> applyRedriveAllowPolicy(const std::string& value, QueueAttributes& attributes)
{
    if (value.empty()) {
        attributes.redriveAllowPolicy.clear();
        return {};
    }
    const auto bad = invalidParameter("RedriveAllowPolicy", value,
                                      "Amazon SQS can't create the redrive allow policy, as it's in an unsupported "
                                      "format.");
    const auto json = nlohmann::json::parse(value, nullptr, false);
    if (json.is_discarded() || !json.is_object())
        return bad;
    const auto permission = json.find("redrivePermission");
    if (permission == json.end() || !permission->is_string())
        return bad;
    const auto mode = permission->get<std::string>();
    const auto sources = json.find("sourceQueueArns");
    if (mode == "byQueue") {
        if (sources == json.end() || !sources->is_array() || sources->empty() || sources->size() > 10 ||
            !std::all_of(sources->begin(), sources->end(), [](const auto& arn) { return arn.is_string(); }))
            return bad;
    } else if (mode == "allowAll" || mode == "denyAll") {
        if (sources != json.end())
            return bad;
    } else {
        return bad;
    }
    attributes.redriveAllowPolicy = json.dump();
    return {};
}

Expected<void> applyOne(const std::string& name, const std::string& value, bool fifo, bool creating,
                        QueueAttributes& attributes)
{
    for (const auto& rule : kIntegerRules) {
        if (name != rule.name)
            continue;
        const auto number = parseInteger(value);
        if (!number || *number < rule.minimum || *number > rule.maximum)
            return invalidValue(name);
        attributes.*rule.field = *number;
        return {};
    }
    if (std::find(std::begin(kReadOnly), std::end(kReadOnly), name) != std::end(kReadOnly))
        return unknownAttribute(name);
    if (name == "RedrivePolicy")
        return applyRedrivePolicy(value, attributes);
    if (name == "RedriveAllowPolicy")
        return applyRedriveAllowPolicy(value, attributes);
    if (name == "Policy") {
        if (!value.empty() && nlohmann::json::parse(value, nullptr, false).is_discarded())
            return invalidValue(name);
        attributes.policy = value;
        return {};
    }
    if (name == "KmsMasterKeyId") {
        attributes.kmsMasterKeyId = value;
        return {};
    }
    if (name == "SqsManagedSseEnabled") {
        const auto flag = parseQueueBoolean(value);
        if (!flag)
            return invalidValue(name);
        attributes.sqsManagedSseEnabled = *flag;
        return {};
    }
    if (name == "FifoQueue") {
        const auto flag = parseQueueBoolean(value);
        // A standard queue knows no FifoQueue attribute, not even "false" at creation (AWS: Unknown Attribute).
        if (!fifo)
            return unknownAttribute(name);
        if (!flag || (!creating && !*flag))
            return invalidValue(name, creating ? "" : "Modifying queue type is not supported.");
        attributes.fifoQueue = *flag;
        return {};
    }
    if (name == "ContentBasedDeduplication") {
        if (!fifo)
            return unknownAttribute(name);
        const auto flag = parseQueueBoolean(value);
        if (!flag)
            return invalidValue(name);
        attributes.contentBasedDeduplication = *flag;
        return {};
    }
    if (name == "DeduplicationScope" || name == "FifoThroughputLimit") {
        if (!fifo)
            return make(kInvalidAttributeName, "You can specify the " + name + " only when FifoQueue is set to true.");
        const bool scope = name == "DeduplicationScope";
        if (scope ? value != "queue" && value != "messageGroup" : value != "perQueue" && value != "perMessageGroupId")
            return invalidValue(name);
        (scope ? attributes.deduplicationScope : attributes.fifoThroughputLimit) = value;
        return {};
    }
    return unknownAttribute(name);
}

} // namespace

std::optional<bool> parseQueueBoolean(std::string_view text)
{
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower == "true")
        return true;
    if (lower == "false")
        return false;
    return std::nullopt;
}

Expected<void> applyQueueAttributes(const QueueAttributeMap& changes, bool fifo, bool creating,
                                    QueueAttributes& attributes)
{
    QueueAttributes updated = attributes;
    for (const auto& [name, value] : changes)
        if (auto applied = applyOne(name, value, fifo, creating, updated); !applied)
            return applied;
    if (fifo && updated.fifoThroughputLimit == "perMessageGroupId" && updated.deduplicationScope != "messageGroup")
        return invalidValue("FifoThroughputLimit", "The perMessageGroupId value is allowed only when the value for "
                                                   "DeduplicationScope is messageGroup.");
    attributes = std::move(updated);
    return {};
}

std::optional<std::string> queueAttributeValue(const QueueAttributes& attributes, bool fifo, std::string_view name)
{
    for (const auto& rule : kIntegerRules) {
        if (name != rule.name)
            continue;
        if (name == "KmsDataKeyReusePeriodSeconds" && attributes.kmsMasterKeyId.empty() &&
            attributes.kmsDataKeyReusePeriodSeconds == 300)
            return std::nullopt;
        return std::to_string(attributes.*rule.field);
    }
    const auto text = [](bool flag) { return std::string(flag ? "true" : "false"); };
    const auto unlessEmpty = [](const std::string& value) -> std::optional<std::string> {
        if (value.empty())
            return std::nullopt;
        return value;
    };
    if (name == "RedrivePolicy") {
        if (!attributes.redrivePolicy)
            return std::nullopt;
        return nlohmann::json{{"deadLetterTargetArn", attributes.redrivePolicy->deadLetterTargetArn},
                              {"maxReceiveCount", attributes.redrivePolicy->maxReceiveCount}}
            .dump();
    }
    if (name == "RedriveAllowPolicy")
        return unlessEmpty(attributes.redriveAllowPolicy);
    if (name == "Policy")
        return unlessEmpty(attributes.policy);
    if (name == "KmsMasterKeyId")
        return unlessEmpty(attributes.kmsMasterKeyId);
    if (name == "SqsManagedSseEnabled")
        return text(attributes.sqsManagedSseEnabled && attributes.kmsMasterKeyId.empty());
    if (!fifo)
        return std::nullopt;
    if (name == "FifoQueue")
        return text(true);
    if (name == "ContentBasedDeduplication")
        return text(attributes.contentBasedDeduplication);
    if (name == "DeduplicationScope")
        return attributes.deduplicationScope;
    if (name == "FifoThroughputLimit")
        return attributes.fifoThroughputLimit;
    return std::nullopt;
}

const std::vector<std::string_view>& queueAttributeNames()
{
    static const std::vector<std::string_view> names = [] {
        std::vector<std::string_view> all(std::begin(kReadOnly), std::end(kReadOnly));
        for (const auto& rule : kIntegerRules)
            all.push_back(rule.name);
        for (const std::string_view name :
             {"RedrivePolicy", "RedriveAllowPolicy", "Policy", "KmsMasterKeyId", "SqsManagedSseEnabled", "FifoQueue",
              "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit"})
            all.push_back(name);
        return all;
    }();
    return names;
}

bool isReadOnlyQueueAttribute(std::string_view name)
{
    return std::find(std::begin(kReadOnly), std::end(kReadOnly), name) != std::end(kReadOnly);
}

QueueAttributeMap settableQueueAttributes(const QueueAttributes& attributes, bool fifo)
{
    QueueAttributeMap map;
    for (const auto name : queueAttributeNames()) {
        if (isReadOnlyQueueAttribute(name))
            continue;
        if (auto value = queueAttributeValue(attributes, fifo, name))
            map.emplace(std::string(name), std::move(*value));
    }
    // SqsManagedSseEnabled reads false while a KMS key is set; keep what was asked for.
    map["SqsManagedSseEnabled"] = attributes.sqsManagedSseEnabled ? "true" : "false";
    return map;
}

} // namespace lambdadesk::core
