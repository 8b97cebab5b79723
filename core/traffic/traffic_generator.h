// SPDX-License-Identifier: MIT
#pragma once

#include "model/invocation.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace lambdadesk::core {

class Engine;

/// How arrivals are spread over time.
enum class TrafficShape {
    Constant,     ///< evenly spaced at the rate
    Poisson,      ///< exponential gaps with the rate as mean (real, bursty-by-chance traffic)
    Bursts,       ///< the rate, with 1 s spikes of 5× every 10 s
    MorningRush,  ///< ramps from 10% to 100% of the rate over the run, then holds
};

/// What receives a load.
enum class TrafficTarget {
    Function,  ///< invocations (RequestResponse), never waited for
    Queue,     ///< SendMessage to an SQS queue of the engine (batches of up to 10 when behind)
    Stream,    ///< PutRecord to a Kinesis stream of the engine, partition keys "key-<n % 16>" (shards spread)
};

/// A load to send to a function, a queue or a stream.
struct TrafficPlan {
    TrafficTarget target = TrafficTarget::Function;
    std::string function;  ///< the function, when target is Function (name or ARN)
    std::string queue;     ///< the queue, when target is Queue (name, URL or ARN)
    std::string stream;    ///< the stream, when target is Stream (name or ARN)
    /// The event, message body or record data. Every `{{n}}` in it becomes the arrival's sequence number
    /// (1, 2, 3…), so messages differ, e.g. {"orderId":"o-{{n}}"}.
    std::string payload = "{}";
    TrafficShape shape = TrafficShape::Constant;
    double ratePerSecond = 10;
    std::chrono::milliseconds duration{std::chrono::seconds(60)};  ///< zero = until stopped
    std::uint64_t seed = 42;                                       ///< Poisson arrivals are repeatable

    /// The function, queue or stream the target names.
    [[nodiscard]] const std::string& targetName() const;
};

/// "function", "queue", "stream".
const char* toString(TrafficTarget target);

/// `payload` with every "{{n}}" replaced by `sequence`.
std::string substituteSequence(const std::string& payload, std::uint64_t sequence);

/// Parses "constant", "poisson", "bursts", "morning-rush"; false when unknown.
bool parseTrafficShape(const std::string& text, TrafficShape& shape);

/// Counters of a running load.
struct TrafficStats {
    std::uint64_t sent = 0;
    std::uint64_t ok = 0;
    std::uint64_t errors = 0;
    /// Throttled invocations; for a stream, records refused with ProvisionedThroughputExceededException;
    /// always 0 for a queue.
    std::uint64_t throttled = 0;
    std::string lastError;  ///< the code and message of the latest error, empty when none
};

/// Sends load to the engine on its own thread, following a plan, so cold starts, scale-out, throttles
/// and backlogs can be provoked and watched: invocations of a function (never waited for), messages
/// to a queue or records to a stream (each send returns once the service committed it; no function
/// runs on this thread). An unknown target counts errors; it does not stop the load.
class TrafficGenerator {
public:
    TrafficGenerator(Engine& engine, TrafficPlan plan);
    ~TrafficGenerator();
    TrafficGenerator(const TrafficGenerator&) = delete;
    TrafficGenerator& operator=(const TrafficGenerator&) = delete;

    void start();
    void stop();
    [[nodiscard]] bool running() const { return m_running.load(); }
    [[nodiscard]] TrafficStats stats() const;
    [[nodiscard]] const TrafficPlan& plan() const { return m_plan; }

    /// The rate the plan asks for `elapsed` into the run (what a chart of the plan would show).
    [[nodiscard]] double rateAt(std::chrono::duration<double> elapsed) const;
    /// How much of the planned duration has passed, 0–1, while running; nullopt when stopped or unbounded.
    [[nodiscard]] std::optional<double> progress() const;

private:
    /// Sends arrivals `first` … `first + count - 1` (count > 1 only for queues and streams, as one batch).
    void send(std::uint64_t first, int count);
    void sendToFunction(std::uint64_t sequence);
    void sendToQueue(std::uint64_t first, int count);
    void sendToStream(std::uint64_t first, int count);
    /// How many due arrivals may go out together: 1 for functions, else within the API's batch limits.
    [[nodiscard]] int batchLimit() const;
    void run();

    Engine& m_engine;
    TrafficPlan m_plan;
    std::string m_runTag;  ///< makes FIFO deduplication ids unique across runs
    std::thread m_thread;
    std::atomic<bool> m_running{false};
    std::chrono::steady_clock::time_point m_startedAt;  ///< set by start(), on the caller's thread
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopRequested = false;
    struct Counters {
        std::atomic<std::uint64_t> sent{0};
        std::atomic<std::uint64_t> ok{0};
        std::atomic<std::uint64_t> errors{0};
        std::atomic<std::uint64_t> throttled{0};
        std::mutex errorMutex;
        std::string lastError;
        void fail(std::string error, bool throttle = false);
    };
    // Shared with the completion callbacks, which may run after the generator is gone.
    std::shared_ptr<Counters> m_counters = std::make_shared<Counters>();
};

}  // namespace lambdadesk::core
