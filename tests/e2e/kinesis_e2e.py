#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Kinesis end to end with boto3 against a running endpoint (its URL is argv[1]): create a 2-shard stream, wait for
ACTIVE, put_record and put_records (binary data included), list_shards, read everything back in order from
TRIM_HORIZON iterators, and check a missing stream's ResourceNotFoundException. Exits 77 when boto3 is missing."""
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


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def read_shard(client, stream, shard_id):
    iterator = client.get_shard_iterator(StreamName=stream, ShardId=shard_id,
                                         ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = []
    for _ in range(10):  # an empty page can come before the tip is reached
        page = client.get_records(ShardIterator=iterator, Limit=100)
        records.extend(page["Records"])
        iterator = page.get("NextShardIterator")
        if not iterator or page["MillisBehindLatest"] == 0:
            break
    return records


def main():
    if len(sys.argv) < 2:
        print("usage: kinesis_e2e.py ENDPOINT_URL")
        return 2
    client = boto3.client("kinesis", endpoint_url=sys.argv[1], region_name="us-east-1",
                          aws_access_key_id="test", aws_secret_access_key="test",
                          config=Config(retries={"max_attempts": 1}))
    stream = "e2e-orders"
    client.create_stream(StreamName=stream, ShardCount=2)
    deadline = time.monotonic() + 10
    while True:
        summary = client.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]
        if summary["StreamStatus"] == "ACTIVE":
            break
        check(time.monotonic() < deadline, f"stream still {summary['StreamStatus']} after 10 s")
        time.sleep(0.1)
    check(summary["OpenShardCount"] == 2, f"OpenShardCount {summary['OpenShardCount']}")
    check(summary["StreamARN"].endswith(":stream/" + stream), summary["StreamARN"])

    first = b"\x00\x01binary\xff"
    put = client.put_record(StreamName=stream, PartitionKey="k1", Data=first)
    every_byte = bytes(range(256))
    batch = client.put_records(StreamName=stream, Records=[
        {"PartitionKey": "k1", "Data": b"second"},
        {"PartitionKey": "k1", "Data": b"third"},
        {"PartitionKey": "other", "Data": every_byte, "ExplicitHashKey": "0"},
    ])
    check(batch["FailedRecordCount"] == 0, f"FailedRecordCount {batch['FailedRecordCount']}")
    check(all(r["ShardId"] == put["ShardId"] for r in batch["Records"][:2]), "one partition key, two shards")
    check(batch["Records"][2]["ShardId"] == "shardId-000000000000", "ExplicitHashKey 0 is the first shard")

    shards = client.list_shards(StreamName=stream)["Shards"]
    check([s["ShardId"] for s in shards] == ["shardId-000000000000", "shardId-000000000001"], str(shards))
    check(shards[1]["HashKeyRange"]["EndingHashKey"] == str(2**128 - 1), str(shards[1]["HashKeyRange"]))

    records = read_shard(client, stream, put["ShardId"])
    keyed = [r for r in records if r["PartitionKey"] == "k1"]
    check([r["Data"] for r in keyed] == [first, b"second", b"third"], f"read back {[r['Data'] for r in keyed]}")
    check(keyed[0]["SequenceNumber"] == put["SequenceNumber"], "sequence number of the first record")
    sequence_numbers = [int(r["SequenceNumber"]) for r in records]
    check(sequence_numbers == sorted(sequence_numbers), "records out of order")
    check(all(hasattr(r["ApproximateArrivalTimestamp"], "year") for r in records), "arrival timestamps")
    other = [r for r in read_shard(client, stream, "shardId-000000000000") if r["PartitionKey"] == "other"]
    check([r["Data"] for r in other] == [every_byte], "every byte value survives the round trip")

    names = client.list_streams()["StreamNames"]
    check(stream in names, f"list_streams: {names}")
    description = client.describe_stream(StreamName=stream)["StreamDescription"]
    check(len(description["Shards"]) == 2 and not description["HasMoreShards"], "describe_stream shards")

    try:
        client.describe_stream_summary(StreamName="e2e-missing")
        raise AssertionError("describing a missing stream succeeded")
    except ClientError as error:
        code = error.response["Error"]["Code"]
        status = error.response["ResponseMetadata"]["HTTPStatusCode"]
        check(code == "ResourceNotFoundException" and status == 400, f"missing stream: {code} {status}")
        check(isinstance(error, client.exceptions.ResourceNotFoundException), type(error).__name__)

    client.delete_stream(StreamName=stream)
    check(stream not in client.list_streams()["StreamNames"], "stream still listed after delete_stream")
    print(f"kinesis e2e: ok (boto3 {boto3.__version__}, botocore {botocore.__version__}, {sys.executable})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
