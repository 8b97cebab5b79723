// SPDX-License-Identifier: MIT
// Functions of the same name in two regions: the keys that tell them apart (name in the default region,
// name@region elsewhere), and an engine running both, each seeing its own name, region and ARN; each region has
// its own account concurrency.
#include "engine_fixture.h"

#include <QtTest>

#include <chrono>
#include <future>
#include <thread>

using namespace lambdadesk;
using namespace lambdadesk::tests;

class TestFunctionKeys : public QObject {
    Q_OBJECT

private slots:
    void keysOfNamesAndArns()
    {
        QCOMPARE(core::functionKey("f", "us-east-1", "us-east-1"), std::string("f"));
        QCOMPARE(core::functionKey("f", "", "us-east-1"), std::string("f"));
        QCOMPARE(core::functionKey("f", "eu-west-1", "us-east-1"), std::string("f@eu-west-1"));
        QCOMPARE(core::awsFunctionName("f@eu-west-1"), std::string("f"));
        QCOMPARE(core::awsFunctionName("f"), std::string("f"));
        QCOMPARE(core::regionOfFunctionKey("f@eu-west-1", "us-east-1"), std::string("eu-west-1"));
        QCOMPARE(core::regionOfFunctionKey("f", "us-east-1"), std::string("us-east-1"));
        QCOMPARE(core::functionArnOfKey("f@eu-west-1", "us-east-1", "111122223333"),
                 std::string("arn:aws:lambda:eu-west-1:111122223333:function:f"));
        QCOMPARE(core::functionArnOfKey("f", "us-east-1", "111122223333"),
                 std::string("arn:aws:lambda:us-east-1:111122223333:function:f"));
        // A full ARN names its region; names, partial ARNs and keys are taken as written, qualifier dropped.
        QCOMPARE(core::functionKeyFromIdentifier("arn:aws:lambda:eu-west-1:1:function:f:prod", "us-east-1"),
                 std::string("f@eu-west-1"));
        QCOMPARE(core::functionKeyFromIdentifier("arn:aws:lambda:us-east-1:1:function:f", "us-east-1"), std::string("f"));
        QCOMPARE(core::functionKeyFromIdentifier("1:function:f", "us-east-1"), std::string("f"));
        QCOMPARE(core::functionKeyFromIdentifier("f@eu-west-1", "us-east-1"), std::string("f@eu-west-1"));
        QCOMPARE(core::functionKeyFromIdentifier("f:7", "us-east-1"), std::string("f"));
        QCOMPARE(core::unqualifiedIdentifier("f:7"), std::string("f"));
        QCOMPARE(core::unqualifiedIdentifier("arn:aws:lambda:eu-west-1:1:function:f:7"),
                 std::string("arn:aws:lambda:eu-west-1:1:function:f"));
        QCOMPARE(core::unqualifiedIdentifier("arn:aws:lambda:eu-west-1:1:function:f"),
                 std::string("arn:aws:lambda:eu-west-1:1:function:f"));
    }

    void oneNameInTwoRegionsRunsTwoFunctions()
    {
        core::Engine engine(quickOptions());
        auto east = python("report", "envdump");
        auto west = python("report", "envdump");
        west.arn = core::functionArn("eu-west-1", "123456789012", "report");
        engine.putFunction(east);
        engine.putFunction(west);  // keyed report@eu-west-1 by its ARN, so it does not replace east's
        QCOMPARE(engine.functions().size(), std::size_t(2));
        QVERIFY(engine.function("report@eu-west-1"));
        QCOMPARE(engine.function("arn:aws:lambda:eu-west-1:123456789012:function:report")->name,
                 std::string("report@eu-west-1"));
        QCOMPARE(engine.function("report")->arn, east.arn);

        const auto inWest = json(invoke(engine, "arn:aws:lambda:eu-west-1:123456789012:function:report"));
        QCOMPARE(inWest["AWS_LAMBDA_FUNCTION_NAME"], "report");
        QCOMPARE(inWest["AWS_REGION"], "eu-west-1");
        QCOMPARE(inWest["AWS_LAMBDA_LOG_GROUP_NAME"], "/aws/lambda/report");
        QCOMPARE(inWest["arn"], "arn:aws:lambda:eu-west-1:123456789012:function:report");
        const auto inEast = json(invoke(engine, "report"));
        QCOMPARE(inEast["AWS_REGION"], "us-east-1");
        QCOMPARE(inEast["arn"], east.arn);

        QVERIFY(engine.removeFunction("report@eu-west-1"));
        QVERIFY(engine.function("report"));
        const auto missing = invoke(engine, "report@eu-west-1");
        QCOMPARE(missing.errorType, std::string("ResourceNotFoundException"));
        QVERIFY2(missing.payload.find("arn:aws:lambda:eu-west-1:123456789012:function:report") != std::string::npos,
                 missing.payload.c_str());
    }

    // Each region has its own account concurrency, as on AWS: with a limit of 1, one call runs in each region at
    // once, and a second call in the same region is throttled. (One pool for the machine throttled eu-west-1 too.)
    void eachRegionHasItsOwnAccountConcurrency()
    {
        auto options = quickOptions();
        options.accountConcurrency = 1;
        core::Engine engine(options);
        auto east = python("sleepy", "sleep");
        auto west = python("sleepy", "sleep");
        west.arn = core::functionArn("eu-west-1", "123456789012", "sleepy");
        engine.putFunction(east);
        engine.putFunction(west);
        QVERIFY(invoke(engine, "sleepy").ok());  // warm both, so the calls below overlap for sure
        QVERIFY(invoke(engine, "sleepy@eu-west-1").ok());

        std::vector<std::future<core::InvokeResult>> calls;
        for (const char* function : {"sleepy", "sleepy@eu-west-1", "sleepy"}) {
            auto promise = std::make_shared<std::promise<core::InvokeResult>>();
            calls.push_back(promise->get_future());
            core::InvokeRequest request;
            request.function = function;
            request.payload = R"({"ms": 1500})";
            engine.invokeAsync(std::move(request),
                               [promise](core::InvokeResult result) { promise->set_value(std::move(result)); });
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        const auto first = calls[0].get(), inWest = calls[1].get(), second = calls[2].get();
        QVERIFY2(first.ok(), first.payload.c_str());
        QVERIFY2(inWest.ok(), inWest.payload.c_str());
        QCOMPARE(second.status, core::InvokeStatus::Throttled);
        QCOMPARE(second.throttleReason, std::string("ConcurrentInvocationLimitExceeded"));
    }
};

QTEST_MAIN(TestFunctionKeys)
#include "tst_function_keys.moc"
