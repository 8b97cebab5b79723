// SPDX-License-Identifier: MIT
#include "invoke/async_invoker.h"

#include "encoding/ids.h"

#include <boost/asio/post.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>

namespace lambdadesk::core {
namespace {

constexpr std::size_t kMaxAsyncPayloadBytes = 256 * 1024;
constexpr double kFirstRetrySeconds = 60;
constexpr double kSecondRetrySeconds = 120;
constexpr double kMaxBackoffSeconds = 300;

std::int64_t nowUs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string isoTimestamp(std::int64_t us)
{
    const std::time_t seconds = static_cast<std::time_t>(us / 1'000'000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[40];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
    char withMillis[48];
    std::snprintf(withMillis, sizeof withMillis, "%s.%03dZ", text, static_cast<int>((us / 1000) % 1000));
    return withMillis;
}

// Payloads are JSON; a response that is not (a provided runtime may answer anything) stays a string.
nlohmann::json asJson(const std::string& text)
{
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    return parsed.is_discarded() ? nlohmann::json(text) : parsed;
}

std::string errorMessageOf(const std::string& payload)
{
    const auto parsed = nlohmann::json::parse(payload, nullptr, false);
    if (parsed.is_object() && parsed.contains("errorMessage") && parsed["errorMessage"].is_string())
        return parsed["errorMessage"].get<std::string>();
    return payload.substr(0, 1024);
}

}  // namespace

AsyncInvoker::AsyncInvoker(const boost::asio::any_io_executor& executor, AsyncInvokerOptions options, Hooks hooks,
                           EventStream& events, std::unique_ptr<AsyncEventStore> store)
    : m_strand(boost::asio::make_strand(executor)), m_options(std::move(options)), m_hooks(std::move(hooks)),
      m_events(events), m_store(std::move(store)), m_timer(m_strand)
{
}

AsyncInvoker::~AsyncInvoker() = default;

Expected<std::shared_ptr<AsyncInvoker>> AsyncInvoker::open(const boost::asio::any_io_executor& executor,
                                                           AsyncInvokerOptions options, Hooks hooks, EventStream& events)
{
    auto store = AsyncEventStore::open(options.databasePath);
    if (!store)
        return store.error();
    return std::shared_ptr<AsyncInvoker>(
        new AsyncInvoker(executor, std::move(options), std::move(hooks), events, std::move(*store)));
}

std::int64_t AsyncInvoker::scaled(double seconds) const
{
    return static_cast<std::int64_t>(seconds * m_options.timeScale * 1e6);
}

void AsyncInvoker::start()
{
    boost::asio::post(m_strand, [self = shared_from_this()] {
        std::vector<AsyncEventRecord> stored;
        {
            std::lock_guard lock(self->m_storeMutex);
            auto loaded = self->m_store->loadAll();
            if (loaded)
                stored = std::move(*loaded);
        }
        for (auto& record : stored) {
            if (self->m_entries.contains(record.id))
                continue;
            {
                std::lock_guard lock(self->m_pendingMutex);
                ++self->m_pending[record.function];
            }
            const auto id = record.id;
            self->m_entries.emplace(id, Entry{std::move(record)});
        }
        self->pump();
    });
}

void AsyncInvoker::stop()
{
    boost::asio::post(m_strand, [self = shared_from_this()] {
        self->m_stopped = true;
        self->m_timer.cancel();
    });
}

Expected<std::string> AsyncInvoker::enqueue(const std::string& function, std::string payload, std::string requestId)
{
    if (payload.size() > kMaxAsyncPayloadBytes)
        return Error{"RequestTooLargeException", "Request must be smaller than 262144 bytes for the InvokeAsync operation"};
    if (payload.empty())
        payload = "{}";
    AsyncEventRecord record;
    record.requestId = requestId.empty() ? newRequestId() : std::move(requestId);
    record.function = function;
    record.payload = std::move(payload);
    record.acceptedUs = nowUs();
    record.nextAttemptUs = record.acceptedUs;
    {
        std::lock_guard lock(m_storeMutex);
        if (auto inserted = m_store->insert(record); !inserted)
            return Error{"ServiceException", "could not store the event: " + inserted.error().message};
    }
    {
        std::lock_guard lock(m_pendingMutex);
        ++m_pending[function];
    }
    m_events.publish(AsyncEventQueued{function, record.requestId});
    const std::string id = record.requestId;
    boost::asio::post(m_strand, [self = shared_from_this(), record = std::move(record)]() mutable {
        const auto key = record.id;
        self->m_entries.emplace(key, Entry{std::move(record)});
        self->pump();
    });
    return id;
}

std::map<std::string, int> AsyncInvoker::pending() const
{
    std::lock_guard lock(m_pendingMutex);
    return m_pending;
}

void AsyncInvoker::pump()
{
    if (m_stopped)
        return;
    const std::int64_t now = nowUs();
    std::int64_t earliest = INT64_MAX;
    // Oldest first, so a backlog drains in arrival order.
    std::vector<Entry*> due;
    for (auto& [id, entry] : m_entries) {
        if (entry.running)
            continue;
        if (entry.record.nextAttemptUs <= now)
            due.push_back(&entry);
        else
            earliest = std::min(earliest, entry.record.nextAttemptUs);
    }
    std::sort(due.begin(), due.end(), [](const Entry* a, const Entry* b) { return a->record.id < b->record.id; });
    for (Entry* entry : due) {
        if (m_inFlight >= m_options.maxInFlight) {
            earliest = now + 10'000;  // look again shortly
            break;
        }
        attempt(*entry);
    }
    if (earliest != INT64_MAX) {
        m_timer.expires_after(std::chrono::microseconds(std::max<std::int64_t>(earliest - nowUs(), 0)));
        m_timer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
            if (!ec)
                self->pump();
        });
    }
}

void AsyncInvoker::attempt(Entry& entry)
{
    const auto config = m_hooks.function(entry.record.function);
    if (!config) {
        // The function was deleted: nothing can run the event, and there is nowhere to send it.
        finish(entry, "RetriesExhausted", {}, "function " + entry.record.function + " no longer exists");
        return;
    }
    const EventInvokeConfig settings = config->eventInvokeConfig.value_or(EventInvokeConfig{});
    const std::int64_t age = nowUs() - entry.record.acceptedUs;
    if (age > scaled(settings.maximumEventAgeSeconds))
        return fail(entry, "EventAgeExceeded", &*config);
    // Reserved concurrency 0: events go straight to the failure path, without retries.
    if (config->reservedConcurrency && *config->reservedConcurrency == 0) {
        entry.record.lastError = "TooManyRequestsException";
        return fail(entry, "RetriesExhausted", &*config);
    }
    entry.running = true;
    ++m_inFlight;
    InvokeRequest request;
    request.function = entry.record.function;
    request.payload = entry.record.payload;
    const auto id = entry.record.id;
    m_hooks.invoke(std::move(request), [self = shared_from_this(), id](InvokeResult result) {
        boost::asio::post(self->m_strand,
                          [self, id, result = std::move(result)]() mutable { self->onResult(id, std::move(result)); });
    });
}

void AsyncInvoker::onResult(std::int64_t id, InvokeResult result)
{
    --m_inFlight;
    const auto found = m_entries.find(id);
    if (found == m_entries.end())
        return;
    Entry& entry = found->second;
    entry.running = false;
    const auto config = m_hooks.function(entry.record.function);
    if (!config) {
        finish(entry, "RetriesExhausted", {}, "function " + entry.record.function + " no longer exists");
        return pump();
    }
    switch (result.status) {
    case InvokeStatus::Ok:
        ++entry.record.attempts;
        succeed(entry, result, *config);
        break;
    case InvokeStatus::FunctionError: {
        ++entry.record.attempts;
        entry.record.lastError = result.errorType;
        entry.record.lastResponse = result.payload;
        const int retries = config->eventInvokeConfig.value_or(EventInvokeConfig{}).maximumRetryAttempts;
        if (entry.record.attempts > retries)
            fail(entry, "RetriesExhausted", &*config);
        else
            retryLater(entry, scaled(entry.record.attempts == 1 ? kFirstRetrySeconds : kSecondRetrySeconds),
                       result.errorType);
        break;
    }
    case InvokeStatus::Throttled:
    case InvokeStatus::ServiceError:
    case InvokeStatus::InvalidRequest:
    case InvokeStatus::NotFound: {
        // Throttles and system errors do not count as attempts: back off 1 s, 2 s, 4 s… up to 5 minutes,
        // for as long as the event is young enough.
        const double seconds = std::min(kMaxBackoffSeconds, std::pow(2.0, entry.backoffs));
        ++entry.backoffs;
        entry.record.lastError = result.errorType;
        retryLater(entry, scaled(seconds), result.errorType);
        break;
    }
    }
    pump();
}

void AsyncInvoker::retryLater(Entry& entry, std::int64_t delayUs, const std::string& reason)
{
    entry.record.nextAttemptUs = nowUs() + delayUs;
    {
        std::lock_guard lock(m_storeMutex);
        m_store->update(entry.record);
    }
    m_events.publish(AsyncRetryScheduled{entry.record.function, entry.record.requestId, entry.record.attempts,
                                         static_cast<double>(delayUs) / 1000.0, reason});
}

void AsyncInvoker::succeed(Entry& entry, const InvokeResult& result, const FunctionConfig& config)
{
    const auto settings = config.eventInvokeConfig.value_or(EventInvokeConfig{});
    std::string target;
    std::string targetError;
    if (!settings.onSuccessArn.empty()) {
        AsyncDelivery delivery;
        delivery.targetArn = settings.onSuccessArn;
        delivery.body = destinationRecord(entry.record, config.arn, "Success", {}, result.payload, true);
        target = settings.onSuccessArn;
        if (auto sent = m_hooks.deliver(delivery); !sent)
            targetError = sent.error().message;
    }
    finish(entry, "Success", std::move(target), std::move(targetError));
}

void AsyncInvoker::fail(Entry& entry, const std::string& condition, const FunctionConfig* config)
{
    std::string targets;
    std::string errors;
    const auto note = [&](const std::string& arn, const Expected<void>& sent) {
        targets += (targets.empty() ? "" : ", ") + arn;
        if (!sent)
            errors += (errors.empty() ? "" : "; ") + sent.error().message;
    };
    if (config) {
        const auto settings = config->eventInvokeConfig.value_or(EventInvokeConfig{});
        const bool invoked = entry.record.attempts > 0;
        if (!settings.onFailureArn.empty()) {
            AsyncDelivery delivery;
            delivery.targetArn = settings.onFailureArn;
            delivery.body = destinationRecord(entry.record, config->arn, condition, invoked ? "Unhandled" : "",
                                              entry.record.lastResponse, invoked);
            note(settings.onFailureArn, m_hooks.deliver(delivery));
        }
        if (config->deadLetter && !config->deadLetter->targetArn.empty()) {
            // The dead-letter queue gets the original event, with why it failed as message attributes.
            AsyncDelivery delivery;
            delivery.kind = AsyncDelivery::Kind::DeadLetterQueue;
            delivery.targetArn = config->deadLetter->targetArn;
            delivery.body = entry.record.payload;
            delivery.attributes["RequestID"] = {"String", entry.record.requestId};
            delivery.attributes["ErrorCode"] = {"Number", "200"};
            delivery.attributes["ErrorMessage"] = {"String", entry.record.lastResponse.empty()
                                                                 ? condition
                                                                 : errorMessageOf(entry.record.lastResponse)};
            note(config->deadLetter->targetArn, m_hooks.deliver(delivery));
        }
    }
    finish(entry, condition, std::move(targets), std::move(errors));
}

void AsyncInvoker::finish(Entry& entry, const std::string& condition, std::string target, std::string targetError)
{
    {
        std::lock_guard lock(m_storeMutex);
        m_store->remove(entry.record.id);
    }
    {
        std::lock_guard lock(m_pendingMutex);
        if (--m_pending[entry.record.function] <= 0)
            m_pending.erase(entry.record.function);
    }
    m_events.publish(AsyncEventFinished{entry.record.function, entry.record.requestId, condition, entry.record.attempts,
                                        std::move(target), std::move(targetError)});
    m_entries.erase(entry.record.id);
}

std::string AsyncInvoker::destinationRecord(const AsyncEventRecord& event, const std::string& functionArn,
                                            const std::string& condition, const std::string& functionError,
                                            const std::string& responsePayload, bool invoked)
{
    nlohmann::json record = {{"version", "1.0"},
                             {"timestamp", isoTimestamp(nowUs())},
                             {"requestContext",
                              {{"requestId", event.requestId},
                               {"functionArn", functionArn + ":$LATEST"},
                               {"condition", condition},
                               {"approximateInvokeCount", event.attempts}}},
                             {"requestPayload", asJson(event.payload)}};
    if (invoked) {
        nlohmann::json context = {{"statusCode", 200}, {"executedVersion", "$LATEST"}};
        if (!functionError.empty())
            context["functionError"] = functionError;
        record["responseContext"] = context;
        record["responsePayload"] = responsePayload.empty() ? nlohmann::json() : asJson(responsePayload);
    }
    return record.dump();
}

}  // namespace lambdadesk::core
