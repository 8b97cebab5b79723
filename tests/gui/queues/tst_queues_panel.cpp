// SPDX-License-Identifier: MIT
// The Queues panel on the demo: Redrive only on a dead-letter queue, the message detail cleared once the
// messages are gone (after a purge, and after the panel's Redrive), Send with attributes and a delay (FIFO fields
// only for a .fifo queue), and a depth chart with readable axes.
#include "core_controller.h"
#include "main_window.h"
#include "queues/queue_messages_model.h"
#include "queues/queues_panel.h"
#include "queues/send_message_dialog.h"
#include "queues/source_models.h"
#include "upstream/http_client.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QValueAxis>
#include <QtTest>

#include <algorithm>
#include <string>
#include <string_view>

using namespace lambdadesk;
using namespace lambdadesk::gui;

class TestQueuesPanel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_folder.isValid());
        m_demo = MainWindow::copyDemoProject(m_folder.path());
        QVERIFY(!m_demo.isEmpty());
    }

    void redriveOnlyOnADeadLetterQueue()
    {
        CoreController controller;
        QVERIFY(controller.openProject(m_demo, nullptr));
        QueuesPanel panel(&controller);
        panel.show();
        QTRY_COMPARE_WITH_TIMEOUT(controller.queues()->rowCount(), 2, 5000);
        auto* redrive = panel.findChild<QPushButton*>(QStringLiteral("redrive"));
        QVERIFY(redrive);
        QVERIFY(panel.selectQueue(QStringLiteral("orders-dev")));
        QVERIFY(panel.deadLetterSources(QStringLiteral("orders-dev")).isEmpty());
        QVERIFY(!redrive->isEnabled());
        QVERIFY(panel.selectQueue(QStringLiteral("orders-dlq-dev")));
        QCOMPARE(panel.deadLetterSources(QStringLiteral("orders-dlq-dev")), QStringList{QStringLiteral("orders-dev")});
        QVERIFY(redrive->isEnabled());
        QVERIFY(panel.selectQueue(QStringLiteral("orders-dev")));
        QVERIFY(!redrive->isEnabled());
    }

    void detailClearedAfterPurge()
    {
        CoreController controller;
        QVERIFY(controller.openProject(m_demo, nullptr));
        QueuesPanel panel(&controller);
        panel.show();
        QTRY_COMPARE_WITH_TIMEOUT(controller.queues()->rowCount(), 2, 5000);
        QVERIFY(panel.selectQueue(QStringLiteral("orders-dlq-dev")));
        bool sent = false;
        controller.sendMessage(QStringLiteral("orders-dlq-dev"), QStringLiteral(R"({"purge":"me"})"),
                               [&](bool ok, const QString& message) {
                                   QVERIFY2(ok, qPrintable(message));
                                   sent = true;
                               });
        QTRY_VERIFY_WITH_TIMEOUT(sent, 5000);
        auto* body = panel.findChild<QPlainTextEdit*>(QStringLiteral("messageBody"));
        QVERIFY(body);
        QTRY_VERIFY_WITH_TIMEOUT(body->toPlainText().contains(QStringLiteral("purge")), 5000);
        bool purged = false;
        controller.purgeQueue(QStringLiteral("orders-dlq-dev"), [&](bool ok, const QString& message) {
            QVERIFY2(ok, qPrintable(message));
            purged = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(purged, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(panel.messages()->rowCount(), 0, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(body->toPlainText().isEmpty(), 5000);
        QVERIFY(!panel.findChild<QLabel*>(QStringLiteral("messageSummary"))->text().contains(u"received"));
    }

    void detailClearedAfterRedrive()
    {
        // A queue whose dead-letter queue takes a message at its second receive, and nothing consuming either:
        // the message reaches the DLQ as on AWS (received too often), so it knows its source and can go back.
        QTemporaryDir folder;
        QVERIFY(QDir(folder.path()).mkpath(QStringLiteral("hello")));
        QFile handler(folder.filePath(QStringLiteral("hello/app.py")));
        QVERIFY(handler.open(QIODevice::WriteOnly));
        handler.write("def handler(event, context):\n    return event\n");
        handler.close();
        QFile project(folder.filePath(QStringLiteral("template.yaml")));
        QVERIFY(project.open(QIODevice::WriteOnly));
        project.write("AWSTemplateFormatVersion: '2010-09-09'\n"
                      "Transform: AWS::Serverless-2016-10-31\n"
                      "Resources:\n"
                      "  Hello:\n"
                      "    Type: AWS::Serverless::Function\n"
                      "    Properties: {Runtime: python3.12, Handler: app.handler, CodeUri: hello/}\n"
                      "  Source:\n"
                      "    Type: AWS::SQS::Queue\n"
                      "    Properties:\n"
                      "      QueueName: redrive-src\n"
                      "      RedrivePolicy: {deadLetterTargetArn: !GetAtt Dead.Arn, maxReceiveCount: 1}\n"
                      "  Dead:\n"
                      "    Type: AWS::SQS::Queue\n"
                      "    Properties: {QueueName: redrive-dlq}\n");
        project.close();
        CoreController controller;
        QString error;
        QVERIFY2(controller.openProject(project.fileName(), &error), qPrintable(error));
        QueuesPanel panel(&controller);
        panel.show();
        QTRY_COMPARE_WITH_TIMEOUT(controller.queues()->rowCount(), 2, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!controller.endpointUrl().isEmpty(), 5000);
        bool sent = false;
        controller.sendMessage(QStringLiteral("redrive-src"), QStringLiteral(R"({"redrive":"me"})"),
                               [&](bool ok, const QString& message) {
                                   QVERIFY2(ok, qPrintable(message));
                                   sent = true;
                               });
        QTRY_VERIFY_WITH_TIMEOUT(sent, 5000);
        // Received twice through the AWS endpoint (SQS's query protocol), with no visibility timeout between.
        const auto server = bridge::parseHttpUrl(controller.endpointUrl().toStdString());
        QVERIFY(server);
        const auto sqs = [&](const std::string& form) {
            core::net::HttpRequest request;
            request.method = "POST";
            request.target = "/";
            request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
            request.body = form + "&Version=2012-11-05";
            auto answer = bridge::sendHttpRequestBlocking(*server, std::move(request));
            return answer ? answer->body : std::string("failed: ") + answer.error().message;
        };
        const auto located = sqs("Action=GetQueueUrl&QueueName=redrive-src");
        const auto from = located.find("<QueueUrl>") + std::string_view("<QueueUrl>").size();
        const auto queueUrl = located.substr(from, located.find("</QueueUrl>") - from);
        QVERIFY2(queueUrl.ends_with("/redrive-src"), located.c_str());
        const auto receive = "Action=ReceiveMessage&VisibilityTimeout=0&WaitTimeSeconds=0&QueueUrl=" + queueUrl;
        QVERIFY2(sqs(receive).find("redrive") != std::string::npos, "the first receive got nothing");
        sqs(receive);  // past maxReceiveCount: moved to the dead-letter queue instead

        QVERIFY(panel.selectQueue(QStringLiteral("redrive-dlq")));
        auto* body = panel.findChild<QPlainTextEdit*>(QStringLiteral("messageBody"));
        QVERIFY(body);
        QTRY_VERIFY_WITH_TIMEOUT(body->toPlainText().contains(QStringLiteral("redrive")), 5000);
        auto* summary = panel.findChild<QLabel*>(QStringLiteral("messageSummary"));
        QVERIFY(summary);

        // The panel's own Redrive button (no confirmation: nothing is lost, the messages move back).
        auto* redrive = panel.findChild<QPushButton*>(QStringLiteral("redrive"));
        QVERIFY(redrive);
        QTRY_VERIFY_WITH_TIMEOUT(redrive->isEnabled(), 5000);
        redrive->click();
        QTRY_COMPARE_WITH_TIMEOUT(panel.messages()->rowCount(), 0, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(body->toPlainText().isEmpty(), 5000);
        QVERIFY(!summary->text().contains(u"received"));
        // It stays cleared: the message is back on its source, not peeked again here.
        QTest::qWait(1500);
        QCOMPARE(panel.messages()->rowCount(), 0);
        QVERIFY(body->toPlainText().isEmpty());
    }

    void queuesOfAnotherRegionAreShownAndFiltered()
    {
        CoreController controller;
        QVERIFY(controller.openProject(m_demo, nullptr));
        QueuesPanel panel(&controller);
        panel.show();
        QTRY_COMPARE_WITH_TIMEOUT(controller.queues()->rowCount(), 2, 5000);
        auto* filter = panel.findChild<QComboBox*>(QStringLiteral("regionFilter"));
        QVERIFY(filter);
        QVERIFY(!filter->isVisible());  // one region: no filter, no region column
        QTRY_VERIFY_WITH_TIMEOUT(!controller.endpointUrl().isEmpty(), 5000);
        const auto server = bridge::parseHttpUrl(controller.endpointUrl().toStdString());
        QVERIFY(server);
        // A client signing for eu-west-1 creates a queue with the demo queue's name there, and sends to it.
        const auto sqs = [&](const std::string& form) {
            core::net::HttpRequest request;
            request.method = "POST";
            request.target = "/";
            request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                               {"Authorization", "AWS4-HMAC-SHA256 Credential=test/20261207/eu-west-1/sqs/aws4_request, "
                                                 "SignedHeaders=host, Signature=0"}};
            request.body = form + "&Version=2012-11-05";
            auto answer = bridge::sendHttpRequestBlocking(*server, std::move(request));
            return answer ? answer->body : std::string("failed: ") + answer.error().message;
        };
        const auto created = sqs("Action=CreateQueue&QueueName=orders-dev");
        QVERIFY2(created.find("<QueueUrl>") != std::string::npos, created.c_str());
        const auto from = created.find("<QueueUrl>") + std::string_view("<QueueUrl>").size();
        const auto url = created.substr(from, created.find("</QueueUrl>") - from);
        sqs("Action=SendMessage&MessageBody=west&QueueUrl=" + url);

        auto* queues = controller.queues();
        QTRY_COMPARE_WITH_TIMEOUT(queues->rowCount(), 3, 5000);
        int west = -1;
        for (int row = 0; row < queues->rowCount(); ++row) {
            if (queues->region(row) == QStringLiteral("eu-west-1"))
                west = row;
        }
        QVERIFY(west >= 0);
        QCOMPARE(queues->name(west), QStringLiteral("orders-dev"));
        QCOMPARE(queues->address(west), QStringLiteral("arn:aws:sqs:eu-west-1:123456789012:orders-dev"));
        QTRY_COMPARE_WITH_TIMEOUT(queues->stats(west).visible, std::int64_t(1), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(filter->isVisible(), 5000);
        QTableView* table = nullptr;
        for (auto* view : panel.findChildren<QTableView*>()) {
            if (view->model() == queues)
                table = view;
        }
        QVERIFY(table);
        QVERIFY(!table->isColumnHidden(QueueListModel::RegionColumn));
        // Choosing a region hides the other region's rows; "All regions" shows them again.
        filter->setCurrentIndex(filter->findText(QStringLiteral("eu-west-1")));
        for (int row = 0; row < queues->rowCount(); ++row)
            QCOMPARE(table->isRowHidden(row), row != west);
        filter->setCurrentIndex(0);
        for (int row = 0; row < queues->rowCount(); ++row)
            QVERIFY(!table->isRowHidden(row));
        // The panel's operations reach the selected region's queue, not the default region's of the same name.
        QVERIFY(panel.selectQueue(queues->address(west)));
        QCOMPARE(panel.selectedQueue(), queues->address(west));
        bool purged = false;
        controller.purgeQueue(panel.selectedQueue(), [&](bool ok, const QString& message) {
            QVERIFY2(ok, qPrintable(message));
            purged = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(purged, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(queues->stats(west).visible, std::int64_t(0), 5000);
    }

    void fifoFieldsOnlyForFifoQueues()
    {
        SendMessageDialog standard(QStringLiteral("orders-dev"));
        QVERIFY(!standard.findChild<QLineEdit*>(QStringLiteral("messageGroupId")));
        QVERIFY(!standard.findChild<QLineEdit*>(QStringLiteral("messageDeduplicationId")));
        QVERIFY(standard.findChild<QSpinBox*>(QStringLiteral("delaySeconds"))->isEnabled());

        SendMessageDialog fifo(QStringLiteral("jobs.fifo"));
        auto* group = fifo.findChild<QLineEdit*>(QStringLiteral("messageGroupId"));
        auto* deduplication = fifo.findChild<QLineEdit*>(QStringLiteral("messageDeduplicationId"));
        QVERIFY(group && deduplication);
        group->setText(QStringLiteral("g-7"));
        deduplication->setText(QStringLiteral("d-1"));
        core::SendMessageRequest request;
        QString error;
        QVERIFY2(fifo.request(&request, &error), qPrintable(error));
        QCOMPARE(request.messageGroupId, std::string("g-7"));
        QCOMPARE(request.messageDeduplicationId, std::string("d-1"));
        group->clear();
        QVERIFY(!fifo.request(&request, &error));
    }

    void sendWithAttributesAndDelay()
    {
        CoreController controller;
        QVERIFY(controller.openProject(m_demo, nullptr));
        SendMessageDialog dialog(QStringLiteral("orders-dlq-dev"));
        dialog.setBody(QStringLiteral(R"({"with":"attributes"})"));
        dialog.addAttribute(QStringLiteral("source"), QStringLiteral("String"), QStringLiteral("test"));
        dialog.addAttribute(QStringLiteral("priority"), QStringLiteral("Number"), QStringLiteral("3"));
        dialog.findChild<QSpinBox*>(QStringLiteral("delaySeconds"))->setValue(60);
        core::SendMessageRequest request;
        QString error;
        QVERIFY2(dialog.request(&request, &error), qPrintable(error));
        dialog.addAttribute(QStringLiteral("half"));  // a name without a value is refused
        core::SendMessageRequest refused;
        QVERIFY(!dialog.request(&refused, &error));
        QVERIFY(error.contains(QStringLiteral("row 3")));

        QString messageId;
        controller.sendMessage(request, [&](bool ok, const QString& message) {
            QVERIFY2(ok, qPrintable(message));
            messageId = message;
        });
        QTRY_VERIFY_WITH_TIMEOUT(!messageId.isEmpty(), 5000);
        CoreController::QueuePeek seen;
        bool done = false;
        controller.peekQueue(QStringLiteral("orders-dlq-dev"), 10,
                             [&](bool ok, const QString& message, const CoreController::QueuePeek& peek) {
                                 QVERIFY2(ok, qPrintable(message));
                                 seen = peek;
                                 done = true;
                             });
        QTRY_VERIFY_WITH_TIMEOUT(done, 5000);
        const auto found = std::find_if(seen.messages.begin(), seen.messages.end(),
                                        [&](const auto& m) { return m.messageId == messageId.toStdString(); });
        QVERIFY(found != seen.messages.end());
        QCOMPARE(found->state, core::PeekedMessage::State::Delayed);
        QCOMPARE(found->messageAttributes.at("source").stringValue, std::string("test"));
        QCOMPARE(found->messageAttributes.at("priority").dataType, std::string("Number"));
    }

    void depthChartAxesAreReadable()
    {
        CoreController controller;
        QVERIFY(controller.openProject(m_demo, nullptr));
        QueuesPanel panel(&controller);
        panel.resize(1000, 320);
        panel.show();
        QTRY_VERIFY_WITH_TIMEOUT(!panel.depthHistory().samples(QStringLiteral("orders-dev")).empty(), 5000);
        auto* view = panel.findChild<QChartView*>(QStringLiteral("depthChart"));
        QVERIFY(view);
        // The panel shrinks with its dock: Qt Charts keeps only the chart's own small minimum.
        QVERIFY2(view->minimumHeight() <= 120 && view->minimumWidth() <= 200,
                 qPrintable(QStringLiteral("%1×%2").arg(view->minimumWidth()).arg(view->minimumHeight())));
        for (auto* axis : view->chart()->axes()) {
            auto* values = qobject_cast<QValueAxis*>(axis);
            QVERIFY(values);
            QVERIFY2(values->labelsFont().pointSizeF() >= panel.font().pointSizeF(),
                     qPrintable(QString::number(values->labelsFont().pointSizeF())));
            if (values->orientation() == Qt::Horizontal) {
                const double labels = (values->max() - values->min()) / values->tickInterval();
                QVERIFY2(labels >= 2 && labels <= 6, qPrintable(QString::number(labels)));
            } else {
                QVERIFY(values->tickCount() <= 6);
            }
        }
    }

private:
    QTemporaryDir m_folder;
    QString m_demo;
};

QTEST_MAIN(TestQueuesPanel)
#include "tst_queues_panel.moc"
