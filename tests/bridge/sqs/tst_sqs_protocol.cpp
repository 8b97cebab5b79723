// SPDX-License-Identifier: MIT
// SqsHandler without a network: every operation through the query protocol (form in, XML out) and
// through AWS JSON 1.0, reaching the same QueueService, and the error shapes of both. The wire details of
// each protocol and malformed requests are in tst_sqs_wire.cpp.
#include "sqs_test_client.h"

#include <QtTest>

#include <string>

using namespace sqs_test;
using namespace std::string_literals;

class TestSqsProtocol : public QObject {
    Q_OBJECT

private slots:
    void queueLifecycle_data() { addProtocols(); }
    void queueLifecycle()
    {
        const auto protocol = fetchProtocol();
        Fixture fixture;
        const auto url = create(fixture, protocol, "orders", {{"VisibilityTimeout", "45"}});
        QCOMPARE(url, queueUrl("orders"));
        // The same name and attributes give the same URL; other attributes are QueueAlreadyExists.
        QCOMPARE(create(fixture, protocol, "orders", {{"VisibilityTimeout", "45"}}), url);
        auto exists = fixture.call(protocol, "CreateQueue",
                                   {{"QueueName", "orders"}, {"Attributes", {{"VisibilityTimeout", "60"}}}});
        QCOMPARE(exists.status(), 400);
        QCOMPARE(exists.errorCode(), "QueueAlreadyExists"s);
        if (protocol == SqsProtocol::Json)
            QCOMPARE(exists.data["Error"]["JsonType"].get<std::string>(), "com.amazonaws.sqs#QueueNameExists"s);

        create(fixture, protocol, "orders-dlq");
        create(fixture, protocol, "payments");
        QCOMPARE(fixture.call(protocol, "GetQueueUrl", {{"QueueName", "payments"}}).text("QueueUrl"),
                 queueUrl("payments"));

        auto all = fixture.call(protocol, "ListQueues");
        QCOMPARE(all.list("QueueUrls").size(), std::size_t{3});
        auto prefixed = fixture.call(protocol, "ListQueues", {{"QueueNamePrefix", "orders"}});
        QCOMPARE(prefixed.list("QueueUrls"), json::array({queueUrl("orders"), queueUrl("orders-dlq")}));
        auto first = fixture.call(protocol, "ListQueues", {{"MaxResults", 2}});
        QCOMPARE(first.list("QueueUrls").size(), std::size_t{2});
        QVERIFY(!first.text("NextToken").empty());
        auto second = fixture.call(protocol, "ListQueues", {{"MaxResults", 2}, {"NextToken", first.text("NextToken")}});
        QCOMPARE(second.list("QueueUrls"), json::array({queueUrl("payments")}));
        QVERIFY(second.text("NextToken").empty());
        QCOMPARE(fixture.call(protocol, "ListQueues", {{"QueueNamePrefix", "none"}}).list("QueueUrls"), json::array());

        // Any host in a queue URL, an ARN or a bare name reach the same queue.
        QCOMPARE(
            fixture.call(protocol, "PurgeQueue", {{"QueueUrl", "http://elsewhere:9/123456789012/payments"}}).status(),
            200);
        QCOMPARE(fixture.call(protocol, "DeleteQueue", {{"QueueUrl", "payments"}}).status(), 200);
        auto gone = fixture.call(protocol, "GetQueueUrl", {{"QueueName", "payments"}});
        QCOMPARE(gone.status(), 400);
        QCOMPARE(gone.errorCode(), "AWS.SimpleQueueService.NonExistentQueue"s);
        auto recently = fixture.call(protocol, "CreateQueue", {{"QueueName", "payments"}});
        QCOMPARE(recently.errorCode(), "AWS.SimpleQueueService.QueueDeletedRecently"s);
    }

    void queueAttributes_data() { addProtocols(); }
    void queueAttributes()
    {
        const auto protocol = fetchProtocol();
        Fixture fixture;
        const auto url = create(fixture, protocol, "attrs", {{"VisibilityTimeout", "45"}, {"DelaySeconds", "2"}});
        auto all = fixture.call(protocol, "GetQueueAttributes", {{"QueueUrl", url}, {"AttributeNames", {"All"}}});
        QCOMPARE(all.status(), 200);
        QCOMPARE(all.text("/Attributes/VisibilityTimeout"_json_pointer), "45"s);
        QCOMPARE(all.text("/Attributes/DelaySeconds"_json_pointer), "2"s);
        QCOMPARE(all.text("/Attributes/QueueArn"_json_pointer), "arn:aws:sqs:us-east-1:123456789012:attrs"s);
        QCOMPARE(all.text("/Attributes/ApproximateNumberOfMessages"_json_pointer), "0"s);

        QCOMPARE(fixture
                     .call(protocol, "SetQueueAttributes",
                           {{"QueueUrl", url}, {"Attributes", {{"DelaySeconds", "0"}, {"MaximumMessageSize", "2048"}}}})
                     .status(),
                 200);
        auto some = fixture.call(protocol, "GetQueueAttributes",
                                 {{"QueueUrl", url}, {"AttributeNames", {"DelaySeconds", "MaximumMessageSize"}}});
        QCOMPARE(some.data["Attributes"], json::object({{"DelaySeconds", "0"}, {"MaximumMessageSize", "2048"}}));
        // No names, no attributes.
        QVERIFY(!fixture.call(protocol, "GetQueueAttributes", {{"QueueUrl", url}}).data.contains("Attributes"));

        auto unknown =
            fixture.call(protocol, "GetQueueAttributes", {{"QueueUrl", url}, {"AttributeNames", {"Colour"}}});
        QCOMPARE(unknown.status(), 400);
        QCOMPARE(unknown.errorCode(), "InvalidAttributeName"s);
        auto bad = fixture.call(protocol, "SetQueueAttributes",
                                {{"QueueUrl", url}, {"Attributes", {{"VisibilityTimeout", "99999"}}}});
        QCOMPARE(bad.status(), 400);
        QCOMPARE(bad.errorCode(), "InvalidAttributeValue"s);
    }

    void sendReceiveDelete_data() { addProtocols(); }
    void sendReceiveDelete()
    {
        const auto protocol = fetchProtocol();
        Fixture fixture;
        const auto url = create(fixture, protocol, "work");
        auto sent = fixture.call(protocol, "SendMessage", {{"QueueUrl", url}, {"MessageBody", "Test message."}});
        QCOMPARE(sent.status(), 200);
        QCOMPARE(sent.text("MD5OfMessageBody"), "e4e68fb7bd0e697a0ae8f1bb342846b3"s);
        QVERIFY(!sent.text("MessageId").empty());
        QVERIFY(!sent.data.contains("MD5OfMessageAttributes"));
        QVERIFY(!sent.data.contains("SequenceNumber"));

        auto received = fixture.call(protocol, "ReceiveMessage",
                                     {{"QueueUrl", url}, {"AttributeNames", {"All"}}, {"MaxNumberOfMessages", 10}});
        QCOMPARE(received.status(), 200);
        const auto messages = received.list("Messages");
        QCOMPARE(messages.size(), std::size_t{1});
        const auto& message = messages[0];
        QCOMPARE(message["MessageId"].get<std::string>(), sent.text("MessageId"));
        QCOMPARE(message["Body"].get<std::string>(), "Test message."s);
        QCOMPARE(message["MD5OfBody"].get<std::string>(), "e4e68fb7bd0e697a0ae8f1bb342846b3"s);
        QCOMPARE(message["Attributes"]["ApproximateReceiveCount"].get<std::string>(), "1"s);
        QVERIFY(message["Attributes"].contains("SentTimestamp"));
        QVERIFY(message["Attributes"].contains("SenderId"));

        // In flight: nothing to receive; deleted: still nothing once it would be visible again.
        QVERIFY(fixture.call(protocol, "ReceiveMessage", {{"QueueUrl", url}}).list("Messages").empty());
        const auto handle = message["ReceiptHandle"].get<std::string>();
        QCOMPARE(fixture.call(protocol, "DeleteMessage", {{"QueueUrl", url}, {"ReceiptHandle", handle}}).status(), 200);
        auto attributes =
            fixture.call(protocol, "GetQueueAttributes",
                         {{"QueueUrl", url}, {"AttributeNames", {"ApproximateNumberOfMessagesNotVisible"}}});
        QCOMPARE(attributes.text("/Attributes/ApproximateNumberOfMessagesNotVisible"_json_pointer), "0"s);
        auto invalid = fixture.call(protocol, "DeleteMessage", {{"QueueUrl", url}, {"ReceiptHandle", "garbage"}});
        QCOMPARE(invalid.status(), 400);
        QCOMPARE(invalid.errorCode(), "ReceiptHandleIsInvalid"s);
    }

    void messageAttributes_data() { addProtocols(); }
    void messageAttributes()
    {
        const auto protocol = fetchProtocol();
        Fixture fixture;
        const auto url = create(fixture, protocol, "attributed");
        const json attributes = {{"City", {{"DataType", "String"}, {"StringValue", "Any City"}}},
                                 {"Population", {{"DataType", "Number"}, {"StringValue", "1250800"}}},
                                 {"Blob", {{"DataType", "Binary"}, {"BinaryValue", "AAH/"}}}};
        auto sent = fixture.call(protocol, "SendMessage",
                                 {{"QueueUrl", url},
                                  {"MessageBody", "with attributes"},
                                  {"MessageAttributes", attributes},
                                  {"MessageSystemAttributes",
                                   {{"AWSTraceHeader", {{"DataType", "String"}, {"StringValue", "Root=1-5-6"}}}}}});
        QCOMPARE(sent.status(), 200);
        // Worked out independently with the layout in the reference (sorted names, lengths, transport bytes).
        QCOMPARE(sent.text("MD5OfMessageAttributes"), "bad2ef93811f724a4c4d327cdf4628ff"s);
        QVERIFY(!sent.text("MD5OfMessageSystemAttributes").empty());

        auto received = fixture.call(protocol, "ReceiveMessage",
                                     {{"QueueUrl", url},
                                      {"MessageAttributeNames", {"All"}},
                                      {"MessageSystemAttributeNames", {"AWSTraceHeader"}}});
        const auto message = received.list("Messages").at(0);
        QCOMPARE(message["MD5OfMessageAttributes"].get<std::string>(), "bad2ef93811f724a4c4d327cdf4628ff"s);
        QCOMPARE(message["MessageAttributes"], attributes);
        QCOMPARE(message["Attributes"]["AWSTraceHeader"].get<std::string>(), "Root=1-5-6"s);

        // Only the names asked for (a prefix here) come back, with the MD5 of those.
        fixture.call(protocol, "ChangeMessageVisibility",
                     {{"QueueUrl", url}, {"ReceiptHandle", message["ReceiptHandle"]}, {"VisibilityTimeout", 0}});
        auto some = fixture.call(protocol, "ReceiveMessage", {{"QueueUrl", url}, {"MessageAttributeNames", {"Ci.*"}}});
        const auto again = some.list("Messages").at(0);
        QCOMPARE(again["MessageAttributes"], json::object({{"City", attributes["City"]}}));
        QVERIFY(again["MD5OfMessageAttributes"].get<std::string>() != "bad2ef93811f724a4c4d327cdf4628ff");

        auto badType = fixture.call(protocol, "SendMessage",
                                    {{"QueueUrl", url},
                                     {"MessageBody", "x"},
                                     {"MessageAttributes", {{"A", {{"DataType", "Colour"}, {"StringValue", "red"}}}}}});
        QCOMPARE(badType.status(), 400);
        QCOMPARE(badType.errorCode(), "InvalidParameterValue"s);
        auto badBase64 =
            fixture.call(protocol, "SendMessage",
                         {{"QueueUrl", url},
                          {"MessageBody", "x"},
                          {"MessageAttributes", {{"B", {{"DataType", "Binary"}, {"BinaryValue", "!!"}}}}}});
        QCOMPARE(badBase64.errorCode(), "InvalidParameterValue"s);
    }

    void batches_data() { addProtocols(); }
    void batches()
    {
        const auto protocol = fetchProtocol();
        Fixture fixture;
        const auto url = create(fixture, protocol, "batched");
        auto sent =
            fixture.call(protocol, "SendMessageBatch",
                         {{"QueueUrl", url},
                          {"Entries",
                           {{{"Id", "a"}, {"MessageBody", "Test message."}},
                            {{"Id", "b"}, {"MessageBody", "late"}, {"DelaySeconds", 1000}},
                            {{"Id", "c"},
                             {"MessageBody", "attributed"},
                             {"MessageAttributes", {{"k", {{"DataType", "String"}, {"StringValue", "v"}}}}}}}}});
        QCOMPARE(sent.status(), 200);
        const auto successful = sent.list("Successful");
        QCOMPARE(successful.size(), std::size_t{2});
        QCOMPARE(successful[0]["Id"].get<std::string>(), "a"s);
        QCOMPARE(successful[0]["MD5OfMessageBody"].get<std::string>(), "e4e68fb7bd0e697a0ae8f1bb342846b3"s);
        QCOMPARE(successful[1]["Id"].get<std::string>(), "c"s);
        QVERIFY(successful[1].contains("MD5OfMessageAttributes"));
        const auto failed = sent.list("Failed");
        QCOMPARE(failed.size(), std::size_t{1});
        QCOMPARE(failed[0]["Id"].get<std::string>(), "b"s);
        QCOMPARE(failed[0]["Code"].get<std::string>(), "InvalidParameterValue"s);
        QCOMPARE(sent.text("/Failed/0/SenderFault"_json_pointer), "true"s);
        QVERIFY(!failed[0]["Message"].get<std::string>().empty());

        auto received = fixture.call(protocol, "ReceiveMessage", {{"QueueUrl", url}, {"MaxNumberOfMessages", 10}});
        const auto messages = received.list("Messages");
        QCOMPARE(messages.size(), std::size_t{2});
        auto deleted = fixture.call(protocol, "DeleteMessageBatch",
                                    {{"QueueUrl", url},
                                     {"Entries",
                                      {{{"Id", "one"}, {"ReceiptHandle", messages[0]["ReceiptHandle"]}},
                                       {{"Id", "two"}, {"ReceiptHandle", "not-a-handle"}}}}});
        QCOMPARE(deleted.status(), 200);
        QCOMPARE(deleted.list("Successful"), json::array({json::object({{"Id", "one"}})}));
        QCOMPARE(deleted.list("Failed").size(), std::size_t{1});
        QCOMPARE(deleted.text("/Failed/0/Code"_json_pointer), "ReceiptHandleIsInvalid"s);

        auto changed = fixture.call(
            protocol, "ChangeMessageVisibilityBatch",
            {{"QueueUrl", url},
             {"Entries", {{{"Id", "x"}, {"ReceiptHandle", messages[1]["ReceiptHandle"]}, {"VisibilityTimeout", 0}}}}});
        QCOMPARE(changed.status(), 200);
        QCOMPARE(changed.list("Successful"), json::array({json::object({{"Id", "x"}})}));
        QVERIFY(changed.list("Failed").empty());
        QCOMPARE(fixture.call(protocol, "ReceiveMessage", {{"QueueUrl", url}}).list("Messages").size(), std::size_t{1});

        // Request-level problems fail the whole request.
        auto empty = fixture.call(protocol, "SendMessageBatch", {{"QueueUrl", url}, {"Entries", json::array()}});
        QCOMPARE(empty.status(), 400);
        QCOMPARE(empty.errorCode(), "AWS.SimpleQueueService.EmptyBatchRequest"s);
        auto twice =
            fixture.call(protocol, "DeleteMessageBatch",
                         {{"QueueUrl", url},
                          {"Entries", {{{"Id", "d"}, {"ReceiptHandle", "h"}}, {{"Id", "d"}, {"ReceiptHandle", "h"}}}}});
        QCOMPARE(twice.errorCode(), "AWS.SimpleQueueService.BatchEntryIdsNotDistinct"s);
        json eleven = json::array();
        for (int i = 0; i < 11; ++i)
            eleven.push_back({{"Id", "m" + std::to_string(i)}, {"MessageBody", "x"}});
        auto tooMany = fixture.call(protocol, "SendMessageBatch", {{"QueueUrl", url}, {"Entries", eleven}});
        QCOMPARE(tooMany.errorCode(), "AWS.SimpleQueueService.TooManyEntriesInBatchRequest"s);
        const json badEntry = {{"Id", "bad id!"}, {"MessageBody", "x"}};
        auto badId =
            fixture.call(protocol, "SendMessageBatch", {{"QueueUrl", url}, {"Entries", json::array({badEntry})}});
        QCOMPARE(badId.errorCode(), "AWS.SimpleQueueService.InvalidBatchEntryId"s);
        auto noBody = fixture.call(protocol, "SendMessageBatch", {{"QueueUrl", url}, {"Entries", {{{"Id", "a"}}}}});
        QCOMPARE(noBody.errorCode(), "MissingParameter"s);
    }

    void visibility_data() { addProtocols(); }
    void visibility()
    {
        const auto protocol = fetchProtocol();
        Fixture fixture;
        const auto url = create(fixture, protocol, "visible");
        fixture.call(protocol, "SendMessage", {{"QueueUrl", url}, {"MessageBody", "again"}});
        auto first = fixture.call(protocol, "ReceiveMessage", {{"QueueUrl", url}, {"VisibilityTimeout", 600}});
        const auto handle = first.list("Messages").at(0)["ReceiptHandle"].get<std::string>();
        QVERIFY(fixture.call(protocol, "ReceiveMessage", {{"QueueUrl", url}}).list("Messages").empty());
        QCOMPARE(fixture
                     .call(protocol, "ChangeMessageVisibility",
                           {{"QueueUrl", url}, {"ReceiptHandle", handle}, {"VisibilityTimeout", 0}})
                     .status(),
                 200);
        // Visible again; on a standard queue the handle still hides it again (issue 16 §2), and shows it.
        auto hidden = fixture.call(protocol, "ChangeMessageVisibility",
                                   {{"QueueUrl", url}, {"ReceiptHandle", handle}, {"VisibilityTimeout", 10}});
        QCOMPARE(hidden.status(), 200);
        QVERIFY(fixture.call(protocol, "ReceiveMessage", {{"QueueUrl", url}}).list("Messages").empty());
        QCOMPARE(fixture
                     .call(protocol, "ChangeMessageVisibility",
                           {{"QueueUrl", url}, {"ReceiptHandle", handle}, {"VisibilityTimeout", 0}})
                     .status(),
                 200);
        auto second = fixture.call(protocol, "ReceiveMessage",
                                   {{"QueueUrl", url}, {"AttributeNames", {"ApproximateReceiveCount"}}});
        QCOMPARE(second.text("/Messages/0/Attributes/ApproximateReceiveCount"_json_pointer), "2"s);
        QVERIFY(second.text("/Messages/0/ReceiptHandle"_json_pointer) != handle);

        auto outOfRange = fixture.call(protocol, "ChangeMessageVisibility",
                                       {{"QueueUrl", url}, {"ReceiptHandle", handle}, {"VisibilityTimeout", 50000}});
        QCOMPARE(outOfRange.errorCode(), "InvalidParameterValue"s);
        auto missing =
            fixture.call(protocol, "ChangeMessageVisibility", {{"QueueUrl", url}, {"ReceiptHandle", handle}});
        QCOMPARE(missing.errorCode(), "MissingParameter"s);
        QCOMPARE(missing.errorMessage(), "The request must contain the parameter VisibilityTimeout."s);
    }

    void purgeTwice_data() { addProtocols(); }
    void purgeTwice()
    {
        const auto protocol = fetchProtocol();
        Fixture fixture;
        const auto url = create(fixture, protocol, "purged");
        fixture.call(protocol, "SendMessage", {{"QueueUrl", url}, {"MessageBody", "gone soon"}});
        QCOMPARE(fixture.call(protocol, "PurgeQueue", {{"QueueUrl", url}}).status(), 200);
        QVERIFY(fixture.call(protocol, "ReceiveMessage", {{"QueueUrl", url}}).list("Messages").empty());
        auto again = fixture.call(protocol, "PurgeQueue", {{"QueueUrl", url}});
        QCOMPARE(again.status(), 403);
        QCOMPARE(again.errorCode(), "AWS.SimpleQueueService.PurgeQueueInProgress"s);
        QCOMPARE(again.data["Error"]["Type"].get<std::string>(), "Sender"s);
    }

    void fifo_data() { addProtocols(); }
    void fifo()
    {
        const auto protocol = fetchProtocol();
        Fixture fixture;
        const auto url =
            create(fixture, protocol, "jobs.fifo", {{"FifoQueue", "true"}, {"ContentBasedDeduplication", "true"}});
        QCOMPARE(url, queueUrl("jobs.fifo"));
        auto first =
            fixture.call(protocol, "SendMessage", {{"QueueUrl", url}, {"MessageBody", "one"}, {"MessageGroupId", "g"}});
        QCOMPARE(first.status(), 200);
        QVERIFY(!first.text("SequenceNumber").empty());
        auto duplicate =
            fixture.call(protocol, "SendMessage", {{"QueueUrl", url}, {"MessageBody", "one"}, {"MessageGroupId", "g"}});
        QCOMPARE(duplicate.text("MessageId"), first.text("MessageId"));
        fixture.call(
            protocol, "SendMessage",
            {{"QueueUrl", url}, {"MessageBody", "two"}, {"MessageGroupId", "g"}, {"MessageDeduplicationId", "d2"}});
        auto received = fixture.call(
            protocol, "ReceiveMessage",
            {{"QueueUrl", url}, {"MaxNumberOfMessages", 10}, {"AttributeNames", {"MessageGroupId", "SequenceNumber"}}});
        const auto messages = received.list("Messages");
        QCOMPARE(messages.size(), std::size_t{2});
        QCOMPARE(messages[0]["Body"].get<std::string>(), "one"s);
        QCOMPARE(messages[1]["Body"].get<std::string>(), "two"s);
        QCOMPARE(messages[0]["Attributes"]["MessageGroupId"].get<std::string>(), "g"s);

        auto noGroup = fixture.call(protocol, "SendMessage", {{"QueueUrl", url}, {"MessageBody", "three"}});
        QCOMPARE(noGroup.status(), 400);
        QCOMPARE(noGroup.errorCode(), "MissingParameter"s);
        auto delayed =
            fixture.call(protocol, "SendMessage",
                         {{"QueueUrl", url}, {"MessageBody", "x"}, {"MessageGroupId", "g"}, {"DelaySeconds", 5}});
        QCOMPARE(delayed.errorCode(), "InvalidParameterValue"s);
    }

    void longPollAnswersLater_data() { addProtocols(); }
    void longPollAnswersLater()
    {
        const auto protocol = fetchProtocol();
        Fixture fixture;
        const auto url = create(fixture, protocol, "polled");
        // handle() returns at once; the answer comes when the message does.
        auto pending =
            fixture.start(Fixture::request(protocol, "ReceiveMessage", {{"QueueUrl", url}, {"WaitTimeSeconds", 10}}));
        QVERIFY(pending.wait_for(std::chrono::milliseconds(200)) == std::future_status::timeout);
        fixture.call(protocol, "SendMessage", {{"QueueUrl", url}, {"MessageBody", "awaited"}});
        QVERIFY(pending.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
        auto reply = readReply(protocol, pending.get());
        QCOMPARE(reply.text("/Messages/0/Body"_json_pointer), "awaited"s);

        // An empty wait ends with an empty result.
        auto empty = fixture.call(protocol, "ReceiveMessage", {{"QueueUrl", url}, {"WaitTimeSeconds", 1}});
        QCOMPARE(empty.status(), 200);
        QVERIFY(empty.list("Messages").empty());
    }

    void deadLetterQueues_data() { addProtocols(); }
    void deadLetterQueues()
    {
        const auto protocol = fetchProtocol();
        Fixture fixture;
        const auto dlq = create(fixture, protocol, "dead");
        const auto source =
            create(fixture, protocol, "live",
                   {{"RedrivePolicy",
                     R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:dead","maxReceiveCount":1})"}});
        QVERIFY(!source.empty());
        auto sources = fixture.call(protocol, "ListDeadLetterSourceQueues", {{"QueueUrl", dlq}});
        QCOMPARE(sources.status(), 200);
        QCOMPARE(sources.list("queueUrls"), json::array({source}));

        fixture.call(protocol, "SendMessage", {{"QueueUrl", source}, {"MessageBody", "poison"}});
        fixture.call(protocol, "ReceiveMessage", {{"QueueUrl", source}, {"VisibilityTimeout", 0}});
        // The second receive exceeds maxReceiveCount: the message moves to the DLQ instead.
        QVERIFY(fixture.call(protocol, "ReceiveMessage", {{"QueueUrl", source}}).list("Messages").empty());
        auto counted = fixture.call(protocol, "GetQueueAttributes",
                                    {{"QueueUrl", dlq}, {"AttributeNames", {"ApproximateNumberOfMessages"}}});
        QCOMPARE(counted.text("/Attributes/ApproximateNumberOfMessages"_json_pointer), "1"s);

        auto started =
            fixture.call(protocol, "StartMessageMoveTask", {{"SourceArn", "arn:aws:sqs:us-east-1:123456789012:dead"}});
        QCOMPARE(started.status(), 200);
        QVERIFY(!started.text("TaskHandle").empty());
        auto tasks =
            fixture.call(protocol, "ListMessageMoveTasks", {{"SourceArn", "arn:aws:sqs:us-east-1:123456789012:dead"}});
        QCOMPARE(tasks.text("/Results/0/Status"_json_pointer), "COMPLETED"s);
        QCOMPARE(tasks.text("/Results/0/ApproximateNumberOfMessagesMoved"_json_pointer), "1"s);
        QCOMPARE(fixture.call(protocol, "ReceiveMessage", {{"QueueUrl", source}}).text("/Messages/0/Body"_json_pointer),
                 "poison"s);
        auto notDlq =
            fixture.call(protocol, "StartMessageMoveTask", {{"SourceArn", "arn:aws:sqs:us-east-1:123456789012:live"}});
        QCOMPARE(notDlq.errorCode(), "InvalidParameterValue"s);
        auto missing =
            fixture.call(protocol, "StartMessageMoveTask", {{"SourceArn", "arn:aws:sqs:us-east-1:123456789012:nope"}});
        QCOMPARE(missing.status(), 404);
        QCOMPARE(missing.errorCode(), "ResourceNotFoundException"s);
    }

    void tags_data() { addProtocols(); }
    void tags()
    {
        const auto protocol = fetchProtocol();
        Fixture fixture;
        auto created = fixture.call(protocol, "CreateQueue", {{"QueueName", "tagged"}, {"tags", {{"team", "core"}}}});
        const auto url = created.text("QueueUrl");
        QCOMPARE(fixture.call(protocol, "ListQueueTags", {{"QueueUrl", url}}).data["Tags"],
                 json::object({{"team", "core"}}));
        QCOMPARE(
            fixture.call(protocol, "TagQueue", {{"QueueUrl", url}, {"Tags", {{"env", "dev"}, {"cost", "1"}}}}).status(),
            200);
        QCOMPARE(fixture.call(protocol, "UntagQueue", {{"QueueUrl", url}, {"TagKeys", {"cost", "absent"}}}).status(),
                 200);
        QCOMPARE(fixture.call(protocol, "ListQueueTags", {{"QueueUrl", url}}).data["Tags"],
                 json::object({{"env", "dev"}, {"team", "core"}}));
        auto missing = fixture.call(protocol, "TagQueue", {{"QueueUrl", "nope"}, {"Tags", {{"a", "b"}}}});
        QCOMPARE(missing.errorCode(), "AWS.SimpleQueueService.NonExistentQueue"s);
        QVERIFY(!fixture.call(protocol, "ListQueueTags", {{"QueueUrl", create(fixture, protocol, "plain")}})
                     .data.contains("Tags"));
        fixture.call(protocol, "DeleteQueue", {{"QueueUrl", url}});
        QCOMPARE(fixture.call(protocol, "ListQueueTags", {{"QueueUrl", url}}).errorCode(),
                 "AWS.SimpleQueueService.NonExistentQueue"s);
    }

    // Issue 16 §4: AddPermission / RemovePermission write the Policy attribute as SQS does; tag limits.
    void permissionsAndTagLimits_data() { addProtocols(); }
    void permissionsAndTagLimits()
    {
        const auto protocol = fetchProtocol();
        Fixture fixture;
        const auto url = create(fixture, protocol, "shared");
        const std::string arn = "arn:aws:sqs:us-east-1:123456789012:shared";
        QCOMPARE(fixture
                     .call(protocol, "AddPermission",
                           {{"QueueUrl", url}, {"Label", "send"}, {"AWSAccountIds", {"111122223333"}},
                            {"Actions", {"SendMessage"}}})
                     .status(),
                 200);
        QCOMPARE(fixture
                     .call(protocol, "AddPermission",
                           {{"QueueUrl", url}, {"Label", "consume"},
                            {"AWSAccountIds", {"111122223333", "444455556666"}},
                            {"Actions", {"ReceiveMessage", "DeleteMessage"}}})
                     .status(),
                 200);
        const auto policyOf = [&] {
            auto answer = fixture.call(protocol, "GetQueueAttributes", {{"QueueUrl", url}, {"AttributeNames", {"All"}}});
            const auto& attributes = answer.data["Attributes"];
            return attributes.contains("Policy") ? json::parse(attributes["Policy"].get<std::string>()) : json();
        };
        const json expected = {
            {"Version", "2008-10-17"},
            {"Id", arn + "/SQSDefaultPolicy"},
            {"Statement",
             {{{"Sid", "send"},
               {"Effect", "Allow"},
               {"Principal", {{"AWS", "arn:aws:iam::111122223333:root"}}},
               {"Action", "SQS:SendMessage"},
               {"Resource", arn}},
              {{"Sid", "consume"},
               {"Effect", "Allow"},
               {"Principal", {{"AWS", {"arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root"}}}},
               {"Action", {"SQS:ReceiveMessage", "SQS:DeleteMessage"}},
               {"Resource", arn}}}}};
        QCOMPARE(policyOf(), expected);

        const auto add = [&](const std::string& label, json accounts, json actions) {
            return fixture.call(protocol, "AddPermission",
                                {{"QueueUrl", url}, {"Label", label}, {"AWSAccountIds", accounts}, {"Actions", actions}});
        };
        auto duplicate = add("send", {"111122223333"}, {"SendMessage"});
        QCOMPARE(duplicate.status(), 400);
        QCOMPARE(duplicate.errorCode(), "InvalidParameterValue"s);
        QCOMPARE(duplicate.errorMessage(), "Value send for parameter Label is invalid. Reason: Already exists."s);
        auto tooMany = add("many", {"111122223333"},
                           {"SendMessage", "ReceiveMessage", "DeleteMessage", "ChangeMessageVisibility",
                            "GetQueueAttributes", "GetQueueUrl", "PurgeQueue", "ListDeadLetterSourceQueues"});
        QCOMPARE(tooMany.status(), 403);
        QCOMPARE(tooMany.errorCode(), "OverLimit"s);
        QCOMPARE(tooMany.errorMessage(), "8 Actions were found, maximum allowed is 7."s);
        auto ownerOnly = add("owner", {"111122223333"}, {"DeleteQueue"});
        QCOMPARE(ownerOnly.errorCode(), "InvalidParameterValue"s);
        QCOMPARE(ownerOnly.errorMessage(),
                 "Value SQS:DeleteQueue for parameter ActionName is invalid. Reason: Only the queue owner is allowed to "
                 "invoke this action."s);
        QCOMPARE(add("none", {"111122223333"}, json::array()).errorCode(), "MissingParameter"s);
        QCOMPARE(add("nobody", json::array(), {"SendMessage"}).errorMessage(),
                 "Value [] for parameter PrincipalId is invalid. Reason: Unable to verify."s);

        auto unknown = fixture.call(protocol, "RemovePermission", {{"QueueUrl", url}, {"Label", "absent"}});
        QCOMPARE(unknown.errorMessage(),
                 "Value absent for parameter Label is invalid. Reason: can't find label on existing policy."s);
        QCOMPARE(fixture.call(protocol, "RemovePermission", {{"QueueUrl", url}, {"Label", "send"}}).status(), 200);
        QCOMPARE(policyOf()["Statement"].size(), std::size_t(1));
        QCOMPARE(fixture.call(protocol, "RemovePermission", {{"QueueUrl", url}, {"Label", "consume"}}).status(), 200);
        QVERIFY2(policyOf().is_null(), "the last statement takes the Policy attribute with it");

        // Tags: none given, no keys, more than 50 on the queue.
        QCOMPARE(fixture.call(protocol, "TagQueue", {{"QueueUrl", url}, {"Tags", json::object()}}).errorMessage(),
                 "The request must contain the parameter Tags."s);
        auto noKeys = fixture.call(protocol, "UntagQueue", {{"QueueUrl", url}, {"TagKeys", json::array()}});
        QCOMPARE(noKeys.errorCode(), "InvalidParameterValue"s);
        json fifty = json::object();
        for (int i = 0; i < 50; ++i)
            fifty["k" + std::to_string(i)] = "v";
        QCOMPARE(fixture.call(protocol, "TagQueue", {{"QueueUrl", url}, {"Tags", fifty}}).status(), 200);
        auto fiftyOne = fixture.call(protocol, "TagQueue", {{"QueueUrl", url}, {"Tags", {{"one", "more"}}}});
        QCOMPARE(fiftyOne.errorCode(), "InvalidParameterValue"s);
        QCOMPARE(fiftyOne.errorMessage(), "Too many tags added for queue shared."s);
        QCOMPARE(fixture.call(protocol, "ListQueueTags", {{"QueueUrl", url}}).data["Tags"].size(), std::size_t(50));
    }

    void errorShapes_data() { addProtocols(); }
    void errorShapes()
    {
        const auto protocol = fetchProtocol();
        Fixture fixture;
        auto missing =
            fixture.call(protocol, "SendMessage", {{"QueueUrl", queueUrl("nowhere")}, {"MessageBody", "lost"}});
        QCOMPARE(missing.status(), 400);
        QCOMPARE(missing.errorCode(), "AWS.SimpleQueueService.NonExistentQueue"s);
        QCOMPARE(missing.errorMessage(), "The specified queue does not exist."s);
        QCOMPARE(missing.data["Error"]["Type"].get<std::string>(), "Sender"s);
        QCOMPARE(header(missing.http, "x-amzn-RequestId"), std::string(kRequestId));
        if (protocol == SqsProtocol::Json) {
            QCOMPARE(header(missing.http, "Content-Type"), "application/x-amz-json-1.0"s);
            QCOMPARE(header(missing.http, "x-amzn-query-error"), "AWS.SimpleQueueService.NonExistentQueue;Sender"s);
            QCOMPARE(missing.data["Error"]["JsonType"].get<std::string>(), "com.amazonaws.sqs#QueueDoesNotExist"s);
        } else {
            QVERIFY(missing.xmlOk);
            QCOMPARE(missing.data["RequestId"].get<std::string>(), std::string(kRequestId));
            QVERIFY(missing.http.body.find("<ErrorResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\"><Error>"
                                           "<Type>Sender</Type><Code>AWS.SimpleQueueService.NonExistentQueue</Code>") !=
                    std::string::npos);
            QVERIFY(missing.http.body.find("<Detail/></Error><RequestId>") != std::string::npos);
        }

        auto noUrl = fixture.call(protocol, "ReceiveMessage");
        QCOMPARE(noUrl.status(), 400);
        QCOMPARE(noUrl.errorCode(), "MissingParameter"s);
        QCOMPARE(noUrl.errorMessage(), "The request must contain the parameter QueueUrl."s);

        create(fixture, protocol, "errors");
        auto notNumber =
            fixture.call(protocol, "ReceiveMessage", {{"QueueUrl", "errors"}, {"MaxNumberOfMessages", "abc"}});
        QCOMPARE(notNumber.status(), 400);
        QCOMPARE(notNumber.errorCode(), "InvalidParameterValue"s);
        QVERIFY(notNumber.errorMessage().find("MaxNumberOfMessages") != std::string::npos);
        if (protocol == SqsProtocol::Json)
            QCOMPARE(notNumber.data["Error"]["JsonType"].get<std::string>(),
                     "com.amazonaws.sqs#InvalidParameterValueException"s);
        auto tooMany = fixture.call(protocol, "ReceiveMessage", {{"QueueUrl", "errors"}, {"MaxNumberOfMessages", 11}});
        QCOMPARE(
            tooMany.errorMessage(),
            "Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided."s);
        auto badName = fixture.call(protocol, "CreateQueue", {{"QueueName", "no spaces allowed"}});
        QCOMPARE(badName.errorCode(), "InvalidParameterValue"s);

        auto unknown = fixture.call(protocol, "FlyToTheMoon", {{"QueueUrl", "errors"}});
        QCOMPARE(unknown.status(), 400);
        QCOMPARE(unknown.errorCode(), "InvalidAction"s);
        QCOMPARE(unknown.errorMessage(), "The action FlyToTheMoon is not valid for this endpoint."s);
    }
};

QTEST_GUILESS_MAIN(TestSqsProtocol)
#include "tst_sqs_protocol.moc"
