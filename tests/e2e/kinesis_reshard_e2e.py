#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Kinesis resharding end to end with boto3 against a running endpoint (its URL is argv[1]): split and merge a
stream while records are put, read every shard parents first as a KCL-style reader does (a closed shard ends with
no NextShardIterator) and check each partition key's order; list_shards with ShardFilter and paging; the split and
merge errors; update_shard_count; tags; describe_limits; stream consumers; update_stream_mode.
Exits 77 when boto3 is missing."""
import sys
import time

try:
    import boto3
    import botocore
    from botocore.config import Config
    from botocore.exceptions import ClientError
except ImportError:
    print(f"SKIP: boto3 is not installed for {sys.executable}")
    sys.exit(77)

MIDDLE = str(2**127)


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def expect_error(call, code, fragment=""):
    try:
        call()
    except ClientError as error:
        got = error.response["Error"]["Code"]
        message = error.response["Error"].get("Message", "")
        check(got == code, f"expected {code}, got {got}: {message}")
        check(fragment in message, f"{code} message {message!r} lacks {fragment!r}")
        return message
    raise AssertionError(f"expected {code}, the call succeeded")


def wait_active(client, stream, seconds=10):
    """Polls until a reshard's UPDATING moment is over, as AWS's docs tell a client to (boto3's waiter would
    poll only every 10 s)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = client.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]["StreamStatus"]
        if status == "ACTIVE":
            return
        time.sleep(0.05)
    raise AssertionError(f"{stream} stayed {status}")


def read_to_end(client, stream, shard_id):
    """A closed shard's records, following NextShardIterator until there is none."""
    iterator = client.get_shard_iterator(StreamName=stream, ShardId=shard_id,
                                         ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = []
    for _ in range(100):
        page = client.get_records(ShardIterator=iterator, Limit=7)
        records.extend(page["Records"])
        iterator = page.get("NextShardIterator")
        if not iterator:
            return records, True
        if not page["Records"] and page["MillisBehindLatest"] == 0:
            return records, False  # an open shard, caught up
    raise AssertionError(f"{shard_id} never ended")


def read_lineage(client, stream, shards):
    """Every record, each shard read only after its parents, as Lambda's pollers and the KCL do."""
    done, order = set(), []
    pending = list(shards)
    while pending:
        for shard in list(pending):
            parents = [shard.get("ParentShardId"), shard.get("AdjacentParentShardId")]
            if all(parent is None or parent in done for parent in parents):
                records, ended = read_to_end(client, stream, shard["ShardId"])
                closed = "EndingSequenceNumber" in shard["SequenceNumberRange"]
                check(ended == closed, f"{shard['ShardId']}: closed {closed} but ended {ended}")
                order.extend(records)
                done.add(shard["ShardId"])
                pending.remove(shard)
    return order


def resharding(client):
    stream = "e2e-reshard"
    client.create_stream(StreamName=stream, ShardCount=1)
    client.get_waiter("stream_exists").wait(StreamName=stream, WaiterConfig={"Delay": 1, "MaxAttempts": 10})
    counters = {}

    def put(count):
        entries = []
        for i in range(count):
            key = f"key-{i % 9}"
            counters[key] = counters.get(key, 0) + 1
            entries.append({"PartitionKey": key, "Data": f"{key}:{counters[key] - 1}".encode()})
        check(client.put_records(StreamName=stream, Records=entries)["FailedRecordCount"] == 0, "put_records")

    put(30)
    client.split_shard(StreamName=stream, ShardToSplit="shardId-000000000000", NewStartingHashKey=MIDDLE)
    summary = client.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]
    # As on AWS, the split shows when the stream is ACTIVE again: until then the parent is its one open shard.
    check(summary["StreamStatus"] == "UPDATING" and summary["OpenShardCount"] == 1, str(summary))
    # While it is UPDATING another reshard is refused (its arguments are checked first), and puts go on.
    expect_error(lambda: client.split_shard(StreamName=stream, ShardToSplit="shardId-000000000000",
                                            NewStartingHashKey=MIDDLE),
                 "ResourceInUseException", f"Stream {stream} under account 123456789012 not ACTIVE, instead in "
                 "state UPDATING")
    put(30)
    wait_active(client, stream)
    client.merge_shards(StreamName=stream, ShardToMerge="1", AdjacentShardToMerge="shard-2")
    put(30)
    wait_active(client, stream)

    shards = client.list_shards(StreamName=stream)["Shards"]
    check([s["ShardId"][-1] for s in shards] == ["0", "1", "2", "3"], str(shards))
    check("EndingSequenceNumber" in shards[0]["SequenceNumberRange"], "the split parent is closed")
    check(shards[1]["ParentShardId"] == "shardId-000000000000", str(shards[1]))
    check(shards[1]["HashKeyRange"]["EndingHashKey"] == str(2**127 - 1), str(shards[1]["HashKeyRange"]))
    check(shards[3]["ParentShardId"] == "shardId-000000000001", str(shards[3]))
    check(shards[3]["AdjacentParentShardId"] == "shardId-000000000002", str(shards[3]))
    check("EndingSequenceNumber" not in shards[3]["SequenceNumberRange"], "the merged shard is open")

    records = read_lineage(client, stream, shards)
    check(len(records) == 90, f"read {len(records)} of 90 records")
    seen = {}
    for record in records:
        key, n = record["Data"].decode().split(":")
        check(int(n) == seen.get(key, 0), f"{key} out of order: {n} after {seen.get(key)}")
        seen[key] = int(n) + 1
    check(seen == counters, "every record once")

    latest = client.list_shards(StreamName=stream, ShardFilter={"Type": "AT_LATEST"})["Shards"]
    check([s["ShardId"] for s in latest] == ["shardId-000000000003"], str(latest))
    horizon = client.list_shards(StreamName=stream, ShardFilter={"Type": "AT_TRIM_HORIZON"})["Shards"]
    check([s["ShardId"] for s in horizon] == ["shardId-000000000000"], str(horizon))
    after = client.list_shards(StreamName=stream,
                               ShardFilter={"Type": "AFTER_SHARD_ID", "ShardId": "shardId-000000000001"})["Shards"]
    check([s["ShardId"] for s in after] == ["shardId-000000000002", "shardId-000000000003"], str(after))
    page = client.list_shards(StreamName=stream, MaxResults=3)
    check(len(page["Shards"]) == 3 and "NextToken" in page, "first page of list_shards")
    rest = client.list_shards(NextToken=page["NextToken"], MaxResults=3)
    check([s["ShardId"] for s in rest["Shards"]] == ["shardId-000000000003"] and "NextToken" not in rest, str(rest))

    expect_error(lambda: client.split_shard(StreamName=stream, ShardToSplit="shardId-000000000000",
                                            NewStartingHashKey=MIDDLE),
                 "InvalidArgumentException", "has already been merged or split")
    expect_error(lambda: client.split_shard(StreamName=stream, ShardToSplit="shardId-000000000003",
                                            NewStartingHashKey="1"),
                 "InvalidArgumentException", "is not both greater than one plus the shard's StartingHashKey")
    expect_error(lambda: client.split_shard(StreamName=stream, ShardToSplit="shardId-000000000042",
                                            NewStartingHashKey=MIDDLE), "ResourceNotFoundException")
    expect_error(lambda: client.merge_shards(StreamName=stream, ShardToMerge="shardId-000000000003",
                                             AdjacentShardToMerge="shardId-000000000000"),
                 "InvalidArgumentException")

    scaled = client.update_shard_count(StreamName=stream, TargetShardCount=2, ScalingType="UNIFORM_SCALING")
    check(scaled["CurrentShardCount"] == 1 and scaled["TargetShardCount"] == 2, str(scaled))
    wait_active(client, stream)
    open_shards = client.list_shards(StreamName=stream, ShardFilter={"Type": "AT_LATEST"})["Shards"]
    check(len(open_shards) == 2, str(open_shards))
    expect_error(lambda: client.update_shard_count(StreamName=stream, TargetShardCount=5,
                                                   ScalingType="UNIFORM_SCALING"),
                 "LimitExceededException", "cannot scale up over double")
    client.delete_stream(StreamName=stream)


def bookkeeping(client):
    stream = "e2e-tags"
    client.create_stream(StreamName=stream, ShardCount=1)
    arn = client.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]["StreamARN"]
    client.add_tags_to_stream(StreamName=stream, Tags={"team": "orders", "env": "dev"})
    tags = client.list_tags_for_stream(StreamName=stream)
    check(tags["Tags"] == [{"Key": "env", "Value": "dev"}, {"Key": "team", "Value": "orders"}], str(tags))
    client.remove_tags_from_stream(StreamName=stream, TagKeys=["env"])
    check(len(client.list_tags_for_stream(StreamName=stream)["Tags"]) == 1, "remove_tags_from_stream")
    expect_error(lambda: client.add_tags_to_stream(StreamName=stream, Tags={f"k{i}": "v" for i in range(50)}),
                 "InvalidArgumentException", "cannot have more than 50 tags")

    limits = client.describe_limits()
    check(limits["ShardLimit"] >= limits["OpenShardCount"] >= 1, str(limits))
    check(limits["OnDemandStreamCountLimit"] == 50, str(limits))

    consumer = client.register_stream_consumer(StreamARN=arn, ConsumerName="reader")["Consumer"]
    check(consumer["ConsumerARN"].startswith(arn + "/consumer/reader:"), consumer["ConsumerARN"])
    check(consumer["ConsumerStatus"] in ("CREATING", "ACTIVE"), consumer["ConsumerStatus"])
    described = client.describe_stream_consumer(ConsumerARN=consumer["ConsumerARN"])["ConsumerDescription"]
    check(described["StreamARN"] == arn and described["ConsumerName"] == "reader", str(described))
    listed = client.list_stream_consumers(StreamARN=arn)["Consumers"]
    check([c["ConsumerName"] for c in listed] == ["reader"], str(listed))
    expect_error(lambda: client.register_stream_consumer(StreamARN=arn, ConsumerName="reader"),
                 "ResourceInUseException")
    client.deregister_stream_consumer(StreamARN=arn, ConsumerName="reader")
    check(client.list_stream_consumers(StreamARN=arn)["Consumers"] == [], "deregister_stream_consumer")

    client.update_stream_mode(StreamARN=arn, StreamModeDetails={"StreamMode": "ON_DEMAND"})
    mode = client.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]["StreamModeDetails"]
    check(mode["StreamMode"] == "ON_DEMAND", str(mode))
    wait_active(client, stream)
    # ON_DEMAND streams refuse the provisioned-only APIs.
    expect_error(lambda: client.split_shard(StreamName=stream, ShardToSplit="shardId-000000000000",
                                            NewStartingHashKey=MIDDLE),
                 "ValidationException", "ON_DEMAND capacity mode")
    expect_error(lambda: client.update_shard_count(StreamName=stream, TargetShardCount=2,
                                                   ScalingType="UNIFORM_SCALING"),
                 "ValidationException", "ON_DEMAND capacity mode")
    # GetShardIterator's argument rules and the shard id forms AWS accepts.
    for form in ("shardId-000000000000", "shardId-0", "shard-0", "0"):
        client.get_shard_iterator(StreamName=stream, ShardId=form, ShardIteratorType="TRIM_HORIZON")
    expect_error(lambda: client.get_shard_iterator(StreamName=stream, ShardId="shardId-000000000000",
                                                   ShardIteratorType="AT_SEQUENCE_NUMBER"),
                 "InvalidArgumentException", "Request specified AT_SEQUENCE_NUMBER and no StartingSequenceNumber.")
    expect_error(lambda: client.get_shard_iterator(StreamName=stream, ShardId="shardId-000000000000",
                                                   ShardIteratorType="LATEST", StartingSequenceNumber="1"),
                 "InvalidArgumentException", "Request specified LATEST and also a StartingSequenceNumber.")
    expect_error(lambda: client.get_shard_iterator(StreamName=stream, ShardId="shardId-000000000000",
                                                   ShardIteratorType="AT_TIMESTAMP"),
                 "InvalidArgumentException", "Must specify timestampInMillis parameter for iterator of type "
                 "AT_TIMESTAMP.")
    expect_error(lambda: client.get_shard_iterator(StreamName=stream, ShardId="shardId-x",
                                                   ShardIteratorType="LATEST"),
                 "ResourceNotFoundException", f"Could not find shard shardId-x in stream {stream}")
    expect_error(lambda: client.get_shard_iterator(StreamName=stream, ShardId="7", ShardIteratorType="LATEST"),
                 "ResourceNotFoundException", f"Shard shardId-000000000007 in stream {stream} under account "
                 "123456789012 does not exist")
    client.delete_stream(StreamName=stream)


def main():
    if len(sys.argv) < 2:
        print("usage: kinesis_reshard_e2e.py ENDPOINT_URL")
        return 2
    client = boto3.client("kinesis", endpoint_url=sys.argv[1], region_name="us-east-1",
                          aws_access_key_id="test", aws_secret_access_key="test",
                          config=Config(retries={"max_attempts": 1}))
    resharding(client)
    bookkeeping(client)
    print(f"kinesis reshard e2e: ok (boto3 {boto3.__version__}, botocore {botocore.__version__}, {sys.executable})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
