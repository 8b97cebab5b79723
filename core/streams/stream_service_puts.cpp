// SPDX-License-Identifier: MIT
// StreamService: PutRecord and PutRecords, the per-shard write limits, retention trimming and the helpers the
// other parts share (locating a shard, making sequence numbers).
#include "streams/stream_errors.h"
#include "streams/stream_hash_key.h"
#include "streams/stream_sequence.h"
#include "streams/stream_service.h"
#include "streams/stream_state.h"
#include "streams/stream_validation.h"
#include "store/database_transaction.h"
#include "store/stream_store.h"

#include <algorithm>
#include <set>

namespace lambdadesk::core {
namespace {

constexpr std::int64_t kShardRecordsPerSecond = 1000;
constexpr std::int64_t kShardBytesPerSecond = 1024 * 1024;

/// The hash-key range check that follows model validation: a 39-digit key can exceed 2^128-1.
Expected<void> checkHashKeyRange(const std::string& explicitHashKey)
{
    if (explicitHashKey.empty() || StreamHashKey::parse(explicitHashKey))
        return {};
    return stream_error::make(stream_error::kInvalidArgument,
                              "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. "
                              "Specified value was " + explicitHashKey);
}

}  // namespace

std::string StreamService::sequenceNumberLocked(const StreamState& state, int shardIndex, StreamPosition position) const
{
    return formatSequenceNumber({state.createdSeconds(), position, shardIndex, state.stored.id});
}

std::int64_t StreamService::retentionCutoffUs(const StreamState& state, std::int64_t nowUs) const
{
    return nowUs - m_clock.scaledUs(state.stored.retentionHours * 3600.0);
}

Expected<StreamService::Located> StreamService::locateLocked(const std::string& stream, const std::string& shardId)
{
    const std::string name = streamNameOf(stream);
    const auto index = parseShardIndex(shardId);
    if (!index)
        return stream_error::make(stream_error::kResourceNotFound, "Could not find shard " + shardId + " in stream " +
                                                                       name + " under account " + m_options.accountId +
                                                                       ".");
    StreamState* state = findLocked(name);
    if (!state || *index >= static_cast<int>(state->shards.size()))
        return stream_error::shardNotFound(formatShardId(*index), name, m_options.accountId);
    return Located{state, *index};
}

Expected<void> StreamService::trimLocked(StreamState& state, std::int64_t nowUs, bool force)
{
    // Reads filter by the cutoff anyway, so retention is exact; deleting is only housekeeping, paced to once a
    // second so a busy stream does not pay for it on every call.
    if (!force && nowUs < state.nextTrimUs)
        return {};
    state.nextTrimUs = nowUs + 1'000'000;
    const std::int64_t cutoff = retentionCutoffUs(state, nowUs);
    for (std::size_t shard = 0; shard < state.shards.size(); ++shard) {
        auto deleted = m_store->trimShard(state.stored.id, static_cast<int>(shard), cutoff);
        if (!deleted)
            return deleted.error();
        state.shards[shard].records = std::max<std::int64_t>(state.shards[shard].records - *deleted, 0);
    }
    return {};
}

bool StreamService::admitLocked(StreamShardState& shard, std::int64_t bytes, std::int64_t nowUs)
{
    if (!m_options.enforceShardWriteLimits)
        return true;
    const std::int64_t second = nowUs / 1'000'000;
    if (second != shard.windowSecond) {
        shard.windowSecond = second;
        shard.windowRecords = 0;
        shard.windowBytes = 0;
    }
    if (shard.windowRecords + 1 > kShardRecordsPerSecond || shard.windowBytes + bytes > kShardBytesPerSecond)
        return false;
    ++shard.windowRecords;
    shard.windowBytes += bytes;
    return true;
}

Expected<PutRecordsResult> StreamService::putLocked(StreamState& state, const std::vector<PutRecordsEntry>& records,
                                                    std::int64_t nowUs, StreamChange& change)
{
    if (auto trimmed = trimLocked(state, nowUs, false); !trimmed)
        return trimmed.error();
    // Arrival times never go back, even if the clock does: AT_TIMESTAMP and trimming rely on their order.
    const std::int64_t arrivalUs = std::max(nowUs, state.stored.lastArrivalUs);
    PutRecordsResult result;
    result.records.resize(records.size());
    std::vector<int> shards(records.size(), -1);
    for (std::size_t i = 0; i < records.size(); ++i) {
        const auto& record = records[i];
        const auto key = record.explicitHashKey.empty() ? StreamHashKey::ofPartitionKey(record.partitionKey)
                                                        : *StreamHashKey::parse(record.explicitHashKey);
        const int shard = shardForKeyLocked(state, key);
        const auto bytes = static_cast<std::int64_t>(record.data.size() + record.partitionKey.size());
        if (!admitLocked(state.shards[static_cast<std::size_t>(shard)], bytes, nowUs)) {
            auto& failed = result.records[i];
            failed.errorCode = stream_error::kProvisionedThroughputExceeded;
            failed.errorMessage = "Rate exceeded for shard " + formatShardId(shard) + " in stream " +
                                  state.stored.name + " under account " + m_options.accountId + ".";
            ++result.failedRecordCount;
            continue;
        }
        shards[i] = shard;
    }

    StreamPosition position = state.stored.lastPosition;
    std::vector<StreamPosition> positions(records.size(), 0);
    DatabaseTransaction transaction(m_store->database());
    if (!transaction.begun())
        return transaction.begun().error();
    for (std::size_t i = 0; i < records.size(); ++i) {
        if (shards[i] < 0)
            continue;
        positions[i] = ++position;
        if (auto inserted = m_store->insertRecord(state.stored.id, shards[i], position, arrivalUs,
                                                  records[i].partitionKey, records[i].data);
            !inserted)
            return inserted.error();
        result.records[i].shardId = formatShardId(shards[i]);
        result.records[i].sequenceNumber = sequenceNumberLocked(state, shards[i], position);
    }
    if (position == state.stored.lastPosition)
        return result;  // every record was refused: nothing to commit
    if (auto saved = m_store->saveLastPosition(state.stored.id, position, arrivalUs); !saved)
        return saved.error();
    if (auto committed = transaction.commit(); !committed)
        return committed.error();

    // Only what is committed becomes visible in memory.
    state.stored.lastPosition = position;
    state.stored.lastArrivalUs = arrivalUs;
    std::set<int> touched;
    for (std::size_t i = 0; i < records.size(); ++i) {
        if (shards[i] < 0)
            continue;
        auto& shard = state.shards[static_cast<std::size_t>(shards[i])];
        ++shard.records;
        shard.lastPosition = positions[i];
        touched.insert(shards[i]);
        ++change.count;
    }
    change.streamName = state.stored.name;
    change.kind = StreamChangeKind::RecordsPut;
    change.shards.assign(touched.begin(), touched.end());
    return result;
}

Expected<PutRecordResult> StreamService::putRecord(const PutRecordRequest& request)
{
    const std::string name = streamNameOf(request.streamName);
    std::vector<std::string> problems;
    checkRecord(request.partitionKey, request.data, request.explicitHashKey, "", problems);
    if (!request.sequenceNumberForOrdering.empty() && !matchesSequenceNumberPattern(request.sequenceNumberForOrdering))
        problems.push_back(stream_error::constraint(stream_error::quoted(request.sequenceNumberForOrdering),
                                                    "sequenceNumberForOrdering",
                                                    "satisfy regular expression pattern: 0|([1-9]\\d{0,128})"));
    checkStreamName(name, problems);
    if (!problems.empty())
        return stream_error::validation(problems);
    if (auto range = checkHashKeyRange(request.explicitHashKey); !range)
        return range.error();
    StreamChange change;
    PutRecordResult result;
    {
        std::lock_guard lock(m_mutex);
        StreamState* state = findLocked(name);
        if (!state)
            return stream_error::streamNotFound(name, m_options.accountId);
        auto put = putLocked(*state, {PutRecordsEntry{request.partitionKey, request.data, request.explicitHashKey}},
                             m_clock.nowUs(), change);
        if (!put)
            return put.error();
        const auto& entry = put->records.front();
        if (entry.failed())
            return stream_error::make(entry.errorCode.c_str(), entry.errorMessage);
        result.shardId = entry.shardId;
        result.sequenceNumber = entry.sequenceNumber;
    }
    notify(change);
    return result;
}

Expected<PutRecordsResult> StreamService::putRecords(const std::string& stream,
                                                     const std::vector<PutRecordsEntry>& records)
{
    const std::string name = streamNameOf(stream);
    std::vector<std::string> problems;
    if (records.empty())
        problems.push_back(stream_error::constraint("'[]'", "records", "have length greater than or equal to 1"));
    if (records.size() > static_cast<std::size_t>(kMaxPutRecordsEntries))
        problems.push_back(stream_error::constraint("'[" + std::to_string(records.size()) + " records]'", "records",
                                                    "have length less than or equal to 500"));
    std::int64_t totalBytes = 0;
    for (std::size_t i = 0; i < records.size(); ++i) {
        const auto& record = records[i];
        checkRecord(record.partitionKey, record.data, record.explicitHashKey,
                    "records." + std::to_string(i + 1) + ".member.", problems);
        totalBytes += static_cast<std::int64_t>(record.data.size() + record.partitionKey.size());
    }
    checkStreamName(name, problems);
    if (!problems.empty())
        return stream_error::validation(problems);
    for (const auto& record : records)
        if (auto range = checkHashKeyRange(record.explicitHashKey); !range)
            return range.error();
    if (totalBytes > kMaxPutRecordsBytes)
        return stream_error::make(stream_error::kInvalidArgument,
                                  "Records size exceeds 5 MB limit: the request's data and partition keys total " +
                                      std::to_string(totalBytes) + " bytes; a PutRecords request may carry at most " +
                                      std::to_string(kMaxPutRecordsBytes) + " bytes.");
    StreamChange change;
    Expected<PutRecordsResult> result = PutRecordsResult{};
    {
        std::lock_guard lock(m_mutex);
        StreamState* state = findLocked(name);
        if (!state)
            return stream_error::streamNotFound(name, m_options.accountId);
        result = putLocked(*state, records, m_clock.nowUs(), change);
    }
    if (result && change.count > 0)
        notify(change);
    return result;
}

}  // namespace lambdadesk::core
