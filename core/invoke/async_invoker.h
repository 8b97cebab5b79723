// SPDX-License-Identifier: MIT
#pragma once

#include "model/invocation.h"
#include "model/expected.h"
#include "model/function_config.h"
#include "store/async_event_store.h"
#include "telemetry/event_stream.h"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace lambdadesk::core {

/// Something an async invocation sends on: a destination record or a dead-letter message.
struct AsyncDelivery {
    enum class Kind { Destination, DeadLetterQueue };
    Kind kind = Kind::Destination;
    std::string targetArn;
    std::string body;
    /// Message attributes for SQS (name → {DataType, StringValue}); the DLQ's RequestID/ErrorCode/ErrorMessage.
    std::map<std::string, std::pair<std::string, std::string>> attributes;
};

struct AsyncInvokerOptions {
    std::string databasePath = ":memory:";
    double timeScale = 1.0;  ///< shrinks retry delays, back-off and event ages (e.g. 0.01 for local work)
    int maxInFlight = 256;   ///< attempts running at once, across functions
};

/// Lambda's asynchronous invocation: accepted events are durable (SQLite) and answered at once; a
/// poller invokes the function; function errors are retried MaximumRetryAttempts times (0–2, default
/// 2) after ≈1 and ≈2 minutes; throttles and system errors back off from 1 s up to 5 minutes without
/// counting; events older than MaximumEventAgeInSeconds fail; outcomes go to OnSuccess / OnFailure
/// destinations and the function's dead-letter queue with AWS's record shapes.
class AsyncInvoker : public std::enable_shared_from_this<AsyncInvoker> {
public:
    struct Hooks {
        /// Runs a synchronous invocation (the engine's invokeAsync).
        std::function<void(InvokeRequest, InvokeCallback)> invoke;
        /// The current configuration of a function; nullopt when it no longer exists.
        std::function<std::optional<FunctionConfig>(const std::string& name)> function;
        /// Sends a record to an SQS queue or a function.
        std::function<Expected<void>(const AsyncDelivery&)> deliver;
    };

    static Expected<std::shared_ptr<AsyncInvoker>> open(const boost::asio::any_io_executor& executor,
                                                        AsyncInvokerOptions options, Hooks hooks, EventStream& events);
    ~AsyncInvoker();
    AsyncInvoker(const AsyncInvoker&) = delete;
    AsyncInvoker& operator=(const AsyncInvoker&) = delete;

    /// Picks up events a previous run accepted and did not finish, then keeps working.
    void start();
    void stop();
    /// Accepts an event (committed before this returns, like the 202): returns its request id.
    Expected<std::string> enqueue(const std::string& function, std::string payload, std::string requestId = {});
    /// Events accepted and not finished, per function.
    [[nodiscard]] std::map<std::string, int> pending() const;

    /// The destination record Lambda sends (requestContext, requestPayload, responseContext, responsePayload).
    static std::string destinationRecord(const AsyncEventRecord& event, const std::string& functionArn,
                                         const std::string& condition, const std::string& functionError,
                                         const std::string& responsePayload, bool invoked);

private:
    struct Entry {
        AsyncEventRecord record;
        bool running = false;
        int backoffs = 0;  ///< throttles / system errors in a row
    };

    AsyncInvoker(const boost::asio::any_io_executor& executor, AsyncInvokerOptions options, Hooks hooks,
                 EventStream& events, std::unique_ptr<AsyncEventStore> store);
    void pump();  // on the strand
    void attempt(Entry& entry);
    void onResult(std::int64_t id, InvokeResult result);
    void fail(Entry& entry, const std::string& condition, const FunctionConfig* config);
    void succeed(Entry& entry, const InvokeResult& result, const FunctionConfig& config);
    void finish(Entry& entry, const std::string& condition, std::string target, std::string targetError);
    void retryLater(Entry& entry, std::int64_t delayUs, const std::string& reason);
    [[nodiscard]] std::int64_t scaled(double seconds) const;

    boost::asio::strand<boost::asio::any_io_executor> m_strand;
    AsyncInvokerOptions m_options;
    Hooks m_hooks;
    EventStream& m_events;
    mutable std::mutex m_storeMutex;  ///< enqueue runs on caller threads, the rest on the strand
    std::unique_ptr<AsyncEventStore> m_store;
    std::unordered_map<std::int64_t, Entry> m_entries;  ///< on the strand
    boost::asio::steady_timer m_timer;
    int m_inFlight = 0;
    bool m_stopped = false;
    mutable std::mutex m_pendingMutex;
    std::map<std::string, int> m_pending;
};

}  // namespace lambdadesk::core
