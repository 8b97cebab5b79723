// SPDX-License-Identifier: MIT
// core/store: the SQLite wrapper, and the durability of QueueService on top of it — everything survives a
// reopen, nothing acknowledged is lost when the writer is killed with SIGKILL — plus its throughput.
#include <boost/asio/io_context.hpp>

#include "queues/message_md5.h"
#include "queues/queue_errors.h"
#include "queues/queue_service.h"
#include "store/database.h"
#include "store/database_transaction.h"

#include <QTemporaryDir>
#include <QtTest>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <set>

using namespace lambdadesk;
using namespace lambdadesk::core;

namespace {

template <typename T> const char* why(const Expected<T>& result)
{
    return result.ok() ? "" : result.error().message.c_str();
}

std::atomic<std::int64_t> g_now{1'700'000'000'000'000};

std::shared_ptr<QueueService> openService(boost::asio::io_context& io, const std::string& path, bool manualClock = true)
{
    QueueServiceOptions options;
    options.databasePath = path;
    if (manualClock)
        options.clock = [] { return g_now.load(); };
    auto opened = QueueService::open(io.get_executor(), options);
    if (!opened)
        qWarning("open %s: %s", path.c_str(), opened.error().message.c_str());
    return opened ? *opened : nullptr;
}

std::vector<ReceivedMessage> receiveAll(QueueService& service, const std::string& queue, int visibility = 30)
{
    std::vector<ReceivedMessage> all;
    for (;;) {
        auto batch = service.receiveMessage(ReceiveMessageRequest{queue, 10, visibility, 0, {"All"}, {"All"}, {}});
        if (!batch || batch->messages.empty())
            return all;
        all.insert(all.end(), batch->messages.begin(), batch->messages.end());
    }
}

} // namespace

class TestDatabase : public QObject {
    Q_OBJECT

private slots:
    void statementsTransactionsAndErrors()
    {
        auto opened = Database::open(":memory:");
        QVERIFY2(opened.ok(), why(opened));
        Database& db = **opened;
        QVERIFY(db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, body BLOB, note TEXT)").ok());
        const std::string blob("a\0b\xff", 4);
        QVERIFY(db.statement("INSERT INTO t(id, body, note) VALUES(?, ?, ?)")
                    .bind(1, 7)
                    .bindBlob(2, blob)
                    .bindOptional(3, "")
                    .run()
                    .ok());
        QCOMPARE(&db.statement("INSERT INTO t(id, body, note) VALUES(?, ?, ?)"),
                 &db.statement("INSERT INTO t(id, body, note) VALUES(?, ?, ?)"));
        auto& select = db.statement("SELECT body, note FROM t WHERE id = ?");
        select.bind(1, 7);
        auto row = select.step();
        QVERIFY(row.ok() && *row);
        QCOMPARE(select.columnText(0), blob);
        QVERIFY(select.columnIsNull(1));
        select.reset();

        {
            DatabaseTransaction transaction(db);
            QVERIFY(transaction.begun().ok());
            QVERIFY(db.statement("DELETE FROM t").run().ok());
        } // rolled back
        QVERIFY(!db.inTransaction());
        auto& count = db.statement("SELECT count(*) FROM t");
        QVERIFY(*count.step());
        QCOMPARE(count.columnInt(0), std::int64_t(1));
        count.reset();

        auto broken = db.statement("SELECT x FROM nowhere").run();
        QVERIFY(!broken.ok());
        QVERIFY2(broken.error().message.find("no such table") != std::string::npos, broken.error().message.c_str());
        QVERIFY(!db.statement("INSERT INTO t(id) VALUES(?)").bind(1, 7).run().ok()); // duplicate key
        QVERIFY(!Database::open("/nonexistent-folder/x.db").ok());
    }

    void everythingSurvivesReopening()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("state.db")).toStdString();
        std::string handle;
        std::string fifoMessageId;
        std::string created;
        {
            boost::asio::io_context io;
            auto service = openService(io, path);
            QVERIFY(service);
            const auto dlq = *service->createQueue({"durable-dlq", {}, {}});
            const std::string policy =
                R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:durable-dlq","maxReceiveCount":5})";
            const auto queue =
                *service->createQueue({"durable", {{"VisibilityTimeout", "60"}, {"RedrivePolicy", policy}}, {}});
            const auto fifo = *service->createQueue(
                {"durable.fifo", {{"FifoQueue", "true"}, {"ContentBasedDeduplication", "true"}}, {}});
            for (int i = 0; i < 3; ++i) {
                SendMessageRequest request{
                    queue, "m" + std::to_string(i), {}, {{"n", {"Number", std::to_string(i), {}}}}, {}, {}, {}};
                QVERIFY(service->sendMessage(request).ok());
            }
            auto received = service->receiveMessage(ReceiveMessageRequest{queue, 1, {}, 0, {}, {}, {}});
            QCOMPARE(received->messages.size(), std::size_t(1));
            handle = received->messages[0].receiptHandle;
            fifoMessageId = service->sendMessage(SendMessageRequest{fifo, "once", {}, {}, {}, "g", {}})->messageId;
            QVERIFY(service->createQueue({"gone", {}, {}}).ok());
            QVERIFY(service->deleteQueue("gone").ok());
            created = service->getQueueAttributes(queue, {"CreatedTimestamp"})->at("CreatedTimestamp");
        }
        g_now += 10'000'000;
        boost::asio::io_context io;
        auto service = openService(io, path);
        QVERIFY(service);
        auto attributes = service->getQueueAttributes("durable", {"All"});
        QVERIFY2(attributes.ok(), why(attributes));
        QCOMPARE(attributes->at("VisibilityTimeout"), std::string("60"));
        QCOMPARE(
            attributes->at("RedrivePolicy"),
            std::string(
                R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:durable-dlq","maxReceiveCount":5})"));
        QCOMPARE(attributes->at("CreatedTimestamp"), created);
        QCOMPARE(attributes->at("ApproximateNumberOfMessages"), std::string("2"));
        QCOMPARE(attributes->at("ApproximateNumberOfMessagesNotVisible"), std::string("1"));
        // The receipt handle issued before the restart still deletes its message.
        QVERIFY(service->deleteMessage("durable", handle).ok());
        QCOMPARE(service->getQueueAttributes("durable", {"ApproximateNumberOfMessagesNotVisible"})
                     ->at("ApproximateNumberOfMessagesNotVisible"),
                 std::string("0"));
        auto rest = receiveAll(*service, "durable", 5);
        QCOMPARE(rest.size(), std::size_t(2));
        QCOMPARE(rest[0].messageAttributes.at("n").stringValue, std::string("1"));
        QCOMPARE(rest[0].md5OfMessageAttributes, md5OfMessageAttributes({{"n", {"Number", "1", {}}}}));
        g_now += 6'000'000;
        auto again = receiveAll(*service, "durable");
        QCOMPARE(again.size(), std::size_t(2));
        QCOMPARE(again[0].attributes.at("ApproximateReceiveCount"), std::string("2"));
        // The FIFO deduplication window and the 60 s name rule persist too.
        QCOMPARE(service->sendMessage(SendMessageRequest{"durable.fifo", "once", {}, {}, {}, "g", {}})->messageId,
                 fifoMessageId);
        QCOMPARE(service->createQueue({"gone", {}, {}}).error().code, std::string(queue_error::kQueueDeletedRecently));
        g_now += 60'000'000;
        QVERIFY(service->createQueue({"gone", {}, {}}).ok());
        QCOMPARE(service->queueNames().size(), std::size_t(4));
    }

    void killedWriterLosesNoAcknowledgedMessage()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("killed.db")).toStdString();
        {
            boost::asio::io_context io;
            auto service = openService(io, path, false);
            QVERIFY(service && service->createQueue({"work", {}, {}}).ok());
        }
        int fds[2];
        QVERIFY(pipe(fds) == 0);
        const pid_t child = fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            // The child only sends and acknowledges each committed batch through the pipe until it is killed.
            close(fds[0]);
            boost::asio::io_context io;
            auto service = openService(io, path, false);
            for (int batch = 0; service; ++batch) {
                std::vector<SendMessageBatchEntry> entries;
                for (int i = 0; i < 10; ++i)
                    entries.push_back({"e" + std::to_string(i), std::to_string(batch * 10 + i), {}, {}, {}, {}, {}});
                auto sent = service->sendMessageBatch("work", entries);
                if (!sent || sent->successful.size() != 10 || write(fds[1], &batch, sizeof batch) != sizeof batch)
                    break;
            }
            _exit(1);
        }
        close(fds[1]);
        int acknowledged = -1;
        int value = 0;
        while (acknowledged < 300 && read(fds[0], &value, sizeof value) == sizeof value)
            acknowledged = value;
        kill(child, SIGKILL);
        // Acknowledgements already in the pipe count too: those batches were committed.
        while (read(fds[0], &value, sizeof value) == sizeof value)
            acknowledged = value;
        close(fds[0]);
        int status = 0;
        waitpid(child, &status, 0);
        QVERIFY(WIFSIGNALED(status));
        QVERIFY(acknowledged >= 300);

        boost::asio::io_context io;
        auto service = openService(io, path, false);
        QVERIFY(service);
        std::set<int> bodies;
        for (const auto& message : receiveAll(*service, "work"))
            bodies.insert(std::stoi(message.body));
        for (int i = 0; i < (acknowledged + 1) * 10; ++i)
            QVERIFY2(bodies.count(i) == 1, qPrintable(QStringLiteral("acknowledged message %1 lost").arg(i)));
        qInfo("%d batches acknowledged before SIGKILL, %zu messages found after restart", acknowledged + 1,
              bodies.size());
    }

    void batchThroughput()
    {
        // Send, receive and delete through the public API with batches of 10, on a WAL file, both with the
        // default locking and with exclusiveDatabase.
        for (const bool exclusive : {false, true}) {
            const auto [steady, backlog] = measureThroughput(exclusive);
            qInfo("queue throughput (send+receive+delete, batches of 10, durable WAL%s): steady %.0f msg/s, "
                  "backlog %.0f msg/s",
                  exclusive ? ", exclusive" : "", steady, backlog);
            // A loose floor so a loaded CI machine does not fail; the figures above are what to read.
            QVERIFY(steady > 5000 && backlog > 5000);
        }
    }

private:
    static std::pair<double, double> measureThroughput(bool exclusive)
    {
        constexpr int kMessages = 50000;
        QTemporaryDir dir;
        boost::asio::io_context io;
        QueueServiceOptions options;
        options.databasePath = dir.filePath(QStringLiteral("bench.db")).toStdString();
        options.exclusiveDatabase = exclusive;
        auto service = *QueueService::open(io.get_executor(), options);
        const auto queue = *service->createQueue({"bench", {}, {}});
        std::vector<SendMessageBatchEntry> entries;
        for (int i = 0; i < 10; ++i)
            entries.push_back({"e" + std::to_string(i), std::string(100, 'x'), {}, {}, {}, {}, {}});
        const ReceiveMessageRequest receive{queue, 10, {}, 0, {}, {}, {}};
        std::vector<DeleteMessageBatchEntry> deletes;
        const auto receiveAndDelete = [&] {
            auto received = service->receiveMessage(receive);
            if (!received)
                return 0;
            deletes.resize(received->messages.size());
            for (std::size_t i = 0; i < deletes.size(); ++i)
                deletes[i] = {"d" + std::to_string(i), received->messages[i].receiptHandle};
            if (deletes.empty() || !service->deleteMessageBatch(queue, deletes))
                return 0;
            return static_cast<int>(deletes.size());
        };
        const auto seconds = [](auto since) {
            return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
        };

        // Steady state: each round sends a batch, receives it and deletes it.
        auto started = std::chrono::steady_clock::now();
        int handled = 0;
        for (int round = 0; round < kMessages / 10; ++round) {
            (void)service->sendMessageBatch(queue, entries);
            handled += receiveAndDelete();
        }
        const double steady = seconds(started);

        // Backlog: send everything first, then drain it.
        started = std::chrono::steady_clock::now();
        for (int round = 0; round < kMessages / 10; ++round)
            (void)service->sendMessageBatch(queue, entries);
        int drained = 0;
        while (const int count = receiveAndDelete())
            drained += count;
        const double backlog = seconds(started);
        if (handled != kMessages || drained != kMessages)
            return {0, 0};
        return {kMessages / steady, kMessages / backlog};
    }
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
