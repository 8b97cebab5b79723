#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A function's own SDK calls, written as AWS's examples write them (a client created with no endpoint), reach
LambdaDesk's endpoint: the message a function sends arrives in the local queue. Run by with_endpoint.sh
(endpoint URL = argv[-1]).

Usage: function_sdk_e2e.py python old|new ENDPOINT   Python functions; the runtime's interpreter
                                                      (LAMBDADESK_PYTHON) must have a botocore older than 1.31
                                                      (old: the loop gives it AWS_ENDPOINT_URL) or newer (new)
       function_sdk_e2e.py node ENDPOINT              Node functions with the bundled AWS SDK for JavaScript v3
Exit 77 = skipped (no boto3 for this python, or the runtime's interpreter lacks what the case needs).
"""
import base64
import json
import sys

import e2e_support
from e2e_support import zipped

try:
    import boto3
    from botocore.config import Config
except ImportError:
    print("boto3 is not installed for", sys.executable, "- skipping")
    sys.exit(77)

ENDPOINT = sys.argv[-1]
ROLE = "arn:aws:iam::123456789012:role/e2e"
CONFIG = Config(retries={"max_attempts": 1}, read_timeout=60)
PATCH_LINE = "predates AWS_ENDPOINT_URL"
WARNING = "a real AWS host"

# As in AWS's "Using Lambda with Amazon SQS" examples: the client is made once, at INIT, with no endpoint.
PYTHON_SENDER = """
import os
import boto3
import botocore

sqs = boto3.client("sqs")

def handler(event, context):
    if ".amazonaws.com" in sqs.meta.endpoint_url:  # the test's guard: were the loop broken, nothing leaves
        raise RuntimeError("botocore %s would call AWS: %s" % (botocore.__version__, sqs.meta.endpoint_url))
    sqs.send_message(QueueUrl=os.environ["QUEUE_URL"], MessageBody=event["body"])
    return {"botocore": botocore.__version__, "endpoint": sqs.meta.endpoint_url}
"""
# No endpoint anywhere (AWS_ENDPOINT_URL emptied by the function's own variables): the client is left on AWS's
# host, which its log must say. No call is made, so nothing leaves the machine.
PYTHON_STRANDED = """
import boto3

def handler(event, context):
    return {"endpoint": boto3.client("sqs").meta.endpoint_url}
"""
NODE_SENDER_ESM = """
import { SQSClient, SendMessageCommand } from "@aws-sdk/client-sqs";

const client = new SQSClient({});

export const handler = async (event) => {
  await client.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: event.body }));
  return { sdk: import.meta.resolve("@aws-sdk/client-sqs") };
};
"""
NODE_SENDER_CJS = """
const { SQSClient, SendMessageCommand } = require("@aws-sdk/client-sqs");

const client = new SQSClient({});

exports.handler = async (event) => {
  await client.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: event.body }));
  return { sdk: require.resolve("@aws-sdk/client-sqs") };
};
"""
# The function's own copy of a package wins over the bundled one, from CommonJS and from an ES module.
OWN_PACKAGE = {
    "node_modules/@aws-sdk/client-sqs/package.json": json.dumps(
        {"name": "@aws-sdk/client-sqs", "version": "0.0.1-own", "main": "index.js"}),
    "node_modules/@aws-sdk/client-sqs/index.js": "exports.marker = 'the function\\'s own copy';\n",
}
NODE_OWN_CJS = """
exports.handler = async () => ({ marker: require("@aws-sdk/client-sqs").marker,
                                 kinesis: typeof require("@aws-sdk/client-kinesis").KinesisClient });
"""
NODE_OWN_ESM = """
import sqs from "@aws-sdk/client-sqs";
import { KinesisClient } from "@aws-sdk/client-kinesis";
export const handler = async () => ({ marker: sqs.marker, kinesis: typeof KinesisClient });
"""
# A client sent to AWS's host (no AWS_ENDPOINT_URL): its request is reported in the log. The agent's lookup
# sends the connection to 127.0.0.1:443 (refused), so the request never leaves the machine.
NODE_STRANDED = """
const https = require("https");
const { SQSClient, ListQueuesCommand } = require("@aws-sdk/client-sqs");
const { NodeHttpHandler } = require("@smithy/node-http-handler");

const lookup = (host, options, callback) =>
  options && options.all ? callback(null, [{ address: "127.0.0.1", family: 4 }]) : callback(null, "127.0.0.1", 4);
const client = new SQSClient({
  maxAttempts: 1,
  requestHandler: new NodeHttpHandler({ httpsAgent: new https.Agent({ lookup }) }),
});

exports.handler = async () => {
  try {
    await client.send(new ListQueuesCommand({}));
    return { failed: false };
  } catch (error) {
    return { failed: true, error: String(error.message || error) };
  }
};
"""


def client(service):
    return e2e_support.client(service, ENDPOINT, config=CONFIG)


def create(lam, name, runtime, handler, files, variables):
    lam.create_function(FunctionName=name, Runtime=runtime, Handler=handler, Role=ROLE, Timeout=30,
                        Code={"ZipFile": zipped(files)}, Environment={"Variables": variables})


def invoke(lam, name, event):
    """(payload, log tail) of a synchronous invoke; fails on a function error."""
    answer = lam.invoke(FunctionName=name, Payload=json.dumps(event), LogType="Tail")
    payload = json.loads(answer["Payload"].read())
    log = base64.b64decode(answer.get("LogResult", "")).decode("utf-8", "replace")
    assert "FunctionError" not in answer, "%s failed: %s\n%s" % (name, payload, log)
    return payload, log


def received(sqs, queue, expected_count):
    bodies = []
    for _ in range(10):
        for message in sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", []):
            bodies.append(message["Body"])
            sqs.delete_message(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"])
        if len(bodies) >= expected_count:
            break
    return bodies


def python_case(expect):
    lam, sqs = client("lambda"), client("sqs")
    queue = sqs.create_queue(QueueName="fn-sdk-python")["QueueUrl"]
    create(lam, "sdk-python-sender", "python3.12", "app.handler", {"app.py": PYTHON_SENDER}, {"QUEUE_URL": queue})
    answer = lam.invoke(FunctionName="sdk-python-sender", Payload=json.dumps({"body": "from python"}), LogType="Tail")
    payload = json.loads(answer["Payload"].read())
    log = base64.b64decode(answer.get("LogResult", "")).decode("utf-8", "replace")
    if answer.get("FunctionError") and "No module named 'boto3'" in json.dumps(payload):
        print("the runtime's python has no boto3 - skipping:", payload)
        sys.exit(77)
    assert "FunctionError" not in answer, "the sender failed: %s\n%s" % (payload, log)
    version = tuple(int(part) for part in payload["botocore"].split(".")[:2])
    old = version < (1, 31)
    print("function's botocore", payload["botocore"], "client endpoint", payload["endpoint"])
    if (expect == "old") != old:
        print("the runtime's python has botocore %s, this case needs %s (set LAMBDADESK_PYTHON) - skipping"
              % (payload["botocore"], "< 1.31" if expect == "old" else ">= 1.31"))
        sys.exit(77)
    assert payload["endpoint"] == ENDPOINT, "the client should use AWS_ENDPOINT_URL: %s" % payload
    assert received(sqs, queue, 1) == ["from python"], "the function's message did not reach the local queue"
    patch_lines = [line for line in log.splitlines() if PATCH_LINE in line]
    if old:
        assert len(patch_lines) == 1 and ENDPOINT in patch_lines[0], \
            "botocore %s: the log should name the endpoint once: %s" % (payload["botocore"], log)
    else:
        assert not patch_lines, "botocore %s honours AWS_ENDPOINT_URL itself: %s" % (payload["botocore"], log)
    assert WARNING not in log, log

    # Warm: the same client, no second line.
    payload, log = invoke(lam, "sdk-python-sender", {"body": "again"})
    assert received(sqs, queue, 1) == ["again"]
    assert PATCH_LINE not in log, log

    create(lam, "sdk-python-stranded", "python3.12", "app.handler", {"app.py": PYTHON_STRANDED},
           {"AWS_ENDPOINT_URL": ""})
    payload, log = invoke(lam, "sdk-python-stranded", {})
    assert payload["endpoint"] == "https://sqs.us-east-1.amazonaws.com", payload
    warnings = [line for line in log.splitlines() if WARNING in line]
    assert len(warnings) == 1 and "AWS_ENDPOINT_URL" in warnings[0] and "sqs.us-east-1.amazonaws.com" in warnings[0], log
    print(warnings[0])

# An HTTP/2 client, opened as the SDK's NodeHttp2Handler opens one (Kinesis, event streams): the host is resolved
# to 127.0.0.1 so the session fails at once, after the loop had a chance to see where it was going.
NODE_STRANDED_HTTP2 = """
const http2 = require("http2");

const lookup = (host, options, callback) =>
  options && options.all ? callback(null, [{ address: "127.0.0.1", family: 4 }]) : callback(null, "127.0.0.1", 4);

exports.handler = () =>
  new Promise((resolve) => {
    const session = http2.connect("https://kinesis.us-east-1.amazonaws.com", { lookup });
    const timer = setTimeout(() => { session.destroy(); resolve({ failed: true, error: "no answer" }); }, 3000);
    session.on("error", (error) => { clearTimeout(timer); resolve({ failed: true, error: String(error.message) }); });
  });
"""


def node_case():
    lam, sqs = client("lambda"), client("sqs")
    queue = sqs.create_queue(QueueName="fn-sdk-node")["QueueUrl"]
    create(lam, "sdk-node-esm", "nodejs22.x", "index.handler", {"index.mjs": NODE_SENDER_ESM}, {"QUEUE_URL": queue})
    create(lam, "sdk-node-cjs", "nodejs20.x", "index.handler", {"index.js": NODE_SENDER_CJS}, {"QUEUE_URL": queue})
    # An ES module in a .js file ("type": "module"): Node 20.19+ requires it itself, then the loop imports it.
    create(lam, "sdk-node-esm-js", "nodejs20.x", "index.handler",
           {"package.json": json.dumps({"type": "module"}), "index.js": NODE_SENDER_ESM}, {"QUEUE_URL": queue})
    answer = lam.invoke(FunctionName="sdk-node-cjs", Payload=json.dumps({"body": "from commonjs"}), LogType="Tail")
    payload = json.loads(answer["Payload"].read())
    if answer.get("FunctionError") and "scripts/setup" in json.dumps(payload):
        print("the bundled SDK is not installed (scripts/setup installs it) - skipping:", payload)
        sys.exit(77)
    assert "FunctionError" not in answer, payload
    assert "/runtimes/node/sdk/node_modules/@aws-sdk/client-sqs/" in payload["sdk"], payload
    payload, log = invoke(lam, "sdk-node-esm", {"body": "from an ES module"})
    assert "/runtimes/node/sdk/node_modules/@aws-sdk/client-sqs/" in payload["sdk"], payload
    assert WARNING not in log and "real AWS" not in log, log
    payload, log = invoke(lam, "sdk-node-esm-js", {"body": "from a type-module .js"})
    assert "/runtimes/node/sdk/node_modules/@aws-sdk/client-sqs/" in payload["sdk"], payload
    assert sorted(received(sqs, queue, 3)) == ["from a type-module .js", "from an ES module", "from commonjs"], \
        "messages did not arrive"

    create(lam, "sdk-node-own-cjs", "nodejs20.x", "index.handler", dict(OWN_PACKAGE, **{"index.js": NODE_OWN_CJS}), {})
    create(lam, "sdk-node-own-esm", "nodejs22.x", "index.handler", dict(OWN_PACKAGE, **{"index.mjs": NODE_OWN_ESM}), {})
    for name in ("sdk-node-own-cjs", "sdk-node-own-esm"):
        payload, _ = invoke(lam, name, {})
        assert payload == {"marker": "the function's own copy", "kinesis": "function"}, (name, payload)

    create(lam, "sdk-node-stranded", "nodejs20.x", "index.handler", {"index.js": NODE_STRANDED},
           {"AWS_ENDPOINT_URL": ""})
    payload, log = invoke(lam, "sdk-node-stranded", {})
    assert payload["failed"], payload
    warnings = [line for line in log.splitlines() if "leaves for real AWS" in line]
    assert len(warnings) == 1 and "sqs.us-east-1.amazonaws.com" in warnings[0] and "AWS_ENDPOINT_URL" in warnings[0], log
    print(warnings[0])

    create(lam, "sdk-node-stranded-http2", "nodejs20.x", "index.handler", {"index.js": NODE_STRANDED_HTTP2},
           {"AWS_ENDPOINT_URL": ""})
    payload, log = invoke(lam, "sdk-node-stranded-http2", {})
    assert payload["failed"], payload
    warnings = [line for line in log.splitlines() if "leaves for real AWS" in line]
    assert len(warnings) == 1 and "kinesis.us-east-1.amazonaws.com" in warnings[0], log
    print(warnings[0])


def main():
    if sys.argv[1] == "python":
        python_case(sys.argv[2])
    elif sys.argv[1] == "node":
        node_case()
    else:
        raise SystemExit("usage: function_sdk_e2e.py python old|new ENDPOINT | node ENDPOINT")
    print("function sdk e2e (%s): ok" % " ".join(sys.argv[1:-1]))


if __name__ == "__main__":
    main()
