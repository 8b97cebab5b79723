// SPDX-License-Identifier: MIT
// The engine's event sources wired together from a project: streams and Kinesis mappings,
// schedules delivered asynchronously, and the invocation history.
#include "sources_fixture.h"

#include "streams/stream_service.h"
#include "store/invocation_history.h"

using namespace lambdadesk;
using namespace lambdadesk::tests;

class TestEventSources : public QObject {
    Q_OBJECT

private slots:
    void kinesisMappingsFromTheTemplateConsumeTheStream()
    {
        core::Engine engine(scaledOptions(0.01));
        Collected<core::BatchDelivered> batches(engine);
        core::Project project;
        core::StreamConfig stream;
        stream.name = "clicks";
        stream.arn = "arn:aws:kinesis:us-east-1:123456789012:stream/clicks";
        stream.shardCount = 2;
        project.streams.push_back(stream);
        auto function = python("consumer", "echo");
        function.events.push_back({"Clicks", "Kinesis",
                                   {{"Stream", stream.arn}, {"StartingPosition", "TRIM_HORIZON"}, {"BatchSize", 10}}, {}});
        project.functions.push_back(function);
        engine.loadProject(project);
        QCOMPARE(engine.sources()->mappings().size(), std::size_t(1));
        for (int i = 0; i < 25; ++i) {
            core::PutRecordRequest request;
            request.streamName = "clicks";
            request.partitionKey = "user-" + std::to_string(i % 5);
            request.data = "{\"click\":" + std::to_string(i) + '}';
            QVERIFY(engine.sources()->streams()->putRecord(request).ok());
        }
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                     int records = 0;
                                     for (const auto& batch : batches.all())
                                         records += batch.ok ? batch.records : 0;
                                     return records == 25;
                                 }()),
                                 15000);
    }

    void schedulesInvokeAsynchronously()
    {
        core::Engine engine(scaledOptions(0.01));  // rate(1 minute) fires every 0.6 s
        Collected<core::AsyncEventFinished> finished(engine);
        core::Project project;
        auto function = python("tick", "echo");
        function.events.push_back({"Every", "Schedule", {{"Schedule", "rate(1 minute)"}}, {}});
        project.functions.push_back(function);
        engine.loadProject(project);
        QTRY_VERIFY_WITH_TIMEOUT(finished.all().size() >= 2, 10000);
        for (const auto& event : finished.all()) {
            QCOMPARE(event.functionName, std::string("tick"));
            QCOMPARE(event.condition, std::string("Success"));
        }
    }

    void invocationsLandInTheHistory()
    {
        core::Engine engine(scaledOptions(1));
        engine.putFunction(python("echo", "echo"));
        for (int i = 0; i < 3; ++i)
            QVERIFY(invoke(engine, "echo").ok());
        auto history = engine.sources()->history();
        QVERIFY(history != nullptr);
        core::HistoryQuery query;
        query.functionName = "echo";
        QTRY_COMPARE_WITH_TIMEOUT(*history->count(query), std::int64_t(3), 5000);
    }
};

QTEST_GUILESS_MAIN(TestEventSources)
#include "tst_event_sources.moc"
