// SPDX-License-Identifier: MIT
// KinesisShardPoller: invoking batches, reading the function's answer, retries, bisection and tumbling windows.
#include "mappings/kinesis_shard_poller.h"

#include "streams/stream_service.h"

#include <boost/asio/post.hpp>

#include <algorithm>

namespace lambdadesk::core {

bool KinesisShardPoller::dispatchWindow(Lane& lane, TimePoint now, TimePoint& nextWake)
{
    const std::int64_t size = windowUs();
    const std::int64_t currentUs = nowUs();
    if (m_windowOpen) {
        const std::int64_t end = m_windowStartUs + size;
        const bool laterRecord = !lane.pending.empty() && lane.pending.front().arrivalUs >= end;
        // Once a read started after the window's end, no record of the window can still arrive.
        // A closed shard read to its end closes its last window at once.
        const bool over = lane.pending.empty() && (m_lastReadUs >= end || m_reachedEnd);
        if (laterRecord || over) {
            Batch batch;
            batch.finalForWindow = true;
            invoke(std::move(batch));
            return true;
        }
        if (lane.pending.empty()) {
            if (currentUs >= end)
                m_wantRead = true;  // read once more, then close the window
            nextWake = std::min(nextWake, now + std::chrono::microseconds(std::max<std::int64_t>(1000, end - currentUs)));
            return true;
        }
    } else {
        if (lane.pending.empty())
            return true;
        m_windowStartUs = lane.pending.front().arrivalUs / size * size;
        m_windowOpen = true;
        m_windowState = nlohmann::json::object();
    }
    // A batch never spans two windows.
    const std::int64_t end = m_windowStartUs + size;
    const auto batchSize = static_cast<std::size_t>(std::max(1, m_config.batchSize));
    std::size_t count = 0;
    while (count < lane.pending.size() && count < batchSize && lane.pending[count].arrivalUs < end)
        ++count;
    const bool complete = count == batchSize || count < lane.pending.size();
    if (!complete && m_config.maximumBatchingWindowSeconds > 0) {
        const auto deadline = lane.pendingSince + scaled(m_config.maximumBatchingWindowSeconds);
        if (now < deadline) {
            nextWake = std::min(nextWake, deadline);
            return true;
        }
    }
    Batch batch;
    for (std::size_t i = 0; i < count; ++i) {
        batch.records.push_back(std::move(lane.pending.front()));
        lane.pending.pop_front();
    }
    m_buffered -= count;
    lane.pendingSince = now;
    invoke(std::move(batch));
    return true;
}

void KinesisShardPoller::invoke(Batch batch)
{
    Lane& lane = m_lanes[batch.lane];
    if (!batch.finalForWindow && m_config.maximumRecordAgeInSeconds >= 0 && !batch.records.empty()) {
        const auto ageUs = nowUs() - batch.records.front().arrivalUs;
        if (ageUs > static_cast<std::int64_t>(m_config.maximumRecordAgeInSeconds * 1e6 * m_context.timeScale)) {
            discard(batch, KinesisFailureCondition::RecordAgeExceeded);
            markDone(batch.records);
            boost::asio::post(m_strand, [self = shared_from_this()] { self->pump(); });
            return;
        }
    }
    nlohmann::json records = nlohmann::json::array();
    for (const auto& record : batch.records)
        records.push_back(kinesisEventRecord(record, m_source));
    nlohmann::json event = {{"Records", std::move(records)}};
    if (m_config.tumblingWindowInSeconds > 0) {
        event["window"] = {{"start", isoTimestampUs(m_windowStartUs)},
                           {"end", isoTimestampUs(m_windowStartUs + windowUs())}};
        event["state"] = m_windowState;
        event["shardId"] = m_source.shardId;
        event["eventSourceARN"] = m_source.streamArn;
        event["isFinalInvokeForWindow"] = batch.finalForWindow;
        event["isWindowTerminatedEarly"] = false;
    }
    if (batch.invokes == 0 && !batch.records.empty()) {
        ++m_counters->batches;
        m_counters->recordsIn += batch.records.size();
    }
    if (!batch.records.empty())
        m_counters->iteratorAgeMs = (nowUs() - batch.records.back().arrivalUs) / 1000;
    ++batch.invokes;
    ++m_counters->concurrency;
    lane.busy = true;
    InvokeRequest request;
    request.function = m_config.functionName;
    request.payload = event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    m_context.invoke(std::move(request), [self = shared_from_this(), batch](InvokeResult result) {
        boost::asio::post(self->m_strand, [self, batch, result = std::move(result)]() mutable {
            self->onInvoked(std::move(batch), result);
        });
    });
}

void KinesisShardPoller::onInvoked(Batch batch, const InvokeResult& result)
{
    --m_counters->concurrency;
    Lane& lane = m_lanes[batch.lane];
    lane.busy = false;
    batch.last = result;
    const int size = static_cast<int>(batch.records.size());
    if (result.status == InvokeStatus::Throttled || result.status == InvokeStatus::ServiceError ||
        result.status == InvokeStatus::NotFound) {
        // No invoke happened: back off and try again without counting a retry (records can still expire).
        ++m_counters->throttled;
        --batch.invokes;
        publish(batch, false, size, result.errorType);
        lane.waitUntil = std::chrono::steady_clock::now() + backoff(++batch.backoffs);
        lane.waiting = std::move(batch);
        return pump();
    }
    batch.backoffs = 0;
    if (!result.ok()) {
        ++m_counters->failedInvokes;
        publish(batch, false, size, result.errorType.empty() ? "FunctionError" : result.errorType);
        handleFailure(std::move(batch));
        return pump();
    }
    const bool tumbling = m_config.tumblingWindowInSeconds > 0;
    const auto response = result.payload.empty() ? nlohmann::json() : nlohmann::json::parse(result.payload, nullptr, false);
    const bool validJson = !response.is_discarded();
    if (tumbling && !batch.finalForWindow &&
        (!validJson || !response.is_object() || !response.contains("state") || !response["state"].is_object())) {
        // With tumbling windows a response without `state` counts as a failed invoke.
        ++m_counters->failedInvokes;
        publish(batch, false, size, "InvalidTumblingWindowResponse");
        handleFailure(std::move(batch));
        return pump();
    }
    KinesisBatchOutcome outcome;
    if (m_config.reportBatchItemFailures && !batch.finalForWindow)
        outcome = readBatchItemFailures(response, validJson, batch.records);
    if (outcome.wholeBatchFailed) {
        ++m_counters->failedInvokes;
        publish(batch, false, size, "InvalidBatchItemFailuresResponse");
        handleFailure(std::move(batch));
        return pump();
    }
    if (tumbling) {
        if (batch.finalForWindow) {
            m_windowOpen = false;
            m_windowState = nlohmann::json::object();
        } else {
            m_windowState = response["state"];
        }
    }
    if (outcome.firstFailed) {
        // Checkpoint before the lowest reported record; it and everything after it are retried.
        const auto first = static_cast<std::ptrdiff_t>(*outcome.firstFailed);
        const std::vector<StreamRecord> done(batch.records.begin(), batch.records.begin() + first);
        markDone(done);
        batch.records.erase(batch.records.begin(), batch.records.begin() + first);
        publish(batch, true, static_cast<int>(batch.records.size()), {});
        handleFailure(std::move(batch));
        return pump();
    }
    markDone(batch.records);
    publish(batch, true, 0, {});
    pump();
}

void KinesisShardPoller::handleFailure(Batch batch)
{
    Lane& lane = m_lanes[batch.lane];
    m_counters->failedRecords += batch.records.size();
    const auto now = std::chrono::steady_clock::now();
    if (batch.finalForWindow) {
        // The final invoke of a window is retried until it succeeds.
        lane.waitUntil = now + backoff(++batch.retries);
        lane.waiting = std::move(batch);
        return;
    }
    if (m_config.bisectBatchOnFunctionError && batch.records.size() > 1) {
        // Splits do not count as retries: each half starts with the full retry budget.
        ++m_counters->bisected;
        const auto half = static_cast<std::ptrdiff_t>(batch.records.size() / 2);
        Batch first;
        first.lane = batch.lane;
        first.invokes = batch.invokes;
        first.records.assign(batch.records.begin(), batch.records.begin() + half);
        Batch second = first;
        second.records.assign(batch.records.begin() + half, batch.records.end());
        lane.splits.push_front(std::move(second));
        lane.splits.push_front(std::move(first));
        return;
    }
    if (m_config.maximumRetryAttempts < 0 || batch.retries < m_config.maximumRetryAttempts) {
        ++m_counters->retried;
        lane.waitUntil = now + backoff(++batch.retries);
        lane.waiting = std::move(batch);
        return;
    }
    discard(batch, KinesisFailureCondition::RetryAttemptsExhausted);
    markDone(batch.records);
}

}  // namespace lambdadesk::core
