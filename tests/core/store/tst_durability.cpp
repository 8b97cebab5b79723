// SPDX-License-Identifier: MIT
// Durability: an engine process is killed with SIGKILL in the middle of traffic and restarted;
// every message SendMessage acknowledged is then either processed by the function or in the DLQ.
#include "queues/queue_service.h"
#include "test_paths.h"

#include <QDir>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include <boost/asio/io_context.hpp>

#include <fstream>

using namespace lambdadesk;

namespace {

QString templateText(const QString& recordFile)
{
    return QStringLiteral(
               "Resources:\n"
               "  Recorder:\n"
               "    Type: AWS::Serverless::Function\n"
               "    Properties:\n"
               "      Runtime: python3.12\n"
               "      Handler: app.handler\n"
               "      CodeUri: %2/python/recorder\n"
               "      Environment:\n"
               "        Variables:\n"
               "          RECORD_FILE: %1\n"
               "          SLEEP_MS: 200\n"
               "      Events:\n"
               "        Jobs:\n"
               "          Type: SQS\n"
               "          Properties:\n"
               "            Queue: !GetAtt Jobs.Arn\n"
               "            BatchSize: 10\n"
               "  Jobs:\n"
               "    Type: AWS::SQS::Queue\n"
               "    Properties:\n"
               "      QueueName: jobs\n"
               "      RedrivePolicy:\n"
               "        deadLetterTargetArn: !GetAtt JobsDlq.Arn\n"
               "        maxReceiveCount: 5\n"
               "  JobsDlq:\n"
               "    Type: AWS::SQS::Queue\n"
               "    Properties:\n"
               "      QueueName: jobs-dlq\n")
        .arg(recordFile, QString::fromStdString(lambdadesk::tests::fixturesDir()));
}

class Host {
public:
    Host(const QString& templatePath, const QString& stateDir)
    {
        m_process.start(QString::fromStdString(lambdadesk::tests::fixturesBuildDir() + "/engine_host"), {templatePath, stateDir});
    }
    bool waitReady() { return readLine(10000) == QByteArray("ready"); }
    QByteArray readLine(int timeoutMs)
    {
        while (!m_process.canReadLine()) {
            if (!m_process.waitForReadyRead(timeoutMs))
                return {};
        }
        return m_process.readLine().trimmed();
    }
    void write(const QByteArray& line) { m_process.write(line + '\n'); }
    void kill()
    {
        m_process.kill();  // SIGKILL
        m_process.waitForFinished(5000);
    }
    void quit()
    {
        write("quit");
        m_process.waitForFinished(15000);
    }
    QProcess& process() { return m_process; }

private:
    QProcess m_process;
};

}  // namespace

class TestDurability : public QObject {
    Q_OBJECT

private slots:
    void acknowledgedMessagesSurviveSigkill()
    {
        QTemporaryDir dir;
        const QString recordFile = dir.filePath(QStringLiteral("processed.txt"));
        const QString templatePath = dir.filePath(QStringLiteral("template.yaml"));
        const QString stateDir = dir.filePath(QStringLiteral(".lambdadesk"));
        std::ofstream(templatePath.toStdString()) << templateText(recordFile).toStdString();

        QSet<QByteArray> acknowledged;
        const auto sendSome = [&](Host& host, int from, int to) {
            for (int i = from; i < to; ++i) {
                const QByteArray body = "m" + QByteArray::number(i);
                host.write("send jobs " + body);
                const QByteArray answer = host.readLine(10000);
                if (answer == "ack " + body)
                    acknowledged.insert(body);
            }
        };
        {
            Host host(templatePath, stateDir);
            QVERIFY(host.waitReady());
            sendSome(host, 0, 150);
            // Mid-traffic: more sends in flight on the pipe, batches being processed.
            for (int i = 150; i < 170; ++i)
                host.write("send jobs m" + QByteArray::number(i));
            // The engine's function processes, to check they do not outlive it (wait for the first).
            QList<qint64> children;
            const auto collectChildren = [&] {
                children.clear();
                const QDir tasks(QStringLiteral("/proc/%1/task").arg(host.process().processId()));
                for (const QString& task : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
                    QFile file(tasks.filePath(task) + QStringLiteral("/children"));
                    if (!file.open(QIODevice::ReadOnly))
                        continue;
                    for (const QByteArray& pid : file.readAll().split(' ')) {
                        if (!pid.trimmed().isEmpty())
                            children << pid.trimmed().toLongLong();
                    }
                }
                return !children.isEmpty();
            };
            QTRY_VERIFY_WITH_TIMEOUT(collectChildren(), 10000);
            host.kill();
            // Killed with SIGKILL, the engine cannot stop them; their runtimes notice the Runtime API is
            // gone and exit on their own.
            QTRY_VERIFY_WITH_TIMEOUT(std::none_of(children.begin(), children.end(),
                                                  [](qint64 pid) { return QFile::exists(QStringLiteral("/proc/%1").arg(pid)); }),
                                     10000);
        }
        QVERIFY(acknowledged.size() >= 150);
        // Most of the work was still queued or in flight when the engine died: that is the point.
        QFile early(recordFile);
        const int processedBeforeKill = early.open(QIODevice::ReadOnly) ? static_cast<int>(early.readAll().count('\n')) : 0;
        QVERIFY2(processedBeforeKill < 100, qPrintable(QString::number(processedBeforeKill)));
        {
            Host host(templatePath, stateDir);
            QVERIFY(host.waitReady());
            sendSome(host, 200, 300);
            // Wait until the restarted engine has worked through the queue.
            QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                         host.write("depth jobs");
                                         return host.readLine(5000) == QByteArray("depth 0");
                                     }()),
                                     60000);
            host.quit();
        }

        QSet<QByteArray> accounted;
        QFile processed(recordFile);
        QVERIFY(processed.open(QIODevice::ReadOnly));
        for (const QByteArray& line : processed.readAll().split('\n')) {
            if (!line.isEmpty())
                accounted.insert(line);
        }
        // Whatever is in the DLQ counts as accounted for, too.
        boost::asio::io_context io;
        core::QueueServiceOptions options;
        options.databasePath = QString(stateDir + QStringLiteral("/state.db")).toStdString();
        auto queues = core::QueueService::open(io.get_executor(), options);
        QVERIFY(queues.ok());
        for (;;) {
            core::ReceiveMessageRequest request;
            request.queueUrl = "jobs-dlq";
            request.maxNumberOfMessages = 10;
            request.waitTimeSeconds = 0;
            auto received = (*queues)->receiveMessage(request);
            if (!received || received->messages.empty())
                break;
            for (const auto& message : received->messages)
                accounted.insert(QByteArray::fromStdString(message.body));
        }
        QSet<QByteArray> lost = acknowledged;
        lost.subtract(accounted);
        QVERIFY2(lost.isEmpty(), qPrintable(QStringLiteral("%1 acknowledged messages lost, e.g. %2")
                                                .arg(lost.size())
                                                .arg(lost.isEmpty() ? QString() : QString::fromLatin1(*lost.begin()))));
        qInfo("acknowledged %lld, accounted for %lld (at-least-once: duplicates allowed)",
              static_cast<long long>(acknowledged.size()), static_cast<long long>(accounted.size()));
    }
};

QTEST_GUILESS_MAIN(TestDurability)
#include "tst_durability.moc"
