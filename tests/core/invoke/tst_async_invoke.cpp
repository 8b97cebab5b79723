// SPDX-License-Identifier: MIT
// Asynchronous invocation: retries and their timing, event age, throttle back-off, reserved
// concurrency 0, destination records, dead-letter messages, and durability across restarts.
#include "sources_fixture.h"

#include "invoke/async_invoker.h"

#include <QTemporaryDir>

#include <boost/asio/io_context.hpp>

using namespace lambdadesk;
using namespace lambdadesk::tests;

namespace {

constexpr double kScale = 0.001;  // 60 s retry → 60 ms

nlohmann::json waitForRecord(core::Engine& engine, const std::string& queue)
{
    std::vector<core::ReceivedMessage> messages;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (messages.empty() && std::chrono::steady_clock::now() < deadline) {
        messages = receiveNow(engine, queue);
        if (messages.empty())
            QTest::qWait(10);
    }
    if (messages.empty())
        return {};
    return nlohmann::json::parse(messages.front().body, nullptr, false);
}

}  // namespace

class TestAsyncInvoke : public QObject {
    Q_OBJECT

private slots:
    void successGoesToOnSuccess()
    {
        core::Engine engine(scaledOptions(kScale));
        const auto success = createQueue(engine, "success");
        auto function = python("echo", "echo");
        function.eventInvokeConfig = core::EventInvokeConfig{};
        function.eventInvokeConfig->onSuccessArn = success;
        engine.putFunction(function);
        const auto id = engine.invokeEvent("echo", R"({"order":7})");
        QVERIFY2(id.ok(), id.ok() ? "" : id.error().message.c_str());
        const auto record = waitForRecord(engine, success);
        QVERIFY(record.is_object());
        QCOMPARE(record["version"].get<std::string>(), std::string("1.0"));
        QCOMPARE(record["requestContext"]["requestId"].get<std::string>(), *id);
        QCOMPARE(record["requestContext"]["condition"].get<std::string>(), std::string("Success"));
        QCOMPARE(record["requestContext"]["approximateInvokeCount"].get<int>(), 1);
        QCOMPARE(record["requestContext"]["functionArn"].get<std::string>(), function.arn + ":$LATEST");
        QCOMPARE(record["requestPayload"]["order"].get<int>(), 7);
        QCOMPARE(record["responseContext"]["statusCode"].get<int>(), 200);
        QVERIFY(!record["responseContext"].contains("functionError"));
        QCOMPARE(record["responsePayload"]["order"].get<int>(), 7);
    }

    void functionErrorsAreRetriedTwiceWithAwsDelays()
    {
        core::Engine engine(scaledOptions(kScale));
        Collected<core::AsyncRetryScheduled> retries(engine);
        const auto failure = createQueue(engine, "failure");
        auto function = python("error", "error");
        function.eventInvokeConfig = core::EventInvokeConfig{};
        function.eventInvokeConfig->onFailureArn = failure;
        engine.putFunction(function);
        QVERIFY(engine.invokeEvent("error", R"({"message":"nope"})").ok());
        const auto record = waitForRecord(engine, failure);
        QVERIFY(record.is_object());
        QCOMPARE(record["requestContext"]["condition"].get<std::string>(), std::string("RetriesExhausted"));
        QCOMPARE(record["requestContext"]["approximateInvokeCount"].get<int>(), 3);
        QCOMPARE(record["responseContext"]["functionError"].get<std::string>(), std::string("Unhandled"));
        QCOMPARE(record["responsePayload"]["errorType"].get<std::string>(), std::string("ValueError"));
        QCOMPARE(record["responsePayload"]["errorMessage"].get<std::string>(), std::string("nope"));
        QTRY_COMPARE_WITH_TIMEOUT(engine.metrics().snapshot("error").invocations, std::uint64_t(3), 5000);
        const auto& scheduled = retries.all();
        QCOMPARE(scheduled.size(), std::size_t(2));
        QCOMPARE(scheduled[0].delayMs, 60.0);   // ≈1 minute, scaled
        QCOMPARE(scheduled[1].delayMs, 120.0);  // ≈2 minutes, scaled
        QCOMPARE(scheduled[0].reason, std::string("ValueError"));
    }

    void maximumRetryAttemptsZeroMeansOneInvocation()
    {
        core::Engine engine(scaledOptions(kScale));
        Collected<core::AsyncEventFinished> finished(engine);
        auto function = python("error", "error");
        function.eventInvokeConfig = core::EventInvokeConfig{};
        function.eventInvokeConfig->maximumRetryAttempts = 0;
        engine.putFunction(function);
        QVERIFY(engine.invokeEvent("error", "{}").ok());
        QTRY_COMPARE_WITH_TIMEOUT(finished.all().size(), std::size_t(1), 10000);
        QCOMPARE(finished.all()[0].condition, std::string("RetriesExhausted"));
        QCOMPARE(finished.all()[0].attempts, 1);
        QCOMPARE(engine.metrics().snapshot("error").invocations, std::uint64_t(1));
    }

    void deadLetterQueueGetsTheOriginalEvent()
    {
        core::Engine engine(scaledOptions(kScale));
        Collected<core::AsyncEventFinished> finished(engine);
        const auto dlq = createQueue(engine, "dlq");
        auto function = python("error", "error");
        function.eventInvokeConfig = core::EventInvokeConfig{};
        function.eventInvokeConfig->maximumRetryAttempts = 1;
        function.deadLetter = core::DeadLetterConfig{"SQS", dlq};
        engine.putFunction(function);
        const auto id = engine.invokeEvent("error", R"({"message":"to the dlq"})");
        QVERIFY(id.ok());
        QTRY_COMPARE_WITH_TIMEOUT(finished.all().size(), std::size_t(1), 10000);
        QVERIFY2(finished.all()[0].targetError.empty(), finished.all()[0].targetError.c_str());
        QCOMPARE(finished.all()[0].target, dlq);
        const auto messages = receiveNow(engine, dlq);
        QCOMPARE(messages.size(), std::size_t(1));
        const auto& message = messages.front();
        QCOMPARE(nlohmann::json::parse(message.body)["message"].get<std::string>(), std::string("to the dlq"));
        QCOMPARE(message.messageAttributes.at("RequestID").stringValue, *id);
        QCOMPARE(message.messageAttributes.at("ErrorCode").dataType, std::string("Number"));
        QCOMPARE(message.messageAttributes.at("ErrorCode").stringValue, std::string("200"));
        QCOMPARE(message.messageAttributes.at("ErrorMessage").stringValue, std::string("to the dlq"));
        QCOMPARE(engine.metrics().snapshot("error").invocations, std::uint64_t(2));
    }

    void oldEventsFailWithEventAgeExceeded()
    {
        core::Engine engine(scaledOptions(kScale));
        const auto failure = createQueue(engine, "failure");
        auto function = python("error", "error");
        function.eventInvokeConfig = core::EventInvokeConfig{};
        function.eventInvokeConfig->maximumEventAgeSeconds = 60;  // 60 ms scaled: younger than the first retry delay
        function.eventInvokeConfig->onFailureArn = failure;
        engine.putFunction(function);
        QVERIFY(engine.invokeEvent("error", "{}").ok());
        const auto record = waitForRecord(engine, failure);
        QCOMPARE(record["requestContext"]["condition"].get<std::string>(), std::string("EventAgeExceeded"));
        QCOMPARE(record["requestContext"]["approximateInvokeCount"].get<int>(), 1);
    }

    void reservedConcurrencyZeroSkipsStraightToFailure()
    {
        core::Engine engine(scaledOptions(kScale));
        const auto failure = createQueue(engine, "failure");
        auto function = python("echo", "echo");
        function.reservedConcurrency = 0;
        function.eventInvokeConfig = core::EventInvokeConfig{};
        function.eventInvokeConfig->onFailureArn = failure;
        engine.putFunction(function);
        QVERIFY(engine.invokeEvent("echo", "{}").ok());
        const auto record = waitForRecord(engine, failure);
        QCOMPARE(record["requestContext"]["approximateInvokeCount"].get<int>(), 0);
        QVERIFY(!record.contains("responseContext"));
        QCOMPARE(engine.metrics().snapshot("echo").invocations, std::uint64_t(0));
    }

    void throttledEventsBackOffWithoutCountingAndSucceed()
    {
        core::Engine engine(scaledOptions(0.01));
        Collected<core::AsyncRetryScheduled> retries(engine);
        Collected<core::AsyncEventFinished> finished(engine);
        auto function = python("sleep", "sleep");
        function.reservedConcurrency = 1;
        engine.putFunction(function);
        for (int i = 0; i < 4; ++i)
            QVERIFY(engine.invokeEvent("sleep", R"({"ms":100})").ok());
        QTRY_COMPARE_WITH_TIMEOUT(finished.all().size(), std::size_t(4), 20000);
        for (const auto& event : finished.all())
            QCOMPARE(event.condition, std::string("Success"));
        bool sawThrottle = false;
        for (const auto& retry : retries.all())
            sawThrottle = sawThrottle || retry.reason == "TooManyRequestsException";
        QVERIFY(sawThrottle);
    }

    void destinationCanBeAnotherFunction()
    {
        core::Engine engine(scaledOptions(kScale));
        Collected<core::AsyncEventQueued> queued(engine);
        engine.putFunction(python("audit", "echo"));
        auto function = python("echo", "echo");
        function.eventInvokeConfig = core::EventInvokeConfig{};
        function.eventInvokeConfig->onSuccessArn = core::functionArn("us-east-1", "123456789012", "audit");
        engine.putFunction(function);
        QVERIFY(engine.invokeEvent("echo", "{}").ok());
        QTRY_COMPARE_WITH_TIMEOUT(engine.metrics().snapshot("audit").invocations, std::uint64_t(1), 10000);
        bool auditQueued = false;
        for (const auto& event : queued.all())
            auditQueued = auditQueued || event.functionName == "audit";
        QVERIFY(auditQueued);
    }

    void requestErrors()
    {
        core::Engine engine(scaledOptions(kScale));
        engine.putFunction(python("echo", "echo"));
        QCOMPARE(engine.invokeEvent("nope", "{}").error().code, std::string("ResourceNotFoundException"));
        QCOMPARE(engine.invokeEvent("echo", "{bad").error().code, std::string("InvalidRequestContentException"));
        QCOMPARE(engine.invokeEvent("echo", '"' + std::string(300 * 1024, 'x') + '"').error().code,
                 std::string("RequestTooLargeException"));
    }

    void acceptedEventsSurviveARestart()
    {
        QTemporaryDir dir;
        const std::string database = dir.path().toStdString() + "/state.db";
        boost::asio::io_context io;
        core::EventStream events;
        std::vector<core::InvokeCallback> stuck;  // the first run never finishes its invocations
        core::AsyncInvoker::Hooks hooks;
        hooks.invoke = [&](core::InvokeRequest, core::InvokeCallback done) { stuck.push_back(std::move(done)); };
        hooks.function = [](const std::string& name) {
            core::FunctionConfig function;
            function.name = name;
            return std::optional<core::FunctionConfig>(function);
        };
        hooks.deliver = [](const core::AsyncDelivery&) { return core::Expected<void>(); };
        core::AsyncInvokerOptions options;
        options.databasePath = database;
        {
            auto first = core::AsyncInvoker::open(io.get_executor(), options, hooks, events);
            QVERIFY(first.ok());
            (*first)->start();
            for (int i = 0; i < 3; ++i)
                QVERIFY((*first)->enqueue("fn", "{\"n\":" + std::to_string(i) + '}').ok());
            io.run_for(std::chrono::milliseconds(50));
            QCOMPARE(stuck.size(), std::size_t(3));
            (*first)->stop();
            io.run_for(std::chrono::milliseconds(20));
        }
        // A new run on the same database picks the three events up again.
        std::vector<std::string> payloads;
        hooks.invoke = [&](core::InvokeRequest request, core::InvokeCallback done) {
            payloads.push_back(request.payload);
            core::InvokeResult ok;
            done(ok);
        };
        io.restart();
        auto second = core::AsyncInvoker::open(io.get_executor(), options, hooks, events);
        QVERIFY(second.ok());
        (*second)->start();
        io.run_for(std::chrono::milliseconds(200));
        QCOMPARE(payloads.size(), std::size_t(3));
        QVERIFY((*second)->pending().empty());
    }
};

QTEST_GUILESS_MAIN(TestAsyncInvoke)
#include "tst_async_invoke.moc"
