// SPDX-License-Identifier: MIT
// StreamService: GetShardIterator, GetRecords, the reader API for event source mappings, and stats.
#include "streams/stream_errors.h"
#include "streams/stream_iterator.h"
#include "streams/stream_sequence.h"
#include "streams/stream_service.h"
#include "streams/stream_state.h"
#include "streams/stream_validation.h"
#include "store/stream_store.h"

#include <algorithm>
#include <array>
#include <ctime>

namespace lambdadesk::core {
namespace {

constexpr double kIteratorLifetimeSeconds = 300;
constexpr const char* kIteratorTypes =
    "satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, AT_TIMESTAMP, AT_SEQUENCE_NUMBER, TRIM_HORIZON]";

/// AWS's (Java's) date format in the expired-iterator message: "Thu Jan 22 01:22:02 UTC 2015".
std::string javaUtcString(std::int64_t us)
{
    const std::time_t seconds = static_cast<std::time_t>(us / 1'000'000);
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    std::array<char, 64> buffer{};
    std::strftime(buffer.data(), buffer.size(), "%a %b %d %H:%M:%S UTC %Y", &parts);
    return buffer.data();
}

}  // namespace

Expected<StreamPosition> StreamService::startingPositionLocked(StreamState& state, int shardIndex,
                                                               ShardIteratorType type,
                                                               const std::string& sequenceNumber,
                                                               std::optional<double> timestamp, std::int64_t nowUs)
{
    const std::string shardId = formatShardId(shardIndex);
    const std::string where = " used in GetShardIterator on shard " + shardId + " in stream " + state.stored.name +
                              " under account " + m_options.accountId + " is invalid";
    const bool bySequence = type == ShardIteratorType::AtSequenceNumber || type == ShardIteratorType::AfterSequenceNumber;
    if (bySequence != !sequenceNumber.empty())
        return stream_error::make(stream_error::kInvalidArgument,
                                  std::string("Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and "
                                              "StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no "
                                              "StartingSequenceNumber. Request specified ") +
                                      toString(type) +
                                      (bySequence ? " and no StartingSequenceNumber." : " and also a StartingSequenceNumber."));
    switch (type) {
    case ShardIteratorType::TrimHorizon:
        return StreamPosition{0};  // reads skip what retention trimmed
    case ShardIteratorType::Latest: {
        // A closed shard's tip is where it closed: nothing comes after it.
        const auto& shard = state.shards[static_cast<std::size_t>(shardIndex)];
        return shard.closedPosition ? *shard.closedPosition : state.stored.lastPosition;
    }
    case ShardIteratorType::AtTimestamp: {
        if (!timestamp)
            return stream_error::make(stream_error::kInvalidArgument,
                                      "Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. "
                                      "Current request has no timestamp parameter.");
        const auto millis = static_cast<std::int64_t>(*timestamp * 1000.0);
        if (millis > nowUs / 1000)
            return stream_error::make(stream_error::kInvalidArgument,
                                      "The timestampInMillis parameter cannot be greater than the "
                                      "currentTimestampInMillis. timestampInMillis: " + std::to_string(millis) +
                                          ", currentTimestampInMillis: " + std::to_string(nowUs / 1000));
        auto first = m_store->firstArrivedSince(state.stored.id, shardIndex,
                                                std::max(millis * 1000, retentionCutoffUs(state, nowUs)));
        if (!first)
            return first.error();
        return *first ? (*first)->position - 1 : state.stored.lastPosition;
    }
    case ShardIteratorType::AtSequenceNumber:
    case ShardIteratorType::AfterSequenceNumber:
        break;
    }
    const auto parts = parseSequenceNumber(sequenceNumber);
    if (!parts)
        return stream_error::make(stream_error::kInvalidArgument, "StartingSequenceNumber " + sequenceNumber + where + ".");
    if (parts->shardIndex != shardIndex)
        return stream_error::make(stream_error::kInvalidArgument,
                                  "Invalid StartingSequenceNumber. It encodes " + formatShardId(parts->shardIndex) +
                                      ", while it was used in a call to a shard with " + shardId);
    if (parts->streamCreatedSeconds != state.createdSeconds() || parts->streamId != state.stored.id % 1'000'000)
        return stream_error::make(stream_error::kInvalidArgument, "StartingSequenceNumber " + sequenceNumber + where +
                                                                      " because it did not come from this stream.");
    return type == ShardIteratorType::AtSequenceNumber ? parts->position - 1 : parts->position;
}

Expected<std::string> StreamService::getShardIterator(const GetShardIteratorRequest& request)
{
    const std::string name = streamNameOf(request.streamName);
    std::vector<std::string> problems;
    // Both are required: an absent member (which the bridge passes as empty) is AWS's "must not be null".
    if (request.shardId.empty())
        problems.push_back(stream_error::constraint("null", "shardId", "not be null"));
    else
        checkShardId(request.shardId, "shardId", problems);
    const auto type = parseShardIteratorType(request.shardIteratorType);
    if (request.shardIteratorType.empty())
        problems.push_back(stream_error::constraint("null", "shardIteratorType", "not be null"));
    else if (!type)
        problems.push_back(stream_error::constraint(stream_error::quoted(request.shardIteratorType),
                                                    "shardIteratorType", kIteratorTypes));
    if (!request.startingSequenceNumber.empty() && !matchesSequenceNumberPattern(request.startingSequenceNumber))
        problems.push_back(stream_error::constraint(stream_error::quoted(request.startingSequenceNumber),
                                                    "startingSequenceNumber",
                                                    "satisfy regular expression pattern: 0|([1-9]\\d{0,128})"));
    checkStreamName(name, problems);
    if (!problems.empty())
        return stream_error::validation(problems);
    std::lock_guard lock(m_mutex);
    auto located = locateLocked(name, request.shardId);
    if (!located)
        return located.error();
    const std::int64_t now = m_clock.nowUs();
    auto position = startingPositionLocked(*located->state, located->shardIndex, *type, request.startingSequenceNumber,
                                           request.timestamp, now);
    if (!position)
        return position.error();
    return encodeShardIterator({name, located->state->stored.id, located->shardIndex, *position, now});
}

Expected<ShardReadResult> StreamService::readLocked(StreamState& state, int shardIndex, StreamPosition after,
                                                    int limit, std::int64_t maxBytes, std::int64_t nowUs)
{
    if (auto trimmed = trimLocked(state, nowUs, false); !trimmed)
        return trimmed.error();
    std::optional<StoredStreamRecord> next;
    auto rows = m_store->readRecords(state.stored.id, shardIndex, after, retentionCutoffUs(state, nowUs), limit,
                                     maxBytes, &next);
    if (!rows)
        return rows.error();
    ShardReadResult result;
    result.nextPosition = rows->empty() ? after : rows->back().position;
    result.records.reserve(rows->size());
    for (auto& row : *rows) {
        StreamRecord record;
        record.sequenceNumber = sequenceNumberLocked(state, shardIndex, row.position);
        record.approximateArrivalTimestamp = epochSecondsOf(row.arrivalUs);
        record.data = std::move(row.data);
        record.partitionKey = std::move(row.partitionKey);
        record.position = row.position;
        record.arrivalUs = row.arrivalUs;
        result.records.push_back(std::move(record));
    }
    result.millisBehindLatest = next ? std::max<std::int64_t>((nowUs - next->arrivalUs) / 1000, 0) : 0;
    result.shardEnded = !next && !state.shards[static_cast<std::size_t>(shardIndex)].open();
    return result;
}

Expected<GetRecordsResult> StreamService::getRecords(const GetRecordsRequest& request)
{
    std::vector<std::string> problems;
    checkRange(request.limit, 1, kMaxGetRecordsLimit, "limit", problems);
    if (request.shardIterator.empty())
        problems.push_back(stream_error::constraint("''", "shardIterator", "have length greater than or equal to 1"));
    else if (request.shardIterator.size() > 512)
        problems.push_back(stream_error::constraint(stream_error::quoted(request.shardIterator), "shardIterator",
                                                    "have length less than or equal to 512"));
    if (!problems.empty())
        return stream_error::validation(problems);
    const auto token = decodeShardIterator(request.shardIterator);
    if (!token)
        return stream_error::invalidIterator();
    const std::int64_t now = m_clock.nowUs();
    const std::int64_t lifetimeUs = m_clock.scaledUs(kIteratorLifetimeSeconds);
    if (now - token->issuedUs > lifetimeUs)
        return stream_error::make(stream_error::kExpiredIterator,
                                  "Iterator expired. The iterator was created at time " +
                                      javaUtcString(token->issuedUs) + " while right now it is " + javaUtcString(now) +
                                      " which is further in the future than the tolerated delay of " +
                                      std::to_string(lifetimeUs / 1000) + " milliseconds.");
    std::lock_guard lock(m_mutex);
    StreamState* state = findLocked(token->streamName);
    // An iterator of a deleted stream, or of an older stream under the same name, names a shard that is gone.
    if (!state || state->stored.id != token->streamId || token->shardIndex >= static_cast<int>(state->shards.size()))
        return stream_error::shardNotFound(formatShardId(token->shardIndex), token->streamName, m_options.accountId);
    auto read = readLocked(*state, token->shardIndex, token->position, request.limit, kMaxGetRecordsBytes, now);
    if (!read)
        return read.error();
    GetRecordsResult result;
    result.records = std::move(read->records);
    result.millisBehindLatest = read->millisBehindLatest;
    // As AWS: once a closed shard's last record is returned there is no next iterator; the reader goes on with
    // the shard's children.
    if (!read->shardEnded)
        result.nextShardIterator =
            encodeShardIterator({token->streamName, token->streamId, token->shardIndex, read->nextPosition, now});
    return result;
}

Expected<std::vector<std::string>> StreamService::shardIds(const std::string& stream)
{
    const std::string name = streamNameOf(stream);
    std::lock_guard lock(m_mutex);
    StreamState* state = findLocked(name);
    if (!state)
        return stream_error::streamNotFound(name, m_options.accountId);
    std::vector<std::string> ids;
    for (int index = 0; index < static_cast<int>(state->shards.size()); ++index)
        ids.push_back(formatShardId(index));
    return ids;
}

Expected<std::vector<ShardLineage>> StreamService::shardLineage(const std::string& stream)
{
    const std::string name = streamNameOf(stream);
    std::lock_guard lock(m_mutex);
    StreamState* state = findLocked(name);
    if (!state)
        return stream_error::streamNotFound(name, m_options.accountId);
    std::vector<ShardLineage> lineage;
    for (int index = 0; index < static_cast<int>(state->shards.size()); ++index) {
        const auto& shard = state->shards[static_cast<std::size_t>(index)];
        lineage.push_back(ShardLineage{formatShardId(index), shard.parent >= 0 ? formatShardId(shard.parent) : "",
                                       shard.adjacentParent >= 0 ? formatShardId(shard.adjacentParent) : "",
                                       shard.open(), shard.closedUs});
    }
    return lineage;
}

Expected<StreamPosition> StreamService::startingPosition(const std::string& stream, const std::string& shardId,
                                                         ShardIteratorType type, const std::string& sequenceNumber,
                                                         std::optional<double> timestamp)
{
    std::lock_guard lock(m_mutex);
    auto located = locateLocked(stream, shardId);
    if (!located)
        return located.error();
    return startingPositionLocked(*located->state, located->shardIndex, type, sequenceNumber, timestamp,
                                  m_clock.nowUs());
}

Expected<StreamPosition> StreamService::latestPosition(const std::string& stream, const std::string& shardId)
{
    std::lock_guard lock(m_mutex);
    auto located = locateLocked(stream, shardId);
    if (!located)
        return located.error();
    const auto& shard = located->state->shards[static_cast<std::size_t>(located->shardIndex)];
    return shard.closedPosition ? *shard.closedPosition : located->state->stored.lastPosition;
}

Expected<ShardReadResult> StreamService::readShard(const std::string& stream, const std::string& shardId,
                                                   StreamPosition after, int limit, std::int64_t maxBytes)
{
    std::vector<std::string> problems;
    checkRange(limit, 1, kMaxGetRecordsLimit, "limit", problems);
    checkRange(maxBytes, 1, kMaxGetRecordsBytes, "maxBytes", problems);
    if (!problems.empty())
        return stream_error::validation(problems);
    std::lock_guard lock(m_mutex);
    auto located = locateLocked(stream, shardId);
    if (!located)
        return located.error();
    return readLocked(*located->state, located->shardIndex, after, limit, maxBytes, m_clock.nowUs());
}

std::optional<StreamStats> StreamService::stats(const std::string& stream)
{
    std::lock_guard lock(m_mutex);
    StreamState* state = findLocked(streamNameOf(stream));
    if (!state)
        return std::nullopt;
    const std::int64_t now = m_clock.nowUs();
    if (!trimLocked(*state, now, true))
        return std::nullopt;
    const std::int64_t cutoff = retentionCutoffUs(*state, now);
    StreamStats stats;
    for (int index = 0; index < static_cast<int>(state->shards.size()); ++index) {
        const auto& shard = state->shards[static_cast<std::size_t>(index)];
        ShardStats shardStats{formatShardId(index), shard.records, 0, shard.lastPosition, shard.open()};
        if (shard.records > 0) {
            auto oldest = m_store->firstArrivedSince(state->stored.id, index, cutoff);
            if (oldest && *oldest)
                shardStats.oldestAgeMs = std::max<std::int64_t>((now - (*oldest)->arrivalUs) / 1000, 0);
        }
        stats.records += shardStats.records;
        stats.oldestAgeMs = std::max(stats.oldestAgeMs, shardStats.oldestAgeMs);
        stats.shards.push_back(std::move(shardStats));
    }
    return stats;
}

}  // namespace lambdadesk::core
