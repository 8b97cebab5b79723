// SPDX-License-Identifier: MIT
// StreamService: DescribeStream, DescribeStreamSummary, ListStreams and ListShards.
#include "encoding/base64.h"
#include "streams/stream_errors.h"
#include "streams/stream_hash_key.h"
#include "streams/stream_service.h"
#include "streams/stream_state.h"
#include "streams/stream_validation.h"

#include <algorithm>

namespace lambdadesk::core {
namespace {

constexpr std::string_view kListStreamsToken = "lambdadesk/ListStreams/";
constexpr std::string_view kListShardsToken = "lambdadesk/ListShards/";

/// Pagination tokens are opaque to clients: base64 of a label and where the next page starts.
std::string makeToken(std::string_view label, const std::string& value)
{
    return encodeBase64(std::string(label) + value);
}

std::optional<std::string> readToken(std::string_view label, const std::string& token)
{
    std::string decoded;
    if (!decodeBase64(token, decoded) || decoded.substr(0, label.size()) != label)
        return std::nullopt;
    return decoded.substr(label.size());
}

}  // namespace

ShardDescription StreamService::shardDescriptionLocked(const StreamState& state, int shardIndex) const
{
    const int count = static_cast<int>(state.shards.size());
    ShardDescription shard;
    shard.shardId = formatShardId(shardIndex);
    shard.hashKeyRange.startingHashKey = shardStartingHashKey(shardIndex, count).toDecimal();
    shard.hashKeyRange.endingHashKey = shardEndingHashKey(shardIndex, count).toDecimal();
    shard.sequenceNumberRange.startingSequenceNumber = sequenceNumberLocked(state, shardIndex, 0);
    return shard;
}

Expected<StreamDescription> StreamService::describeStream(const DescribeStreamRequest& request)
{
    const std::string name = streamNameOf(request.streamName);
    std::vector<std::string> problems;
    if (!request.exclusiveStartShardId.empty())
        checkShardId(request.exclusiveStartShardId, "exclusiveStartShardId", problems);
    checkRange(request.limit, 1, 10000, "limit", problems);
    checkStreamName(name, problems);
    if (!problems.empty())
        return stream_error::validation(problems);
    std::lock_guard lock(m_mutex);
    StreamState* state = findLocked(name);
    if (!state)
        return stream_error::streamNotFound(name, m_options.accountId);
    StreamDescription description;
    description.streamName = name;
    description.streamArn = streamArn(name);
    description.streamMode = state->stored.mode;
    description.retentionPeriodHours = state->stored.retentionHours;
    description.streamCreationTimestamp = epochSecondsOf(state->stored.createdUs);
    int first = 0;
    if (!request.exclusiveStartShardId.empty()) {
        const auto after = parseShardIndex(request.exclusiveStartShardId);
        first = after ? *after + 1 : 0;
    }
    const int count = static_cast<int>(state->shards.size());
    for (int index = first; index < count; ++index) {
        if (static_cast<int>(description.shards.size()) >= request.limit) {
            description.hasMoreShards = true;
            break;
        }
        description.shards.push_back(shardDescriptionLocked(*state, index));
    }
    return description;
}

Expected<StreamDescriptionSummary> StreamService::describeStreamSummary(const std::string& stream)
{
    const std::string name = streamNameOf(stream);
    std::vector<std::string> problems;
    checkStreamName(name, problems);
    if (!problems.empty())
        return stream_error::validation(problems);
    std::lock_guard lock(m_mutex);
    StreamState* state = findLocked(name);
    if (!state)
        return stream_error::streamNotFound(name, m_options.accountId);
    StreamDescriptionSummary summary;
    summary.streamName = name;
    summary.streamArn = streamArn(name);
    summary.streamMode = state->stored.mode;
    summary.retentionPeriodHours = state->stored.retentionHours;
    summary.streamCreationTimestamp = epochSecondsOf(state->stored.createdUs);
    summary.openShardCount = static_cast<int>(state->shards.size());
    return summary;
}

Expected<ListStreamsResult> StreamService::listStreams(const ListStreamsRequest& request)
{
    std::vector<std::string> problems;
    if (!request.exclusiveStartStreamName.empty())
        checkStreamName(request.exclusiveStartStreamName, problems);
    checkRange(request.limit, 1, 10000, "limit", problems);
    if (!problems.empty())
        return stream_error::validation(problems);
    std::string after = request.exclusiveStartStreamName;
    if (!request.nextToken.empty()) {
        auto decoded = readToken(kListStreamsToken, request.nextToken);
        if (!decoded)
            return stream_error::make(stream_error::kInvalidArgument, "Invalid NextToken: " + request.nextToken);
        after = std::max(after, *decoded);
    }
    std::lock_guard lock(m_mutex);
    ListStreamsResult result;
    for (auto it = after.empty() ? m_streams.begin() : m_streams.upper_bound(after); it != m_streams.end(); ++it) {
        if (static_cast<int>(result.streamNames.size()) >= request.limit) {
            result.hasMoreStreams = true;
            result.nextToken = makeToken(kListStreamsToken, result.streamNames.back());
            break;
        }
        const StreamState& state = *it->second;
        result.streamNames.push_back(it->first);
        result.streamSummaries.push_back(StreamSummary{it->first, streamArn(it->first), "ACTIVE", state.stored.mode,
                                                       epochSecondsOf(state.stored.createdUs)});
    }
    return result;
}

Expected<ListShardsResult> StreamService::listShards(const ListShardsRequest& request)
{
    std::vector<std::string> problems;
    if (!request.exclusiveStartShardId.empty())
        checkShardId(request.exclusiveStartShardId, "exclusiveStartShardId", problems);
    checkRange(request.maxResults, 1, 10000, "maxResults", problems);
    if (!request.streamName.empty())
        checkStreamName(streamNameOf(request.streamName), problems);
    if (!problems.empty())
        return stream_error::validation(problems);
    if (!request.nextToken.empty() && !request.streamName.empty())
        return stream_error::make(stream_error::kInvalidArgument,
                                  "NextToken and StreamName cannot be provided together.");
    if (request.nextToken.empty() && request.streamName.empty())
        return stream_error::make(stream_error::kInvalidArgument,
                                  "Either NextToken or StreamName should be provided.");
    std::string name = streamNameOf(request.streamName);
    int first = 0;
    if (!request.nextToken.empty()) {
        // The token holds "<stream>/<next shard index>".
        auto decoded = readToken(kListShardsToken, request.nextToken);
        const auto slash = decoded ? decoded->rfind('/') : std::string::npos;
        const auto index = slash != std::string::npos ? parseShardIndex(decoded->substr(slash + 1)) : std::nullopt;
        if (!index)
            return stream_error::make(stream_error::kInvalidArgument, "Invalid NextToken: " + request.nextToken);
        name = decoded->substr(0, slash);
        first = *index;
    }
    if (!request.exclusiveStartShardId.empty()) {
        const auto after = parseShardIndex(request.exclusiveStartShardId);
        first = std::max(first, after ? *after + 1 : 0);
    }
    std::lock_guard lock(m_mutex);
    StreamState* state = findLocked(name);
    if (!state)
        return stream_error::streamNotFound(name, m_options.accountId);
    ListShardsResult result;
    const int count = static_cast<int>(state->shards.size());
    for (int index = first; index < count; ++index) {
        if (static_cast<int>(result.shards.size()) >= request.maxResults) {
            result.nextToken = makeToken(kListShardsToken, name + "/" + std::to_string(index));
            break;
        }
        result.shards.push_back(shardDescriptionLocked(*state, index));
    }
    return result;
}

std::vector<std::string> StreamService::streamNames() const
{
    std::lock_guard lock(m_mutex);
    std::vector<std::string> names;
    names.reserve(m_streams.size());
    for (const auto& [name, state] : m_streams)
        names.push_back(name);
    return names;
}

}  // namespace lambdadesk::core
