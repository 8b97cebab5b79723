#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A project whose default region changes between runs, then `lambdadesk-cli list` (issue 16 §5).

    list_regions_e2e.py CLI_PATH

Makes a small project in a temporary folder (a function, a queue, a stream), serves it under us-east-1 and fills a
queue there and one in eu-west-1 with boto3 (plus a function created in eu-west-1), serves it again under
eu-west-1 and finds us-east-1's queue with its message still in us-east-1, then checks what `list` prints under
both default regions. Exits 0 on success, 1 with a message on the first failed check, 77 without boto3.
"""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

import e2e_support
from e2e_support import CheckFailed, check, zipped

try:
    import boto3  # noqa: F401 (e2e_support makes the clients)
except ImportError:
    print("boto3 is not installed for %s: skipping" % sys.executable)
    sys.exit(77)

TEMPLATE = """AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Echo:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: Echo
      Runtime: python3.12
      Handler: app.handler
      CodeUri: echo/
  Orders:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: orders
  Clicks:
    Type: AWS::Kinesis::Stream
    Properties:
      Name: clicks
      ShardCount: 2
"""
CODE = "def handler(event, context):\n    return event\n"


class Serve:
    """`lambdadesk-cli [--region R] serve PROJECT --port 0` until the with-block ends (SIGINT, exit 0 expected)."""

    def __init__(self, cli, project, region):
        self.args = [cli, "--region", region, "serve", project, "--port", "0"]

    def __enter__(self):
        self.process = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        if not line.startswith("ready "):  # stderr is read only then: it stays open while serve runs
            self.process.kill()
            raise CheckFailed("serve did not start: %r %s" % (line, self.process.stderr.read()))
        return line.split()[1]

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGINT)
        status = self.process.wait(timeout=30)
        errors = self.process.stderr.read()
        check(status == 0, "serve exited with %d: %s" % (status, errors))


def queue_url(sqs, name):
    return sqs.get_queue_url(QueueName=name)["QueueUrl"]


def listed(cli, project, *args):
    result = subprocess.run([cli, *args, "list", project, "--json"], capture_output=True, text=True, timeout=60)
    check(result.returncode == 0, "list %s exited %d: %s" % (args, result.returncode, result.stderr))
    return json.loads(result.stdout)


def by_name(items):
    return {item["name"]: item for item in items}


def main():
    cli = sys.argv[1]
    with tempfile.TemporaryDirectory() as project:
        os.mkdir(os.path.join(project, "echo"))
        with open(os.path.join(project, "echo", "app.py"), "w") as f:
            f.write(CODE)
        with open(os.path.join(project, "template.yaml"), "w") as f:
            f.write(TEMPLATE)

        with Serve(cli, project, "us-east-1") as endpoint:
            east = e2e_support.client("sqs", endpoint, "us-east-1")
            east.send_message(QueueUrl=queue_url(east, "orders"), MessageBody="from the first run")
            west = e2e_support.client("sqs", endpoint, "eu-west-1")
            url = west.create_queue(QueueName="west-orders")["QueueUrl"]
            west.send_message(QueueUrl=url, MessageBody="one")
            west.send_message(QueueUrl=url, MessageBody="two")
            e2e_support.client("lambda", endpoint, "eu-west-1").create_function(
                FunctionName="Echo", Runtime="python3.12", Handler="app.handler",
                Role="arn:aws:iam::123456789012:role/any", Code={"ZipFile": zipped({"app.py": CODE})})

        inventory = listed(cli, project)
        check(inventory["defaultRegion"] == "us-east-1", "default region: %s" % inventory)
        regions = {r["region"]: r for r in inventory["regions"]}
        check([r["region"] for r in inventory["regions"]] == ["us-east-1", "eu-west-1"], "regions: %s" % inventory)
        east_queues = by_name(regions["us-east-1"]["queues"])
        check(east_queues["orders"]["visible"] == 1, "us-east-1 orders: %s" % east_queues)
        check(by_name(regions["us-east-1"]["streams"])["clicks"]["openShards"] == 2, "clicks: %s" % regions["us-east-1"])
        check(by_name(regions["us-east-1"]["functions"])["Echo"]["origin"] == "template", "east Echo: %s" % regions)
        check(by_name(regions["eu-west-1"]["queues"])["west-orders"]["visible"] == 2, "west-orders: %s" % regions)
        check(by_name(regions["eu-west-1"]["functions"])["Echo"]["origin"] == "api", "west Echo: %s" % regions)

        # Under another default region nothing moves: us-east-1's queue and stream are still us-east-1's.
        with Serve(cli, project, "eu-west-1") as endpoint:
            east = e2e_support.client("sqs", endpoint, "us-east-1")
            got = east.receive_message(QueueUrl=queue_url(east, "orders"), WaitTimeSeconds=1)
            bodies = [m["Body"] for m in got.get("Messages", [])]
            check(bodies == ["from the first run"], "us-east-1's orders under eu-west-1: %s" % bodies)
            kinesis = e2e_support.client("kinesis", endpoint, "us-east-1")
            summary = kinesis.describe_stream_summary(StreamName="clicks")["StreamDescriptionSummary"]
            check(summary["StreamARN"].startswith("arn:aws:kinesis:us-east-1:"), "clicks: %s" % summary)
            west = e2e_support.client("sqs", endpoint, "eu-west-1")
            names = sorted(u.rsplit("/", 1)[1] for u in west.list_queues().get("QueueUrls", []))
            check(names == ["orders", "west-orders"], "eu-west-1's queues: %s" % names)  # the template's, new
            check(west.get_queue_attributes(QueueUrl=queue_url(west, "orders"), AttributeNames=["All"])
                  ["Attributes"]["ApproximateNumberOfMessages"] == "0", "eu-west-1's orders is not empty")

        moved = listed(cli, project, "--region", "eu-west-1")
        check(moved["defaultRegion"] == "eu-west-1", "default region: %s" % moved)
        check([r["region"] for r in moved["regions"]] == ["eu-west-1", "us-east-1"], "regions: %s" % moved)
        regions = {r["region"]: r for r in moved["regions"]}
        check(by_name(regions["us-east-1"]["queues"])["orders"]["inFlight"] == 1, "east orders: %s" % regions)
        check(regions["us-east-1"]["functions"] == [], "the template's Echo followed the default: %s" % regions)
        check(by_name(regions["eu-west-1"]["functions"])["Echo"]["origin"] == "template", "west Echo: %s" % regions)

        text = subprocess.run([cli, "list", project, "--only-region", "us-east-1"], capture_output=True, text=True)
        check(text.returncode == 0 and "us-east-1 (default region)" in text.stdout and "eu-west-1" not in text.stdout,
              "list --only-region: %s %s" % (text.stdout, text.stderr))
        check(re.search(r"queues +orders +(0 visible, 1 in flight|1 visible)", text.stdout),
              "list text: %s" % text.stdout)
        bad = subprocess.run([cli, "list", project, "--only-region", "EU_WEST"], capture_output=True, text=True)
        check(bad.returncode == 2 and "us-east-1" in bad.stderr, "a bad region: %d %s" % (bad.returncode, bad.stderr))
    print("list regions e2e: ok")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except CheckFailed as failure:
        print("FAILED:", failure)
        sys.exit(1)
