// SPDX-License-Identifier: MIT
// StreamService: opening, loading, creating and deleting streams, and retention. Describing and listing are in
// stream_service_describe.cpp, puts in stream_service_puts.cpp, iterators and reads in stream_service_reads.cpp.
#include "streams/stream_service.h"

#include "streams/stream_errors.h"
#include "streams/stream_state.h"
#include "streams/stream_validation.h"
#include "store/database_transaction.h"
#include "store/stream_store.h"

#include <algorithm>

namespace lambdadesk::core {
namespace {

constexpr int kMinRetentionHours = 24;
constexpr int kMaxRetentionHours = 8760;

}  // namespace

Expected<std::shared_ptr<StreamService>> StreamService::open(StreamServiceOptions options)
{
    DatabaseOptions databaseOptions;
    databaseOptions.exclusive = options.exclusiveDatabase;
    auto store = StreamStore::open(options.databasePath, databaseOptions);
    if (!store)
        return store.error();
    std::shared_ptr<StreamService> service(new StreamService(std::move(options), std::move(*store)));
    if (auto loaded = service->load(); !loaded)
        return loaded.error();
    return service;
}

StreamService::StreamService(StreamServiceOptions options, std::unique_ptr<StreamStore> store)
    : m_options(std::move(options)), m_clock(m_options.clock, m_options.timeScale), m_store(std::move(store))
{
}

StreamService::~StreamService() = default;

Expected<void> StreamService::load()
{
    std::lock_guard lock(m_mutex);
    auto streams = m_store->loadStreams();
    if (!streams)
        return streams.error();
    for (auto& stored : *streams) {
        auto state = std::make_unique<StreamState>();
        state->stored = std::move(stored);
        auto shards = m_store->loadShards(state->stored.id);
        if (!shards)
            return shards.error();
        for (const auto& row : *shards) {
            StreamShardState shard;
            shard.startingHashKey = StreamHashKey::parse(row.startingHashKey).value_or(StreamHashKey{});
            shard.endingHashKey = StreamHashKey::parse(row.endingHashKey).value_or(StreamHashKey::max());
            shard.parent = row.parent;
            shard.adjacentParent = row.adjacentParent;
            shard.openedPosition = row.openedPosition;
            shard.openedUs = row.openedUs;
            if (row.closedPosition >= 0)
                shard.closedPosition = row.closedPosition;
            shard.closedUs = row.closedUs;
            state->shards.push_back(shard);
        }
        // A database written before resharding existed has no shard rows: its shards are the even split.
        if (state->shards.empty()) {
            if (auto added = addInitialShardsLocked(*state, std::max(state->stored.shardCount, 1)); !added)
                return added.error();
        }
        auto totals = m_store->loadShardTotals(state->stored.id);
        if (!totals)
            return totals.error();
        for (const auto& total : *totals) {
            if (total.shard < 0 || total.shard >= static_cast<int>(state->shards.size()))
                continue;
            state->shards[static_cast<std::size_t>(total.shard)].records = total.records;
            state->shards[static_cast<std::size_t>(total.shard)].lastPosition = total.lastPosition;
        }
        auto tags = m_store->loadTags(state->stored.id);
        if (!tags)
            return tags.error();
        for (auto& [key, value] : *tags)
            state->tags[key] = value;
        auto consumers = m_store->loadConsumers(state->stored.id);
        if (!consumers)
            return consumers.error();
        state->consumers = std::move(*consumers);
        const std::string name = state->stored.name;
        m_streams.emplace(name, std::move(state));
    }
    return {};
}

std::string StreamService::streamArn(const std::string& streamName) const
{
    return "arn:aws:kinesis:" + m_options.region + ":" + m_options.accountId + ":stream/" + streamName;
}

void StreamService::setChangeListener(StreamChangeListener listener)
{
    std::lock_guard lock(m_mutex);
    m_listener = listener ? std::make_shared<const StreamChangeListener>(std::move(listener)) : nullptr;
}

void StreamService::notify(const StreamChange& change)
{
    std::shared_ptr<const StreamChangeListener> listener;
    {
        std::lock_guard lock(m_mutex);
        listener = m_listener;
    }
    if (listener)
        (*listener)(change);
}

StreamState* StreamService::findLocked(std::string_view streamName)
{
    auto found = m_streams.find(streamName);
    return found == m_streams.end() ? nullptr : found->second.get();
}

Expected<StreamService::LockedStream> StreamService::lockStream(const std::string& streamOrArn,
                                                                std::vector<std::string> problems, StreamGate gate,
                                                                StreamMember member)
{
    std::string name = streamNameOf(streamOrArn);
    if (member == StreamMember::Name)
        checkStreamName(name, problems);
    else if (streamOrArn.empty())
        problems.push_back(stream_error::constraint("null", "streamARN", "not be null"));
    if (!problems.empty())
        return stream_error::validation(problems);
    std::unique_lock lock(m_mutex);
    auto state = gatedLocked(name, gate);
    if (!state)
        return state.error();
    return LockedStream{std::move(lock), *state, std::move(name)};
}

Expected<StreamState*> StreamService::gatedLocked(const std::string& name, StreamGate gate)
{
    StreamState* state = findLocked(name);
    if (!state)
        return stream_error::streamNotFound(name, m_options.accountId);
    if (gate == StreamGate::Active) {
        if (auto active = activeLocked(*state, name); !active)
            return active.error();
    }
    return state;
}

Expected<void> StreamService::activeLocked(const StreamState& state, const std::string& name) const
{
    if (std::string_view(statusLocked(state)) != "ACTIVE")
        return stream_error::make(stream_error::kResourceInUse, "Stream " + name + " under account " +
                                                                    m_options.accountId +
                                                                    " not ACTIVE, instead in state " +
                                                                    statusLocked(state));
    return {};
}

void StreamService::startUpdatingLocked(StreamState& state, int reshardFirstShard)
{
    state.updatingUntilUs = m_clock.nowUs() + m_clock.scaledUs(kReshardUpdatingSeconds);
    state.reshardFirstShard = reshardFirstShard;
}

ShardView StreamService::clientViewLocked(const StreamState& state) const
{
    const int count = static_cast<int>(state.shards.size());
    ShardView view{count, std::vector<bool>(state.shards.size(), false)};
    const int first = state.reshardFirstShard;
    if (first < 0 || first > count || std::string_view(statusLocked(state)) == "ACTIVE")
        return view;
    view.visible = first;
    // The shards the pending reshard closed are the parents, among the older shards, of the ones it opened (an
    // UpdateShardCount's short-lived shards are among the new ones, hidden too).
    for (int index = first; index < count; ++index) {
        const auto& shard = state.shards[static_cast<std::size_t>(index)];
        for (const int parent : {shard.parent, shard.adjacentParent})
            if (parent >= 0 && parent < first)
                view.reopened[static_cast<std::size_t>(parent)] = true;
    }
    return view;
}

const char* StreamService::statusLocked(const StreamState& state) const
{
    return m_clock.nowUs() < state.updatingUntilUs ? "UPDATING" : "ACTIVE";
}

Expected<void> StreamService::createStream(const std::string& streamName, int shardCount)
{
    return createStream(CreateStreamRequest{streamName, shardCount, {}});
}

Expected<void> StreamService::createStream(const CreateStreamRequest& request)
{
    std::vector<std::string> problems;
    if (request.shardCount)
        checkRange(*request.shardCount, 1, 1'000'000, "shardCount", problems);
    if (!request.streamMode.empty() && request.streamMode != "PROVISIONED" && request.streamMode != "ON_DEMAND")
        problems.push_back(stream_error::constraint(stream_error::quoted(request.streamMode),
                                                    "streamModeDetails.streamMode",
                                                    "satisfy enum value set: [PROVISIONED, ON_DEMAND]"));
    checkStreamName(request.streamName, problems);
    if (!problems.empty())
        return stream_error::validation(problems);
    const bool onDemand = request.streamMode == "ON_DEMAND" || (request.streamMode.empty() && !request.shardCount);
    if (onDemand && request.shardCount)
        return stream_error::make(stream_error::kInvalidArgument,
                                  "ShardCount must not be specified for a stream in ON_DEMAND mode; it starts with " +
                                      std::to_string(kOnDemandShardCount) + " shards.");
    if (!onDemand && !request.shardCount)
        return stream_error::make(stream_error::kInvalidArgument,
                                  "ShardCount is required for a stream in PROVISIONED mode.");
    const int shardCount = onDemand ? kOnDemandShardCount : *request.shardCount;

    if (auto created = insertStream(request.streamName, shardCount, onDemand); !created)
        return created;
    notify(StreamChange{request.streamName, StreamChangeKind::Created, {}, 0});
    return {};
}

Expected<void> StreamService::insertStream(const std::string& streamName, int shardCount, bool onDemand)
{
    std::lock_guard lock(m_mutex);
    if (findLocked(streamName))
        return stream_error::make(stream_error::kResourceInUse,
                                  "Stream " + streamName + " under account " + m_options.accountId + " already exists.");
    const long long current = openShardsLocked();
    if (current + shardCount > m_options.shardLimit)
        return stream_error::make(
            stream_error::kLimitExceeded,
            "This request would exceed the shard limit for the account " + m_options.accountId + " in " +
                m_options.region + ". Current shard count for the account: " + std::to_string(current) +
                ". Limit: " + std::to_string(m_options.shardLimit) +
                ". Number of additional shards that would have resulted from this request: " +
                std::to_string(shardCount) + ". Refer to the AWS Service Limits page "
                "(http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how "
                "to request higher limits.");

    StoredStream stored;
    stored.name = streamName;
    stored.shardCount = shardCount;
    stored.mode = onDemand ? "ON_DEMAND" : "PROVISIONED";
    stored.retentionHours = kMinRetentionHours;
    stored.createdUs = m_clock.nowUs();
    // The stream and its shard rows commit together.
    DatabaseTransaction transaction(m_store->database());
    if (!transaction.begun())
        return transaction.begun().error();
    auto id = m_store->insertStream(stored);
    if (!id)
        return id.error();
    stored.id = *id;
    auto state = std::make_unique<StreamState>();
    state->stored = std::move(stored);
    if (auto added = addInitialShardsLocked(*state, shardCount); !added)
        return added.error();
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    m_streams.emplace(streamName, std::move(state));
    return {};
}

Expected<void> StreamService::deleteStream(const std::string& stream)
{
    std::string name;
    {
        auto locked = lockStream(stream, {});
        if (!locked)
            return locked.error();
        name = locked->name;
        StreamState* state = locked->state;
        DatabaseTransaction transaction(m_store->database());
        if (!transaction.begun())
            return transaction.begun().error();
        if (auto deleted = m_store->deleteStream(state->stored.id); !deleted)
            return deleted.error();
        if (auto committed = transaction.commit(); !committed)
            return committed.error();
        m_streams.erase(name);
    }
    notify(StreamChange{name, StreamChangeKind::Deleted, {}, 0});
    return {};
}

Expected<std::int64_t> StreamService::retentionCheckLocked(const std::string& stream, int hours)
{
    std::vector<std::string> problems;
    checkRange(hours, 1, 2147483647LL, "retentionPeriodHours", problems);
    checkStreamName(stream, problems);
    if (!problems.empty())
        return stream_error::validation(problems);
    if (hours < kMinRetentionHours)
        return stream_error::make(stream_error::kInvalidArgument,
                                  "Minimum allowed retention period is " + std::to_string(kMinRetentionHours) +
                                      " hours. Requested retention period (" + std::to_string(hours) +
                                      " hours) is too short.");
    if (hours > kMaxRetentionHours)
        return stream_error::make(stream_error::kInvalidArgument,
                                  "Maximum allowed retention period is " + std::to_string(kMaxRetentionHours) +
                                      " hours. Requested retention period (" + std::to_string(hours) +
                                      " hours) is too long.");
    StreamState* state = findLocked(stream);
    if (!state)
        return stream_error::streamNotFound(stream, m_options.accountId);
    return state->stored.retentionHours;
}

Expected<void> StreamService::increaseStreamRetentionPeriod(const std::string& stream, int retentionPeriodHours)
{
    const std::string name = streamNameOf(stream);
    {
        std::lock_guard lock(m_mutex);
        auto current = retentionCheckLocked(name, retentionPeriodHours);
        if (!current)
            return current.error();
        if (retentionPeriodHours < *current)
            return stream_error::make(stream_error::kInvalidArgument,
                                      "Requested retention period (" + std::to_string(retentionPeriodHours) +
                                          " hours) for stream " + name +
                                          " can not be shorter than existing retention period (" +
                                          std::to_string(*current) + " hours). Use DecreaseRetentionPeriod API.");
        StreamState& state = *findLocked(name);
        if (auto updated = m_store->updateRetention(state.stored.id, retentionPeriodHours); !updated)
            return updated.error();
        state.stored.retentionHours = retentionPeriodHours;
    }
    notify(StreamChange{name, StreamChangeKind::RetentionChanged, {}, 0});
    return {};
}

Expected<void> StreamService::decreaseStreamRetentionPeriod(const std::string& stream, int retentionPeriodHours)
{
    const std::string name = streamNameOf(stream);
    {
        std::lock_guard lock(m_mutex);
        auto current = retentionCheckLocked(name, retentionPeriodHours);
        if (!current)
            return current.error();
        if (retentionPeriodHours > *current)
            return stream_error::make(stream_error::kInvalidArgument,
                                      "Requested retention period (" + std::to_string(retentionPeriodHours) +
                                          " hours) for stream " + name +
                                          " can not be longer than existing retention period (" +
                                          std::to_string(*current) + " hours). Use IncreaseRetentionPeriod API.");
        StreamState& state = *findLocked(name);
        if (auto updated = m_store->updateRetention(state.stored.id, retentionPeriodHours); !updated)
            return updated.error();
        state.stored.retentionHours = retentionPeriodHours;
        if (auto trimmed = trimLocked(state, m_clock.nowUs(), true); !trimmed)
            return trimmed.error();
    }
    notify(StreamChange{name, StreamChangeKind::RetentionChanged, {}, 0});
    return {};
}

}  // namespace lambdadesk::core
