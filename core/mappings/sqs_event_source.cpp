// SPDX-License-Identifier: MIT
#include "mappings/sqs_event_source.h"

#include "filters/event_filter_document.h"
#include "queues/queue_service.h"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <unordered_map>

namespace lambdadesk::core {
namespace {

constexpr int kInitialWorkers = 5;  // Lambda starts an SQS mapping with five pollers
constexpr int kMaxReceive = 10;
// A batch's event is at most Lambda's 6 MB invoke payload: with 1 MiB messages ten would not fit, and such an
// invoke would fail for ever. The poller sends what fits and carries the rest over to its next batch.
constexpr std::size_t kMaxPayloadBytes = 6 * 1024 * 1024;
constexpr int kLongPollSeconds = 20;

std::string queueNameFromArn(const std::string& arn)
{
    return arn.substr(arn.rfind(':') + 1);
}

/// Gives messages back to the queue at once (visibility 0), ten handles per call.
void makeVisible(QueueService& queues, const std::string& queueUrl,
                 const std::vector<ChangeMessageVisibilityBatchEntry>& entries)
{
    for (std::size_t start = 0; start < entries.size(); start += kMaxReceive) {
        std::vector<ChangeMessageVisibilityBatchEntry> chunk(
            entries.begin() + static_cast<std::ptrdiff_t>(start),
            entries.begin() + static_cast<std::ptrdiff_t>(std::min(entries.size(), start + kMaxReceive)));
        queues.changeMessageVisibilityBatch(queueUrl, chunk);
    }
}

}  // namespace

struct SqsEventSource::Batch {
    explicit Batch(const boost::asio::strand<boost::asio::any_io_executor>& strand) : timer(strand) {}
    std::vector<ReceivedMessage> messages;
    std::vector<ReceivedMessage> overflow;  ///< received, in flight, past the payload limit: the next batch's
    std::chrono::steady_clock::time_point windowStart{};
    bool windowStarted = false;
    int filteredOut = 0;
    int redelivered = 0;  ///< kept messages received before (ApproximateReceiveCount above 1)
    boost::asio::steady_timer timer;
};

Expected<std::shared_ptr<SqsEventSource>> SqsEventSource::create(const boost::asio::any_io_executor& executor,
                                                                 EventSourceMappingConfig config, Context context)
{
    auto filters = FilterCriteria::parse(config.filterPatterns, FilterSource::Sqs);
    if (!filters)
        return filters.error();
    return std::shared_ptr<SqsEventSource>(
        new SqsEventSource(executor, std::move(config), std::move(context), std::move(*filters)));
}

SqsEventSource::SqsEventSource(const boost::asio::any_io_executor& executor, EventSourceMappingConfig config,
                               Context context, FilterCriteria filters)
    : m_strand(boost::asio::make_strand(executor)), m_config(std::move(config)), m_context(std::move(context)),
      m_filters(std::move(filters))
{
    m_queueUrl = m_context.queues->queueUrl(queueNameFromArn(m_config.eventSourceArn));
}

int SqsEventSource::maxWorkers() const
{
    return std::max(1, m_config.maximumConcurrency.value_or(1000));
}

bool SqsEventSource::isFifo() const
{
    return m_config.eventSourceArn.ends_with(".fifo");
}

void SqsEventSource::start()
{
    boost::asio::post(m_strand, [self = shared_from_this()] {
        self->m_stopped = false;
        const int workers = std::min(kInitialWorkers, self->maxWorkers());
        for (int i = 0; i < workers; ++i)
            self->addWorker();
    });
}

void SqsEventSource::stop()
{
    boost::asio::post(m_strand, [self = shared_from_this()] { self->m_stopped = true; });
}

MappingMetrics SqsEventSource::metrics() const
{
    const auto& c = *m_counters;
    MappingMetrics metrics;
    metrics.polls = c.polls.load();
    metrics.batches = c.batches.load();
    metrics.recordsIn = c.recordsIn.load();
    metrics.filteredOut = c.filteredOut.load();
    metrics.failedInvokes = c.failedInvokes.load();
    metrics.failedRecords = c.failedRecords.load();
    metrics.deleted = c.deleted.load();
    metrics.throttled = c.throttled.load();
    metrics.concurrency = c.concurrency.load();
    metrics.retriedRecords = c.retriedRecords.load();
    metrics.sentToDeadLetter = c.sentToDeadLetter.load();
    return metrics;
}

std::optional<int> SqsEventSource::receiveVisibilityTimeout()
{
    const int timeout = m_context.functionTimeoutSeconds ? m_context.functionTimeoutSeconds() : 0;
    if (timeout <= 0)
        return std::nullopt;
    auto attributes = m_context.queues->getQueueAttributes(m_queueUrl, {"VisibilityTimeout"});
    if (!attributes || !attributes->contains("VisibilityTimeout"))
        return std::nullopt;
    const int visibility = std::atoi(attributes->at("VisibilityTimeout").c_str());
    const int needed = m_config.maximumBatchingWindowSeconds + timeout;
    if (needed <= visibility)
        return std::nullopt;
    return std::min(needed + 30, 43200);
}

void SqsEventSource::addWorker()
{
    ++m_workers;
    poll(std::make_shared<Batch>(m_strand));
}

void SqsEventSource::poll(const std::shared_ptr<Batch>& batch)
{
    if (m_stopped) {
        --m_workers;
        return;
    }
    const int remaining = m_config.batchSize - static_cast<int>(batch->messages.size());
    ReceiveMessageRequest request;
    request.queueUrl = m_queueUrl;
    request.maxNumberOfMessages = std::clamp(remaining, 1, kMaxReceive);
    request.attributeNames = {"All"};
    request.messageAttributeNames = {"All"};
    request.visibilityTimeout = receiveVisibilityTimeout();
    if (m_config.maximumBatchingWindowSeconds == 0) {
        // No window: wait for the first messages, then go with what arrived.
        request.waitTimeSeconds = batch->messages.empty() ? kLongPollSeconds : 0;
    } else if (!batch->windowStarted) {
        request.waitTimeSeconds = kLongPollSeconds;
    } else {
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - batch->windowStart).count() /
                               m_context.timeScale;
        const double left = m_config.maximumBatchingWindowSeconds - elapsed;
        request.waitTimeSeconds = std::clamp(static_cast<int>(std::ceil(left)), 0, kLongPollSeconds);
    }
    ++m_counters->polls;
    m_context.queues->receiveMessage(request, [self = shared_from_this(), batch](Expected<ReceiveMessageResult> result) {
        boost::asio::post(self->m_strand, [self, batch, result = std::move(result)]() mutable {
            self->onReceived(batch, std::move(result));
        });
    });
}

void SqsEventSource::onReceived(const std::shared_ptr<Batch>& batch, Expected<ReceiveMessageResult> result)
{
    if (!result) {
        // The queue is gone or refuses us: try again later rather than spin.
        batch->timer.expires_after(std::chrono::milliseconds(std::max<int>(50, static_cast<int>(1000 * m_context.timeScale))));
        batch->timer.async_wait([self = shared_from_this(), batch](const boost::system::error_code& ec) {
            if (!ec)
                self->poll(batch);
        });
        return;
    }
    if (m_stopped) {
        // A long poll that was under way when the mapping stopped: give its messages straight back.
        std::vector<ChangeMessageVisibilityBatchEntry> entries;
        for (std::size_t i = 0; i < result->messages.size(); ++i)
            entries.push_back({std::to_string(i), result->messages[i].receiptHandle, 0});
        for (const auto& message : batch->messages)
            entries.push_back({std::to_string(entries.size()), message.receiptHandle, 0});
        makeVisible(*m_context.queues, m_queueUrl, entries);
        --m_workers;
        return;
    }
    if (!result->messages.empty() && !batch->windowStarted) {
        batch->windowStarted = true;
        batch->windowStart = std::chrono::steady_clock::now();
    }
    for (auto& message : result->messages)
        batch->messages.push_back(std::move(message));
    const bool full = static_cast<int>(batch->messages.size()) >= m_config.batchSize;
    bool windowOver = m_config.maximumBatchingWindowSeconds == 0;
    if (batch->windowStarted && !windowOver) {
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - batch->windowStart).count();
        windowOver = elapsed >= m_config.maximumBatchingWindowSeconds * m_context.timeScale;
    }
    if (!batch->messages.empty() && (full || windowOver || m_stopped))
        return deliver(batch);
    poll(batch);
}

nlohmann::json SqsEventSource::eventRecord(const ReceivedMessage& message, const std::string& queueArn,
                                           const std::string& region)
{
    nlohmann::json attributes = nlohmann::json::object();
    for (const auto& [name, value] : message.attributes)
        attributes[name] = value;
    nlohmann::json messageAttributes = nlohmann::json::object();
    for (const auto& [name, value] : message.messageAttributes) {
        nlohmann::json attribute = {{"stringListValues", nlohmann::json::array()},
                                    {"binaryListValues", nlohmann::json::array()},
                                    {"dataType", value.dataType}};
        if (value.dataType.starts_with("Binary"))
            attribute["binaryValue"] = value.binaryValue;
        else
            attribute["stringValue"] = value.stringValue;
        messageAttributes[name] = std::move(attribute);
    }
    nlohmann::json record = {{"messageId", message.messageId},
                             {"receiptHandle", message.receiptHandle},
                             {"body", message.body},
                             {"attributes", std::move(attributes)},
                             {"messageAttributes", std::move(messageAttributes)},
                             {"md5OfBody", message.md5OfBody},
                             {"eventSource", "aws:sqs"},
                             {"eventSourceARN", queueArn},
                             {"awsRegion", region}};
    if (!message.md5OfMessageAttributes.empty())
        record["md5OfMessageAttributes"] = message.md5OfMessageAttributes;
    return record;
}

void SqsEventSource::deliver(const std::shared_ptr<Batch>& batch)
{
    nlohmann::json records = nlohmann::json::array();
    std::vector<ReceivedMessage> kept;
    std::vector<ReceivedMessage> dropped;
    // Only batches that might come near the limit are measured (a serialization per record).
    std::size_t rawBytes = 0;
    for (const auto& message : batch->messages)
        rawBytes += message.body.size();
    const bool measure = rawBytes > kMaxPayloadBytes / 8;
    std::size_t payloadBytes = std::string_view(R"({"Records":[]})").size();
    batch->redelivered = 0;  // a worker's batch is reused from poll to poll
    for (auto& message : batch->messages) {
        if (!kept.empty() && payloadBytes >= kMaxPayloadBytes) {
            batch->overflow.push_back(std::move(message));
            continue;
        }
        auto record = eventRecord(message, m_config.eventSourceArn, m_context.region);
        if (!m_filters.empty() && !m_filters.matches(filterDocumentForSqs(record))) {
            dropped.push_back(std::move(message));
            continue;
        }
        if (measure) {
            const std::size_t recordBytes = record.dump().size() + (kept.empty() ? 0 : 1);
            if (!kept.empty() && payloadBytes + recordBytes > kMaxPayloadBytes) {
                payloadBytes = kMaxPayloadBytes;  // full: the rest waits for the next batch
                batch->overflow.push_back(std::move(message));
                continue;
            }
            payloadBytes += recordBytes;
        }
        records.push_back(std::move(record));
        if (const auto count = message.attributes.find("ApproximateReceiveCount");
            count != message.attributes.end() && count->second != "1") {
            ++m_counters->retriedRecords;
            ++batch->redelivered;
        }
        kept.push_back(std::move(message));
    }
    // Lambda deletes the messages its filters reject.
    batch->filteredOut = static_cast<int>(dropped.size());
    m_counters->filteredOut += dropped.size();
    deleteMessages(dropped);
    batch->messages = std::move(kept);
    if (batch->messages.empty()) {
        m_context.events->publish(BatchDelivered{m_config.functionName, m_config.uuid, m_config.eventSourceArn, 0,
                                                 batch->filteredOut, true, 0, {}, 0});
        return finishWorker(batch, std::chrono::milliseconds(0), false);
    }
    ++m_counters->batches;
    m_counters->recordsIn += batch->messages.size();
    ++m_counters->concurrency;
    InvokeRequest request;
    request.function = m_config.functionName;
    request.payload = nlohmann::json{{"Records", std::move(records)}}.dump();
    m_context.invoke(std::move(request), [self = shared_from_this(), batch](InvokeResult result) {
        boost::asio::post(self->m_strand, [self, batch, result = std::move(result)] { self->onInvoked(batch, result); });
    });
}

void SqsEventSource::onInvoked(const std::shared_ptr<Batch>& batch, const InvokeResult& result)
{
    --m_counters->concurrency;
    const auto& messages = batch->messages;
    const auto report = [&](bool ok, int failed, const std::string& errorType) {
        m_counters->failedRecords += static_cast<std::uint64_t>(failed);
        m_context.events->publish(BatchDelivered{m_config.functionName, m_config.uuid, m_config.eventSourceArn,
                                                 static_cast<int>(messages.size()), batch->filteredOut, ok, failed,
                                                 errorType, batch->redelivered});
    };
    if (result.status == InvokeStatus::Throttled) {
        // The messages return after their visibility timeout; this poller steps back.
        ++m_counters->throttled;
        report(false, static_cast<int>(messages.size()), result.errorType);
        const auto pause = std::chrono::milliseconds(std::max<int>(20, static_cast<int>(1000 * m_context.timeScale)));
        if (m_workers > 1) {
            --m_workers;
            return;
        }
        return finishWorker(batch, pause, false);
    }
    if (!result.ok()) {
        ++m_counters->failedInvokes;
        report(false, static_cast<int>(messages.size()), result.errorType);
        return finishWorker(batch, std::chrono::milliseconds(0), false);
    }
    if (!m_config.reportBatchItemFailures) {
        deleteMessages(messages);
        report(true, 0, {});
        return finishWorker(batch, std::chrono::milliseconds(0), static_cast<int>(messages.size()) >= m_config.batchSize);
    }

    // ReportBatchItemFailures: only the listed messages stay; anything malformed fails the whole batch.
    std::unordered_map<std::string, std::size_t> position;
    for (std::size_t i = 0; i < messages.size(); ++i)
        position.emplace(messages[i].messageId, i);
    std::vector<bool> failed(messages.size(), false);
    bool wholeBatchFailed = false;
    const std::string& payload = result.payload;
    if (!payload.empty() && payload != "null") {
        const auto response = nlohmann::json::parse(payload, nullptr, false);
        if (response.is_discarded()) {
            wholeBatchFailed = true;
        } else if (response.is_object() && response.contains("batchItemFailures") &&
                   !response["batchItemFailures"].is_null()) {
            const auto& failures = response["batchItemFailures"];
            if (!failures.is_array()) {
                wholeBatchFailed = true;
            } else {
                for (const auto& item : failures) {
                    const bool valid = item.is_object() && item.contains("itemIdentifier") &&
                                       item["itemIdentifier"].is_string() &&
                                       position.contains(item["itemIdentifier"].get<std::string>());
                    if (!valid) {
                        wholeBatchFailed = true;
                        break;
                    }
                    failed[position[item["itemIdentifier"].get<std::string>()]] = true;
                }
            }
        }
    }
    if (wholeBatchFailed) {
        report(false, static_cast<int>(messages.size()), "InvalidBatchItemFailuresResponse");
        return finishWorker(batch, std::chrono::milliseconds(0), false);
    }
    if (isFifo()) {
        // FIFO: order must hold, so the first failure and everything after it stay.
        const auto first = std::find(failed.begin(), failed.end(), true);
        std::fill(first, failed.end(), true);
    }
    std::vector<ReceivedMessage> succeeded;
    int failedCount = 0;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        if (failed[i])
            ++failedCount;
        else
            succeeded.push_back(messages[i]);
    }
    deleteMessages(succeeded);
    report(true, failedCount, {});
    finishWorker(batch, std::chrono::milliseconds(0), static_cast<int>(messages.size()) >= m_config.batchSize);
}

void SqsEventSource::deleteMessages(const std::vector<ReceivedMessage>& messages)
{
    for (std::size_t start = 0; start < messages.size(); start += kMaxReceive) {
        std::vector<DeleteMessageBatchEntry> entries;
        for (std::size_t i = start; i < std::min(messages.size(), start + kMaxReceive); ++i)
            entries.push_back({std::to_string(i), messages[i].receiptHandle});
        if (auto deleted = m_context.queues->deleteMessageBatch(m_queueUrl, entries); deleted)
            m_counters->deleted += deleted->successful.size();
    }
}

void SqsEventSource::finishWorker(const std::shared_ptr<Batch>& batch, std::chrono::milliseconds pause, bool scaleUp)
{
    if (m_stopped) {
        // Carried-over messages go back to the queue at once rather than after their visibility timeout.
        std::vector<ChangeMessageVisibilityBatchEntry> entries;
        for (const auto& message : batch->overflow)
            entries.push_back({std::to_string(entries.size()), message.receiptHandle, 0});
        makeVisible(*m_context.queues, m_queueUrl, entries);
        --m_workers;
        return;
    }
    // A full batch means the queue has more: add a poller, up to MaximumConcurrency.
    if (scaleUp && m_workers < maxWorkers())
        addWorker();
    auto next = std::make_shared<Batch>(m_strand);
    if (!batch->overflow.empty()) {
        // What did not fit under the payload limit opens the next batch, still in flight under its handles.
        next->messages = std::move(batch->overflow);
        next->windowStarted = true;
        next->windowStart = std::chrono::steady_clock::now();
        if (static_cast<int>(next->messages.size()) >= m_config.batchSize && pause.count() == 0)
            return deliver(next);
    }
    if (pause.count() == 0)
        return poll(next);
    batch->timer.expires_after(pause);
    // The old batch owns the timer: keep it alive until the wait ends.
    batch->timer.async_wait([self = shared_from_this(), batch, next](const boost::system::error_code& ec) {
        if (!ec)
            self->poll(next);
    });
}

}  // namespace lambdadesk::core
