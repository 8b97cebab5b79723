// SPDX-License-Identifier: MIT
// bench_sources: raw SQS operations through QueueService on a durable state.db, and end-to-end throughput of
// an SQS event source mapping feeding a native function, each next to a baseline measured in the same run.
// Usage: bench_sources [--quick] [--json FILE] [--messages N] [--concurrency N] [--io-threads N] [--with-history]
// (--with-history attaches an InvocationHistory to the mapping's engine, on the same state.db, to price it.)
#include "engine.h"
#include "model/function_name.h"
#include "mappings/event_sources.h"
#include "queues/queue_service.h"
#include "test_paths.h"
#include "store/invocation_history.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

using namespace lambdadesk;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kBatch = 10;  // SQS's batch limit, and the mapping's BatchSize

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// A ~100-byte JSON body, the size of a typical order or notification message.
std::string body(long n)
{
    return R"({"orderId":)" + std::to_string(n) + R"(,"customer":"c-0042","items":3,"total":129.95,"currency":"EUR"})";
}

std::vector<core::SendMessageBatchEntry> batchFrom(long first)
{
    std::vector<core::SendMessageBatchEntry> entries(kBatch);
    for (int i = 0; i < kBatch; ++i) {
        entries[static_cast<std::size_t>(i)].id = std::to_string(i);
        entries[static_cast<std::size_t>(i)].messageBody = body(first + i);
    }
    return entries;
}

[[noreturn]] void fail(const std::string& what)
{
    std::fprintf(stderr, "bench_sources: %s\n", what.c_str());
    std::exit(1);
}

struct RawFigures {
    double perSecond = 0;           ///< messages sent, received and deleted per second
    double receiveDeletePerSecond = 0;  ///< the same messages over the receive and delete time only
    double sendUsPerBatch = 0, receiveUsPerBatch = 0, deleteUsPerBatch = 0;
};

// Rounds of SendMessageBatch(10) → ReceiveMessage(10) → DeleteMessageBatch(10), as a producer and a consumer
// taking turns, on a queue in a state.db file with the engine's durability settings.
RawFigures measureQueue(const std::filesystem::path& folder, long messages)
{
    boost::asio::io_context io;
    auto guard = boost::asio::make_work_guard(io);
    std::thread ioThread([&] { io.run(); });
    RawFigures figures;
    {
        core::QueueServiceOptions options;
        options.databasePath = (folder / "state.db").string();
        auto opened = core::QueueService::open(io.get_executor(), options);
        if (!opened)
            fail("open the queue service: " + opened.error().message);
        auto& queues = **opened;
        if (auto created = queues.createQueue({"raw", {}, {}}); !created)
            fail("create a queue: " + created.error().message);
        const std::string url = queues.queueUrl("raw");
        core::ReceiveMessageRequest receive;
        receive.queueUrl = url;
        receive.maxNumberOfMessages = kBatch;
        receive.waitTimeSeconds = 0;
        Clock::duration sendTime{}, receiveTime{}, deleteTime{};
        const auto start = Clock::now();
        for (long sent = 0; sent < messages; sent += kBatch) {
            const auto entries = batchFrom(sent);  // built outside the timed calls
            auto t0 = Clock::now();
            auto result = queues.sendMessageBatch(url, entries);
            auto t1 = Clock::now();
            if (!result || !result->failed.empty())
                fail("SendMessageBatch failed");
            auto received = queues.receiveMessage(receive);
            auto t2 = Clock::now();
            if (!received || received->messages.size() != static_cast<std::size_t>(kBatch))
                fail("ReceiveMessage returned fewer messages than were sent");
            std::vector<core::DeleteMessageBatchEntry> handles;
            for (std::size_t i = 0; i < received->messages.size(); ++i)
                handles.push_back({std::to_string(i), received->messages[i].receiptHandle});
            auto t3 = Clock::now();
            auto deleted = queues.deleteMessageBatch(url, handles);
            auto t4 = Clock::now();
            if (!deleted || !deleted->failed.empty())
                fail("DeleteMessageBatch failed");
            sendTime += t1 - t0;
            receiveTime += t2 - t1;
            deleteTime += t4 - t3;
        }
        const double wall = secondsSince(start);
        const double batches = static_cast<double>(messages) / kBatch;
        auto us = [&](Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count() / batches; };
        figures.perSecond = static_cast<double>(messages) / wall;
        figures.receiveDeletePerSecond =
            static_cast<double>(messages) / std::chrono::duration<double>(receiveTime + deleteTime).count();
        figures.sendUsPerBatch = us(sendTime);
        figures.receiveUsPerBatch = us(receiveTime);
        figures.deleteUsPerBatch = us(deleteTime);
    }
    guard.reset();
    ioThread.join();
    return figures;
}

void exec(sqlite3* db, const char* sql)
{
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        const std::string text = message ? message : "unknown error";
        sqlite3_free(message);
        fail(std::string(sql) + ": " + text);
    }
}

void step(sqlite3_stmt* statement)
{
    if (sqlite3_step(statement) != SQLITE_DONE)
        fail(std::string("step: ") + sqlite3_errmsg(sqlite3_db_handle(statement)));
    sqlite3_reset(statement);
}

// The floor of durable storage: the same rows inserted (one transaction per 10) and deleted (one per 10)
// with prepared statements on a WAL file with synchronous=NORMAL, as state.db is opened. With
// `updateToo`, a third transaction per 10 marks the rows received, as a durable receive must.
double measureSqlite(const std::filesystem::path& file, long messages, bool updateToo)
{
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK)
        fail("open " + file.string());
    exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32768;"
             "CREATE TABLE messages (id INTEGER PRIMARY KEY, queue_id INTEGER NOT NULL, body BLOB NOT NULL,"
             " visible_us INTEGER NOT NULL, receive_count INTEGER NOT NULL)");
    sqlite3_stmt* insert = nullptr;
    sqlite3_stmt* update = nullptr;
    sqlite3_stmt* remove = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO messages VALUES (?1, 1, ?2, 0, 0)", -1, &insert, nullptr);
    sqlite3_prepare_v2(db, "UPDATE messages SET visible_us = ?2, receive_count = receive_count + 1 WHERE id = ?1", -1,
                       &update, nullptr);
    sqlite3_prepare_v2(db, "DELETE FROM messages WHERE id = ?1", -1, &remove, nullptr);
    const auto start = Clock::now();
    for (long first = 0; first < messages; first += kBatch) {
        const auto entries = batchFrom(first);
        exec(db, "BEGIN IMMEDIATE");
        for (int i = 0; i < kBatch; ++i) {
            const auto& text = entries[static_cast<std::size_t>(i)].messageBody;
            sqlite3_bind_int64(insert, 1, first + i);
            sqlite3_bind_blob(insert, 2, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
            step(insert);
        }
        exec(db, "COMMIT");
        if (updateToo) {
            exec(db, "BEGIN IMMEDIATE");
            for (int i = 0; i < kBatch; ++i) {
                sqlite3_bind_int64(update, 1, first + i);
                sqlite3_bind_int64(update, 2, 30'000'000);
                step(update);
            }
            exec(db, "COMMIT");
        }
        exec(db, "BEGIN IMMEDIATE");
        for (int i = 0; i < kBatch; ++i) {
            sqlite3_bind_int64(remove, 1, first + i);
            step(remove);
        }
        exec(db, "COMMIT");
    }
    const double perSecond = static_cast<double>(messages) / secondsSince(start);
    sqlite3_finalize(insert);
    sqlite3_finalize(update);
    sqlite3_finalize(remove);
    sqlite3_close(db);
    return perSecond;
}

struct MappingFigures {
    double perSecond = 0;      ///< messages consumed (invoked and deleted) per second
    double sendPerSecond = 0;  ///< the up-front SendMessageBatch rate through the engine's queue service
    double seconds = 0;
    double recordsPerBatch = 0;
    std::uint64_t batches = 0, failedInvokes = 0;
    std::int64_t historyRows = -1;  ///< rows the invocation history recorded (-1: not attached)
};

// An engine on a durable state folder, a native echo consumer, a queue filled up front, then a mapping:
// the time from creating the mapping until the queue is empty.
MappingFigures measureMapping(const std::filesystem::path& folder, long messages, int concurrency, int ioThreads,
                              bool withHistory)
{
    core::EngineOptions options;
    options.stateDir = folder;
    options.ioThreads = ioThreads;
    options.shutdownGrace = std::chrono::milliseconds(500);
    core::Engine engine(options);
    if (!engine.sources())
        fail("the engine has no event sources (state database)");
    core::FunctionConfig function;
    function.name = "consumer";
    function.runtime = "provided.al2023";
    function.handler = "bootstrap";
    function.codeDir = lambdadesk::tests::fixturesBuildDir() + "/native/echo";
    function.memoryMb = 128;
    function.timeoutSeconds = 30;
    function.arn = core::functionArn("us-east-1", "123456789012", function.name);
    engine.putFunction(function);
    std::shared_ptr<core::InvocationHistory> history;
    if (withHistory) {
        auto attached = core::InvocationHistory::attach(engine.events(), (folder / "state.db").string());
        if (!attached)
            fail("open the invocation history: " + attached.error().message);
        history = *attached;
    }

    auto queues = engine.sources()->queues();
    if (auto created = queues->createQueue({"mapped", {}, {}}); !created)
        fail("create a queue: " + created.error().message);
    const std::string url = queues->queueUrl("mapped");
    MappingFigures figures;
    const auto sendStart = Clock::now();
    for (long sent = 0; sent < messages; sent += kBatch) {
        auto result = queues->sendMessageBatch(url, batchFrom(sent));
        if (!result || !result->failed.empty())
            fail("SendMessageBatch failed");
    }
    figures.sendPerSecond = static_cast<double>(messages) / secondsSince(sendStart);

    core::EventSourceMappingConfig mapping;
    mapping.functionName = function.name;
    mapping.eventSourceArn = queues->queueArn("mapped");
    mapping.batchSize = kBatch;
    mapping.maximumConcurrency = concurrency;
    const auto start = Clock::now();
    auto created = engine.sources()->createMapping(mapping);
    if (!created)
        fail("create the mapping: " + created.error().message);
    const auto deadline = start + std::chrono::minutes(5);
    for (;;) {
        const auto stats = queues->stats("mapped");
        if (stats && stats->visible + stats->inFlight + stats->delayed == 0)
            break;
        if (Clock::now() > deadline)
            fail("the mapping did not empty the queue within 5 minutes");
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    figures.seconds = secondsSince(start);
    figures.perSecond = static_cast<double>(messages) / figures.seconds;
    if (history) {
        engine.events().unsubscribe(history);
        history->close();
        figures.historyRows = *history->count({});
    }
    // Looked up by function rather than uuid: the one mapping of this engine, whatever key it is kept under.
    for (const auto& status : engine.sources()->mappings()) {
        if (status.config.functionName != function.name)
            continue;
        figures.batches = status.metrics.batches;
        figures.failedInvokes = status.metrics.failedInvokes;
        figures.recordsPerBatch =
            status.metrics.batches ? static_cast<double>(status.metrics.recordsIn) / status.metrics.batches : 0;
    }
    return figures;
}

}  // namespace

int main(int argc, char** argv)
{
    bool quick = false;
    long messages = 0;
    int concurrency = 10;
    int ioThreads = core::EngineOptions{}.ioThreads;
    bool withHistory = false;
    std::string jsonPath = "bench_sources.json";
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--quick") == 0)
            quick = true;
        else if (std::strcmp(argv[i], "--json") == 0 && i + 1 < argc)
            jsonPath = argv[++i];
        else if (std::strcmp(argv[i], "--messages") == 0 && i + 1 < argc)
            messages = std::atol(argv[++i]) / kBatch * kBatch;
        else if (std::strcmp(argv[i], "--concurrency") == 0 && i + 1 < argc)
            concurrency = std::atoi(argv[++i]);
        else if (std::strcmp(argv[i], "--io-threads") == 0 && i + 1 < argc)
            ioThreads = std::atoi(argv[++i]);
        else if (std::strcmp(argv[i], "--with-history") == 0)
            withHistory = true;
    }
    if (messages <= 0)
        messages = quick ? 20'000 : 100'000;

    // Everything durable lives in a fresh folder on the same file system as a project would.
    std::error_code ec;
    const auto root = std::filesystem::temp_directory_path() / ("bench_sources." + std::to_string(::getpid()));
    std::filesystem::remove_all(root, ec);
    for (const char* sub : {"raw", "sqlite", "sqlite3tx", "engine"})
        std::filesystem::create_directories(root / sub);

    // Baselines first and the measured figure right after, so both see the same machine state.
    const double sqliteFloor = measureSqlite(root / "sqlite" / "plain.db", messages, false);
    const double sqlite3Tx = measureSqlite(root / "sqlite3tx" / "plain.db", messages, true);
    const auto raw = measureQueue(root / "raw", messages);
    const auto mapped = measureMapping(root / "engine", messages, concurrency, ioThreads, withHistory);
    std::filesystem::remove_all(root, ec);

    std::printf("%ld messages, batches of %d, durable state.db (WAL, synchronous=NORMAL)\n\n", messages, kBatch);
    std::printf("%-52s %12s %10s %8s\n", "measurement", "msg/s", "baseline", "ratio");
    std::printf("%-52s %12.0f %10s %8s\n", "baseline: SQLite insert+delete, 1 tx per 10 each", sqliteFloor, "-", "-");
    std::printf("%-52s %12.0f %10s %8s\n", "baseline: SQLite insert+update+delete, 1 tx per 10", sqlite3Tx, "-", "-");
    std::printf("%-52s %12.0f %10.0f %7.2fx   (goal ≥ 50,000/s)\n", "QueueService send+receive+delete (batch 10)",
                raw.perSecond, sqliteFloor, raw.perSecond / sqliteFloor);
    std::printf("%-52s %12.0f %10.0f %7.2fx   (goal ≥ 20,000/s)\n",
                withHistory ? "SQS mapping → native echo, with history" : "SQS mapping → native echo, queue drained",
                mapped.perSecond, raw.perSecond, mapped.perSecond / raw.perSecond);
    std::printf("%-52s %12.0f %10.0f %7.2fx\n", "  same, next to raw receive+delete only",
                mapped.perSecond, raw.receiveDeletePerSecond, mapped.perSecond / raw.receiveDeletePerSecond);
    std::printf("\nQueueService µs per batch of 10: send %.1f, receive %.1f, delete %.1f\n", raw.sendUsPerBatch,
                raw.receiveUsPerBatch, raw.deleteUsPerBatch);
    std::printf("mapping: MaximumConcurrency %d, %llu batches, %.2f records/batch, %llu failed invokes, %.2f s; "
                "up-front send %.0f msg/s\n",
                concurrency, static_cast<unsigned long long>(mapped.batches), mapped.recordsPerBatch,
                static_cast<unsigned long long>(mapped.failedInvokes), mapped.seconds, mapped.sendPerSecond);

    if (mapped.historyRows >= 0)
        std::printf("invocation history: %lld rows recorded\n", static_cast<long long>(mapped.historyRows));

    nlohmann::json report;
    report["messages"] = messages;
    report["batchSize"] = kBatch;
    report["ioThreads"] = ioThreads;
    report["baseline"] = {{"sqliteInsertDeletePerSecond", sqliteFloor},
                          {"sqliteInsertUpdateDeletePerSecond", sqlite3Tx}};
    report["rawQueue"] = {{"sendReceiveDeletePerSecond", raw.perSecond},
                          {"receiveDeletePerSecond", raw.receiveDeletePerSecond},
                          {"sendUsPerBatch", raw.sendUsPerBatch},
                          {"receiveUsPerBatch", raw.receiveUsPerBatch},
                          {"deleteUsPerBatch", raw.deleteUsPerBatch},
                          {"overSqliteFloor", raw.perSecond / sqliteFloor},
                          {"goalPerSecond", 50000}};
    report["sqsMapping"] = {{"messagesPerSecond", mapped.perSecond},
                            {"seconds", mapped.seconds},
                            {"maximumConcurrency", concurrency},
                            {"batches", mapped.batches},
                            {"recordsPerBatch", mapped.recordsPerBatch},
                            {"failedInvokes", mapped.failedInvokes},
                            {"withInvocationHistory", withHistory},
                            {"historyRows", mapped.historyRows},
                            {"upFrontSendPerSecond", mapped.sendPerSecond},
                            {"overRawSendReceiveDelete", mapped.perSecond / raw.perSecond},
                            {"overRawReceiveDelete", mapped.perSecond / raw.receiveDeletePerSecond},
                            {"goalPerSecond", 20000}};
    std::ofstream(jsonPath) << report.dump(2) << '\n';
    std::printf("\nwrote %s\n", jsonPath.c_str());
    return 0;
}
