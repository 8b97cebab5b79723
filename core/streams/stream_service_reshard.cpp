// SPDX-License-Identifier: MIT
// StreamService: resharding (SplitShard, MergeShards, UpdateShardCount), UpdateStreamMode, DescribeLimits and
// the shard lineage they maintain. A reshard closes its parents (EndingSequenceNumber = the stream's last
// position then, so every record of a parent is before it) and appends children naming them; records put later
// go to the children by hash key. Each call checks its arguments before the stream's state (as AWS does), commits in
// one transaction and is complete when it returns; the stream then stays UPDATING for a moment
// (StreamService::kReshardUpdatingSeconds), refusing another reshard, and clients see it as it was before the
// reshard until the window ends (ShardView).
#include "streams/stream_errors.h"
#include "streams/stream_hash_key.h"
#include "streams/stream_service.h"
#include "streams/stream_state.h"
#include "streams/stream_validation.h"
#include "store/database_transaction.h"
#include "store/stream_store.h"

#include <algorithm>

namespace lambdadesk::core {
namespace {

constexpr const char* kHashKeyPattern = "satisfy regular expression pattern: 0|([1-9]\\d{0,38})";

StoredStreamShard rowOf(const StreamShardState& shard, int index)
{
    return StoredStreamShard{index,
                             shard.startingHashKey.toDecimal(),
                             shard.endingHashKey.toDecimal(),
                             shard.parent,
                             shard.adjacentParent,
                             shard.openedPosition,
                             shard.openedUs,
                             shard.closedPosition ? *shard.closedPosition : -1,
                             shard.closedUs};
}

/// Open shards by starting hash key: together they cover 0..2^128-1 without overlap.
std::vector<int> openShardsByKey(const StreamState& state)
{
    std::vector<int> open;
    for (int index = 0; index < static_cast<int>(state.shards.size()); ++index)
        if (state.shards[static_cast<std::size_t>(index)].open())
            open.push_back(index);
    std::sort(open.begin(), open.end(), [&state](int left, int right) {
        return state.shards[static_cast<std::size_t>(left)].startingHashKey <
               state.shards[static_cast<std::size_t>(right)].startingHashKey;
    });
    return open;
}

}  // namespace

int StreamService::openShardsLocked() const
{
    int open = 0;
    for (const auto& [name, state] : m_streams)
        open += clientViewLocked(*state).openCount(*state);
    return open;
}

int StreamService::shardForKeyLocked(const StreamState& state, const StreamHashKey& key) const
{
    for (int index = static_cast<int>(state.shards.size()) - 1; index >= 0; --index) {
        const auto& shard = state.shards[static_cast<std::size_t>(index)];
        if (shard.open() && shard.startingHashKey <= key && key <= shard.endingHashKey)
            return index;
    }
    return 0;  // unreachable: the open shards cover every key
}

Expected<void> StreamService::addInitialShardsLocked(StreamState& state, int count)
{
    for (int index = 0; index < count; ++index) {
        StreamShardState shard;
        shard.startingHashKey = shardStartingHashKey(index, count);
        shard.endingHashKey = shardEndingHashKey(index, count);
        shard.openedUs = state.stored.createdUs;
        state.shards.push_back(shard);
        if (auto saved = m_store->saveShard(state.stored.id, rowOf(shard, index)); !saved)
            return saved;
    }
    return {};
}

Expected<int> StreamService::addShardLocked(StreamState& state, StreamHashKey start, StreamHashKey end, int parent,
                                            int adjacentParent, std::int64_t nowUs)
{
    StreamShardState shard;
    shard.startingHashKey = start;
    shard.endingHashKey = end;
    shard.parent = parent;
    shard.adjacentParent = adjacentParent;
    shard.openedPosition = state.stored.lastPosition;
    shard.openedUs = nowUs;
    const int index = static_cast<int>(state.shards.size());
    if (auto saved = m_store->saveShard(state.stored.id, rowOf(shard, index)); !saved)
        return saved.error();
    state.shards.push_back(shard);
    return index;
}

Expected<void> StreamService::closeShardLocked(StreamState& state, int index, std::int64_t nowUs)
{
    auto& shard = state.shards[static_cast<std::size_t>(index)];
    shard.closedPosition = state.stored.lastPosition;
    shard.closedUs = nowUs;
    return m_store->saveShard(state.stored.id, rowOf(shard, index));
}

Expected<std::vector<int>> StreamService::splitLocked(StreamState& state, int index, StreamHashKey newStart,
                                                      std::int64_t nowUs)
{
    if (auto closed = closeShardLocked(state, index, nowUs); !closed)
        return closed.error();
    const StreamShardState parent = state.shards[static_cast<std::size_t>(index)];
    auto low = addShardLocked(state, parent.startingHashKey, newStart.previous(), index, -1, nowUs);
    if (!low)
        return low.error();
    auto high = addShardLocked(state, newStart, parent.endingHashKey, index, -1, nowUs);
    if (!high)
        return high.error();
    return std::vector<int>{*low, *high};
}

Expected<int> StreamService::mergeLocked(StreamState& state, int index, int adjacentIndex, std::int64_t nowUs)
{
    for (const int parent : {index, adjacentIndex})
        if (auto closed = closeShardLocked(state, parent, nowUs); !closed)
            return closed.error();
    const auto& first = state.shards[static_cast<std::size_t>(index)];
    const auto& second = state.shards[static_cast<std::size_t>(adjacentIndex)];
    return addShardLocked(state, std::min(first.startingHashKey, second.startingHashKey),
                          std::max(first.endingHashKey, second.endingHashKey), index, adjacentIndex, nowUs);
}

/// Runs a reshard in one transaction; on any failure the stream's shards in memory are put back as they were.
template <typename Change>
static Expected<std::vector<int>> reshardTransaction(StreamState& state, StreamStore& store, Change change)
{
    const auto before = state.shards;
    const int firstNew = static_cast<int>(state.shards.size());
    DatabaseTransaction transaction(store.database());
    if (!transaction.begun())
        return transaction.begun().error();
    Expected<void> changed = change();
    if (changed)
        changed = store.updateShardCount(state.stored.id, static_cast<int>(state.shards.size()));
    if (changed)
        changed = transaction.commit();
    if (!changed) {
        state.shards = before;
        return changed.error();
    }
    std::vector<int> opened;
    for (int index = firstNew; index < static_cast<int>(state.shards.size()); ++index)
        if (state.shards[static_cast<std::size_t>(index)].open())
            opened.push_back(index);
    return opened;
}

Expected<StreamService::LockedReshard> StreamService::lockReshard(const std::string& stream,
                                                                  std::vector<std::string> problems,
                                                                  const std::vector<std::string>& shardIds)
{
    auto locked = lockStream(stream, std::move(problems));
    if (!locked)
        return locked.error();
    const std::string& name = locked->name;
    const StreamState& state = *locked->state;
    // ValidationException is AWS's answer to an API that on-demand streams do not support (the model's words:
    // "only supported for data streams with the provisioned capacity mode").
    if (state.stored.mode == "ON_DEMAND")
        return stream_error::make(stream_error::kValidation,
                                  "Stream " + name + " under account " + m_options.accountId +
                                      " is in ON_DEMAND capacity mode; this API is only supported for data streams "
                                      "with the provisioned capacity mode.");
    // The shards as clients see them: during an UPDATING window the pending reshard's shards do not exist yet and
    // its parents are still open, so a request naming them is valid and gets ResourceInUseException.
    const ShardView view = clientViewLocked(state);
    std::vector<int> shards;
    for (const auto& shardId : shardIds) {
        const auto index = parseShardIndex(shardId);
        if (!index || *index >= view.visible)
            return stream_error::make(stream_error::kResourceNotFound,
                                      "Could not find shard " + (index ? formatShardId(*index) : shardId) +
                                          " in stream " + name + " under account " + m_options.accountId + ".");
        if (!view.open(state, *index))
            return stream_error::make(stream_error::kInvalidArgument,
                                      "Shard " + formatShardId(*index) + " in stream " + name + " under account " +
                                          m_options.accountId +
                                          " has already been merged or split, and thus is not eligible for merging "
                                          "or splitting.");
        shards.push_back(*index);
    }
    return LockedReshard{std::move(*locked), std::move(shards)};
}

Expected<std::vector<int>> StreamService::commitReshardLocked(StreamState& state, const std::string& name,
                                                              const std::function<Expected<void>()>& change)
{
    if (auto active = activeLocked(state, name); !active)
        return active.error();
    const int firstNew = static_cast<int>(state.shards.size());
    auto opened = reshardTransaction(state, *m_store, change);
    if (!opened)
        return opened.error();
    startUpdatingLocked(state, firstNew);
    return opened;
}

Expected<void> StreamService::splitShard(const SplitShardRequest& request)
{
    std::vector<std::string> problems;
    const bool keyShape = !request.newStartingHashKey.empty() && request.newStartingHashKey.size() <= 39 &&
                          request.newStartingHashKey.find_first_not_of("0123456789") == std::string::npos &&
                          !(request.newStartingHashKey.size() > 1 && request.newStartingHashKey.front() == '0');
    if (!keyShape)
        problems.push_back(stream_error::constraint(stream_error::quoted(request.newStartingHashKey),
                                                    "newStartingHashKey", kHashKeyPattern));
    checkShardId(request.shardToSplit, "shardToSplit", problems);
    StreamChange change{{}, StreamChangeKind::Resharded, {}, 0};
    {
        auto reshard = lockReshard(request.streamName, std::move(problems), {request.shardToSplit});
        if (!reshard)
            return reshard.error();
        const std::string& name = reshard->locked.name;
        change.streamName = name;
        StreamState& state = *reshard->locked.state;
        const int index = reshard->shards[0];
        const auto& shard = state.shards[static_cast<std::size_t>(index)];
        const auto key = StreamHashKey::parse(request.newStartingHashKey);
        // AWS's rule: the new key is above the parent's start plus one and below its end, so each child owns at
        // least two hash keys.
        if (!key || *key <= shard.startingHashKey.next() || *key >= shard.endingHashKey)
            return stream_error::make(
                stream_error::kInvalidArgument,
                "NewStartingHashKey " + request.newStartingHashKey + " used in SplitShard() on shard " +
                    formatShardId(index) + " in stream " + name + " under account " +
                    m_options.accountId + " is not both greater than one plus the shard's StartingHashKey " +
                    shard.startingHashKey.toDecimal() + " and less than the shard's EndingHashKey " +
                    shard.endingHashKey.toDecimal() + ".");
        const int open = openShardsLocked();
        if (open + 1 > m_options.shardLimit)
            return stream_error::make(
                stream_error::kLimitExceeded,
                "This request would exceed the shard limit for the account " + m_options.accountId + " in " +
                    m_options.region + ". Current shard count for the account: " + std::to_string(open) +
                    ". Limit: " + std::to_string(m_options.shardLimit) +
                    ". Number of additional shards that would have resulted from this request: 1. Refer to the AWS "
                    "Service Limits page (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for "
                    "current limits and how to request higher limits.");
        const std::int64_t now = m_clock.nowUs();
        auto opened = commitReshardLocked(state, name, [&]() -> Expected<void> {
            auto children = splitLocked(state, index, *key, now);
            return children ? Expected<void>{} : Expected<void>(children.error());
        });
        if (!opened)
            return opened.error();
        change.shards = *opened;
    }
    notify(change);
    return {};
}

Expected<void> StreamService::mergeShards(const MergeShardsRequest& request)
{
    std::vector<std::string> problems;
    checkShardId(request.shardToMerge, "shardToMerge", problems);
    checkShardId(request.adjacentShardToMerge, "adjacentShardToMerge", problems);
    StreamChange change{{}, StreamChangeKind::Resharded, {}, 0};
    {
        auto reshard =
            lockReshard(request.streamName, std::move(problems), {request.shardToMerge, request.adjacentShardToMerge});
        if (!reshard)
            return reshard.error();
        const std::string& name = reshard->locked.name;
        change.streamName = name;
        StreamState& state = *reshard->locked.state;
        const int first = reshard->shards[0];
        const int second = reshard->shards[1];
        const auto& a = state.shards[static_cast<std::size_t>(first)];
        const auto& b = state.shards[static_cast<std::size_t>(second)];
        // Adjacent: the two ranges touch, in either order, with no gap between them.
        const bool adjacent = first != second &&
                              ((a.endingHashKey < b.startingHashKey && a.endingHashKey.next() == b.startingHashKey) ||
                               (b.endingHashKey < a.startingHashKey && b.endingHashKey.next() == a.startingHashKey));
        if (!adjacent)
            return stream_error::make(stream_error::kInvalidArgument,
                                      "Shards " + formatShardId(first) + " and " + formatShardId(second) +
                                          " in stream " + name + " under account " +
                                          m_options.accountId +
                                          " are not an adjacent pair of shards eligible for merging");
        const std::int64_t now = m_clock.nowUs();
        auto opened = commitReshardLocked(state, name, [&]() -> Expected<void> {
            auto child = mergeLocked(state, first, second, now);
            return child ? Expected<void>{} : Expected<void>(child.error());
        });
        if (!opened)
            return opened.error();
        change.shards = *opened;
    }
    notify(change);
    return {};
}

Expected<UpdateShardCountResult> StreamService::updateShardCount(const UpdateShardCountRequest& request)
{
    std::vector<std::string> problems;
    if (request.scalingType != "UNIFORM_SCALING")
        problems.push_back(stream_error::constraint(
            request.scalingType.empty() ? std::string("null") : stream_error::quoted(request.scalingType),
            "scalingType", "satisfy enum value set: [UNIFORM_SCALING]"));
    checkRange(request.targetShardCount, 1, 2147483647LL, "targetShardCount", problems);
    StreamChange change{{}, StreamChangeKind::Resharded, {}, 0};
    UpdateShardCountResult result;
    {
        auto reshard = lockReshard(request.streamName, std::move(problems), {});
        if (!reshard)
            return reshard.error();
        const std::string& name = reshard->locked.name;
        change.streamName = name;
        StreamState& state = *reshard->locked.state;
        const int open = clientViewLocked(state).openCount(state);
        const int target = request.targetShardCount;
        const std::string counts =
            "Current open shard count: " + std::to_string(open) + ", Target shard count: " + std::to_string(target);
        if (openShardsLocked() - open + target > m_options.shardLimit)
            return stream_error::make(stream_error::kLimitExceeded,
                                      "Target shard count or number of open shards cannot be greater than " +
                                          std::to_string(m_options.shardLimit) + ". " + counts);
        if (target > open * 2)
            return stream_error::make(stream_error::kLimitExceeded,
                                      "UpdateShardCount cannot scale up over double your current open shard count. " +
                                          counts);
        if (target * 2 < open)
            return stream_error::make(stream_error::kLimitExceeded,
                                      "UpdateShardCount cannot scale down below half your current open shard count. " +
                                          counts);
        const std::int64_t now = m_clock.nowUs();
        // As AWS does it: splits at every boundary of the even target layout that falls inside an open shard,
        // then merges within each target range, so every new shard has at most two parents and readers that
        // finish parents first keep each key's order.
        auto opened = commitReshardLocked(state, name, [&]() -> Expected<void> {
            for (int boundary = 1; boundary < target; ++boundary) {
                const StreamHashKey key = shardStartingHashKey(boundary, target);
                for (const int index : openShardsByKey(state)) {
                    const auto& shard = state.shards[static_cast<std::size_t>(index)];
                    if (shard.startingHashKey < key && key <= shard.endingHashKey) {
                        if (auto split = splitLocked(state, index, key, now); !split)
                            return split.error();
                        break;
                    }
                }
            }
            for (int range = 0; range < target; ++range) {
                const StreamHashKey low = shardStartingHashKey(range, target);
                const StreamHashKey high = shardEndingHashKey(range, target);
                for (;;) {
                    std::vector<int> inside;
                    for (const int index : openShardsByKey(state)) {
                        const auto& shard = state.shards[static_cast<std::size_t>(index)];
                        if (low <= shard.startingHashKey && shard.endingHashKey <= high)
                            inside.push_back(index);
                    }
                    if (inside.size() < 2)
                        break;
                    if (auto merged = mergeLocked(state, inside[0], inside[1], now); !merged)
                        return merged.error();
                }
            }
            return {};
        });
        if (!opened)
            return opened.error();
        change.shards = *opened;
        result = UpdateShardCountResult{name, streamArn(name), open, target};
    }
    if (!change.shards.empty())
        notify(change);
    return result;
}

Expected<void> StreamService::updateStreamMode(const std::string& streamArnValue, const std::string& streamMode)
{
    std::vector<std::string> problems;
    if (streamMode != "PROVISIONED" && streamMode != "ON_DEMAND")
        problems.push_back(stream_error::constraint(streamMode.empty() ? std::string("null")
                                                                       : stream_error::quoted(streamMode),
                                                    "streamModeDetails.streamMode",
                                                    "satisfy enum value set: [PROVISIONED, ON_DEMAND]"));
    auto locked = lockStream(streamArnValue, std::move(problems), StreamGate::Active, StreamMember::Arn);
    if (!locked)
        return locked.error();
    StreamState* state = locked->state;
    if (streamMode == "ON_DEMAND" && state->stored.mode != "ON_DEMAND") {
        int onDemand = 0;
        for (const auto& [other, otherState] : m_streams)
            onDemand += otherState->stored.mode == "ON_DEMAND" ? 1 : 0;
        if (onDemand >= kOnDemandStreamCountLimit)
            return stream_error::make(stream_error::kLimitExceeded,
                                      "This request would exceed the limit of " +
                                          std::to_string(kOnDemandStreamCountLimit) +
                                          " ON_DEMAND streams for the account " + m_options.accountId + " in " +
                                          m_options.region + ".");
    }
    if (auto updated = m_store->updateMode(state->stored.id, streamMode); !updated)
        return updated;
    state->stored.mode = streamMode;
    startUpdatingLocked(*state);
    return {};
}

Expected<DescribeLimitsResult> StreamService::describeLimits()
{
    std::lock_guard lock(m_mutex);
    DescribeLimitsResult limits;
    limits.shardLimit = m_options.shardLimit;
    limits.openShardCount = openShardsLocked();
    for (const auto& [name, state] : m_streams)
        limits.onDemandStreamCount += state->stored.mode == "ON_DEMAND" ? 1 : 0;
    limits.onDemandStreamCountLimit = kOnDemandStreamCountLimit;
    return limits;
}

}  // namespace lambdadesk::core
