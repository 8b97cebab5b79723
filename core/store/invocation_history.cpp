// SPDX-License-Identifier: MIT
#include "store/invocation_history.h"

#include "runtime/thread_priority.h"
#include "store/database.h"
#include "store/database_transaction.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <utility>
#include <variant>

namespace lambdadesk::core {

namespace {

// Durations are stored in whole microseconds and costs in femto-dollars: integers keep the values exact
// through SQLite (the statement wrapper binds no doubles), and a 128 MB, 1 ms invoke costs ~2·10⁻⁹ $,
// which femto-dollars still hold to six digits.
constexpr double kMicrosPerMs = 1000.0;
constexpr double kFemtoPerUsd = 1e15;
// A big trim (the limit lowered, or a file from a larger configuration) is split so no single
// transaction holds the file's write lock for long while queues need it.
constexpr std::int64_t kMaxDeletePerTransaction = 50'000;

constexpr std::string_view kSchema =
    "CREATE TABLE IF NOT EXISTS invocation_history ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, epoch_us INTEGER NOT NULL, monotonic_ns INTEGER NOT NULL,"
    " function TEXT NOT NULL, request_id TEXT NOT NULL, environment_id TEXT, status INTEGER NOT NULL,"
    " cold INTEGER NOT NULL, error_type TEXT, duration_us INTEGER NOT NULL, init_duration_us INTEGER NOT NULL,"
    " billed_ms INTEGER NOT NULL, memory_mb INTEGER NOT NULL, cost_fusd INTEGER NOT NULL);"
    "CREATE INDEX IF NOT EXISTS invocation_history_function ON invocation_history(function, id);"
    "CREATE INDEX IF NOT EXISTS invocation_history_request ON invocation_history(request_id);"
    "CREATE INDEX IF NOT EXISTS invocation_history_time ON invocation_history(epoch_us);";

std::int64_t toInteger(double value, double scale)
{
    return std::llround(value * scale);
}

std::int64_t epochUsOf(Clock::time_point time)
{
    // The event carries only a steady-clock stamp; shift the wall clock back by the event's age.
    const auto age = Clock::now() - time;
    const auto wall = std::chrono::system_clock::now() - std::chrono::duration_cast<std::chrono::system_clock::duration>(age);
    return std::chrono::duration_cast<std::chrono::microseconds>(wall.time_since_epoch()).count();
}

// The WHERE clause of a query and its parameters, numbered from ?1.
struct Filter {
    std::string sql;
    std::vector<std::int64_t> numbers;     // bound after the texts
    std::vector<std::string_view> texts;

    explicit Filter(const HistoryQuery& query)
    {
        std::vector<std::string> clauses;
        if (!query.functionName.empty()) {
            texts.push_back(query.functionName);
            clauses.push_back("function = ?" + std::to_string(texts.size()));
        }
        if (!query.requestId.empty()) {
            texts.push_back(query.requestId);
            clauses.push_back("request_id = ?" + std::to_string(texts.size()));
        }
        std::vector<std::pair<std::string, std::int64_t>> numeric;
        if (query.status)
            numeric.emplace_back("status = ", static_cast<std::int64_t>(*query.status));
        if (query.fromEpochMs)
            numeric.emplace_back("epoch_us >= ", *query.fromEpochMs * 1000);
        if (query.toEpochMs)  // inclusive to the end of that millisecond
            numeric.emplace_back("epoch_us < ", (*query.toEpochMs + 1) * 1000);
        for (auto& [clause, value] : numeric) {
            numbers.push_back(value);
            clauses.push_back(clause + '?' + std::to_string(texts.size() + numbers.size()));
        }
        for (std::size_t i = 0; i < clauses.size(); ++i)
            sql += (i == 0 ? " WHERE " : " AND ") + clauses[i];
    }

    [[nodiscard]] int parameters() const { return static_cast<int>(texts.size() + numbers.size()); }

    void bind(DatabaseStatement& statement) const
    {
        int index = 1;
        for (const auto text : texts)
            statement.bind(index++, text);
        for (const auto number : numbers)
            statement.bind(index++, number);
    }
};

}  // namespace

InvocationHistory::InvocationHistory(std::unique_ptr<Database> database, InvocationHistoryOptions options)
    : m_options(options), m_database(std::move(database))
{
}

Expected<std::shared_ptr<InvocationHistory>> InvocationHistory::open(const std::string& databasePath,
                                                                     InvocationHistoryOptions options)
{
    if (options.maxRows < 1)
        return Error{"InvalidParameterValueException",
                     "the invocation history's maxRows must be at least 1, got " + std::to_string(options.maxRows)};
    DatabaseOptions databaseOptions;
    databaseOptions.cacheSizeKiB = options.cacheSizeKiB;
    auto database = Database::openWithSchema(databasePath, kSchema, databaseOptions);
    if (!database)
        return database.error();
    auto& counted = (*database)->statement("SELECT COUNT(*) FROM invocation_history");
    auto row = counted.step();
    if (!row)
        return row.error();
    const std::int64_t rows = counted.columnInt(0);
    counted.reset();

    std::shared_ptr<InvocationHistory> history(new InvocationHistory(std::move(*database), options));
    history->m_rows = rows;
    {
        std::lock_guard lock(history->m_databaseMutex);
        if (auto trimmed = history->trimLocked(); !trimmed)
            return trimmed.error();
    }
    history->m_writer = std::thread([raw = history.get()] { raw->run(); });
    return history;
}

Expected<std::shared_ptr<InvocationHistory>> InvocationHistory::attach(EventStream& stream,
                                                                       const std::string& databasePath,
                                                                       InvocationHistoryOptions options)
{
    auto history = open(databasePath, options);
    if (history)
        stream.subscribe(*history);
    return history;
}

InvocationHistory::~InvocationHistory()
{
    close();
}

void InvocationHistory::onEvent(const Event& event)
{
    // Filter before building anything: most events of the stream (logs, environment life) are not ours.
    const auto* finished = std::get_if<InvokeFinished>(&event.payload);
    const auto* throttled = finished ? nullptr : std::get_if<Throttled>(&event.payload);
    if (!finished && !throttled)
        return;
    InvocationRecord record;
    record.epochUs = epochUsOf(event.time);
    record.monotonicNs = std::chrono::duration_cast<std::chrono::nanoseconds>(event.time.time_since_epoch()).count();
    if (finished) {
        record.functionName = finished->functionName;
        record.requestId = finished->requestId;
        record.environmentId = finished->environmentId;
        record.status = finished->ok ? InvocationStatus::Ok : InvocationStatus::Error;
        record.cold = finished->cold;
        record.errorType = finished->errorType;
        record.durationMs = finished->durationMs;
        record.initDurationMs = finished->initDurationMs;
        record.billedDurationMs = finished->billedDurationMs;
        record.maxMemoryUsedMb = finished->maxMemoryUsedMb;
        record.costUsd = finished->costUsd;
    } else {
        record.functionName = throttled->functionName;
        record.requestId = throttled->requestId;
        record.status = InvocationStatus::Throttled;
        record.errorType = throttled->reason;
    }
    std::lock_guard lock(m_pendingMutex);
    if (m_closed)
        return;
    if (m_pending.size() >= m_options.maxPending) {
        ++m_dropped;
        return;
    }
    m_pending.push_back(std::move(record));
}

void InvocationHistory::run()
{
    lowerCurrentThreadPriority(m_options.writerNice);
    std::unique_lock lock(m_pendingMutex);
    while (!m_closed) {
        m_wake.wait_for(lock, m_options.flushInterval, [this] { return m_closed; });
        if (m_closed)
            break;  // close() writes the rest itself
        lock.unlock();
        {
            std::lock_guard database(m_databaseMutex);
            (void)flushLocked();  // a failure is kept in lastError() and the rows are tried again
        }
        lock.lock();
    }
}

void InvocationHistory::close()
{
    {
        std::lock_guard lock(m_pendingMutex);
        if (m_closed)
            return;
        m_closed = true;
    }
    m_wake.notify_all();
    if (m_writer.joinable() && m_writer.get_id() != std::this_thread::get_id())
        m_writer.join();
    std::lock_guard database(m_databaseMutex);
    (void)flushLocked();
}

Expected<void> InvocationHistory::flush()
{
    std::lock_guard database(m_databaseMutex);
    return flushLocked();
}

Expected<void> InvocationHistory::flushLocked()
{
    std::vector<InvocationRecord> rows;
    {
        std::lock_guard lock(m_pendingMutex);
        rows.swap(m_pending);
    }
    if (rows.empty())
        return {};
    auto written = writeLocked(rows);
    if (!written) {
        m_lastError = written.error().message;
        // Put the rows back in front of what arrived meanwhile, so the next flush keeps their order.
        std::lock_guard lock(m_pendingMutex);
        const std::size_t room = m_options.maxPending > m_pending.size() ? m_options.maxPending - m_pending.size() : 0;
        const std::size_t kept = std::min(room, rows.size());
        m_dropped += rows.size() - kept;
        m_pending.insert(m_pending.begin(), std::make_move_iterator(rows.end() - static_cast<std::ptrdiff_t>(kept)),
                         std::make_move_iterator(rows.end()));
        return written;
    }
    m_lastError.clear();
    return trimLocked();
}

Expected<void> InvocationHistory::writeLocked(const std::vector<InvocationRecord>& rows)
{
    DatabaseTransaction transaction(*m_database);
    if (!transaction.begun())
        return transaction.begun().error();
    for (const auto& row : rows) {
        auto& insert = m_database->statement(
            "INSERT INTO invocation_history (epoch_us, monotonic_ns, function, request_id, environment_id, status,"
            " cold, error_type, duration_us, init_duration_us, billed_ms, memory_mb, cost_fusd)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
        insert.bind(1, row.epochUs)
            .bind(2, row.monotonicNs)
            .bind(3, row.functionName)
            .bind(4, row.requestId)
            .bindOptional(5, row.environmentId)
            .bind(6, static_cast<int>(row.status))
            .bind(7, row.cold ? 1 : 0)
            .bindOptional(8, row.errorType)
            .bind(9, toInteger(row.durationMs, kMicrosPerMs))
            .bind(10, toInteger(row.initDurationMs, kMicrosPerMs))
            .bind(11, row.billedDurationMs)
            .bind(12, row.maxMemoryUsedMb)
            .bind(13, toInteger(row.costUsd, kFemtoPerUsd));
        if (auto ran = insert.run(); !ran)
            return ran.error();
    }
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    m_rows += static_cast<std::int64_t>(rows.size());
    return {};
}

Expected<void> InvocationHistory::trimLocked()
{
    if (m_rows <= m_options.maxRows)
        return {};
    // Shrink below the limit by a slack, so the next deletes wait for that many new rows (at most a tenth
    // of the history, so a small limit still keeps most of it).
    const std::int64_t slack = std::clamp<std::int64_t>(m_options.trimBatch, 0, m_options.maxRows / 10);
    const std::int64_t target = m_options.maxRows - slack;
    while (m_rows > target) {
        const std::int64_t chunk = std::min(m_rows - target, kMaxDeletePerTransaction);
        DatabaseTransaction transaction(*m_database);
        if (!transaction.begun())
            return transaction.begun().error();
        auto& remove = m_database->statement(
            "DELETE FROM invocation_history WHERE id IN (SELECT id FROM invocation_history ORDER BY id LIMIT ?1)");
        remove.bind(1, chunk);
        if (auto ran = remove.run(); !ran)
            return ran.error();
        const std::int64_t removed = m_database->changes();
        if (auto committed = transaction.commit(); !committed)
            return committed.error();
        m_rows -= removed;
        if (removed == 0) {
            m_rows = 0;  // the count drifted (another connection deleted rows); nothing older is left
            break;
        }
    }
    return {};
}

Expected<std::vector<InvocationRecord>> InvocationHistory::query(const HistoryQuery& query)
{
    const Filter filter(query);
    const int limitIndex = filter.parameters() + 1;
    const std::string sql =
        "SELECT id, epoch_us, monotonic_ns, function, request_id, environment_id, status, cold, error_type,"
        " duration_us, init_duration_us, billed_ms, memory_mb, cost_fusd FROM invocation_history" +
        filter.sql + " ORDER BY id DESC LIMIT ?" + std::to_string(limitIndex) + " OFFSET ?" +
        std::to_string(limitIndex + 1);

    std::lock_guard database(m_databaseMutex);
    // A failed flush (the file locked by another process) leaves the rows buffered; answer from the file anyway.
    (void)flushLocked();
    auto& select = m_database->statement(sql);
    filter.bind(select);
    select.bind(limitIndex, query.limit > 0 ? static_cast<std::int64_t>(query.limit) : std::int64_t{-1});
    select.bind(limitIndex + 1, static_cast<std::int64_t>(std::max(0, query.offset)));
    std::vector<InvocationRecord> records;
    for (;;) {
        auto row = select.step();
        if (!row) {
            select.reset();
            return row.error();
        }
        if (!*row)
            break;
        InvocationRecord record;
        record.id = select.columnInt(0);
        record.epochUs = select.columnInt(1);
        record.monotonicNs = select.columnInt(2);
        record.functionName = select.columnText(3);
        record.requestId = select.columnText(4);
        record.environmentId = select.columnText(5);
        record.status = static_cast<InvocationStatus>(select.columnInt(6));
        record.cold = select.columnInt(7) != 0;
        record.errorType = select.columnText(8);
        record.durationMs = static_cast<double>(select.columnInt(9)) / kMicrosPerMs;
        record.initDurationMs = static_cast<double>(select.columnInt(10)) / kMicrosPerMs;
        record.billedDurationMs = select.columnInt(11);
        record.maxMemoryUsedMb = static_cast<int>(select.columnInt(12));
        record.costUsd = static_cast<double>(select.columnInt(13)) / kFemtoPerUsd;
        records.push_back(std::move(record));
    }
    select.reset();
    return records;
}

Expected<std::int64_t> InvocationHistory::count(const HistoryQuery& query)
{
    const Filter filter(query);
    const std::string sql = "SELECT COUNT(*) FROM invocation_history" + filter.sql;
    std::lock_guard database(m_databaseMutex);
    // A failed flush (the file locked by another process) leaves the rows buffered; answer from the file anyway.
    (void)flushLocked();
    auto& select = m_database->statement(sql);
    filter.bind(select);
    auto row = select.step();
    const std::int64_t rows = row && *row ? select.columnInt(0) : 0;
    select.reset();
    if (!row)
        return row.error();
    return rows;
}

std::uint64_t InvocationHistory::dropped() const
{
    std::lock_guard lock(m_pendingMutex);
    return m_dropped;
}

std::string InvocationHistory::lastError() const
{
    std::lock_guard database(m_databaseMutex);
    return m_lastError;
}

}  // namespace lambdadesk::core
