// SPDX-License-Identifier: MIT
// Kinesis streams in core's StreamService: describe/list shapes, PutRecords partial failures, limits and AWS's
// error codes, deleting a stream, the reader API, and durability across reopening (and SIGKILL of) the process
// that wrote. Time moves through a manual clock; nothing sleeps.
#include "encoding/message_digest.h"
#include "streams/stream_errors.h"
#include "streams/stream_fixture.h"
#include "streams/stream_hash_key.h"
#include "streams/stream_sequence.h"

#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

using namespace lambdadesk::core;
using namespace lambdadesk::tests;

class TestStreamService : public QObject {
    Q_OBJECT

private slots:
    void describeShowsAwsShardLayout()
    {
        Harness h;
        h.create("orders", 3);
        auto described = h.service->describeStream({"orders", 100, {}});
        QVERIFY2(described.ok(), described.ok() ? "" : described.error().message.c_str());
        QCOMPARE(described->streamArn, std::string("arn:aws:kinesis:us-east-1:123456789012:stream/orders"));
        QCOMPARE(described->streamStatus, std::string("ACTIVE"));
        QCOMPARE(described->retentionPeriodHours, 24);
        QCOMPARE(described->shards.size(), std::size_t(3));
        // The boundaries AWS itself reports for a 3-shard stream.
        QCOMPARE(described->shards[0].shardId, std::string("shardId-000000000000"));
        QCOMPARE(described->shards[0].hashKeyRange.startingHashKey, std::string("0"));
        QCOMPARE(described->shards[0].hashKeyRange.endingHashKey,
                 std::string("113427455640312821154458202477256070484"));
        QCOMPARE(described->shards[1].hashKeyRange.startingHashKey,
                 std::string("113427455640312821154458202477256070485"));
        QCOMPARE(described->shards[2].hashKeyRange.startingHashKey,
                 std::string("226854911280625642308916404954512140970"));
        QCOMPARE(described->shards[2].hashKeyRange.endingHashKey,
                 std::string("340282366920938463463374607431768211455"));
        for (const auto& shard : described->shards) {
            QCOMPARE(shard.sequenceNumberRange.startingSequenceNumber.size(), std::size_t(56));
            QVERIFY(shard.sequenceNumberRange.endingSequenceNumber.empty());
        }
        auto paged = h.service->describeStream({"orders", 2, {}});
        QVERIFY(paged->hasMoreShards);
        auto rest = h.service->describeStream({"orders", 2, "shardId-000000000001"});
        QCOMPARE(rest->shards.size(), std::size_t(1));
        QVERIFY(!rest->hasMoreShards);
        auto summary = h.service->describeStreamSummary(described->streamArn);  // an ARN names the stream too
        QCOMPARE(summary->openShardCount, 3);
        QCOMPARE(summary->streamCreationTimestamp, 1'700'000'000.0);
    }

    void listStreamsAndShardsPage()
    {
        Harness h;
        for (const char* name : {"c", "a", "b"})
            h.create(name, 2);
        auto first = h.service->listStreams({2, {}, {}});
        QCOMPARE(first->streamNames, (Strings{"a", "b"}));
        QVERIFY(first->hasMoreStreams);
        QCOMPARE(first->streamSummaries[1].streamArn, std::string("arn:aws:kinesis:us-east-1:123456789012:stream/b"));
        auto second = h.service->listStreams({2, {}, first->nextToken});
        QCOMPARE(second->streamNames, (Strings{"c"}));
        QVERIFY(!second->hasMoreStreams);
        QCOMPARE(h.service->listStreams({10, "a", {}})->streamNames, (Strings{"b", "c"}));

        auto shards = h.service->listShards({"b", {}, {}, 1, {}});
        QCOMPARE(shards->shards.size(), std::size_t(1));
        QVERIFY(!shards->nextToken.empty());
        auto more = h.service->listShards({{}, shards->nextToken, {}, 10, {}});
        QCOMPARE(more->shards.at(0).shardId, std::string("shardId-000000000001"));
        QVERIFY(more->nextToken.empty());
        QCOMPARE(codeOf(h.service->listShards({"b", shards->nextToken, {}, 10, {}})), std::string("InvalidArgumentException"));
    }

    void putRecordsReportsPartialFailures()
    {
        Harness h(":memory:", true);
        h.create("s", 2);
        const std::string low = "0", high = "340282366920938463463374607431768211455";
        std::vector<PutRecordsEntry> fill(500, PutRecordsEntry{"k", "x", low});
        QCOMPARE(h.service->putRecords("s", fill)->failedRecordCount, 0);
        QCOMPARE(h.service->putRecords("s", fill)->failedRecordCount, 0);  // shard 0 is at 1000 records this second
        auto mixed = h.service->putRecords("s", {{"k", "a", low}, {"k", "b", high}, {"k", "c", low}, {"k", "d", high}});
        QVERIFY(mixed.ok());
        QCOMPARE(mixed->failedRecordCount, 2);
        QCOMPARE(mixed->records.size(), std::size_t(4));
        for (int i : {0, 2}) {
            const auto& failed = mixed->records[static_cast<std::size_t>(i)];
            QCOMPARE(failed.errorCode, std::string("ProvisionedThroughputExceededException"));
            QVERIFY(failed.errorMessage.find("shardId-000000000000 in stream s under account 123456789012") !=
                    std::string::npos);
            QVERIFY(failed.sequenceNumber.empty() && failed.shardId.empty());
        }
        for (int i : {1, 3}) {
            const auto& ok = mixed->records[static_cast<std::size_t>(i)];
            QVERIFY(!ok.failed());
            QCOMPARE(ok.shardId, std::string("shardId-000000000001"));
        }
        QCOMPARE(codeOf(h.service->putRecord({"s", "k", "x", low, {}})), std::string("ProvisionedThroughputExceededException"));
        h.advance(1);  // a new second, a new allowance
        QCOMPARE(h.service->putRecords("s", {{"k", "e", low}})->failedRecordCount, 0);
        QCOMPARE(h.service->stats("s")->shards[0].records, std::int64_t(1001));
    }

    void limitsAndErrorCodes()
    {
        Harness h(":memory:", false, 10);
        h.create("s", 2);
        auto& s = *h.service;
        const std::string validation = "ValidationException";
        QCOMPARE(codeOf(s.createStream("", 1)), validation);
        QCOMPARE(codeOf(s.createStream(std::string(129, 'a'), 1)), validation);
        QCOMPARE(codeOf(s.createStream("bad name", 1)), validation);
        QVERIFY(s.createStream(std::string(128, 'a') , 1).ok());
        QCOMPARE(codeOf(s.createStream("zero", 0)), validation);
        QCOMPARE(codeOf(s.createStream("s", 1)), std::string("ResourceInUseException"));
        auto limit = s.createStream("big", 8);
        QCOMPARE(codeOf(limit), std::string("LimitExceededException"));
        QVERIFY(limit.error().message.find("Current shard count for the account: 3. Limit: 10.") != std::string::npos);
        QCOMPARE(codeOf(s.deleteStream("missing")), std::string("ResourceNotFoundException"));
        QCOMPARE(s.deleteStream("missing").error().message,
                 std::string("Stream missing under account 123456789012 not found."));

        QCOMPARE(codeOf(s.putRecord({"s", "", "x", {}, {}})), validation);
        QCOMPARE(codeOf(s.putRecord({"s", std::string(257, 'k'), "x", {}, {}})), validation);
        QVERIFY(s.putRecord({"s", std::string(256, 'k'), "x", {}, {}}).ok());
        QCOMPARE(codeOf(s.putRecord({"s", "k", std::string(1024 * 1024 + 1, 'd'), {}, {}})), validation);
        QVERIFY(s.putRecord({"s", "k", std::string(1024 * 1024, 'd'), {}, {}}).ok());
        QCOMPARE(codeOf(s.putRecord({"missing", "k", "x", {}, {}})), std::string("ResourceNotFoundException"));
        QCOMPARE(codeOf(s.putRecords("s", {})), validation);
        auto tooMany = s.putRecords("s", std::vector<PutRecordsEntry>(501, {"k", "x", {}}));
        QCOMPARE(codeOf(tooMany), validation);
        auto badEntry = s.putRecords("s", {{"k", "x", {}}, {"", "x", {}}});
        QVERIFY(badEntry.error().message.find("'records.2.member.partitionKey'") != std::string::npos);
        auto tooLarge = s.putRecords("s", std::vector<PutRecordsEntry>(5, {"k", std::string(1024 * 1024, 'd'), {}}));
        QCOMPARE(codeOf(tooLarge), std::string("InvalidArgumentException"));

        const std::string shard = "shardId-000000000000";
        QCOMPARE(codeOf(s.getShardIterator({"s", shard, "SOMEWHERE", {}, {}})), validation);
        QCOMPARE(codeOf(s.getShardIterator({"s", "shardId-000000000002", "LATEST", {}, {}})),
                 std::string("ResourceNotFoundException"));
        QCOMPARE(s.getShardIterator({"s", "shardId-000000000002", "LATEST", {}, {}}).error().message,
                 std::string("Shard shardId-000000000002 in stream s under account 123456789012 does not exist"));
        QCOMPARE(codeOf(s.getShardIterator({"s", "ABKLFD8", "LATEST", {}, {}})), std::string("ResourceNotFoundException"));
        QCOMPARE(codeOf(s.getShardIterator({"s", shard, "AT_SEQUENCE_NUMBER", {}, {}})),
                 std::string("InvalidArgumentException"));
        const auto put = h.put("s", "a", "x");  // "a" hashes to shard 0 of 2
        QCOMPARE(codeOf(s.getShardIterator({"s", shard, "LATEST", put.sequenceNumber, {}})),
                 std::string("InvalidArgumentException"));
        auto otherShard = s.getShardIterator({"s", "shardId-000000000001", "AT_SEQUENCE_NUMBER", put.sequenceNumber, {}});
        QCOMPARE(otherShard.error().message,
                 std::string("Invalid StartingSequenceNumber. It encodes shardId-000000000000, while it was used in a "
                             "call to a shard with shardId-000000000001"));
        QCOMPARE(codeOf(s.getShardIterator({"s", shard, "AT_SEQUENCE_NUMBER", "12345", {}})),
                 std::string("InvalidArgumentException"));
        QCOMPARE(codeOf(s.getRecords({h.iterator("s", shard, "LATEST"), 0})), validation);
        QCOMPARE(codeOf(s.getRecords({h.iterator("s", shard, "LATEST"), 10001})), validation);
        QVERIFY(s.getRecords({h.iterator("s", shard, "LATEST"), 10000}).ok());
    }

    void deletedStreamForgetsItsRecordsAndIterators()
    {
        Harness h;
        h.create("s", 1);
        const auto old = h.put("s", "k", "x");
        const auto iterator = h.iterator("s", old.shardId, "TRIM_HORIZON");
        QVERIFY(h.service->deleteStream("s").ok());
        QCOMPARE(codeOf(h.service->getRecords({iterator, 10})), std::string("ResourceNotFoundException"));
        h.advance(1);
        h.create("s", 1);
        QCOMPARE(codeOf(h.service->getRecords({iterator, 10})), std::string("ResourceNotFoundException"));
        auto stale = h.service->getShardIterator({"s", old.shardId, "AT_SEQUENCE_NUMBER", old.sequenceNumber, {}});
        QVERIFY(stale.error().message.find("because it did not come from this stream") != std::string::npos);
        QVERIFY(h.dataFrom(h.iterator("s", old.shardId, "TRIM_HORIZON")).empty());
    }

    void readerApiAndChangeListener()
    {
        Harness h;
        h.create("s", 4);
        std::vector<StreamChange> changes;
        h.service->setChangeListener([&changes](const StreamChange& change) { changes.push_back(change); });
        const auto latest = h.service->latestPosition("s", "shardId-000000000002");
        QCOMPARE(*latest, StreamPosition(0));
        h.service->putRecords("s", {{"b", "1", {}}, {"a", "2", {}}, {"b", "3", {}}});
        QCOMPARE(changes.size(), std::size_t(1));
        QCOMPARE(changes[0].kind, StreamChangeKind::RecordsPut);
        QCOMPARE(changes[0].shards, (std::vector<int>{0, 2}));
        QCOMPARE(changes[0].count, std::int64_t(3));

        auto read = h.service->readShard("s", "shardId-000000000002", *latest, 1);
        QCOMPARE(read->records.size(), std::size_t(1));
        QCOMPARE(read->records[0].data, std::string("1"));
        auto rest = h.service->readShard("s", "shardId-000000000002", read->nextPosition, 100);
        QCOMPARE(rest->records.at(0).data, std::string("3"));
        QCOMPARE(rest->nextPosition, StreamPosition(3));
        // A checkpoint by sequence number resumes after it.
        auto resumed = h.service->startingPosition("s", "shardId-000000000002", ShardIteratorType::AfterSequenceNumber,
                                                   read->records[0].sequenceNumber);
        QCOMPARE(*resumed, read->records[0].position);
        QCOMPARE(*h.service->latestPosition("s", "shardId-000000000000"), StreamPosition(3));
        const auto ids = h.service->shardIds("s");
        QVERIFY(ids.ok());
        QCOMPARE(*ids, (Strings{"shardId-000000000000", "shardId-000000000001", "shardId-000000000002",
                                "shardId-000000000003"}));
        h.advance(1.5);
        auto stats = h.service->stats("s");
        QCOMPARE(stats->records, std::int64_t(3));
        QCOMPARE(stats->shards[2].records, std::int64_t(2));
        QCOMPARE(stats->shards[1].records, std::int64_t(0));
        QCOMPARE(stats->oldestAgeMs, std::int64_t(1500));
        QVERIFY(!h.service->stats("missing"));
        QVERIFY(h.service->deleteStream("s").ok());
        QCOMPARE(changes.back().kind, StreamChangeKind::Deleted);
    }

    void recordsSurviveReopening()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("state.db")).toStdString();
        std::string lastSequence, iterator;
        {
            Harness h(path);
            h.create("kept", 2);
            h.create("other", 1);
            for (int i = 0; i < 20; ++i)
                lastSequence = h.put("kept", "k", std::to_string(i)).sequenceNumber;
            iterator = h.iterator("kept", "shardId-000000000001", "LATEST");
        }
        Harness h(path);
        QCOMPARE(h.service->streamNames(), (Strings{"kept", "other"}));
        const auto shard = h.put("kept", "k", "20").shardId;  // "k" stays on its shard
        const auto after = h.service->readShard("kept", shard, 0, 100);
        QCOMPARE(after->records.size(), std::size_t(21));
        QCOMPARE(after->records.back().data, std::string("20"));
        QVERIFY(compareSequenceNumbers(lastSequence, after->records.back().sequenceNumber) == std::strong_ordering::less);
        QVERIFY(h.service->getRecords({iterator, 10}).ok());  // iterators need no server state
        QCOMPARE(h.service->stats("kept")->records, std::int64_t(21));
    }

    void acknowledgedRecordsSurviveSigkill()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("state.db")).toStdString();
        { Harness(path).create("s", 2); }
        int pipeFds[2];
        QCOMPARE(pipe(pipeFds), 0);
        const pid_t child = fork();
        if (child == 0) {
            // The writer: acknowledges each committed batch on the pipe, forever, until it is killed.
            close(pipeFds[0]);
            auto service = StreamService::open({path, "us-east-1", "123456789012", 1.0, {}, 500, false, false});
            for (int batch = 0; service; ++batch) {
                std::vector<PutRecordsEntry> records(50, PutRecordsEntry{"k" + std::to_string(batch % 7), "x", {}});
                if (!(*service)->putRecords("s", records))
                    _exit(2);
                const char ack = 1;
                if (write(pipeFds[1], &ack, 1) != 1)
                    _exit(3);
            }
            _exit(1);
        }
        close(pipeFds[1]);
        int acknowledged = 0;
        char ack = 0;
        while (acknowledged < 40 && read(pipeFds[0], &ack, 1) == 1)
            ++acknowledged;
        kill(child, SIGKILL);
        int status = 0;
        waitpid(child, &status, 0);
        QVERIFY(WIFSIGNALED(status));
        close(pipeFds[0]);
        Harness h(path);
        const auto stats = h.service->stats("s");
        QVERIFY2(stats->records >= acknowledged * 50, qPrintable(QString::number(stats->records)));
    }

    void throughputOfPutRecordsAndGetRecords()
    {
        QTemporaryDir dir;
        StreamServiceOptions options;
        options.databasePath = dir.filePath(QStringLiteral("state.db")).toStdString();
        auto service = *StreamService::open(options);
        QVERIFY(service->createStream("bench", 4).ok());
        const int batches = 100;
        std::vector<PutRecordsEntry> batch;
        for (int i = 0; i < 500; ++i)
            batch.push_back({"partition-" + std::to_string(i), std::string(100, 'x'), {}});
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < batches; ++i)
            QCOMPARE(service->putRecords("bench", batch)->failedRecordCount, 0);
        const auto putDone = std::chrono::steady_clock::now();
        std::size_t read = 0;
        const auto shards = service->shardIds("bench");
        QVERIFY(shards.ok());
        for (const auto& shard : *shards) {
            std::string iterator = *service->getShardIterator({"bench", shard, "TRIM_HORIZON", {}, {}});
            for (;;) {
                auto got = service->getRecords({iterator, 10000});
                QVERIFY(got.ok());
                if (got->records.empty())
                    break;
                read += got->records.size();
                iterator = got->nextShardIterator;
            }
        }
        const auto readDone = std::chrono::steady_clock::now();
        QCOMPARE(read, std::size_t(batches * 500));
        const auto seconds = [](auto from, auto to) { return std::chrono::duration<double>(to - from).count(); };
        qInfo("putRecords(500): %.0f records/s; getRecords: %.0f records/s (%d records of 100 bytes, durable file)",
              batches * 500 / seconds(start, putDone), read / seconds(putDone, readDone), batches * 500);
    }
};

QTEST_GUILESS_MAIN(TestStreamService)
#include "tst_stream_service.moc"
