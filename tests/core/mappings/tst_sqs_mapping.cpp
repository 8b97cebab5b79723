// SPDX-License-Identifier: MIT
// SQS event source mappings: the event shape, delete on success, filtering, every
// ReportBatchItemFailures rule, function errors and redrive, FIFO partial failures, batching.
#include "sources_fixture.h"

using namespace lambdadesk;
using namespace lambdadesk::tests;

namespace {

constexpr double kScale = 0.01;  // visibility 30 s → 0.3 s, long poll 20 s → 0.2 s

core::EventSourceMappingConfig mapping(const std::string& function, const std::string& queueArn)
{
    core::EventSourceMappingConfig config;
    config.functionName = function;
    config.eventSourceArn = queueArn;
    config.batchSize = 10;
    config.maximumBatchingWindowSeconds = 1;  // 10 ms scaled: the test's sends land in one batch
    config.maximumConcurrency = 2;
    return config;
}

// The events the fixture printed, parsed.
std::vector<nlohmann::json> eventsSeen(Collected<core::BatchDelivered>& collected)
{
    std::vector<nlohmann::json> events;
    for (const auto& line : collected.lines()) {
        if (line.text.starts_with("EVENT "))
            events.push_back(nlohmann::json::parse(line.text.substr(6)));
    }
    return events;
}

}  // namespace

class TestSqsMapping : public QObject {
    Q_OBJECT

private slots:
    void deliversBatchesAndDeletesOnSuccess()
    {
        core::Engine engine(scaledOptions(kScale));
        Collected<core::BatchDelivered> batches(engine);
        engine.putFunction(python("consumer", "sqsbatch"));
        const auto queue = createQueue(engine, "orders");
        for (int i = 0; i < 5; ++i)
            send(engine, "orders", "{\"n\":" + std::to_string(i) + '}');
        QVERIFY(engine.sources()->createMapping(mapping("consumer", queue)).ok());
        QTRY_COMPARE_WITH_TIMEOUT(messagesIn(engine, "orders"), std::int64_t(0), 10000);
        int records = 0;
        for (const auto& batch : batches.all())
            records += batch.records;
        QCOMPARE(records, 5);
        // The event as Lambda builds it.
        const auto events = eventsSeen(batches);
        QVERIFY(!events.empty());
        const auto& record = events.front()["Records"][0];
        for (const char* key : {"messageId", "receiptHandle", "body", "attributes", "messageAttributes", "md5OfBody",
                                "eventSource", "eventSourceARN", "awsRegion"})
            QVERIFY2(record.contains(key), key);
        QCOMPARE(record["eventSource"].get<std::string>(), std::string("aws:sqs"));
        QCOMPARE(record["eventSourceARN"].get<std::string>(), queue);
        QCOMPARE(record["attributes"]["ApproximateReceiveCount"].get<std::string>(), std::string("1"));
        QVERIFY(record["attributes"].contains("SentTimestamp"));
        const auto metrics = engine.sources()->mappings().front().metrics;
        QCOMPARE(metrics.recordsIn, std::uint64_t(5));
        QCOMPARE(metrics.deleted, std::uint64_t(5));
    }

    void filteredOutMessagesAreDeletedAndNeverDelivered()
    {
        core::Engine engine(scaledOptions(kScale));
        Collected<core::BatchDelivered> batches(engine);
        engine.putFunction(python("consumer", "sqsbatch"));
        // 15 minutes (9 s scaled): a cold start on a busy machine outlasts the default's 0.3 s scaled, and the kept
        // message would then be delivered again (at least once, as SQS may), blurring the count below.
        const auto queue = createQueue(engine, "orders", {{"VisibilityTimeout", "900"}});
        auto config = mapping("consumer", queue);
        config.filterPatterns = {R"({"body":{"kind":["keep"]}})"};
        QVERIFY(engine.sources()->createMapping(config).ok());
        send(engine, "orders", R"({"kind":"keep","id":1})");
        send(engine, "orders", R"({"kind":"drop","id":2})");
        send(engine, "orders", "plain text, not JSON");
        QTRY_COMPARE_WITH_TIMEOUT(messagesIn(engine, "orders"), std::int64_t(0), 10000);
        int delivered = 0;
        int filtered = 0;
        for (const auto& batch : batches.all()) {
            delivered += batch.records;
            filtered += batch.filteredOut;
        }
        QCOMPARE(delivered, 1);
        QCOMPARE(filtered, 2);
        for (const auto& event : eventsSeen(batches))
            QVERIFY(event["Records"][0]["body"].get<std::string>().find("keep") != std::string::npos);
    }

    void mappingsAreKeptByTheirId()
    {
        core::Engine engine(scaledOptions(kScale));
        engine.putFunction(python("consumer", "sqsbatch"));
        const auto first = createQueue(engine, "first");
        const auto second = createQueue(engine, "second");
        const auto a = engine.sources()->createMapping(mapping("consumer", first));
        const auto b = engine.sources()->createMapping(mapping("consumer", second));
        QVERIFY(a.ok() && b.ok());
        QVERIFY(a->config.uuid != b->config.uuid);
        QCOMPARE(engine.sources()->mappings().size(), std::size_t(2));
        QVERIFY(engine.sources()->mapping(a->config.uuid).has_value());
        auto changed = a->config;
        changed.batchSize = 3;
        QCOMPARE(engine.sources()->updateMapping(changed)->config.batchSize, 3);
        QCOMPARE(engine.sources()->mapping(a->config.uuid)->config.batchSize, 3);
        QVERIFY(engine.sources()->deleteMapping(b->config.uuid).ok());
        QCOMPARE(engine.sources()->mappings().size(), std::size_t(1));
        QCOMPARE(engine.sources()->deleteMapping(b->config.uuid).error().code, std::string("ResourceNotFoundException"));
    }

    void mappingStatesFollowTheApi()
    {
        core::Engine engine(scaledOptions(kScale));
        engine.putFunction(python("consumer", "sqsbatch"));
        const auto queue = createQueue(engine, "orders");
        auto config = mapping("consumer", queue);
        const auto created = engine.sources()->createMapping(config);
        QCOMPARE(created->state, std::string("Creating"));
        QCOMPARE(engine.sources()->mapping(created->config.uuid)->state, std::string("Enabled"));
        auto disabled = created->config;
        disabled.enabled = false;
        QCOMPARE(engine.sources()->updateMapping(disabled)->state, std::string("Updating"));
        QCOMPARE(engine.sources()->mapping(created->config.uuid)->state, std::string("Disabled"));
        // A disabled mapping leaves messages alone, and its figures show them waiting.
        send(engine, "orders", "waiting");
        QTest::qWait(100);
        QCOMPARE(messagesIn(engine, "orders"), std::int64_t(1));
        QTRY_VERIFY_WITH_TIMEOUT(engine.sources()->mapping(created->config.uuid)->metrics.oldestRecordAgeMs > 0, 5000);
    }

    void visibilityIsStretchedToCoverTheFunctionTimeout()
    {
        // Queue visibility 1 s is 10 ms here, far shorter than the 300 ms the function runs: without
        // Lambda's rule (window + timeout + 30 s) the message would reappear and be delivered again.
        core::Engine engine(scaledOptions(kScale));
        Collected<core::BatchDelivered> batches(engine);
        auto function = python("slow", "sleep");
        function.timeoutSeconds = 10;
        engine.putFunction(function);
        const auto queue = createQueue(engine, "orders", {{"VisibilityTimeout", "1"}});
        send(engine, "orders", R"({"ms":300})");
        QVERIFY(engine.sources()->createMapping(mapping("slow", queue)).ok());
        QTRY_COMPARE_WITH_TIMEOUT(messagesIn(engine, "orders"), std::int64_t(0), 10000);
        int delivered = 0;
        for (const auto& batch : batches.all())
            delivered += batch.records;
        QCOMPARE(delivered, 1);
    }

    void invalidFiltersAreRefusedAtCreation()
    {
        core::Engine engine(scaledOptions(kScale));
        engine.putFunction(python("consumer", "sqsbatch"));
        const auto queue = createQueue(engine, "orders");
        auto config = mapping("consumer", queue);
        config.filterPatterns = {R"({"body":{"kind":[{"nonsense":1}]}})"};
        const auto created = engine.sources()->createMapping(config);
        QVERIFY(!created.ok());
        QCOMPARE(created.error().code, std::string("InvalidParameterValueException"));
        auto missing = mapping("consumer", "arn:aws:sqs:us-east-1:123456789012:nope");
        QVERIFY(!engine.sources()->createMapping(missing).ok());
        auto tooBig = mapping("consumer", queue);
        tooBig.batchSize = 50;
        tooBig.maximumBatchingWindowSeconds = 0;
        QVERIFY(!engine.sources()->createMapping(tooBig).ok());
    }

    void partialFailuresLeaveOnlyTheReportedMessages()
    {
        core::Engine engine(scaledOptions(kScale));
        engine.putFunction(python("consumer", "sqsbatch"));
        const auto dlq = createQueue(engine, "orders-dlq");
        const auto queue = createQueue(engine, "orders", {{"RedrivePolicy", R"({"deadLetterTargetArn":")" + dlq + R"(","maxReceiveCount":"2"})"}});
        send(engine, "orders", "ok 1");
        send(engine, "orders", "please fail");
        send(engine, "orders", "ok 2");
        auto config = mapping("consumer", queue);
        config.reportBatchItemFailures = true;
        QVERIFY(engine.sources()->createMapping(config).ok());
        // The reported one is retried until the redrive policy moves it; the others are deleted at once.
        QTRY_COMPARE_WITH_TIMEOUT(messagesIn(engine, "orders-dlq"), std::int64_t(1), 15000);
        QTRY_COMPARE_WITH_TIMEOUT(messagesIn(engine, "orders"), std::int64_t(0), 5000);
        const auto moved = receiveNow(engine, "orders-dlq");
        QCOMPARE(moved.size(), std::size_t(1));
        QCOMPARE(moved.front().body, std::string("please fail"));
    }

    void malformedReportsFailTheWholeBatch()
    {
        core::Engine engine(scaledOptions(kScale));
        Collected<core::BatchDelivered> batches(engine);
        engine.putFunction(python("consumer", "sqsbatch"));
        const auto dlq = createQueue(engine, "orders-dlq");
        const auto queue = createQueue(engine, "orders", {{"RedrivePolicy", R"({"deadLetterTargetArn":")" + dlq + R"(","maxReceiveCount":"2"})"}});
        send(engine, "orders", "fine");
        send(engine, "orders", "malformed report please");
        auto config = mapping("consumer", queue);
        config.reportBatchItemFailures = true;
        QVERIFY(engine.sources()->createMapping(config).ok());
        // Both messages come back (nothing was deleted) until both sit in the DLQ.
        QTRY_COMPARE_WITH_TIMEOUT(messagesIn(engine, "orders-dlq"), std::int64_t(2), 15000);
        bool sawWholeFailure = false;
        for (const auto& batch : batches.all())
            sawWholeFailure = sawWholeFailure || (batch.errorType == "InvalidBatchItemFailuresResponse" && batch.failedRecords == 2);
        QVERIFY(sawWholeFailure);
    }

    void functionErrorsRetryThroughVisibilityThenRedrive()
    {
        core::Engine engine(scaledOptions(kScale));
        Collected<core::BatchDelivered> batches(engine);
        engine.putFunction(python("consumer", "sqsbatch"));
        const auto dlq = createQueue(engine, "orders-dlq");
        const auto queue = createQueue(engine, "orders", {{"RedrivePolicy", R"({"deadLetterTargetArn":")" + dlq + R"(","maxReceiveCount":"3"})"}});
        send(engine, "orders", "crash please");
        QVERIFY(engine.sources()->createMapping(mapping("consumer", queue)).ok());
        QTRY_COMPARE_WITH_TIMEOUT(messagesIn(engine, "orders-dlq"), std::int64_t(1), 15000);
        // Received three times (maxReceiveCount), each a failed batch, with a growing receive count.
        std::vector<std::string> counts;
        for (const auto& event : eventsSeen(batches))
            counts.push_back(event["Records"][0]["attributes"]["ApproximateReceiveCount"].get<std::string>());
        QCOMPARE(counts, (std::vector<std::string>{"1", "2", "3"}));
        const auto metrics = engine.sources()->mappings().front().metrics;
        QCOMPARE(metrics.retriedRecords, std::uint64_t(2));
        QTRY_COMPARE_WITH_TIMEOUT(engine.sources()->mappings().front().metrics.sentToDeadLetter, std::uint64_t(1), 5000);
    }

    void fifoKeepsTheFirstFailureAndEverythingAfter()
    {
        core::Engine engine(scaledOptions(kScale));
        Collected<core::BatchDelivered> batches(engine);
        engine.putFunction(python("consumer", "sqsbatch"));
        const auto queue = createQueue(engine, "orders.fifo", {{"FifoQueue", "true"}});
        send(engine, "orders.fifo", "a", "g1");
        send(engine, "orders.fifo", "b-fail", "g1");
        send(engine, "orders.fifo", "c", "g1");
        auto config = mapping("consumer", queue);
        config.reportBatchItemFailures = true;
        QVERIFY(engine.sources()->createMapping(config).ok());
        QTRY_VERIFY_WITH_TIMEOUT(!batches.all().empty(), 10000);
        const auto first = batches.all().front();
        QCOMPARE(first.records, 3);
        QCOMPARE(first.failedRecords, 2);  // "b-fail" and "c" stay, in order
        // The next delivery of the group starts again at "b-fail".
        QTRY_VERIFY_WITH_TIMEOUT(eventsSeen(batches).size() >= 2, 10000);
        QCOMPARE(eventsSeen(batches)[1]["Records"][0]["body"].get<std::string>(), std::string("b-fail"));
    }

    void batchSizeIsRespected()
    {
        core::Engine engine(scaledOptions(kScale));
        Collected<core::BatchDelivered> batches(engine);
        engine.putFunction(python("consumer", "sqsbatch"));
        const auto queue = createQueue(engine, "orders");
        for (int i = 0; i < 12; ++i)
            send(engine, "orders", std::to_string(i));
        auto config = mapping("consumer", queue);
        config.batchSize = 4;
        QVERIFY(engine.sources()->createMapping(config).ok());
        QTRY_COMPARE_WITH_TIMEOUT(messagesIn(engine, "orders"), std::int64_t(0), 10000);
        int total = 0;
        for (const auto& batch : batches.all()) {
            QVERIFY(batch.records <= 4);
            total += batch.records;
        }
        QCOMPARE(total, 12);
    }

    // Issue 16 §1: ten 1 MiB messages do not fit Lambda's 6 MB invoke payload. The poller sends what fits and
    // carries the rest to its next batch; every message is delivered once and no invoke is refused.
    void batchesStayUnderTheInvokePayloadLimit()
    {
        core::Engine engine(scaledOptions(kScale));
        Collected<core::BatchDelivered> batches(engine);
        engine.putFunction(python("consumer", "sqssizes"));
        // 15 minutes (9 s scaled): a 5 MB batch takes longer than the default 30 s (0.3 s) scaled visibility, and
        // a message that reappears is delivered again (at least once), which would blur the count below.
        const auto queue = createQueue(engine, "large", {{"VisibilityTimeout", "900"}});
        for (int i = 0; i < 10; ++i)
            send(engine, "large", std::string(1'048'576 - 2, static_cast<char>('a' + i)) + std::to_string(i % 10) + "!");
        auto config = mapping("consumer", queue);
        config.maximumConcurrency = 2;
        QVERIFY(engine.sources()->createMapping(config).ok());
        QTRY_COMPARE_WITH_TIMEOUT(messagesIn(engine, "large"), std::int64_t(0), 30000);
        int total = 0;
        for (const auto& batch : batches.all()) {
            QVERIFY2(batch.ok, batch.errorType.c_str());
            QVERIFY2(batch.records <= 5, qPrintable(QString::number(batch.records)));
            total += batch.records;
        }
        QCOMPARE(total, 10);
        for (const auto& line : batches.lines()) {
            if (!line.text.starts_with("SIZES "))
                continue;
            const auto bytes = std::stoul(line.text.substr(line.text.rfind(' ') + 1));
            QVERIFY2(bytes <= 6u * 1024 * 1024, line.text.c_str());
        }
        const auto metrics = engine.sources()->mappings().front().metrics;
        QCOMPARE(metrics.failedInvokes, std::uint64_t(0));
        QCOMPARE(metrics.deleted, std::uint64_t(10));
    }

    void templateMappingsStartWithTheProject()
    {
        core::Engine engine(scaledOptions(kScale));
        core::Project project;
        core::QueueConfig queue;
        queue.name = "jobs";
        queue.arn = "arn:aws:sqs:us-east-1:123456789012:jobs";
        project.queues.push_back(queue);
        auto function = python("consumer", "sqsbatch");
        function.events.push_back({"Jobs", "SQS", {{"Queue", queue.arn}, {"BatchSize", 5}}, {}});
        project.functions.push_back(function);
        engine.loadProject(project);
        QCOMPARE(engine.sources()->mappings().size(), std::size_t(1));
        QCOMPARE(engine.sources()->mappings().front().config.batchSize, 5);
        send(engine, "jobs", "hello");
        QTRY_COMPARE_WITH_TIMEOUT(messagesIn(engine, "jobs"), std::int64_t(0), 10000);
    }
};

QTEST_GUILESS_MAIN(TestSqsMapping)
#include "tst_sqs_mapping.moc"
