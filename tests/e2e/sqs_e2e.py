#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""End-to-end SQS checks with boto3 against a running LambdaDesk endpoint.

    sqs_e2e.py ENDPOINT_URL

Works with old botocore (query protocol, e.g. Debian's boto3 1.26) and new botocore (AWS JSON 1.0,
boto3 >= 1.34.90). Exits 0 on success, 1 with a message on the first failed check, 77 when boto3 is
missing (a skip for ctest).
"""
import hashlib
import struct
import json
import sys
import time

try:
    import boto3
    import botocore
    from botocore.exceptions import ClientError
except ImportError:
    print("boto3 is not installed for %s: skipping" % sys.executable)
    sys.exit(77)


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def md5_of_attributes(attributes):
    digest = hashlib.md5()
    for name in sorted(attributes):
        value = attributes[name]
        data_type = value["DataType"]
        for part in (name.encode(), data_type.encode()):
            digest.update(struct.pack(">I", len(part)) + part)
        if data_type.startswith("Binary"):
            payload = value["BinaryValue"]
            digest.update(b"\x02" + struct.pack(">I", len(payload)) + payload)
        else:
            payload = value["StringValue"].encode()
            digest.update(b"\x01" + struct.pack(">I", len(payload)) + payload)
    return digest.hexdigest()


def expect_error(call, codes, exception_class=None, status=None):
    """Runs `call`, which must raise a ClientError whose code is one of `codes`."""
    try:
        call()
    except ClientError as error:
        code = error.response["Error"]["Code"]
        check(code in codes, "expected error %s, got %s: %s" % (codes, code, error))
        if exception_class is not None:
            check(isinstance(error, exception_class),
                  "expected %s, got %s" % (exception_class.__name__, type(error).__name__))
        if status is not None:
            got = error.response["ResponseMetadata"]["HTTPStatusCode"]
            check(got == status, "expected HTTP %d for %s, got %d" % (status, code, got))
        return error
    raise CheckFailed("expected error %s, but the call succeeded" % (codes,))


def run(endpoint):
    sqs = boto3.client("sqs", endpoint_url=endpoint, region_name="us-east-1",
                       aws_access_key_id="test", aws_secret_access_key="test")
    protocol = sqs.meta.service_model.protocol
    print("boto3 %s / botocore %s speaks %s" % (boto3.__version__, botocore.__version__, protocol))

    # Queues.
    url = sqs.create_queue(QueueName="e2e-standard", Attributes={"VisibilityTimeout": "30"})["QueueUrl"]
    check(url == endpoint + "/123456789012/e2e-standard" or url.endswith("/e2e-standard"), "queue URL " + url)
    check(url.startswith(endpoint), "queue URL %s does not point at the endpoint %s" % (url, endpoint))
    check(sqs.create_queue(QueueName="e2e-standard", Attributes={"VisibilityTimeout": "30"})["QueueUrl"] == url,
          "CreateQueue with the same attributes must return the same URL")
    check(sqs.get_queue_url(QueueName="e2e-standard")["QueueUrl"] == url, "GetQueueUrl")
    check(url in sqs.list_queues(QueueNamePrefix="e2e-").get("QueueUrls", []), "ListQueues")

    # Send, receive, delete; MD5s as the SDKs compute them.
    attributes = {"City": {"DataType": "String", "StringValue": "Any City"},
                  "Blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01\xff"}}
    sent = sqs.send_message(QueueUrl=url, MessageBody="Test message.", MessageAttributes=attributes)
    check(sent["MD5OfMessageBody"] == "e4e68fb7bd0e697a0ae8f1bb342846b3", "MD5OfMessageBody " + str(sent))
    check(sent["MD5OfMessageAttributes"] == md5_of_attributes(attributes), "MD5OfMessageAttributes " + str(sent))
    received = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1,
                                   AttributeNames=["All"], MessageAttributeNames=["All"])
    messages = received.get("Messages", [])
    check(len(messages) == 1, "expected 1 message, got %r" % received)
    message = messages[0]
    check(message["Body"] == "Test message.", "Body")
    check(message["MD5OfBody"] == sent["MD5OfMessageBody"], "MD5OfBody")
    check(message["MessageAttributes"] == attributes, "MessageAttributes %r" % message["MessageAttributes"])
    check(message["Attributes"]["ApproximateReceiveCount"] == "1", "ApproximateReceiveCount")
    check(message["Attributes"]["SentTimestamp"].isdigit(), "SentTimestamp")
    sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    check("Messages" not in sqs.receive_message(QueueUrl=url, WaitTimeSeconds=0), "deleted message came back")

    # Bodies with XML's special and whitespace characters come back unchanged.
    tricky = "<a href=\"x\">&amp; 'q' ]]>\t\r\n\r\u00fc\U0001F600 "
    sqs.send_message(QueueUrl=url, MessageBody=tricky)
    message = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1)["Messages"][0]
    check(message["Body"] == tricky, "body changed on the way: %r" % message["Body"])
    check(message["MD5OfBody"] == hashlib.md5(tricky.encode()).hexdigest(), "MD5OfBody of the tricky body")
    sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])

    # Batches with a failing entry.
    batch = sqs.send_message_batch(QueueUrl=url, Entries=[
        {"Id": "a", "MessageBody": "one"},
        {"Id": "b", "MessageBody": "two", "DelaySeconds": 1000},
        {"Id": "c", "MessageBody": "three"}])
    check(sorted(entry["Id"] for entry in batch.get("Successful", [])) == ["a", "c"], "batch successes %r" % batch)
    failed = batch.get("Failed", [])
    check(len(failed) == 1 and failed[0]["Id"] == "b" and failed[0]["SenderFault"] is True
          and failed[0]["Code"] == "InvalidParameterValue", "batch failures %r" % failed)
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1)["Messages"]
    check(len(messages) == 2, "expected the 2 batch messages, got %d" % len(messages))
    changed = sqs.change_message_visibility_batch(QueueUrl=url, Entries=[
        {"Id": "v", "ReceiptHandle": messages[0]["ReceiptHandle"], "VisibilityTimeout": 0}])
    check([entry["Id"] for entry in changed.get("Successful", [])] == ["v"], "visibility batch %r" % changed)
    deleted = sqs.delete_message_batch(QueueUrl=url, Entries=[
        {"Id": "d1", "ReceiptHandle": messages[1]["ReceiptHandle"]},
        {"Id": "d2", "ReceiptHandle": "not-a-receipt-handle"}])
    check([entry["Id"] for entry in deleted.get("Successful", [])] == ["d1"], "delete batch %r" % deleted)
    check([entry["Id"] for entry in deleted.get("Failed", [])] == ["d2"], "delete batch failures %r" % deleted)

    # Visibility.
    message = sqs.receive_message(QueueUrl=url, VisibilityTimeout=60, WaitTimeSeconds=1)["Messages"][0]
    check("Messages" not in sqs.receive_message(QueueUrl=url), "an in-flight message was received")
    sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0)
    again = sqs.receive_message(QueueUrl=url, AttributeNames=["ApproximateReceiveCount"])["Messages"][0]
    check(again["MessageId"] == message["MessageId"], "visible again after ChangeMessageVisibility 0")
    # Issue 16 §2: on a standard queue an earlier receipt handle still changes the visibility and deletes.
    sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=60)
    check("Messages" not in sqs.receive_message(QueueUrl=url), "hidden again through the earlier handle")
    sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    check(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessagesNotVisible"])
          ["Attributes"]["ApproximateNumberOfMessagesNotVisible"] == "0", "deleted through the earlier handle")
    expect_error(lambda: sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"],
                                                       VisibilityTimeout=5),
                 ("InvalidParameterValue",))

    # Attributes.
    values = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    check(values["VisibilityTimeout"] == "30", "VisibilityTimeout %r" % values)
    check(values["QueueArn"] == "arn:aws:sqs:us-east-1:123456789012:e2e-standard", "QueueArn %r" % values)
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"DelaySeconds": "3"})
    check(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["DelaySeconds"])["Attributes"] ==
          {"DelaySeconds": "3"}, "SetQueueAttributes")
    expect_error(lambda: sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Colour"]),
                 ("InvalidAttributeName",))

    # Purge: once a minute.
    sqs.purge_queue(QueueUrl=url)
    expect_error(lambda: sqs.purge_queue(QueueUrl=url), ("AWS.SimpleQueueService.PurgeQueueInProgress",),
                 sqs.exceptions.PurgeQueueInProgress, 403)

    # Tags.
    sqs.tag_queue(QueueUrl=url, Tags={"team": "core", "env": "dev"})
    sqs.untag_queue(QueueUrl=url, TagKeys=["env"])
    check(sqs.list_queue_tags(QueueUrl=url).get("Tags") == {"team": "core"}, "tags")
    expect_error(lambda: sqs.untag_queue(QueueUrl=url, TagKeys=[]), ("InvalidParameterValue",))
    expect_error(lambda: sqs.tag_queue(QueueUrl=url, Tags={"k%d" % i: "v" for i in range(50)}),
                 ("InvalidParameterValue",))

    # Permissions (issue 16 §4): the Policy attribute as SQS writes it.
    sqs.add_permission(QueueUrl=url, Label="partner", AWSAccountIds=["111122223333"],
                       Actions=["SendMessage", "GetQueueUrl"])
    policy = json.loads(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"])["Attributes"]["Policy"])
    arn = "arn:aws:sqs:us-east-1:123456789012:e2e-standard"
    check(policy == {"Version": "2008-10-17", "Id": arn + "/SQSDefaultPolicy", "Statement": [
        {"Sid": "partner", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
         "Action": ["SQS:SendMessage", "SQS:GetQueueUrl"], "Resource": arn}]}, "policy %r" % policy)
    error = expect_error(lambda: sqs.add_permission(QueueUrl=url, Label="many", AWSAccountIds=["111122223333"],
                                                    Actions=["SendMessage"] * 8), ("OverLimit",), status=403)
    sqs.remove_permission(QueueUrl=url, Label="partner")
    check("Policy" not in sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"],
          "the last statement removed the policy")

    # FIFO.
    fifo = sqs.create_queue(QueueName="e2e.fifo",
                            Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true"})["QueueUrl"]
    first = sqs.send_message(QueueUrl=fifo, MessageBody="first", MessageGroupId="g")
    check(first.get("SequenceNumber"), "FIFO SequenceNumber %r" % first)
    sqs.send_message(QueueUrl=fifo, MessageBody="first", MessageGroupId="g")  # a duplicate
    sqs.send_message(QueueUrl=fifo, MessageBody="second", MessageGroupId="g")
    bodies = [m["Body"] for m in sqs.receive_message(QueueUrl=fifo, MaxNumberOfMessages=10)["Messages"]]
    check(bodies == ["first", "second"], "FIFO order and deduplication: %r" % bodies)
    expect_error(lambda: sqs.send_message(QueueUrl=fifo, MessageBody="no group"), ("MissingParameter",))
    # Issue 16 §3: in a batch a missing group id fails the whole request, and nothing is enqueued.
    error = expect_error(lambda: sqs.send_message_batch(QueueUrl=fifo, Entries=[
        {"Id": "a", "MessageBody": "grouped", "MessageGroupId": "g"},
        {"Id": "b", "MessageBody": "no group"}]), ("InvalidParameterValue",), status=400)
    check(error.response["Error"]["Message"] == "The request must contain the parameter MessageGroupId.",
          "FIFO batch error text %r" % error.response["Error"])
    check(sqs.get_queue_attributes(QueueUrl=fifo, AttributeNames=["ApproximateNumberOfMessages"])["Attributes"]
          ["ApproximateNumberOfMessages"] == "0", "a refused FIFO batch enqueued something")
    error = expect_error(lambda: sqs.create_queue(QueueName="e2e-not-fifo", Attributes={"FifoQueue": "false"}),
                         ("InvalidAttributeName",), status=400)
    check(error.response["Error"]["Message"] == "Unknown Attribute FifoQueue.", "FifoQueue=false %r" % error.response)

    # Dead-letter queues.
    dlq = sqs.create_queue(QueueName="e2e-dlq")["QueueUrl"]
    source = sqs.create_queue(QueueName="e2e-source", Attributes={
        "RedrivePolicy": '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:e2e-dlq","maxReceiveCount":"1"}'
    })["QueueUrl"]
    check(sqs.list_dead_letter_source_queues(QueueUrl=dlq)["queueUrls"] == [source], "ListDeadLetterSourceQueues")
    if hasattr(sqs, "start_message_move_task"):
        sqs.send_message(QueueUrl=source, MessageBody="poison")
        sqs.receive_message(QueueUrl=source, VisibilityTimeout=0)
        check("Messages" not in sqs.receive_message(QueueUrl=source), "the message should be in the DLQ now")
        task = sqs.start_message_move_task(SourceArn="arn:aws:sqs:us-east-1:123456789012:e2e-dlq")
        check(task["TaskHandle"], "TaskHandle")
        results = sqs.list_message_move_tasks(SourceArn="arn:aws:sqs:us-east-1:123456789012:e2e-dlq")["Results"]
        check(results[0]["ApproximateNumberOfMessagesMoved"] == 1, "move task %r" % results)
        check(sqs.receive_message(QueueUrl=source)["Messages"][0]["Body"] == "poison", "redriven message")

    # Errors.
    error = expect_error(lambda: sqs.get_queue_url(QueueName="e2e-missing"),
                         ("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist"),
                         sqs.exceptions.QueueDoesNotExist, 400)
    check(error.response["ResponseMetadata"].get("RequestId"), "errors carry a request id")
    expect_error(lambda: sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=11), ("InvalidParameterValue",),
                 status=400)
    expect_error(lambda: sqs.create_queue(QueueName="e2e-standard", Attributes={"VisibilityTimeout": "31"}),
                 ("QueueAlreadyExists", "QueueNameExists"), sqs.exceptions.QueueNameExists)

    # Long poll: the answer comes when the message does.
    waited = sqs.create_queue(QueueName="e2e-wait")["QueueUrl"]
    started = time.monotonic()
    check("Messages" not in sqs.receive_message(QueueUrl=waited, WaitTimeSeconds=1), "an empty queue gave a message")
    check(time.monotonic() - started >= 0.9, "WaitTimeSeconds=1 returned at once")

    # Message sizes as AWS raised them in August 2025: 1 MiB for a message and for a batch, whatever the client.
    big = sqs.create_queue(QueueName="e2e-1mib")["QueueUrl"]
    size = sqs.get_queue_attributes(QueueUrl=big, AttributeNames=["MaximumMessageSize"])["Attributes"]
    check(size == {"MaximumMessageSize": "1048576"}, "default MaximumMessageSize: %s" % size)
    body = "x" * 1048576
    sqs.send_message(QueueUrl=big, MessageBody=body)
    got = sqs.receive_message(QueueUrl=big, WaitTimeSeconds=1).get("Messages", [])
    check(len(got) == 1 and got[0]["Body"] == body, "a 1,048,576-byte message did not come back whole")
    error = expect_error(lambda: sqs.send_message(QueueUrl=big, MessageBody=body + "x"), ("InvalidParameterValue",))
    check("Message must be shorter than 1048576 bytes." in str(error), "over-size message: %s" % error)
    error = expect_error(lambda: sqs.send_message_batch(QueueUrl=big, Entries=[
        {"Id": "a", "MessageBody": "y" * 600000}, {"Id": "b", "MessageBody": "z" * 600000}]),
        ("BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong"))
    check("cannot be longer than 1048576 bytes. You have sent 1200000 bytes." in str(error), "batch: %s" % error)
    sqs.set_queue_attributes(QueueUrl=big, Attributes={"MaximumMessageSize": "500000"})
    expect_error(lambda: sqs.set_queue_attributes(QueueUrl=big, Attributes={"MaximumMessageSize": "1048577"}),
                 ("InvalidAttributeValue", "InvalidParameterValue"))
    sqs.delete_queue(QueueUrl=big)

    sqs.delete_queue(QueueUrl=url)
    expect_error(lambda: sqs.get_queue_url(QueueName="e2e-standard"),
                 ("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist"), sqs.exceptions.QueueDoesNotExist)
    print("sqs e2e (%s): all checks passed" % protocol)


def main():
    if len(sys.argv) < 2:
        print("usage: %s ENDPOINT_URL" % sys.argv[0])
        return 2
    try:
        run(sys.argv[1].rstrip("/"))
    except CheckFailed as failure:
        print("FAILED: %s" % failure)
        return 1
    except ClientError as error:
        print("FAILED: unexpected AWS error: %s" % error)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
