// SPDX-License-Identifier: MIT
// core/store: the invocation history — what it records from the event stream (synthetic events and a real
// engine), every query filter, newest-first paging, the row bound, the writer thread, and persistence.
#include "engine_fixture.h"

#include "store/database.h"
#include "store/invocation_history.h"

#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <string>

using namespace lambdadesk;
using namespace lambdadesk::core;
using namespace lambdadesk::tests;

namespace {

template <typename T> const char* why(const Expected<T>& result)
{
    return result.ok() ? "" : result.error().message.c_str();
}

std::int64_t nowEpochMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Event finished(const std::string& function, const std::string& requestId, bool ok = true,
               std::chrono::milliseconds ago = std::chrono::milliseconds(0))
{
    InvokeFinished payload;
    payload.functionName = function;
    payload.environmentId = "env-" + function;
    payload.requestId = requestId;
    payload.ok = ok;
    payload.errorType = ok ? std::string() : std::string("ValueError");
    payload.durationMs = 12.345;
    payload.billedDurationMs = 13;
    payload.maxMemoryUsedMb = 42;
    payload.costUsd = 2.1e-9;
    return Event{Clock::now() - ago, payload};
}

Event throttled(const std::string& function, const std::string& requestId)
{
    return Event{Clock::now(), Throttled{function, requestId, "ReservedFunctionConcurrentInvocationLimitExceeded"}};
}

std::shared_ptr<InvocationHistory> openHistory(const std::string& path, InvocationHistoryOptions options = {})
{
    auto opened = InvocationHistory::open(path, options);
    if (!opened)
        qWarning("open %s: %s", path.c_str(), opened.error().message.c_str());
    return opened ? *opened : nullptr;
}

std::vector<std::string> requestIds(const std::vector<InvocationRecord>& records)
{
    std::vector<std::string> ids;
    for (const auto& record : records)
        ids.push_back(record.requestId);
    return ids;
}

std::int64_t countAll(InvocationHistory& history)
{
    auto counted = history.count({});
    return counted ? *counted : -1;
}

} // namespace

class TestInvocationHistory : public QObject {
    Q_OBJECT

private slots:
    void recordsFinishedAndThrottledEventsOnly()
    {
        auto history = openHistory(":memory:");
        QVERIFY(history);
        const auto before = nowEpochMs();
        auto cold = finished("orders", "r1");
        std::get<InvokeFinished>(cold.payload).cold = true;
        std::get<InvokeFinished>(cold.payload).initDurationMs = 87.5;
        history->onEvent(cold);
        history->onEvent(finished("orders", "r2", false));
        history->onEvent(throttled("orders", "r3"));
        // Everything else on the stream is not history.
        history->onEvent(Event{Clock::now(), InvokeStarted{"orders", "env", "r4", false}});
        history->onEvent(Event{Clock::now(), LogLine{"orders", "env", "r1", LogLine::Stream::Stdout, "hello"}});
        history->onEvent(Event{Clock::now(), EnvironmentStarted{"orders", "env", InitializationType::OnDemand, 1}});

        auto rows = history->query({});
        QVERIFY2(rows.ok(), why(rows));
        QCOMPARE(requestIds(*rows), (std::vector<std::string>{"r3", "r2", "r1"}));
        const auto& first = rows->back();
        QCOMPARE(first.functionName, std::string("orders"));
        QCOMPARE(first.environmentId, std::string("env-orders"));
        QCOMPARE(first.status, InvocationStatus::Ok);
        QVERIFY(first.cold);
        QVERIFY(first.errorType.empty());
        QCOMPARE(first.durationMs, 12.345);
        QCOMPARE(first.initDurationMs, 87.5);
        QCOMPARE(first.billedDurationMs, std::int64_t(13));
        QCOMPARE(first.maxMemoryUsedMb, 42);
        QVERIFY(std::abs(first.costUsd - 2.1e-9) < 1e-15);
        QVERIFY(first.epochUs / 1000 >= before - 1 && first.epochUs / 1000 <= nowEpochMs() + 1);
        QVERIFY(first.monotonicNs > 0);

        const auto& error = (*rows)[1];
        QCOMPARE(error.status, InvocationStatus::Error);
        QCOMPARE(error.errorType, std::string("ValueError"));
        QVERIFY(!error.cold);

        const auto& throttle = rows->front();
        QCOMPARE(throttle.status, InvocationStatus::Throttled);
        QCOMPARE(throttle.errorType, std::string("ReservedFunctionConcurrentInvocationLimitExceeded"));
        QVERIFY(throttle.environmentId.empty());
        QVERIFY(rows->front().id > rows->back().id);
        QCOMPARE(countAll(*history), std::int64_t(3));
    }

    void everyFilterPagesNewestFirst()
    {
        auto history = openHistory(":memory:");
        QVERIFY(history);
        using std::chrono::milliseconds;
        // Three seconds of traffic, one second apart, from two functions.
        history->onEvent(finished("a", "a-old", true, milliseconds(3000)));
        history->onEvent(finished("b", "b-old", false, milliseconds(3000)));
        history->onEvent(finished("a", "a-mid", false, milliseconds(2000)));
        history->onEvent(finished("b", "b-mid", true, milliseconds(2000)));
        history->onEvent(finished("a", "a-new", true, milliseconds(1000)));
        history->onEvent(throttled("b", "b-throttled"));
        const auto now = nowEpochMs();

        auto ids = [&](const HistoryQuery& query) {
            auto rows = history->query(query);
            if (!rows)
                qWarning("query: %s", rows.error().message.c_str());
            return rows ? requestIds(*rows) : std::vector<std::string>{};
        };
        auto counted = [&](const HistoryQuery& query) {
            auto rows = history->count(query);
            return rows ? *rows : -1;
        };
        using Ids = std::vector<std::string>;

        HistoryQuery byFunction;
        byFunction.functionName = "a";
        QCOMPARE(ids(byFunction), (Ids{"a-new", "a-mid", "a-old"}));
        QCOMPARE(counted(byFunction), std::int64_t(3));

        HistoryQuery byRequest;
        byRequest.requestId = "b-mid";
        QCOMPARE(ids(byRequest), (Ids{"b-mid"}));
        byRequest.requestId = "nobody";
        QCOMPARE(ids(byRequest), Ids{});
        QCOMPARE(counted(byRequest), std::int64_t(0));

        HistoryQuery ok;
        ok.status = InvocationStatus::Ok;
        QCOMPARE(ids(ok), (Ids{"a-new", "b-mid", "a-old"}));
        HistoryQuery errors;
        errors.status = InvocationStatus::Error;
        QCOMPARE(ids(errors), (Ids{"a-mid", "b-old"}));
        HistoryQuery throttles;
        throttles.status = InvocationStatus::Throttled;
        QCOMPARE(ids(throttles), (Ids{"b-throttled"}));
        QCOMPARE(counted(throttles), std::int64_t(1));

        // Time windows with half a second of margin around the event times.
        HistoryQuery recent;
        recent.fromEpochMs = now - 1500;
        QCOMPARE(ids(recent), (Ids{"b-throttled", "a-new"}));
        HistoryQuery older;
        older.toEpochMs = now - 1500;
        QCOMPARE(ids(older), (Ids{"b-mid", "a-mid", "b-old", "a-old"}));
        HistoryQuery window;
        window.fromEpochMs = now - 2500;
        window.toEpochMs = now - 1500;
        QCOMPARE(ids(window), (Ids{"b-mid", "a-mid"}));
        QCOMPARE(counted(window), std::int64_t(2));
        // Both bounds are inclusive, to the millisecond.
        HistoryQuery one;
        one.requestId = "a-mid";
        const auto stamp = (*history->query(one)).front().epochUs / 1000;
        HistoryQuery pinpoint;
        pinpoint.fromEpochMs = stamp;
        pinpoint.toEpochMs = stamp;
        pinpoint.functionName = "a";
        QCOMPARE(ids(pinpoint), (Ids{"a-mid"}));

        // Everything combined.
        HistoryQuery combined;
        combined.functionName = "b";
        combined.status = InvocationStatus::Error;
        combined.fromEpochMs = now - 3500;
        combined.toEpochMs = now;
        QCOMPARE(ids(combined), (Ids{"b-old"}));

        // Paging: limit and offset over the newest-first order; count ignores both.
        HistoryQuery page;
        page.limit = 2;
        QCOMPARE(ids(page), (Ids{"b-throttled", "a-new"}));
        page.offset = 2;
        QCOMPARE(ids(page), (Ids{"b-mid", "a-mid"}));
        page.offset = 4;
        QCOMPARE(ids(page), (Ids{"b-old", "a-old"}));
        page.offset = 6;
        QCOMPARE(ids(page), Ids{});
        QCOMPARE(counted(page), std::int64_t(6));
        HistoryQuery unlimited;
        unlimited.limit = 0;
        QCOMPARE(ids(unlimited).size(), std::size_t(6));
    }

    void writerFlushesOnItsOwn()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("state.db")).toStdString();
        InvocationHistoryOptions options;
        options.flushInterval = std::chrono::milliseconds(50);
        auto history = openHistory(path, options);
        QVERIFY(history);
        for (int i = 0; i < 25; ++i)
            history->onEvent(finished("f", "r" + std::to_string(i)));
        // A second connection sees the rows without any query on the history: its writer committed them.
        auto reader = Database::open(path);
        QVERIFY2(reader.ok(), why(reader));
        auto rowsOnDisk = [&] {
            auto& statement = (*reader)->statement("SELECT COUNT(*) FROM invocation_history");
            auto row = statement.step();
            const auto rows = row && *row ? statement.columnInt(0) : -1;
            statement.reset();
            return rows;
        };
        QTRY_COMPARE_WITH_TIMEOUT(rowsOnDisk(), std::int64_t(25), 5000);
        QVERIFY(history->lastError().empty());
        QCOMPARE(history->dropped(), std::uint64_t(0));
    }

    void boundedByMaxRowsDeletingTheOldest()
    {
        InvocationHistoryOptions options;
        options.maxRows = 1000;
        options.trimBatch = 100;
        auto history = openHistory(":memory:", options);
        QVERIFY(history);
        int sent = 0;
        for (int round = 0; round < 30; ++round) {
            for (int i = 0; i < 170; ++i, ++sent)
                history->onEvent(finished("f", "r" + std::to_string(sent)));
            QVERIFY(history->flush().ok());
            const auto rows = countAll(*history);
            QVERIFY2(rows <= 1000, std::to_string(rows).c_str());
            if (sent >= 1000)
                QVERIFY2(rows >= 900, std::to_string(rows).c_str());
        }
        // What is left is the newest, without gaps.
        HistoryQuery all;
        all.limit = 0;
        const auto rows = *history->query(all);
        QCOMPARE(rows.front().requestId, "r" + std::to_string(sent - 1));
        QCOMPARE(rows.back().requestId, "r" + std::to_string(sent - static_cast<int>(rows.size())));
    }

    void bufferIsBounded()
    {
        InvocationHistoryOptions options;
        options.maxPending = 10;
        options.flushInterval = std::chrono::hours(1);  // only explicit flushes
        auto history = openHistory(":memory:", options);
        QVERIFY(history);
        for (int i = 0; i < 15; ++i)
            history->onEvent(finished("f", "r" + std::to_string(i)));
        QCOMPARE(history->dropped(), std::uint64_t(5));
        QCOMPARE(countAll(*history), std::int64_t(10));
    }

    void persistsAcrossReopenAndTrimsToANewLimit()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("state.db")).toStdString();
        std::int64_t lastId = 0;
        {
            auto history = openHistory(path);
            QVERIFY(history);
            for (int i = 0; i < 50; ++i)
                history->onEvent(finished(i % 2 ? "odd" : "even", "first-" + std::to_string(i)));
            history->onEvent(throttled("odd", "first-throttle"));
            // No flush and no query: closing writes the buffer.
            history->close();
            history->onEvent(finished("late", "after-close"));
        }
        {
            auto history = openHistory(path);
            QVERIFY(history);
            QCOMPARE(countAll(*history), std::int64_t(51));
            HistoryQuery late;
            late.functionName = "late";
            QCOMPARE(*history->count(late), std::int64_t(0));
            HistoryQuery throttles;
            throttles.status = InvocationStatus::Throttled;
            const auto rows = *history->query(throttles);
            QCOMPARE(requestIds(rows), std::vector<std::string>{"first-throttle"});
            lastId = rows.front().id;
            history->onEvent(finished("even", "second"));
            const auto newest = *history->query({});
            QCOMPARE(newest.front().requestId, std::string("second"));
            QVERIFY(newest.front().id > lastId);
        }
        {
            // A smaller limit applies at open: the oldest go.
            InvocationHistoryOptions options;
            options.maxRows = 20;
            options.trimBatch = 0;
            auto history = openHistory(path, options);
            QVERIFY(history);
            QCOMPARE(countAll(*history), std::int64_t(20));
            QCOMPARE((*history->query({})).front().requestId, std::string("second"));
        }
        QVERIFY(!InvocationHistory::open(path, InvocationHistoryOptions{0}).ok());
    }

    void pageCacheIsBounded()
    {
        // The history appends; its SQLite page cache must not grow with the file. With SQLite's 32 MiB
        // cache of the other stores, 60,000 rows of random request ids held 7.7 MB here.
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("state.db")).toStdString();
        const sqlite3_int64 before = sqlite3_memory_used();
        InvocationHistoryOptions options;
        options.flushInterval = std::chrono::hours(1);  // only explicit flushes, of 500 rows as at 5,000/s
        auto history = openHistory(path, options);
        QVERIFY(history);
        char requestId[24];
        for (int i = 0; i < 60'000; ++i) {
            // Spread over the request-id index as random UUIDs are, so every flush touches many of its pages.
            std::snprintf(requestId, sizeof requestId, "%016llx",
                          static_cast<unsigned long long>(i) * 0x9E3779B97F4A7C15ULL);
            history->onEvent(finished("f", requestId));
            if (i % 500 == 499)
                QVERIFY(history->flush().ok());
        }
        QCOMPARE(countAll(*history), std::int64_t(60'000));
        const double grownMb = static_cast<double>(sqlite3_memory_used() - before) / 1048576.0;
        QVERIFY2(grownMb < 6.0, std::to_string(grownMb).c_str());

        InvocationHistoryOptions noCache;
        noCache.cacheSizeKiB = 0;
        const auto rejected = InvocationHistory::open(":memory:", noCache);
        QVERIFY(!rejected.ok());
        QVERIFY(rejected.error().message.find("cacheSizeKiB") != std::string::npos);
    }

    void recordsARealEngine()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("state.db")).toStdString();
        std::vector<std::string> invoked;
        {
            Engine engine(quickOptions());
            auto attached = InvocationHistory::attach(engine.events(), path);
            QVERIFY2(attached.ok(), why(attached));
            auto history = *attached;
            engine.putFunction(python("echo", "echo"));
            auto blocked = python("blocked", "echo");
            blocked.reservedConcurrency = 0;
            engine.putFunction(blocked);
            for (int i = 0; i < 3; ++i) {
                const auto result = invoke(engine, "echo", R"({"n":1})");
                QVERIFY2(result.ok(), result.payload.c_str());
                invoked.push_back(result.requestId);
            }
            const auto refused = invoke(engine, "blocked");
            QVERIFY(!refused.ok());

            HistoryQuery echo;
            echo.functionName = "echo";
            // InvokeFinished may be published just after the caller got its result.
            QTRY_COMPARE_WITH_TIMEOUT(*history->count(echo), std::int64_t(3), 5000);
            const auto rows = *history->query(echo);
            QCOMPARE(requestIds(rows), (std::vector<std::string>{invoked[2], invoked[1], invoked[0]}));
            QVERIFY(rows.back().cold);
            QVERIFY(rows.back().initDurationMs > 0);
            QVERIFY(!rows.front().cold);
            for (const auto& row : rows) {
                QCOMPARE(row.status, InvocationStatus::Ok);
                QVERIFY(!row.environmentId.empty());
                QVERIFY(row.durationMs > 0);
                QVERIFY(row.billedDurationMs >= 1);
                QVERIFY(row.maxMemoryUsedMb > 0);
                QVERIFY(row.costUsd > 0);
            }
            HistoryQuery throttles;
            throttles.functionName = "blocked";
            throttles.status = InvocationStatus::Throttled;
            QTRY_COMPARE_WITH_TIMEOUT(*history->count(throttles), std::int64_t(1), 5000);
            engine.shutdown();
            engine.events().unsubscribe(history);
        }
        // The engine is gone; the file keeps what it did.
        auto reopened = openHistory(path);
        QVERIFY(reopened);
        HistoryQuery byRequest;
        byRequest.requestId = invoked[1];
        const auto rows = *reopened->query(byRequest);
        QCOMPARE(rows.size(), std::size_t(1));
        QCOMPARE(rows.front().functionName, std::string("echo"));
    }
};

QTEST_GUILESS_MAIN(TestInvocationHistory)
#include "tst_invocation_history.moc"
