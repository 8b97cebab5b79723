// SPDX-License-Identifier: MIT
// Placement: cold then warm, most-recently-used reuse, scale-out, throttling, provisioned
// concurrency, idle reaping, hot reload, and no orphan processes after shutdown.
#include "engine_fixture.h"

#include <QTemporaryDir>
#include <QtTest>

#include <signal.h>

#include <fstream>
#include <set>

using namespace lambdadesk;
using namespace lambdadesk::tests;

class TestScheduler : public QObject {
    Q_OBJECT

private slots:
    void coldThenWarm()
    {
        core::Engine engine(quickOptions());
        engine.putFunction(python("echo", "echo"));
        const auto first = invoke(engine, "echo", R"({"n":1})");
        QVERIFY2(first.ok(), first.payload.c_str());
        QVERIFY(first.cold);
        QVERIFY(first.initDurationMs > 0);
        QCOMPARE(json(first)["n"].get<int>(), 1);
        const auto second = invoke(engine, "echo", R"({"n":2})");
        QVERIFY(second.ok());
        QVERIFY(!second.cold);
        QCOMPARE(second.initDurationMs, 0.0);
        QCOMPARE(second.environmentId, first.environmentId);
        QCOMPARE(json(second)["n"].get<int>(), 2);
    }

    void mostRecentlyUsedEnvironmentIsReused()
    {
        core::Engine engine(quickOptions());
        engine.putFunction(python("sleep", "sleep"));
        // Two overlapping invocations need two environments; they finish in a known order.
        core::InvokeResult slow;
        auto slowDone = std::async(std::launch::async, [&] { slow = invoke(engine, "sleep", R"({"ms":600})"); });
        const auto quick = invoke(engine, "sleep", R"({"ms":50})");
        slowDone.get();
        QVERIFY(quick.ok() && slow.ok());
        QVERIFY(quick.environmentId != slow.environmentId);
        // The slow one finished last, so it is the most recently used.
        for (int i = 0; i < 3; ++i) {
            const auto next = invoke(engine, "sleep", R"({"ms":1})");
            QCOMPARE(next.environmentId, slow.environmentId);
            QVERIFY(!next.cold);
        }
    }

    void concurrencyScalesOut()
    {
        core::Engine engine(quickOptions());
        // Each invocation holds until all four are in their handlers (the barrier fixture), so none can finish
        // early and come free to serve another warm. A fixed sleep could not promise that: on a 2-core host two
        // INITs run at once, and on a busy one the last two took longer than the first invocations' sleep.
        auto function = python("barrier", "barrier");
        function.timeoutSeconds = 60;  // the barrier's own 30 s deadline answers first, naming how many came
        engine.putFunction(function);
        QTemporaryDir arrivals;
        QVERIFY(arrivals.isValid());
        const nlohmann::json event = {{"dir", arrivals.path().toStdString()}, {"parties", 4}, {"waitMs", 30000}};
        const auto results = invokeConcurrently(engine, "barrier", event.dump(), 4);
        std::set<std::string> environments;
        for (const auto& result : results) {
            QVERIFY2(result.ok(), result.payload.c_str());
            QCOMPARE(json(result)["parties"].get<int>(), 4);
            QVERIFY(result.cold);
            environments.insert(result.environmentId);
        }
        QCOMPARE(environments.size(), std::size_t(4));
        QCOMPARE(engine.stats("barrier")->environments, 4);
        QTRY_COMPARE_WITH_TIMEOUT(engine.metrics().snapshot("barrier").concurrencyPeak, 4, 5000);
    }

    void anEnvironmentComingFreeServesAnInvocationWaitingOnInit()
    {
        core::Engine engine(quickOptions());
        auto function = python("slowinit", "slowinit");
        function.environment["SLOW_INIT_SECONDS"] = "2";
        engine.putFunction(function);
        const auto first = invoke(engine, "slowinit");
        QVERIFY2(first.ok() && first.cold, first.payload.c_str());

        // The warm environment is busy for 300 ms; the next invocation starts a second one, whose INIT
        // takes 2 s. The first environment comes free long before, and serves it warm.
        auto busy = std::async(std::launch::async, [&] { return invoke(engine, "slowinit", R"({"ms":300})"); });
        QTRY_COMPARE_WITH_TIMEOUT(engine.stats("slowinit")->busy, 1, 5000);
        QElapsedTimer waited;
        waited.start();
        const auto served = invoke(engine, "slowinit", "{}", true);
        QVERIFY2(served.ok(), served.payload.c_str());
        QVERIFY(!served.cold);
        QCOMPARE(served.environmentId, first.environmentId);
        QVERIFY2(waited.elapsed() < 1500, qPrintable(QString::number(waited.elapsed())));
        QVERIFY(busy.get().ok());
        // Its log has one START, from the environment that served it.
        const auto start = "START RequestId: " + served.requestId;
        QVERIFY2(served.logTail.find(start) != std::string::npos, served.logTail.c_str());
        QCOMPARE(served.logTail.find(start), served.logTail.rfind(start));

        // The second environment finishes INIT anyway and waits, initialized, for work.
        QCOMPARE(engine.stats("slowinit")->environments, 2);
        QTRY_COMPARE_WITH_TIMEOUT(engine.stats("slowinit")->idle, 2, 5000);
        QCOMPARE(engine.metrics().snapshot("slowinit").coldStarts, std::uint64_t(1));
    }

    void reservedConcurrencyThrottles()
    {
        core::Engine engine(quickOptions());
        auto function = python("sleep", "sleep");
        function.reservedConcurrency = 1;
        engine.putFunction(function);
        const auto results = invokeConcurrently(engine, "sleep", R"({"ms":500})", 3);
        int ok = 0;
        int throttled = 0;
        for (const auto& result : results) {
            if (result.ok())
                ++ok;
            if (result.status == core::InvokeStatus::Throttled) {
                ++throttled;
                QCOMPARE(result.errorType, std::string("TooManyRequestsException"));
                QCOMPARE(result.throttleReason, std::string("ReservedFunctionConcurrentInvocationLimitExceeded"));
                QCOMPARE(json(result)["Reason"].get<std::string>(), result.throttleReason);
            }
        }
        QCOMPARE(ok, 1);
        QCOMPARE(throttled, 2);
        QTRY_COMPARE_WITH_TIMEOUT(engine.metrics().snapshot("sleep").throttles, std::uint64_t(2), 5000);
    }

    void reservedConcurrencyZeroAlwaysThrottles()
    {
        core::Engine engine(quickOptions());
        auto function = python("echo", "echo");
        function.reservedConcurrency = 0;
        engine.putFunction(function);
        const auto result = invoke(engine, "echo");
        QCOMPARE(result.status, core::InvokeStatus::Throttled);
        QCOMPARE(result.throttleReason, std::string("ReservedFunctionConcurrentInvocationLimitExceeded"));
        QCOMPARE(engine.stats("echo")->environments, 0);
    }

    void accountConcurrencyThrottles()
    {
        auto options = quickOptions();
        options.accountConcurrency = 2;
        core::Engine engine(options);
        engine.putFunction(python("sleep", "sleep"));
        const auto results = invokeConcurrently(engine, "sleep", R"({"ms":500})", 3);
        int throttled = 0;
        for (const auto& result : results) {
            if (result.status == core::InvokeStatus::Throttled) {
                ++throttled;
                QCOMPARE(result.throttleReason, std::string("ConcurrentInvocationLimitExceeded"));
            }
        }
        QCOMPARE(throttled, 1);
    }

    void reservationsShrinkTheUnreservedPool()
    {
        auto options = quickOptions();
        options.accountConcurrency = 3;
        core::Engine engine(options);
        auto reserved = python("reserved", "echo");
        reserved.reservedConcurrency = 2;
        engine.putFunction(reserved);
        engine.putFunction(python("sleep", "sleep"));
        // 3 − 2 reserved leaves one unreserved slot for everybody else.
        const auto results = invokeConcurrently(engine, "sleep", R"({"ms":400})", 2);
        const auto throttled = std::count_if(results.begin(), results.end(), [](const auto& result) {
            return result.status == core::InvokeStatus::Throttled;
        });
        QCOMPARE(throttled, 1);
    }

    void provisionedEnvironmentsExistBeforeTheFirstInvoke()
    {
        core::Engine engine(quickOptions());
        auto function = python("envdump", "envdump");
        function.provisionedConcurrency = 2;
        engine.putFunction(function);
        QTRY_COMPARE_WITH_TIMEOUT(engine.stats("envdump")->idle, 2, 10000);
        const auto result = invoke(engine, "envdump");
        QVERIFY2(result.ok(), result.payload.c_str());
        QVERIFY(!result.cold);
        QCOMPARE(json(result)["AWS_LAMBDA_INITIALIZATION_TYPE"].get<std::string>(),
                 std::string("provisioned-concurrency"));
        QCOMPARE(engine.stats("envdump")->environments, 2);
    }

    void provisionedEnvironmentsAreReplacedWhenTheyDie()
    {
        core::Engine engine(quickOptions());
        auto function = python("crash", "crash");
        function.provisionedConcurrency = 1;
        engine.putFunction(function);
        QTRY_COMPARE_WITH_TIMEOUT(engine.stats("crash")->idle, 1, 10000);
        const auto crashed = invoke(engine, "crash", R"({"how":"exit","code":1})");
        QCOMPARE(crashed.errorType, std::string("Runtime.ExitError"));
        QTRY_COMPARE_WITH_TIMEOUT(engine.stats("crash")->idle, 1, 10000);
    }

    void idleEnvironmentsAreReaped()
    {
        auto options = quickOptions();
        options.keepAlive = std::chrono::milliseconds(300);
        core::Engine engine(options);
        auto stopped = std::make_shared<core::QueuedEventSink>();
        engine.events().subscribe(stopped);
        engine.putFunction(python("echo", "echo"));
        QVERIFY(invoke(engine, "echo").ok());
        QCOMPARE(engine.stats("echo")->environments, 1);
        QTRY_COMPARE_WITH_TIMEOUT(engine.stats("echo")->environments, 0, 5000);
        bool sawReason = false;
        for (const auto& event : stopped->drain()) {
            if (const auto* stop = std::get_if<core::EnvironmentStopped>(&event.payload))
                sawReason = sawReason || stop->reason.find("keep-alive") != std::string::npos;
        }
        QVERIFY(sawReason);
        QVERIFY(invoke(engine, "echo").cold);
    }

    void noProcessOutlivesTheEngine()
    {
        std::vector<int> pids;
        {
            core::Engine engine(quickOptions());
            engine.putFunction(python("pid", "pid"));
            auto sleeper = python("sleep", "sleep");
            sleeper.timeoutSeconds = 30;
            engine.putFunction(sleeper);
            for (const auto& result : invokeConcurrently(engine, "pid", "{}", 3))
                pids.push_back(json(result)["pid"].get<int>());
            // One invocation still running when the engine goes away.
            core::InvokeRequest request;
            request.function = "sleep";
            request.payload = R"({"ms":20000})";
            engine.invokeAsync(request, [](core::InvokeResult) {});
            QTRY_COMPARE_WITH_TIMEOUT(engine.stats("sleep")->busy, 1, 10000);
        }
        for (const int pid : pids)
            QVERIFY2(::kill(pid, 0) == -1 && errno == ESRCH, qPrintable(QString::number(pid)));
        // No child of ours is left at all, whatever its pid (children are listed per spawning thread).
        const QDir tasks(QStringLiteral("/proc/self/task"));
        for (const QString& task : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            QFile children(tasks.filePath(task) + QStringLiteral("/children"));
            QVERIFY(children.open(QIODevice::ReadOnly));
            QCOMPARE(children.readAll().trimmed(), QByteArray());
        }
    }

    void hotReloadStartsColdOnNewCode()
    {
        QTemporaryDir dir;
        const std::string code = dir.path().toStdString();
        const auto writeVersion = [&](const char* version) {
            std::ofstream(code + "/app.py") << "def handler(event, context):\n    return {'version': '" << version
                                            << "'}\n";
        };
        writeVersion("v1");
        core::Engine engine(quickOptions());
        auto function = python("reload", "echo");
        function.codeDir = code;
        engine.putFunction(function);
        const auto first = invoke(engine, "reload");
        QCOMPARE(json(first)["version"].get<std::string>(), std::string("v1"));

        writeVersion("v2-changed");  // a different size too, as real edits have
        QVERIFY(engine.reloadFunction("reload"));
        const auto second = invoke(engine, "reload");
        QCOMPARE(json(second)["version"].get<std::string>(), std::string("v2-changed"));
        QVERIFY(second.cold);
        QVERIFY(second.environmentId != first.environmentId);
        QTRY_COMPARE_WITH_TIMEOUT(engine.stats("reload")->environments, 1, 5000);
    }

    void hotReloadLetsInFlightInvocationsFinish()
    {
        core::Engine engine(quickOptions());
        engine.putFunction(python("sleep", "sleep"));
        auto running = std::async(std::launch::async, [&] { return invoke(engine, "sleep", R"({"ms":700})"); });
        QTRY_COMPARE_WITH_TIMEOUT(engine.stats("sleep")->busy, 1, 10000);
        auto changed = python("sleep", "sleep");
        changed.memoryMb = 256;  // a configuration change
        engine.putFunction(changed);
        const auto old = running.get();
        QVERIFY2(old.ok(), old.payload.c_str());
        QCOMPARE(old.memorySizeMb, 128);
        const auto next = invoke(engine, "sleep", R"({"ms":1})");
        QVERIFY(next.cold);
        QCOMPARE(next.memorySizeMb, 256);
        QVERIFY(next.environmentId != old.environmentId);
        QTRY_COMPARE_WITH_TIMEOUT(engine.stats("sleep")->environments, 1, 5000);
    }

    void metricsCountWhatHappened()
    {
        core::Engine engine(quickOptions());
        engine.putFunction(python("echo", "echo"));
        engine.putFunction(python("error", "error"));
        for (int i = 0; i < 5; ++i)
            QVERIFY(invoke(engine, "echo").ok());
        QCOMPARE(invoke(engine, "error").status, core::InvokeStatus::FunctionError);
        QTRY_COMPARE_WITH_TIMEOUT(engine.metrics().snapshot("echo").invocations, std::uint64_t(5), 5000);
        const auto echo = engine.metrics().snapshot("echo");
        QCOMPARE(echo.coldStarts, std::uint64_t(1));
        QCOMPARE(echo.errors, std::uint64_t(0));
        QVERIFY(echo.durationP50Ms > 0);
        QVERIFY(echo.durationP99Ms >= echo.durationP50Ms);
        QVERIFY(echo.initDurationP50Ms > 0);
        QCOMPARE(echo.concurrencyPeak, 1);
        QTRY_COMPARE_WITH_TIMEOUT(engine.metrics().snapshot("error").errors, std::uint64_t(1), 5000);
    }

    void unknownFunctionsAndBadPayloadsAreRequestErrors()
    {
        core::Engine engine(quickOptions());
        engine.putFunction(python("echo", "echo"));
        const auto missing = invoke(engine, "nope");
        QCOMPARE(missing.status, core::InvokeStatus::NotFound);
        QCOMPARE(missing.errorType, std::string("ResourceNotFoundException"));
        QVERIFY(json(missing)["Message"].get<std::string>().find("function:nope") != std::string::npos);
        const auto badVersion = invoke(engine, "echo:7");
        QCOMPARE(badVersion.status, core::InvokeStatus::NotFound);
        const auto byArn = invoke(engine, "arn:aws:lambda:us-east-1:123456789012:function:echo:$LATEST");
        QVERIFY(byArn.ok());
        const auto badJson = invoke(engine, "echo", "{not json");
        QCOMPARE(badJson.status, core::InvokeStatus::InvalidRequest);
        QCOMPARE(badJson.errorType, std::string("InvalidRequestContentException"));
        const auto tooBig = invoke(engine, "echo", '"' + std::string(7 * 1024 * 1024, 'x') + '"');
        QCOMPARE(tooBig.errorType, std::string("RequestTooLargeException"));
    }
};

QTEST_GUILESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"
