// SPDX-License-Identifier: MIT
// One environment's life: runtimes, the Runtime API and its misuse, failures (timeout, crash,
// init errors, oversize responses, memory), environment variables and log attribution.
#include "engine_fixture.h"

#include "free_port.h"
#include "runtime/environment_variables.h"

#include <QtTest>

#include <optional>
#include <set>

using namespace lambdadesk;
using namespace lambdadesk::tests;


namespace {

std::string errorMessage(const core::InvokeResult& result)
{
    const auto body = json(result);
    return body.is_object() && body.contains("errorMessage") ? body["errorMessage"].get<std::string>() : std::string();
}

std::string errorTypeInPayload(const core::InvokeResult& result)
{
    const auto body = json(result);
    return body.is_object() && body.contains("errorType") ? body["errorType"].get<std::string>() : std::string();
}

}  // namespace

class TestEnvironment : public QObject {
    Q_OBJECT

private slots:
    void nodeHandlers_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<QString>("handler");
        QTest::addColumn<QString>("expectedKey");
        QTest::newRow("async") << "node/echo" << "index.handler" << "n";
        QTest::newRow("callback") << "node/callback" << "index.handler" << "callback";
        QTest::newRow("esm") << "node/esm" << "index.handler" << "esm";
    }

    void nodeHandlers()
    {
        QFETCH(QString, folder);
        QFETCH(QString, handler);
        QFETCH(QString, expectedKey);
        core::Engine engine(quickOptions());
        engine.putFunction(fixtureFunction("node", "nodejs20.x", folder.toStdString(), handler.toStdString()));
        const auto result = invoke(engine, "node", R"({"n":7})");
        QVERIFY2(result.ok(), result.payload.c_str());
        QVERIFY(json(result).contains(expectedKey.toStdString()));
    }

    void nodeErrorsAreFunctionErrors()
    {
        core::Engine engine(quickOptions());
        engine.putFunction(fixtureFunction("node", "nodejs20.x", "node/error", "index.handler"));
        const auto result = invoke(engine, "node");
        QCOMPARE(result.status, core::InvokeStatus::FunctionError);
        QCOMPARE(result.functionError, std::string("Unhandled"));
        QCOMPARE(errorTypeInPayload(result), std::string("TypeError"));
        QCOMPARE(errorMessage(result), std::string("node boom"));
    }

    void nativeEcho()
    {
        core::Engine engine(quickOptions());
        engine.putFunction(fixtureFunction("native", "provided.al2023", "native/echo", "bootstrap"));
        const auto first = invoke(engine, "native", R"({"hello":"native"})");
        QVERIFY2(first.ok(), first.payload.c_str());
        QCOMPARE(json(first)["hello"].get<std::string>(), std::string("native"));
        QVERIFY(first.cold);
        QVERIFY(!invoke(engine, "native", "[1]").cold);
    }

    void timeoutResetsTheEnvironment()
    {
        core::Engine engine(quickOptions());
        auto function = python("sleep", "sleep");
        function.timeoutSeconds = 1;
        engine.putFunction(function);
        const auto warm = invoke(engine, "sleep", R"({"ms":1})");
        QVERIFY(warm.ok());
        const auto timedOut = invoke(engine, "sleep", R"({"ms":5000})", true);
        QCOMPARE(timedOut.status, core::InvokeStatus::FunctionError);
        QCOMPARE(timedOut.functionError, std::string("Unhandled"));
        QCOMPARE(timedOut.errorType, std::string("Sandbox.Timedout"));
        QCOMPARE(errorTypeInPayload(timedOut), std::string("Sandbox.Timedout"));
        QCOMPARE(errorMessage(timedOut),
                 "RequestId: " + timedOut.requestId + " Error: Task timed out after 1.00 seconds");
        QVERIFY(timedOut.durationMs >= 1000 && timedOut.durationMs < 2500);
        QVERIFY(timedOut.logTail.find("Task timed out after 1.00 seconds") != std::string::npos);
        QTRY_COMPARE_WITH_TIMEOUT(engine.stats("sleep")->environments, 0, 5000);
        const auto after = invoke(engine, "sleep", R"({"ms":1})");
        QVERIFY(after.ok());
        QVERIFY(after.cold);
        QVERIFY(after.environmentId != warm.environmentId);
    }

    void crashesAreRuntimeExitErrors_data()
    {
        QTest::addColumn<QString>("function");
        QTest::addColumn<QString>("payload");
        QTest::addColumn<QString>("exit");
        QTest::newRow("python exit") << "crash" << R"({"how":"exit","code":3})" << "exit status 3";
        QTest::newRow("python segv") << "crash" << R"({"how":"segv"})" << "signal: segmentation fault";
        QTest::newRow("native abort") << "nativecrash" << R"("abort")" << "signal: aborted";
    }

    void crashesAreRuntimeExitErrors()
    {
        QFETCH(QString, function);
        QFETCH(QString, payload);
        QFETCH(QString, exit);
        core::Engine engine(quickOptions());
        engine.putFunction(python("crash", "crash"));
        engine.putFunction(fixtureFunction("nativecrash", "provided.al2", "native/crash", "bootstrap"));
        const auto result = invoke(engine, function.toStdString(), payload.toStdString());
        QCOMPARE(result.status, core::InvokeStatus::FunctionError);
        QCOMPARE(result.errorType, std::string("Runtime.ExitError"));
        QCOMPARE(errorMessage(result),
                 "RequestId: " + result.requestId + " Error: Runtime exited with error: " + exit.toStdString());
        QTRY_COMPARE_WITH_TIMEOUT(engine.stats(function.toStdString())->environments, 0, 5000);
        // The next invocation gets a fresh environment.
        QVERIFY(invoke(engine, function.toStdString(), R"("fine")").cold);
    }

    void initFailures_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QString>("handler");
        QTest::addColumn<QString>("errorType");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("import error") << "importerror" << "app.handler" << "Runtime.ImportModuleError"
                                      << "Unable to import module 'app'";
        QTest::newRow("handler not found") << "echo" << "app.nothing_here" << "Runtime.HandlerNotFound"
                                           << "nothing_here";
        QTest::newRow("missing module") << "echo" << "nomodule.handler" << "Runtime.ImportModuleError"
                                        << "nomodule";
        QTest::newRow("exception at init") << "initfail" << "app.handler" << "RuntimeError" << "boom at init";
    }

    void initFailures()
    {
        QFETCH(QString, fixture);
        QFETCH(QString, handler);
        QFETCH(QString, errorType);
        QFETCH(QString, messagePart);
        core::Engine engine(quickOptions());
        engine.putFunction(fixtureFunction("broken", "python3.12", "python/" + fixture.toStdString(),
                                           handler.toStdString()));
        const auto result = invoke(engine, "broken");
        QCOMPARE(result.status, core::InvokeStatus::FunctionError);
        QCOMPARE(result.functionError, std::string("Unhandled"));
        QCOMPARE(QString::fromStdString(errorTypeInPayload(result)), errorType);
        QVERIFY2(errorMessage(result).find(messagePart.toStdString()) != std::string::npos, result.payload.c_str());
        QTRY_COMPARE_WITH_TIMEOUT(engine.stats("broken")->environments, 0, 5000);
    }

    void exitBeforeNextIsAnExitError()
    {
        core::Engine engine(quickOptions());
        engine.putFunction(fixtureFunction("early", "provided", "provided/exitearly", "bootstrap"));
        const auto result = invoke(engine, "early", "{}", true);
        QCOMPARE(result.errorType, std::string("Runtime.ExitError"));
        QVERIFY2(errorMessage(result).find("exit status 7") != std::string::npos, result.payload.c_str());
        QVERIFY(result.logTail.find("starting") != std::string::npos);
        QVERIFY(result.logTail.find("INIT_REPORT") != std::string::npos);
    }

    void slowInitContinuesUnderTheFunctionTimeout()
    {
        auto options = quickOptions();
        options.initTimeout = std::chrono::milliseconds(300);  // stands in for Lambda's 10 s
        core::Engine engine(options);
        auto slow = python("slow", "slowinit");
        slow.environment["SLOW_INIT_SECONDS"] = "0.8";
        slow.timeoutSeconds = 3;
        engine.putFunction(slow);
        const auto result = invoke(engine, "slow", "{}", true);
        QVERIFY2(result.ok(), result.payload.c_str());
        QVERIFY(result.cold);
        QVERIFY(result.initDurationMs >= 800);
        QVERIFY2(result.logTail.find("Status: timeout") != std::string::npos, result.logTail.c_str());

        auto slower = python("slower", "slowinit");
        slower.environment["SLOW_INIT_SECONDS"] = "5";
        slower.timeoutSeconds = 1;
        engine.putFunction(slower);
        const auto timedOut = invoke(engine, "slower");
        QCOMPARE(timedOut.errorType, std::string("Sandbox.Timedout"));
        QTRY_COMPARE_WITH_TIMEOUT(engine.stats("slower")->environments, 0, 5000);
    }

    void missingBootstrapIsAClearError()
    {
        core::Engine engine(quickOptions());
        engine.putFunction(fixtureFunction("nobootstrap", "provided.al2023", "python/echo", "bootstrap"));
        const auto result = invoke(engine, "nobootstrap");
        QCOMPARE(result.errorType, std::string("Runtime.InvalidEntrypoint"));
        QVERIFY(errorMessage(result).find("bootstrap") != std::string::npos);
    }

    void marshalErrorForUnserialisableResults()
    {
        core::Engine engine(quickOptions());
        engine.putFunction(python("badjson", "badjson"));
        const auto result = invoke(engine, "badjson");
        QCOMPARE(errorTypeInPayload(result), std::string("Runtime.MarshalError"));
        QVERIFY(invoke(engine, "badjson").environmentId == result.environmentId);  // the environment survives
    }

    // Both bundled runtime loops: the Runtime API answers 413 before it has read the whole body, and the loop
    // carries on with its next event on a fresh connection (Node's is a raw-socket client since issue 11 §2).
    void responsesOverSixMegabytesAreRefused_data()
    {
        QTest::addColumn<bool>("node");
        QTest::newRow("python") << false;
        QTest::newRow("node") << true;
    }

    void responsesOverSixMegabytesAreRefused()
    {
        QFETCH(bool, node);
        core::Engine engine(quickOptions());
        auto function = node ? fixtureFunction("big", "nodejs20.x", "node/bigresponse", "index.handler")
                             : python("big", "bigresponse");
        function.memoryMb = 512;
        engine.putFunction(function);
        const auto result = invoke(engine, "big", R"({"bytes":7340032})");
        QVERIFY2(result.errorType == "Function.ResponseSizeTooLarge", result.payload.substr(0, 300).c_str());
        QCOMPARE(result.status, core::InvokeStatus::FunctionError);
        QVERIFY(errorMessage(result).find("6291556") != std::string::npos);
        const auto small = invoke(engine, "big", R"({"bytes":1000})");
        QVERIFY2(small.ok(), small.payload.c_str());
        // The runtime got its 413 and carried on: same environment, warm.
        QCOMPARE(small.environmentId, result.environmentId);
        QVERIFY(!small.cold);
        QCOMPARE(json(small).get<std::string>().size(), std::size_t(1000));
        // Just under the limit still passes (the JSON string adds two quotes).
        const auto edge = invoke(engine, "big", R"({"bytes":6291000})");
        QVERIFY2(edge.ok(), edge.errorType.c_str());
    }

    // The bundled loops and the native runtime client send their next GET /next in the same write as their answer
    // (HTTP pipelining), yet still read and check the answer's own status first: a refused POST (here 400, the
    // handler answered the invocation itself) is reported on stderr as before, and the pipelined GET then serves
    // the next event.
    void aRefusedAnswerIsReportedAndTheLoopCarriesOn_data()
    {
        QTest::addColumn<QString>("runtime");
        QTest::newRow("python") << QStringLiteral("python3.12");
        QTest::newRow("node") << QStringLiteral("nodejs20.x");
        QTest::newRow("native client") << QStringLiteral("provided.al2023");
    }

    void aRefusedAnswerIsReportedAndTheLoopCarriesOn()
    {
        QFETCH(QString, runtime);
        core::Engine engine(quickOptions());
        auto sink = std::make_shared<core::QueuedEventSink>();
        engine.events().subscribe(sink);
        if (runtime.startsWith(QStringLiteral("node")))
            engine.putFunction(fixtureFunction("self", "nodejs20.x", "node/selfanswer", "index.handler"));
        else if (runtime.startsWith(QStringLiteral("provided")))
            engine.putFunction(fixtureFunction("self", "provided.al2023", "native/selfanswer", "bootstrap"));
        else
            engine.putFunction(python("self", "selfanswer"));
        const auto first = invoke(engine, "self");
        QVERIFY2(first.ok(), first.payload.c_str());
        QCOMPARE(json(first)["answeredBy"].get<std::string>(), std::string("handler"));  // the first answer counts
        const auto second = invoke(engine, "self");
        QVERIFY2(second.ok(), second.payload.c_str());
        QCOMPARE(second.environmentId, first.environmentId);
        QVERIFY(!second.cold);
        const auto third = invoke(engine, "self");
        QVERIFY2(third.ok(), third.payload.c_str());
        QCOMPARE(third.environmentId, first.environmentId);
        // The loop's refused POSTs, reported on its stderr as before (after their invocation ended).
        int reported = 0;
        const auto countReported = [&] {
            for (const auto& event : sink->drain()) {
                const auto* line = std::get_if<core::LogLine>(&event.payload);
                if (line && line->stream == core::LogLine::Stream::Stderr &&
                    line->text.find("lambdadesk-runtime: POST ") != std::string::npos &&
                    line->text.find(" answered 400 ") != std::string::npos &&
                    line->text.find("already answered") != std::string::npos)
                    ++reported;
            }
            return reported;
        };
        QTRY_VERIFY_WITH_TIMEOUT(countReported() >= 2, 5000);
    }

    void runtimeApiMisuseGetsTheRieStatuses()
    {
        core::Engine engine(quickOptions());
        engine.putFunction(fixtureFunction("misuse", "provided.al2023", "provided/misuse", "bootstrap"));
        const auto first = invoke(engine, "misuse");
        QVERIFY2(first.ok(), first.payload.c_str());
        QCOMPARE(json(first)["unknownId"].get<int>(), 400);
        QCOMPARE(json(first)["unknownIdErrorType"].get<std::string>(), std::string("InvalidRequestID"));
        QCOMPARE(json(first)["initErrorAfterInit"].get<int>(), 403);
        const auto second = invoke(engine, "misuse");
        QVERIFY2(second.ok(), second.payload.c_str());
        QCOMPARE(json(second)["answeredAgain"].get<int>(), 400);
        QCOMPARE(second.environmentId, first.environmentId);
    }

    void memoryLimitIsEnforced()
    {
        core::Engine engine(quickOptions());
        auto function = python("memhog", "memhog");
        function.memoryMb = 128;
        function.timeoutSeconds = 10;
        engine.putFunction(function);
        const auto small = invoke(engine, "memhog", R"({"mb":8,"holdMs":10})");
        QVERIFY2(small.ok(), small.payload.c_str());
        QVERIFY(small.maxMemoryUsedMb >= 8 && small.maxMemoryUsedMb < 128);
        const auto hog = invoke(engine, "memhog", R"({"mb":300,"holdMs":2000})");
        QCOMPARE(hog.status, core::InvokeStatus::FunctionError);
        QCOMPARE(hog.errorType, std::string("Runtime.OutOfMemory"));
        QVERIFY(hog.maxMemoryUsedMb >= 128);
    }

    void reservedEnvironmentVariables()
    {
        core::Engine engine(quickOptions());
        auto function = python("envdump", "envdump");
        function.memoryMb = 256;
        function.timeoutSeconds = 7;
        function.environment = {{"GREETING", "hello"}, {"AWS_REGION", "must-not-override"}};
        engine.putFunction(function);
        const auto result = invoke(engine, "envdump");
        QVERIFY2(result.ok(), result.payload.c_str());
        const auto env = json(result);
        const auto expect = [&](const char* name, const std::string& value) {
            QVERIFY2(env.contains(name), name);
            QCOMPARE(env[name].get<std::string>(), value);
        };
        expect("AWS_LAMBDA_FUNCTION_NAME", "envdump");
        expect("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256");
        expect("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        expect("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/envdump");
        expect("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        expect("AWS_REGION", "us-east-1");
        expect("AWS_DEFAULT_REGION", "us-east-1");
        expect("AWS_EXECUTION_ENV", "AWS_Lambda_python3.12");
        expect("_HANDLER", "app.handler");
        expect("LAMBDA_TASK_ROOT", function.codeDir.string());
        expect("GREETING", "hello");
        expect("TZ", ":UTC");
        QVERIFY(env.contains("AWS_ACCESS_KEY_ID") && env.contains("AWS_SECRET_ACCESS_KEY") &&
                env.contains("AWS_SESSION_TOKEN"));
        QVERIFY(env["AWS_LAMBDA_RUNTIME_API"].get<std::string>().starts_with("127.0.0.1:"));
        QVERIFY(env["AWS_LAMBDA_LOG_STREAM_NAME"].get<std::string>().find("/[$LATEST]" + result.environmentId) !=
                std::string::npos);
        QCOMPARE(env["requestId"].get<std::string>(), result.requestId);
        QCOMPARE(env["arn"].get<std::string>(), function.arn);
        const int remaining = env["remaining"].get<int>();
        QVERIFY(remaining > 5000 && remaining <= 7000);
    }

    // As AWS's nodejs runtimes order it: the layers' nodejs/node_modules, then the runtime's AWS SDK (Node itself
    // searches the function's own node_modules first; tests/e2e/function_sdk_e2e.py checks that end to end).
    void nodePathEndsWithTheBundledSdk()
    {
        core::FunctionConfig function;
        function.name = "layered";
        function.runtime = "nodejs20.x";
        function.handler = "index.handler";
        function.layers = {"/opt/layer-a", "/opt/layer-b"};
        core::RuntimeCommand runtime;
        runtime.family = core::RuntimeFamily::Node;
        runtime.runtimeDir = "/rt/node";
        const auto nodePath = [&]() -> std::optional<std::string> {
            for (const auto& entry : core::buildEnvironment(function, runtime, core::EnvironmentIdentity{})) {
                if (entry.starts_with("NODE_PATH="))
                    return entry.substr(std::string_view("NODE_PATH=").size());
            }
            return std::nullopt;
        };
        const std::string layersThenSdk =
            "/opt/layer-a/nodejs/node_modules:/opt/layer-b/nodejs/node_modules:/rt/node/sdk/node_modules";
        QCOMPARE(nodePath().value_or("(unset)"), layersThenSdk);
        function.layers.clear();
        QCOMPARE(nodePath().value_or("(unset)"), std::string("/rt/node/sdk/node_modules"));
        runtime.family = core::RuntimeFamily::Python;
        QVERIFY(!nodePath());
    }

    // Fixed Runtime API ports (for ssh -R tunnels to a remote function): the first free port of the range, and
    // a clear error once every port of it is taken.
    void aPortRangeGivesFixedRuntimeApiPorts()
    {
        const int port = freeLoopbackPort();
        QVERIFY(port > 0);
        auto options = quickOptions();
        options.runtimeApiPortFirst = static_cast<std::uint16_t>(port);
        options.runtimeApiPortLast = static_cast<std::uint16_t>(port);
        core::Engine engine(options);
        engine.putFunction(python("envdump", "envdump"));
        const auto result = invoke(engine, "envdump");
        QVERIFY2(result.ok(), result.payload.c_str());
        QCOMPARE(json(result)["AWS_LAMBDA_RUNTIME_API"].get<std::string>(), "127.0.0.1:" + std::to_string(port));

        // envdump's warm environment holds the only port: another function cannot start.
        engine.putFunction(python("sleep", "sleep"));
        const auto refused = invoke(engine, "sleep", R"({"ms": 10})");
        QVERIFY(!refused.ok());
        const std::string range = std::to_string(port) + "-" + std::to_string(port);
        QVERIFY2(refused.payload.find("no free Runtime API port in " + range) != std::string::npos,
                 refused.payload.c_str());
    }

    void logsAreAttributedToTheirRequest()
    {
        core::Engine engine(quickOptions());
        auto sink = std::make_shared<core::QueuedEventSink>();
        engine.events().subscribe(sink);
        engine.putFunction(python("logs", "logs"));
        const auto result = invoke(engine, "logs", "{}", true);
        QVERIFY2(result.ok(), result.payload.c_str());
        const std::string& id = result.requestId;
        const std::string& tail = result.logTail;
        const auto at = [&](const std::string& text) { return tail.find(text); };
        QVERIFY2(at("START RequestId: " + id + " Version: $LATEST") != std::string::npos, tail.c_str());
        QVERIFY(at("log-line-1 " + id) > at("START RequestId"));
        QVERIFY(at("log-line-2 " + id) != std::string::npos);
        QVERIFY(at("err-line " + id) != std::string::npos);
        QVERIFY(at("END RequestId: " + id) > at("log-line-2 " + id));
        const auto report = at("REPORT RequestId: " + id + "\tDuration: ");
        QVERIFY2(report != std::string::npos && report > at("END RequestId"), tail.c_str());
        QVERIFY(tail.find("\tBilled Duration: ", report) != std::string::npos);
        QVERIFY(tail.find("\tMemory Size: 128 MB\tMax Memory Used: ", report) != std::string::npos);
        QVERIFY(tail.find("\tInit Duration: ", report) != std::string::npos);  // cold

        const auto warm = invoke(engine, "logs", "{}", true);
        QVERIFY(warm.logTail.find("Init Duration") == std::string::npos);
        QVERIFY(warm.logTail.find(id) == std::string::npos);  // nothing of the first request

        // Concurrent requests on different environments: every function line carries its own id.
        invokeConcurrently(engine, "logs", "{}", 3);
        int checked = 0;
        for (const auto& event : sink->drain()) {
            const auto* line = std::get_if<core::LogLine>(&event.payload);
            if (!line || line->stream == core::LogLine::Stream::Platform)
                continue;
            if (line->text.starts_with("log-line-") || line->text.starts_with("err-line")) {
                QVERIFY2(line->text.ends_with(' ' + line->requestId), line->text.c_str());
                ++checked;
            }
        }
        QCOMPARE(checked, 5 * 3);
    }

    void telemetryFollowsTheLifecycle()
    {
        core::Engine engine(quickOptions());
        auto sink = std::make_shared<core::QueuedEventSink>();
        engine.events().subscribe(sink);
        engine.putFunction(python("echo", "echo"));
        const auto result = invoke(engine, "echo");
        QVERIFY(result.ok());
        std::vector<std::string> order;
        core::Clock::time_point previous{};
        for (const auto& event : sink->drain()) {
            QVERIFY(event.time >= previous);
            previous = event.time;
            std::visit([&](const auto& payload) {
                using T = std::decay_t<decltype(payload)>;
                if constexpr (std::is_same_v<T, core::EnvironmentStarted>) order.push_back("started");
                else if constexpr (std::is_same_v<T, core::InitDone>) order.push_back("init");
                else if constexpr (std::is_same_v<T, core::InvokeStarted>) order.push_back("invoke");
                else if constexpr (std::is_same_v<T, core::InvokeFinished>) order.push_back("finished");
            }, event.payload);
        }
        QCOMPARE(order, (std::vector<std::string>{"started", "init", "invoke", "finished"}));
    }

    void clientContextReachesTheRuntime()
    {
        core::Engine engine(quickOptions());
        engine.putFunction(python("envdump", "envdump"));
        core::InvokeRequest request;
        request.function = "envdump";
        request.clientContext = "eyJjdXN0b20iOnsiYSI6MX19";  // {"custom":{"a":1}}
        QVERIFY(engine.invoke(request).ok());
        request.clientContext = "!!!";
        QCOMPARE(engine.invoke(request).errorType, std::string("InvalidRequestContentException"));
    }
};

QTEST_GUILESS_MAIN(TestEnvironment)
#include "tst_environment.moc"
