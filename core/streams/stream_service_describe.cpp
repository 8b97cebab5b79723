// SPDX-License-Identifier: MIT
// StreamService: DescribeStream, DescribeStreamSummary, ListStreams and ListShards.
#include "encoding/base64.h"
#include "streams/stream_errors.h"
#include "streams/stream_hash_key.h"
#include "streams/stream_service.h"
#include "streams/stream_state.h"
#include "streams/stream_validation.h"

#include <algorithm>
#include <array>
#include <cstdio>

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

enum class ShardFilterType { None, AfterShardId, AtTrimHorizon, FromTrimHorizon, AtLatest, AtTimestamp, FromTimestamp };

constexpr const char* kShardFilterTypes =
    "[AFTER_SHARD_ID, AT_TRIM_HORIZON, FROM_TRIM_HORIZON, AT_LATEST, AT_TIMESTAMP, FROM_TIMESTAMP]";

std::optional<ShardFilterType> parseShardFilterType(std::string_view type)
{
    static constexpr std::array<std::pair<std::string_view, ShardFilterType>, 6> kTypes = {{
        {"AFTER_SHARD_ID", ShardFilterType::AfterShardId},
        {"AT_TRIM_HORIZON", ShardFilterType::AtTrimHorizon},
        {"FROM_TRIM_HORIZON", ShardFilterType::FromTrimHorizon},
        {"AT_LATEST", ShardFilterType::AtLatest},
        {"AT_TIMESTAMP", ShardFilterType::AtTimestamp},
        {"FROM_TIMESTAMP", ShardFilterType::FromTimestamp},
    }};
    for (const auto& [name, value] : kTypes)
        if (name == type)
            return value;
    return std::nullopt;
}

/// Where a ListShards page starts: the stream, the next shard index and the filter, which a NextToken carries.
struct ListShardsPage {
    std::string name;
    int first = 0;
    ShardFilterType filter = ShardFilterType::None;
    std::int64_t timestampUs = 0;
};

std::string writeListShardsPage(const ListShardsPage& page)
{
    return std::to_string(page.first) + "/" + std::to_string(static_cast<int>(page.filter)) + "/" +
           std::to_string(page.timestampUs) + "/" + page.name;
}

std::optional<ListShardsPage> readListShardsPage(const std::string& text)
{
    ListShardsPage page;
    long long filter = 0;
    long long timestampUs = 0;
    int consumed = 0;
    if (std::sscanf(text.c_str(), "%d/%lld/%lld/%n", &page.first, &filter, &timestampUs, &consumed) != 3 ||
        consumed <= 0 || page.first < 0 || filter < 0 || filter > static_cast<int>(ShardFilterType::FromTimestamp))
        return std::nullopt;
    page.filter = static_cast<ShardFilterType>(filter);
    page.timestampUs = timestampUs;
    page.name = text.substr(static_cast<std::size_t>(consumed));
    return page;
}

/// Whether a shard was open at a time: opened by then (or one the stream began with) and not closed by then.
/// `open`: open as clients see it now (ShardView).
bool openAt(const StreamShardState& shard, bool open, std::int64_t us)
{
    return (shard.parent < 0 || shard.openedUs <= us) && (open || shard.closedUs > us);
}

/// ListShards' ShardFilter, as AWS documents each type: the AT_ types list the shards open at that point (where a
/// reader starts), the FROM_ types every shard open at or after it (what a reader may still have to read).
bool shardMatchesFilter(const StreamState& state, const ShardView& view, int index, ShardFilterType filter,
                        std::int64_t timestampUs, std::int64_t cutoffUs)
{
    const StreamShardState& shard = state.shards[static_cast<std::size_t>(index)];
    const bool open = view.open(state, index);
    switch (filter) {
    case ShardFilterType::None:
    case ShardFilterType::AfterShardId:
        return true;
    case ShardFilterType::AtLatest:
        return open;
    case ShardFilterType::AtTrimHorizon:
        return openAt(shard, open, cutoffUs);
    case ShardFilterType::FromTrimHorizon:
        return open || shard.closedUs >= cutoffUs;
    case ShardFilterType::AtTimestamp:
        return openAt(shard, open, timestampUs);
    case ShardFilterType::FromTimestamp:
        return open || shard.closedUs >= timestampUs;
    }
    return true;
}

}  // namespace

ShardDescription StreamService::shardDescriptionLocked(const StreamState& state, int shardIndex, bool shownOpen) const
{
    const StreamShardState& shard = state.shards[static_cast<std::size_t>(shardIndex)];
    ShardDescription description;
    description.shardId = formatShardId(shardIndex);
    if (shard.parent >= 0)
        description.parentShardId = formatShardId(shard.parent);
    if (shard.adjacentParent >= 0)
        description.adjacentParentShardId = formatShardId(shard.adjacentParent);
    description.hashKeyRange.startingHashKey = shard.startingHashKey.toDecimal();
    description.hashKeyRange.endingHashKey = shard.endingHashKey.toDecimal();
    description.sequenceNumberRange.startingSequenceNumber =
        sequenceNumberLocked(state, shardIndex, shard.openedPosition);
    if (shard.closedPosition && !shownOpen)
        description.sequenceNumberRange.endingSequenceNumber =
            sequenceNumberLocked(state, shardIndex, *shard.closedPosition);
    return description;
}

Expected<StreamDescription> StreamService::describeStream(const DescribeStreamRequest& request)
{
    std::vector<std::string> problems;
    if (!request.exclusiveStartShardId.empty())
        checkShardId(request.exclusiveStartShardId, "exclusiveStartShardId", problems);
    checkRange(request.limit, 1, 10000, "limit", problems);
    auto locked = lockStream(request.streamName, std::move(problems));
    if (!locked)
        return locked.error();
    const StreamState* state = locked->state;
    StreamDescription description;
    description.streamName = locked->name;
    description.streamArn = streamArn(locked->name);
    description.streamStatus = statusLocked(*state);
    description.streamMode = state->stored.mode;
    description.retentionPeriodHours = state->stored.retentionHours;
    description.streamCreationTimestamp = epochSecondsOf(state->stored.createdUs);
    int first = 0;
    if (!request.exclusiveStartShardId.empty()) {
        const auto after = parseShardIndex(request.exclusiveStartShardId);
        first = after ? *after + 1 : 0;
    }
    const ShardView view = clientViewLocked(*state);
    for (int index = first; index < view.visible; ++index) {
        if (static_cast<int>(description.shards.size()) >= request.limit) {
            description.hasMoreShards = true;
            break;
        }
        description.shards.push_back(
            shardDescriptionLocked(*state, index, view.reopened[static_cast<std::size_t>(index)]));
    }
    return description;
}

Expected<StreamDescriptionSummary> StreamService::describeStreamSummary(const std::string& stream)
{
    auto locked = lockStream(stream, {});
    if (!locked)
        return locked.error();
    const StreamState* state = locked->state;
    StreamDescriptionSummary summary;
    summary.streamName = locked->name;
    summary.streamArn = streamArn(locked->name);
    summary.streamStatus = statusLocked(*state);
    summary.streamMode = state->stored.mode;
    summary.retentionPeriodHours = state->stored.retentionHours;
    summary.streamCreationTimestamp = epochSecondsOf(state->stored.createdUs);
    summary.openShardCount = clientViewLocked(*state).openCount(*state);
    summary.consumerCount = static_cast<int>(state->consumers.size());
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
        result.streamSummaries.push_back(StreamSummary{it->first, streamArn(it->first), statusLocked(state),
                                                       state.stored.mode, epochSecondsOf(state.stored.createdUs)});
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
    if (request.shardFilter) {
        if (!parseShardFilterType(request.shardFilter->type))
            problems.push_back(stream_error::constraint(
                request.shardFilter->type.empty() ? std::string("null") : stream_error::quoted(request.shardFilter->type),
                "shardFilter.type", std::string("satisfy enum value set: ") + kShardFilterTypes));
        if (!request.shardFilter->shardId.empty())
            checkShardId(request.shardFilter->shardId, "shardFilter.shardId", problems);
    }
    if (!problems.empty())
        return stream_error::validation(problems);
    if (!request.nextToken.empty() && !request.streamName.empty())
        return stream_error::make(stream_error::kInvalidArgument,
                                  "NextToken and StreamName cannot be provided together.");
    if (request.nextToken.empty() && request.streamName.empty())
        return stream_error::make(stream_error::kInvalidArgument,
                                  "Either NextToken or StreamName should be provided.");
    if (!request.nextToken.empty() && request.shardFilter)
        return stream_error::make(stream_error::kInvalidArgument,
                                  "NextToken and ShardFilter cannot be provided together: the token carries the "
                                  "filter of the call that returned it.");
    ListShardsPage page;
    page.name = streamNameOf(request.streamName);
    if (!request.nextToken.empty()) {
        auto decoded = readToken(kListShardsToken, request.nextToken);
        auto read = decoded ? readListShardsPage(*decoded) : std::nullopt;
        if (!read)
            return stream_error::make(stream_error::kInvalidArgument, "Invalid NextToken: " + request.nextToken);
        page = *read;
    } else if (request.shardFilter) {
        const ShardFilter& filter = *request.shardFilter;
        page.filter = *parseShardFilterType(filter.type);
        const bool timed = page.filter == ShardFilterType::AtTimestamp || page.filter == ShardFilterType::FromTimestamp;
        if (page.filter == ShardFilterType::AfterShardId && filter.shardId.empty())
            return stream_error::make(stream_error::kInvalidArgument,
                                      "ShardFilter of type AFTER_SHARD_ID requires a ShardId: the shard after "
                                      "which to list.");
        if (page.filter != ShardFilterType::AfterShardId && !filter.shardId.empty())
            return stream_error::make(stream_error::kInvalidArgument,
                                      "ShardFilter of type " + filter.type +
                                          " takes no ShardId; only AFTER_SHARD_ID does.");
        if (timed && !filter.timestamp)
            return stream_error::make(stream_error::kInvalidArgument,
                                      "ShardFilter of type " + filter.type + " requires a Timestamp.");
        if (!timed && filter.timestamp)
            return stream_error::make(stream_error::kInvalidArgument,
                                      "ShardFilter of type " + filter.type +
                                          " takes no Timestamp; only AT_TIMESTAMP and FROM_TIMESTAMP do.");
        if (filter.timestamp)
            page.timestampUs = static_cast<std::int64_t>(*filter.timestamp * 1e6);
        if (page.filter == ShardFilterType::AfterShardId) {
            const auto after = parseShardIndex(filter.shardId);
            page.first = after ? *after + 1 : 0;
        }
    }
    if (!request.exclusiveStartShardId.empty()) {
        const auto after = parseShardIndex(request.exclusiveStartShardId);
        page.first = std::max(page.first, after ? *after + 1 : 0);
    }
    std::lock_guard lock(m_mutex);
    StreamState* state = findLocked(page.name);
    if (!state)
        return stream_error::streamNotFound(page.name, m_options.accountId);
    const std::int64_t cutoffUs = retentionCutoffUs(*state, m_clock.nowUs());
    ListShardsResult result;
    const ShardView view = clientViewLocked(*state);
    for (int index = page.first; index < view.visible; ++index) {
        if (!shardMatchesFilter(*state, view, index, page.filter, page.timestampUs, cutoffUs))
            continue;
        if (static_cast<int>(result.shards.size()) >= request.maxResults) {
            page.first = index;
            result.nextToken = makeToken(kListShardsToken, writeListShardsPage(page));
            break;
        }
        result.shards.push_back(
            shardDescriptionLocked(*state, index, view.reopened[static_cast<std::size_t>(index)]));
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
