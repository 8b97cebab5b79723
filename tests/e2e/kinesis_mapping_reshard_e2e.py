#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A Lambda event source mapping on a Kinesis stream resharded through the endpoint while records flow (issue 16
§6), with boto3 against a running endpoint (its URL is argv[-1]): a one-shard stream, a mapping from TRIM_HORIZON
with small batches, records put in rounds while the stream is split and then its two children merged (each
reshard waited out as AWS's docs say: the stream is UPDATING for a moment). The function appends every record it
gets to a file; every partition key's records must arrive in the order they were put, each exactly once, and
from the parent, the children and the merged shard. Exits 77 when boto3 is missing."""
import os
import sys
import tempfile
import time

import e2e_support
from e2e_support import zipped

try:
    import boto3
    import botocore
    from botocore.config import Config
except ImportError:
    print(f"SKIP: boto3 is not installed for {sys.executable}")
    sys.exit(77)

ENDPOINT = sys.argv[-1]
ROLE = "arn:aws:iam::123456789012:role/e2e"
STREAM = "e2e-mapped-reshard"
KEYS = [f"key-{i}" for i in range(12)]
ROUNDS = 30  # rounds of len(KEYS) records; the split comes after round 8, the merge after round 18
MIDDLE = str(2**127)

# One write per batch (O_APPEND): lines of concurrent shard pollers never interleave inside a line.
RECORDER = """
import base64, os
def handler(event, context):
    lines = []
    for record in event["Records"]:
        data = base64.b64decode(record["kinesis"]["data"]).decode()
        shard = record["eventID"].split(":")[0]
        lines.append(data + " " + shard + "\\n")
    with open(os.environ["OUT"], "a") as out:
        out.write("".join(lines))
    return {"records": len(lines)}
"""


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def client(service):
    return e2e_support.client(service, ENDPOINT, config=Config(retries={"max_attempts": 1}, read_timeout=30))


def wait_active(kinesis, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = kinesis.describe_stream_summary(StreamName=STREAM)["StreamDescriptionSummary"]["StreamStatus"]
        if status == "ACTIVE":
            return
        time.sleep(0.05)
    raise AssertionError(f"{STREAM} stayed {status}")


def delivered(path):
    if not os.path.exists(path):
        return []
    with open(path) as lines:
        return [line.split() for line in lines if line.strip()]


def main():
    kinesis, lam = client("kinesis"), client("lambda")
    out = os.path.join(tempfile.mkdtemp(prefix="lambdadesk-e2e-"), "delivered.txt")

    kinesis.create_stream(StreamName=STREAM, ShardCount=1)
    wait_active(kinesis)
    arn = kinesis.describe_stream_summary(StreamName=STREAM)["StreamDescriptionSummary"]["StreamARN"]
    lam.create_function(FunctionName="e2e-recorder", Runtime="python3.12", Handler="app.handler", Role=ROLE,
                        Code={"ZipFile": zipped({"app.py": RECORDER})}, Timeout=30,
                        Environment={"Variables": {"OUT": out}})
    lam.get_waiter("function_active_v2").wait(FunctionName="e2e-recorder",
                                              WaiterConfig={"Delay": 1, "MaxAttempts": 20})
    mapping = lam.create_event_source_mapping(FunctionName="e2e-recorder", EventSourceArn=arn,
                                              StartingPosition="TRIM_HORIZON", BatchSize=5)

    sent = {key: 0 for key in KEYS}
    for round_number in range(ROUNDS):
        entries = []
        for key in KEYS:
            entries.append({"PartitionKey": key, "Data": f"{key}:{sent[key]}".encode()})
            sent[key] += 1
        check(kinesis.put_records(StreamName=STREAM, Records=entries)["FailedRecordCount"] == 0, "put_records")
        if round_number == 8:
            kinesis.split_shard(StreamName=STREAM, ShardToSplit="shardId-000000000000", NewStartingHashKey=MIDDLE)
            wait_active(kinesis)
        if round_number == 18:
            kinesis.merge_shards(StreamName=STREAM, ShardToMerge="shardId-000000000001",
                                 AdjacentShardToMerge="shardId-000000000002")
            wait_active(kinesis)
        time.sleep(0.05)
    total = sum(sent.values())

    deadline = time.monotonic() + 90
    lines = delivered(out)
    while len(lines) < total and time.monotonic() < deadline:
        time.sleep(0.2)
        lines = delivered(out)
    time.sleep(1)  # anything delivered twice would show up now
    lines = delivered(out)

    next_of = {key: 0 for key in KEYS}
    shards = set()
    for data, shard in lines:
        key, number = data.split(":")
        check(int(number) == next_of[key], f"{key}: got {number} where {next_of[key]} was due "
                                           f"({'a duplicate or out of order' if int(number) < next_of[key] else 'a gap'})")
        next_of[key] += 1
        shards.add(shard)
    check(next_of == sent, f"delivered {len(lines)} of {total}: per key {next_of} of {sent}")
    check(shards == {"shardId-000000000000", "shardId-000000000001", "shardId-000000000002",
                     "shardId-000000000003"}, f"records came from {sorted(shards)}")

    state = lam.get_event_source_mapping(UUID=mapping["UUID"])["State"]
    check(state == "Enabled", f"the mapping is {state}")
    lam.delete_event_source_mapping(UUID=mapping["UUID"])
    lam.delete_function(FunctionName="e2e-recorder")
    kinesis.delete_stream(StreamName=STREAM)
    print(f"kinesis mapping reshard e2e: ok, {total} records of {len(KEYS)} keys in order through a split and a "
          f"merge (boto3 {boto3.__version__}, botocore {botocore.__version__}, {sys.executable})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
