// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"
#include "telemetry/event_stream.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace lambdadesk::core {

class Database;

/// How an invocation ended, as the history filters it.
enum class InvocationStatus { Ok, Error, Throttled };

struct InvocationHistoryOptions {
    /// The history keeps at most this many rows; the oldest go first.
    std::int64_t maxRows = 1'000'000;
    /// Buffered events are written this often (and at close), in one transaction per flush.
    std::chrono::milliseconds flushInterval{100};
    /// Rows deleted per trimming transaction: once over maxRows, the history shrinks by up to this many
    /// extra rows, so the delete runs every few thousand invocations rather than at every flush.
    std::int64_t trimBatch = 10'000;
    /// Events buffered while the writer is behind (or the file is locked); past this they are counted in
    /// dropped() instead of growing memory without limit.
    std::size_t maxPending = 200'000;
    /// How much nicer than its creator the writer thread runs (EngineOptions::backgroundNice).
    int writerNice = 0;
    /// The connection's SQLite page cache (KiB). The history only adds rows and trims the oldest, and a query
    /// reads what the OS already caches, so a larger cache mostly keeps pages of the growing file that are
    /// not read again: at 5,000 invocations/s the stores' 32 MiB one grew the app's memory for its first 33 s, and
    /// 4 MiB costs the writer about 9 % more time (docs/performance.md).
    int cacheSizeKiB = 4096;
};

/// One row of the history: a finished invocation or a throttle.
struct InvocationRecord {
    std::int64_t id = 0;            ///< increases in the order the events happened
    std::int64_t epochUs = 0;       ///< wall-clock time of the event (Unix µs)
    std::int64_t monotonicNs = 0;   ///< the event's steady-clock time, comparable with live telemetry of the same run
    std::string functionName;
    std::string requestId;
    std::string environmentId;      ///< empty for throttles
    InvocationStatus status = InvocationStatus::Ok;
    bool cold = false;
    std::string errorType;          ///< the function's error type; for throttles, TooManyRequestsException's Reason
    double durationMs = 0;
    double initDurationMs = 0;
    std::int64_t billedDurationMs = 0;
    int maxMemoryUsedMb = 0;
    double costUsd = 0;
};

/// What to look for; empty / unset fields do not filter.
struct HistoryQuery {
    std::string functionName;
    std::string requestId;
    std::optional<InvocationStatus> status;
    std::optional<std::int64_t> fromEpochMs;  ///< inclusive
    std::optional<std::int64_t> toEpochMs;    ///< inclusive
    int limit = 100;                          ///< rows returned at most (≤ 0: all of them)
    int offset = 0;                           ///< rows skipped, for paging
};

/// The invocation history of the project: every InvokeFinished and Throttled event, kept in the
/// project's state database (table invocation_history), bounded, and queryable by the GUI and CLI.
/// onEvent only copies the event into a buffer; a writer thread stores the buffer every flushInterval
/// in one transaction. Thread-safe.
class InvocationHistory final : public EventSink {
public:
    /// Opens (or creates) the table in the SQLite file at `databasePath` (its folder must exist;
    /// ":memory:" keeps nothing) and starts the writer. Trims at once if the file holds more than maxRows.
    static Expected<std::shared_ptr<InvocationHistory>> open(const std::string& databasePath,
                                                             InvocationHistoryOptions options = {});
    /// open() and subscribe to `stream`: what an owner (the Engine) calls once.
    static Expected<std::shared_ptr<InvocationHistory>> attach(EventStream& stream, const std::string& databasePath,
                                                               InvocationHistoryOptions options = {});
    /// close()s.
    ~InvocationHistory() override;
    InvocationHistory(const InvocationHistory&) = delete;
    InvocationHistory& operator=(const InvocationHistory&) = delete;

    void onEvent(const Event& event) override;

    /// Matching rows, newest first. Writes what is buffered first, so every event delivered before the
    /// call is visible.
    Expected<std::vector<InvocationRecord>> query(const HistoryQuery& query);
    /// How many rows match (limit and offset are ignored). Writes what is buffered first.
    Expected<std::int64_t> count(const HistoryQuery& query);

    /// Writes the buffered events now.
    Expected<void> flush();
    /// Stops the writer after a last flush. Events arriving later are ignored; queries still work.
    void close();

    /// Events lost because the buffer was full (the writer fell behind maxPending).
    [[nodiscard]] std::uint64_t dropped() const;
    /// The last write error, empty when the last flush succeeded.
    [[nodiscard]] std::string lastError() const;

private:
    InvocationHistory(std::unique_ptr<Database> database, InvocationHistoryOptions options);
    void run();
    /// Writes `rows` and trims; m_databaseMutex held.
    Expected<void> writeLocked(const std::vector<InvocationRecord>& rows);
    Expected<void> trimLocked();
    Expected<void> flushLocked();

    InvocationHistoryOptions m_options;

    // The buffer between engine threads and the writer.
    mutable std::mutex m_pendingMutex;
    std::condition_variable m_wake;
    std::vector<InvocationRecord> m_pending;
    std::uint64_t m_dropped = 0;
    bool m_closed = false;

    // The connection, used by the writer and by queries.
    mutable std::mutex m_databaseMutex;
    std::unique_ptr<Database> m_database;
    std::int64_t m_rows = 0;  ///< rows in the table, kept up to date so trimming needs no COUNT(*)
    std::string m_lastError;

    std::thread m_writer;
};

}  // namespace lambdadesk::core
