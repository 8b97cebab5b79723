// SPDX-License-Identifier: MIT
// StreamService: stream tags (AddTagsToStream, ListTagsForStream, RemoveTagsFromStream) and registered
// (enhanced fan-out) consumers (Register/Describe/List/DeregisterStreamConsumer). Consumers are bookkeeping:
// SubscribeToShard is not emulated, but a Lambda mapping may name a consumer's ARN as its source.
#include "encoding/base64.h"
#include "streams/stream_errors.h"
#include "streams/stream_service.h"
#include "streams/stream_state.h"
#include "streams/stream_validation.h"
#include "store/database_transaction.h"
#include "store/stream_store.h"

#include <algorithm>

namespace lambdadesk::core {
namespace {

constexpr std::size_t kMaxTagsPerStream = 50;
constexpr std::size_t kMaxConsumersPerStream = 20;
/// A new consumer is CREATING this long (scaled by the time scale) before it turns ACTIVE.
constexpr double kConsumerCreatingSeconds = 1.0;
constexpr std::string_view kConsumersToken = "lambdadesk/ListStreamConsumers/";

void checkTagKey(const std::string& key, const std::string& member, std::vector<std::string>& problems)
{
    if (key.empty())
        problems.push_back(stream_error::constraint("''", member, "have length greater than or equal to 1"));
    else if (characterCount(key) > 128)
        problems.push_back(stream_error::constraint(stream_error::quoted(key), member,
                                                    "have length less than or equal to 128"));
}

void checkConsumerName(const std::string& name, std::vector<std::string>& problems)
{
    bool pattern = !name.empty() && name.size() <= 128;
    for (const char c : name)
        pattern = pattern && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                              c == '_' || c == '.' || c == '-');
    if (!pattern)
        problems.push_back(stream_error::constraint(stream_error::quoted(name), "consumerName",
                                                    "satisfy regular expression pattern: [a-zA-Z0-9_.-]+ and have "
                                                    "length 1 to 128"));
}

}  // namespace

Expected<void> StreamService::addTagsToStream(const std::string& stream, const std::vector<StreamTag>& tags)
{
    std::vector<std::string> problems;
    if (tags.empty())
        problems.push_back(stream_error::constraint("'{}'", "tags", "have length greater than or equal to 1"));
    if (tags.size() > 200)
        problems.push_back(stream_error::constraint("'{" + std::to_string(tags.size()) + " tags}'", "tags",
                                                    "have length less than or equal to 200"));
    for (const auto& tag : tags) {
        checkTagKey(tag.key, "tags.key", problems);
        if (characterCount(tag.value) > 256)
            problems.push_back(stream_error::constraint(stream_error::quoted(tag.value), "tags.value",
                                                        "have length less than or equal to 256"));
    }
    auto locked = lockStream(stream, std::move(problems));
    if (!locked)
        return locked.error();
    const std::string& name = locked->name;
    StreamState* state = locked->state;
    auto merged = state->tags;
    for (const auto& tag : tags)
        merged[tag.key] = tag.value;
    if (merged.size() > kMaxTagsPerStream)
        return stream_error::make(stream_error::kInvalidArgument,
                                  "Failed to add tags to stream " + name + " under account " + m_options.accountId +
                                      " because a given stream cannot have more than " +
                                      std::to_string(kMaxTagsPerStream) + " tags associated with it. It has " +
                                      std::to_string(state->tags.size()) + "; this request would make it " +
                                      std::to_string(merged.size()) + ".");
    DatabaseTransaction transaction(m_store->database());
    if (!transaction.begun())
        return transaction.begun().error();
    for (const auto& tag : tags)
        if (auto saved = m_store->saveTag(state->stored.id, tag.key, tag.value); !saved)
            return saved;
    if (auto committed = transaction.commit(); !committed)
        return committed;
    state->tags = std::move(merged);
    return {};
}

Expected<void> StreamService::removeTagsFromStream(const std::string& stream, const std::vector<std::string>& tagKeys)
{
    std::vector<std::string> problems;
    if (tagKeys.empty())
        problems.push_back(stream_error::constraint("'[]'", "tagKeys", "have length greater than or equal to 1"));
    if (tagKeys.size() > 50)
        problems.push_back(stream_error::constraint("'[" + std::to_string(tagKeys.size()) + " keys]'", "tagKeys",
                                                    "have length less than or equal to 50"));
    for (const auto& key : tagKeys)
        checkTagKey(key, "tagKeys.member", problems);
    auto locked = lockStream(stream, std::move(problems));
    if (!locked)
        return locked.error();
    StreamState* state = locked->state;
    DatabaseTransaction transaction(m_store->database());
    if (!transaction.begun())
        return transaction.begun().error();
    for (const auto& key : tagKeys)
        if (auto deleted = m_store->deleteTag(state->stored.id, key); !deleted)
            return deleted;
    if (auto committed = transaction.commit(); !committed)
        return committed;
    for (const auto& key : tagKeys)
        state->tags.erase(key);  // keys it does not have are ignored, as AWS does
    return {};
}

Expected<ListTagsForStreamResult> StreamService::listTagsForStream(const ListTagsForStreamRequest& request)
{
    std::vector<std::string> problems;
    checkRange(request.limit, 1, 50, "limit", problems);
    if (!request.exclusiveStartTagKey.empty())
        checkTagKey(request.exclusiveStartTagKey, "exclusiveStartTagKey", problems);
    auto locked = lockStream(request.streamName, std::move(problems));
    if (!locked)
        return locked.error();
    const StreamState* state = locked->state;
    ListTagsForStreamResult result;
    auto it = request.exclusiveStartTagKey.empty() ? state->tags.begin()
                                                   : state->tags.upper_bound(request.exclusiveStartTagKey);
    for (; it != state->tags.end(); ++it) {
        if (static_cast<int>(result.tags.size()) >= request.limit) {
            result.hasMoreTags = true;
            break;
        }
        result.tags.push_back(StreamTag{it->first, it->second});
    }
    return result;
}

ConsumerDescription StreamService::consumerDescriptionLocked(const StreamState& state, std::size_t index) const
{
    const StoredStreamConsumer& consumer = state.consumers[index];
    ConsumerDescription description;
    description.consumerName = consumer.name;
    description.streamArn = streamArn(state.stored.name);
    description.consumerArn =
        description.streamArn + "/consumer/" + consumer.name + ":" + std::to_string(consumer.createdUs / 1'000'000);
    description.consumerCreationTimestamp = epochSecondsOf(consumer.createdUs);
    const bool creating = m_clock.nowUs() - consumer.createdUs < m_clock.scaledUs(kConsumerCreatingSeconds);
    description.consumerStatus = creating ? "CREATING" : "ACTIVE";
    return description;
}

Expected<std::pair<StreamState*, std::size_t>> StreamService::consumerLocked(const ConsumerRequest& request)
{
    if (request.consumerArn.empty() && (request.streamArn.empty() || request.consumerName.empty()))
        return stream_error::make(stream_error::kInvalidArgument,
                                  "Name the consumer by ConsumerARN, or by StreamARN and ConsumerName.");
    const std::string arn = request.consumerArn;
    const std::string streamName = streamNameOf(arn.empty() ? request.streamArn : arn);
    std::string consumerName = request.consumerName;
    if (!arn.empty()) {
        const auto marker = arn.find("/consumer/");
        const auto colon = arn.rfind(':');
        if (marker == std::string::npos || colon == std::string::npos || colon < marker)
            return stream_error::validation({stream_error::constraint(
                stream_error::quoted(arn), "consumerARN",
                "satisfy regular expression pattern: ^(arn):aws.*:kinesis:.*:\\d{12}:.*stream\\/[a-zA-Z0-9_.-]+"
                "\\/consumer\\/[a-zA-Z0-9_.-]+:[0-9]+")});
        consumerName = arn.substr(marker + 10, colon - marker - 10);
    }
    auto found = gatedLocked(streamName, StreamGate::Exists);
    if (!found)
        return found.error();
    StreamState* state = *found;
    for (std::size_t i = 0; i < state->consumers.size(); ++i) {
        if (state->consumers[i].name != consumerName)
            continue;
        // An ARN carries the creation time: one of an earlier consumer of the same name is not this one.
        if (!arn.empty() && consumerDescriptionLocked(*state, i).consumerArn != arn)
            break;
        return std::pair<StreamState*, std::size_t>{state, i};
    }
    return stream_error::make(stream_error::kResourceNotFound,
                              "Consumer " + (arn.empty() ? consumerName : arn) + " under stream " + streamName +
                                  " under account " + m_options.accountId + " not found.");
}

Expected<ConsumerDescription> StreamService::registerStreamConsumer(const std::string& streamArnValue,
                                                                    const std::string& consumerName)
{
    std::vector<std::string> problems;
    checkConsumerName(consumerName, problems);
    auto locked = lockStream(streamArnValue, std::move(problems), StreamGate::Exists, StreamMember::Arn);
    if (!locked)
        return locked.error();
    const std::string& name = locked->name;
    StreamState* state = locked->state;
    for (const auto& consumer : state->consumers)
        if (consumer.name == consumerName)
            return stream_error::make(stream_error::kResourceInUse,
                                      "Consumer " + consumerName + " under stream " + name + " under account " +
                                          m_options.accountId + " already exists.");
    if (state->consumers.size() >= kMaxConsumersPerStream)
        return stream_error::make(stream_error::kLimitExceeded,
                                  "Stream " + name + " under account " + m_options.accountId + " already has " +
                                      std::to_string(kMaxConsumersPerStream) +
                                      " registered consumers, the most a stream may have.");
    const StoredStreamConsumer consumer{consumerName, m_clock.nowUs()};
    if (auto inserted = m_store->insertConsumer(state->stored.id, consumer); !inserted)
        return inserted.error();
    state->consumers.push_back(consumer);
    return consumerDescriptionLocked(*state, state->consumers.size() - 1);
}

Expected<ConsumerDescription> StreamService::describeStreamConsumer(const ConsumerRequest& request)
{
    std::lock_guard lock(m_mutex);
    auto found = consumerLocked(request);
    if (!found)
        return found.error();
    return consumerDescriptionLocked(*found->first, found->second);
}

Expected<ListStreamConsumersResult> StreamService::listStreamConsumers(const ListStreamConsumersRequest& request)
{
    std::vector<std::string> problems;
    checkRange(request.maxResults, 1, 10000, "maxResults", problems);
    auto locked = lockStream(request.streamArn, std::move(problems), StreamGate::Exists, StreamMember::Arn);
    if (!locked)
        return locked.error();
    std::size_t first = 0;
    if (!request.nextToken.empty()) {
        std::string decoded;
        if (!decodeBase64(request.nextToken, decoded) || !decoded.starts_with(kConsumersToken))
            return stream_error::make(stream_error::kInvalidArgument, "Invalid NextToken: " + request.nextToken);
        first = static_cast<std::size_t>(std::strtoull(decoded.c_str() + kConsumersToken.size(), nullptr, 10));
    }
    const StreamState* state = locked->state;
    ListStreamConsumersResult result;
    for (std::size_t i = first; i < state->consumers.size(); ++i) {
        if (static_cast<int>(result.consumers.size()) >= request.maxResults) {
            result.nextToken = encodeBase64(std::string(kConsumersToken) + std::to_string(i));
            break;
        }
        result.consumers.push_back(consumerDescriptionLocked(*state, i));
    }
    return result;
}

Expected<void> StreamService::deregisterStreamConsumer(const ConsumerRequest& request)
{
    std::lock_guard lock(m_mutex);
    auto found = consumerLocked(request);
    if (!found)
        return found.error();
    auto& [state, index] = *found;
    if (auto deleted = m_store->deleteConsumer(state->stored.id, state->consumers[index].name); !deleted)
        return deleted;
    state->consumers.erase(state->consumers.begin() + static_cast<std::ptrdiff_t>(index));
    return {};
}

}  // namespace lambdadesk::core
