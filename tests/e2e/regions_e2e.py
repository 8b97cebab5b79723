#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Two regions side by side, with boto3 against a running LambdaDesk endpoint (issue 16 §5).

    regions_e2e.py ENDPOINT_URL

Each region has its own queues and streams, chosen by the region the client signs for: the same name lives in
two regions, listings and GetQueueUrl see only their region, ARNs carry it, messages and records stay in it. A
request signed for no region reaches the endpoint's default region, which LAMBDADESK_EXPECT_DEFAULT_REGION names
(us-east-1 unless the endpoint was started with --region). Exits 0 on success, 1 with a message on the first
failed check, 77 when boto3 is missing (a skip for ctest).
"""
import json
import os
import sys
import time
import urllib.parse
import urllib.request

import e2e_support
from e2e_support import CheckFailed, check, zipped

try:
    import boto3  # noqa: F401 (e2e_support makes the clients)
    from botocore.exceptions import ClientError
except ImportError:
    print("boto3 is not installed for %s: skipping" % sys.executable)
    sys.exit(77)

ACCOUNT = "123456789012"


def client(service, endpoint, region):
    return e2e_support.client(service, endpoint, region)


def queue_names(sqs):
    return sorted(url.rsplit("/", 1)[1] for url in sqs.list_queues().get("QueueUrls", []))


def queues_side_by_side(endpoint):
    east, west = client("sqs", endpoint, "us-east-1"), client("sqs", endpoint, "eu-west-1")
    east_url = east.create_queue(QueueName="orders")["QueueUrl"]
    west_url = west.create_queue(QueueName="orders")["QueueUrl"]
    west.create_queue(QueueName="only-west")
    check(queue_names(west) == ["only-west", "orders"], "eu-west-1 lists %s" % queue_names(west))
    check("only-west" not in queue_names(east), "us-east-1 lists eu-west-1's queue: %s" % queue_names(east))
    for sqs, region, url in ((east, "us-east-1", east_url), (west, "eu-west-1", west_url)):
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        check(arn == "arn:aws:sqs:%s:%s:orders" % (region, ACCOUNT), "%s's queue ARN is %s" % (region, arn))

    west.send_message(QueueUrl=west_url, MessageBody="for the west")
    got_east = east.receive_message(QueueUrl=east_url, WaitTimeSeconds=0).get("Messages", [])
    check(got_east == [], "a message sent in eu-west-1 reached us-east-1's queue of the same name")
    got_west = west.receive_message(QueueUrl=west_url, WaitTimeSeconds=0).get("Messages", [])
    check([m["Body"] for m in got_west] == ["for the west"], "eu-west-1 received %s" % got_west)

    # The wrong region: AWS's error, and a message saying where the queue is.
    try:
        east.get_queue_url(QueueName="only-west")
        raise CheckFailed("us-east-1 found eu-west-1's queue")
    except ClientError as error:
        check(error.response["Error"]["Code"] in ("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist"),
              "wrong-region GetQueueUrl: %s" % error.response["Error"])
        message = error.response["Error"]["Message"]
        check("eu-west-1" in message and "us-east-1" in message, "the error does not say where: %s" % message)

    # Deleting in one region leaves the other's queue of the same name.
    east.delete_queue(QueueUrl=east_url)
    check("orders" in queue_names(west), "deleting us-east-1's orders deleted eu-west-1's")


def streams_side_by_side(endpoint):
    east, west = client("kinesis", endpoint, "us-east-1"), client("kinesis", endpoint, "eu-west-1")
    east.create_stream(StreamName="clicks", ShardCount=1)
    west.create_stream(StreamName="clicks", ShardCount=3)
    for kinesis, region, shards in ((east, "us-east-1", 1), (west, "eu-west-1", 3)):
        summary = kinesis.describe_stream_summary(StreamName="clicks")["StreamDescriptionSummary"]
        check(summary["StreamARN"] == "arn:aws:kinesis:%s:%s:stream/clicks" % (region, ACCOUNT),
              "%s's stream ARN is %s" % (region, summary["StreamARN"]))
        check(summary["OpenShardCount"] == shards, "%s's stream has %s shards" % (region, summary["OpenShardCount"]))
    west.create_stream(StreamName="only-west", ShardCount=1)
    check("only-west" not in east.list_streams()["StreamNames"], "us-east-1 lists eu-west-1's stream")
    west.put_record(StreamName="clicks", Data=b"west", PartitionKey="k")
    shard = east.list_shards(StreamName="clicks")["Shards"][0]["ShardId"]
    iterator = east.get_shard_iterator(StreamName="clicks", ShardId=shard,
                                       ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    check(east.get_records(ShardIterator=iterator)["Records"] == [], "a record put in eu-west-1 reached us-east-1")


# Reports its region and the records' regions into its region's "seen" queue, through the SDK (AWS_ENDPOINT_URL).
REPORTER = '''
import json, os
def handler(event, context):
    regions = sorted({r.get("awsRegion") for r in event.get("Records", [])})
    if not regions:  # a direct invoke: only say where it runs
        return {"region": os.environ["AWS_REGION"], "records": []}
    try:
        import boto3
    except ImportError:
        return {"region": os.environ["AWS_REGION"], "records": regions, "skipped": "no boto3 in the function's python"}
    sqs = boto3.client("sqs", endpoint_url=os.environ["AWS_ENDPOINT_URL"], region_name=os.environ["AWS_REGION"])
    url = sqs.get_queue_url(QueueName="seen")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"region": os.environ["AWS_REGION"], "records": regions}))
    return {"region": os.environ["AWS_REGION"], "records": regions}
'''


def functions_and_mappings_per_region(endpoint):
    east, west = client("lambda", endpoint, "us-east-1"), client("lambda", endpoint, "eu-west-1")
    created = west.create_function(FunctionName="west-reporter", Runtime="python3.12", Handler="app.handler",
                                   Role="arn:aws:iam::%s:role/any" % ACCOUNT,
                                   Code={"ZipFile": zipped({"app.py": REPORTER})})
    check(created["FunctionArn"] == "arn:aws:lambda:eu-west-1:%s:function:west-reporter" % ACCOUNT,
          "the function's ARN is %s" % created["FunctionArn"])
    names = lambda lam: [f["FunctionName"] for f in lam.list_functions()["Functions"]]
    check("west-reporter" in names(west), "eu-west-1 does not list its function: %s" % names(west))
    check("west-reporter" not in names(east), "us-east-1 lists eu-west-1's function: %s" % names(east))
    try:
        east.get_function(FunctionName="west-reporter")
        raise CheckFailed("us-east-1 found eu-west-1's function")
    except ClientError as error:
        check(error.response["Error"]["Code"] == "ResourceNotFoundException", "wrong-region GetFunction: %s" % error)
        check("eu-west-1" in error.response["Error"]["Message"], "the error does not say where: %s" % error)
    answer = json.load(west.invoke(FunctionName="west-reporter", Payload=b"{}")["Payload"])
    check(answer["region"] == "eu-west-1", "the function ran with AWS_REGION %s" % answer)

    # The same name in us-east-1 is another function; each region reaches its own.
    twin = east.create_function(FunctionName="west-reporter", Runtime="python3.12", Handler="app.handler",
                                Role="arn:aws:iam::%s:role/any" % ACCOUNT,
                                Code={"ZipFile": zipped({"app.py": REPORTER})})
    check(twin["FunctionArn"] == "arn:aws:lambda:us-east-1:%s:function:west-reporter" % ACCOUNT,
          "the twin's ARN is %s" % twin["FunctionArn"])
    for lam, region in ((east, "us-east-1"), (west, "eu-west-1")):
        ran = json.load(lam.invoke(FunctionName="west-reporter", Payload=b"{}")["Payload"])
        check(ran["region"] == region, "%s's west-reporter ran in %s" % (region, ran))
        listed = [f["FunctionArn"] for f in lam.list_functions()["Functions"] if f["FunctionName"] == "west-reporter"]
        check(listed == ["arn:aws:lambda:%s:%s:function:west-reporter" % (region, ACCOUNT)],
              "%s lists %s" % (region, listed))
    east.delete_function(FunctionName="west-reporter")

    # A mapping on eu-west-1's queue: its events carry awsRegion eu-west-1, and the function's SDK stays there.
    west_sqs, east_sqs = client("sqs", endpoint, "eu-west-1"), client("sqs", endpoint, "us-east-1")
    source = west_sqs.create_queue(QueueName="regional-source")["QueueUrl"]
    seen = west_sqs.create_queue(QueueName="seen")["QueueUrl"]
    east_sqs.create_queue(QueueName="seen")
    source_arn = west_sqs.get_queue_attributes(QueueUrl=source, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    mapping = west.create_event_source_mapping(FunctionName="west-reporter", EventSourceArn=source_arn, BatchSize=1)
    check(mapping["FunctionArn"] == created["FunctionArn"], "the mapping's function is %s" % mapping["FunctionArn"])
    uuids = lambda lam: [m["UUID"] for m in lam.list_event_source_mappings()["EventSourceMappings"]]
    check(mapping["UUID"] in uuids(west), "eu-west-1 does not list its mapping")
    check(mapping["UUID"] not in uuids(east), "us-east-1 lists eu-west-1's mapping")
    west_sqs.send_message(QueueUrl=source, MessageBody="hello west")
    deadline = time.time() + 30
    reports = []
    while time.time() < deadline and not reports:
        reports = west_sqs.receive_message(QueueUrl=seen, WaitTimeSeconds=1).get("Messages", [])
    if not reports and "skipped" in answer:
        return
    check(reports, "the mapping's function reported nothing within 30 s")
    report = json.loads(reports[0]["Body"])
    check(report == {"region": "eu-west-1", "records": ["eu-west-1"]}, "the mapping's invocation saw %s" % report)
    east_seen = east_sqs.get_queue_url(QueueName="seen")["QueueUrl"]
    check(east_sqs.receive_message(QueueUrl=east_seen, WaitTimeSeconds=0).get("Messages", []) == [],
          "the function's SDK call left its region")
    west.delete_event_source_mapping(UUID=mapping["UUID"])
    west.delete_function(FunctionName="west-reporter")


def unsigned_requests_reach_the_default_region(endpoint):
    expected = os.environ.get("LAMBDADESK_EXPECT_DEFAULT_REGION", "us-east-1")
    form = urllib.parse.urlencode({"Action": "CreateQueue", "QueueName": "unsigned", "Version": "2012-11-05"})
    with urllib.request.urlopen(urllib.request.Request(endpoint + "/", data=form.encode())) as response:
        check(response.status == 200, "unsigned CreateQueue answered %s" % response.status)
    arn = client("sqs", endpoint, expected).get_queue_attributes(
        QueueUrl=endpoint + "/%s/unsigned" % ACCOUNT, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    check(arn == "arn:aws:sqs:%s:%s:unsigned" % (expected, ACCOUNT), "the unsigned request's queue is %s" % arn)
    with urllib.request.urlopen(endpoint + "/_lambdadesk/health") as response:
        health = json.load(response)
    check(health["regions"][0] == expected and "eu-west-1" in health["regions"],
          "health lists regions %s" % health.get("regions"))


def main():
    endpoint = sys.argv[1]
    try:
        queues_side_by_side(endpoint)
        streams_side_by_side(endpoint)
        functions_and_mappings_per_region(endpoint)
        unsigned_requests_reach_the_default_region(endpoint)
    except CheckFailed as failure:
        print("FAILED:", failure)
        return 1
    print("regions e2e: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
