#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""boto3 → lambdadesk-cli serve --upstream → moto_server: services LambdaDesk does not emulate (S3, DynamoDB)
reach the upstream and answer through the endpoint; Lambda stays LambdaDesk's.

Usage: upstream_e2e.py PATH/TO/lambdadesk-cli. Exit 77 (skipped) without moto_server or boto3."""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

SKIP = 77

FUNCTION_CALLING_SERVICES = """
import os
import boto3
import botocore

dynamodb = boto3.client("dynamodb")
s3 = boto3.client("s3")
sqs = boto3.client("sqs")


def handler(event, context):
    for client in (dynamodb, s3, sqs):  # the test's guard: were the loop broken, nothing leaves the machine
        if ".amazonaws.com" in client.meta.endpoint_url:
            raise RuntimeError("botocore %s would call AWS: %s" % (botocore.__version__, client.meta.endpoint_url))
    dynamodb.put_item(TableName="orders", Item={"id": {"S": event["id"]}, "total": {"N": "7"}})
    s3.put_object(Bucket="lambdadesk-e2e", Key="receipts/%s.txt" % event["id"], Body=b"paid")
    sqs.send_message(QueueUrl=os.environ["QUEUE_URL"], MessageBody=event["id"])
    return {"botocore": botocore.__version__}
"""
NODE_FUNCTION_CALLING_SERVICES = """
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { S3Client, PutObjectCommand } from "@aws-sdk/client-s3";
import { SQSClient, SendMessageCommand } from "@aws-sdk/client-sqs";

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const s3 = new S3Client({});
const sqs = new SQSClient({});

export const handler = async (event) => {
  await documents.send(new PutCommand({ TableName: "orders", Item: { id: event.id, total: 9 } }));
  await s3.send(new PutObjectCommand({ Bucket: "lambdadesk-e2e", Key: `receipts/${event.id}.txt`, Body: "paid" }));
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: event.id }));
  return { ok: true };
};
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return True
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.2)
    return False


def stop(process):
    if process and process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main():
    if len(sys.argv) != 2 or not os.access(sys.argv[1], os.X_OK):
        print("usage: upstream_e2e.py PATH/TO/lambdadesk-cli (built)", file=sys.stderr)
        return 1
    cli = sys.argv[1]
    try:
        import boto3
        from botocore.config import Config
    except ImportError:
        print("skipped: boto3 is not installed")
        return SKIP
    moto = shutil.which("moto_server") or "/root/.pyenv/shims/moto_server"
    if not os.access(moto, os.X_OK):
        print("skipped: moto_server is not installed")
        return SKIP

    moto_port = free_port()
    upstream_url = f"http://127.0.0.1:{moto_port}"
    moto_process = subprocess.Popen([moto, "-H", "127.0.0.1", "-p", str(moto_port)], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
    serve = None
    try:
        if not wait_for_http(upstream_url + "/moto-api/", 60):
            if moto_process.poll() is not None:
                print("skipped: moto_server did not start (exit %s)" % moto_process.returncode)
                return SKIP
            print("moto_server did not answer within 60 s", file=sys.stderr)
            return 1
        serve = subprocess.Popen([cli, "serve", "--port", "0", "--upstream", upstream_url], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
        line = serve.stdout.readline().strip()
        if not line.startswith("ready "):
            print("serve did not start: %r %s" % (line, serve.stderr.read() if serve.poll() is not None else ""),
                  file=sys.stderr)
            return 1
        endpoint = line.split(" ", 1)[1]
        session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test",
                                        region_name="us-east-1")
        config = Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=30)

        s3 = session.client("s3", endpoint_url=endpoint, config=config)
        s3.create_bucket(Bucket="lambdadesk-e2e")
        s3.put_object(Bucket="lambdadesk-e2e", Key="notes/hello world.txt", Body=b"hello\nworld",
                      Metadata={"owner": "ada"}, ContentType="text/plain")
        got = s3.get_object(Bucket="lambdadesk-e2e", Key="notes/hello world.txt")
        body = got["Body"].read()
        assert body == b"hello\nworld", body
        assert got["Metadata"] == {"owner": "ada"}, got["Metadata"]
        head = s3.head_object(Bucket="lambdadesk-e2e", Key="notes/hello world.txt")
        assert head["ContentLength"] == len(b"hello\nworld"), head["ContentLength"]
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket="lambdadesk-e2e").get("Contents", [])]
        assert keys == ["notes/hello world.txt"], keys
        try:
            s3.get_object(Bucket="lambdadesk-e2e", Key="missing")
            raise AssertionError("missing key did not raise")
        except s3.exceptions.NoSuchKey:
            pass
        # Bodies stream both ways: a 16 MiB object, over the endpoint's 6 MiB body limit, goes up in one
        # PutObject and comes back whole.
        import hashlib
        big = os.urandom(16 * 1024 * 1024)
        s3.put_object(Bucket="lambdadesk-e2e", Key="big.bin", Body=big)
        fetched = s3.get_object(Bucket="lambdadesk-e2e", Key="big.bin")["Body"].read()
        assert hashlib.sha256(fetched).hexdigest() == hashlib.sha256(big).hexdigest(), len(fetched)
        # The same bucket seen directly at the upstream: the requests really went there.
        direct = session.client("s3", endpoint_url=upstream_url, config=config)
        assert direct.get_object(Bucket="lambdadesk-e2e", Key="notes/hello world.txt")["Body"].read() == body

        dynamodb = session.client("dynamodb", endpoint_url=endpoint, config=config)
        dynamodb.create_table(TableName="orders", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                              AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                              BillingMode="PAY_PER_REQUEST")
        dynamodb.put_item(TableName="orders", Item={"id": {"S": "o-1"}, "total": {"N": "42"}})
        item = dynamodb.get_item(TableName="orders", Key={"id": {"S": "o-1"}})["Item"]
        assert item == {"id": {"S": "o-1"}, "total": {"N": "42"}}, item

        # Lambda is LambdaDesk's, not the upstream's.
        lam = session.client("lambda", endpoint_url=endpoint, config=config)
        functions = lam.list_functions()["Functions"]
        assert functions == [], functions

        # CreateFunction with code in the upstream's S3: LambdaDesk fetches it from there.
        import io
        import json
        import zipfile
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("app.py", "def handler(event, context):\n    return {'from': 's3', 'event': event}\n")
        s3.put_object(Bucket="lambdadesk-e2e", Key="code/app.zip", Body=buffer.getvalue())
        lam.create_function(FunctionName="from-s3", Runtime="python3.12", Handler="app.handler",
                            Role="arn:aws:iam::123456789012:role/x",
                            Code={"S3Bucket": "lambdadesk-e2e", "S3Key": "code/app.zip"})
        reply = json.loads(lam.invoke(FunctionName="from-s3", Payload=b'{"n": 1}')["Payload"].read())
        assert reply == {"from": "s3", "event": {"n": 1}}, reply
        try:
            lam.create_function(FunctionName="missing-code", Runtime="python3.12", Handler="app.handler",
                                Role="arn:aws:iam::123456789012:role/x",
                                Code={"S3Bucket": "lambdadesk-e2e", "S3Key": "code/none.zip"})
            raise AssertionError("a missing S3 object was accepted")
        except lam.exceptions.InvalidParameterValueException as error:
            assert "code/none.zip" in str(error), error
        # A function's own calls, written as AWS's examples write them (clients with no endpoint): DynamoDB and S3
        # reach the upstream and SQS stays local, on the runtime's botocore (Debian's 1.29 unless LAMBDADESK_PYTHON
        # says otherwise, which the runtime loop makes honour AWS_ENDPOINT_URL).
        sqs = session.client("sqs", endpoint_url=endpoint, config=config)
        queue = sqs.create_queue(QueueName="fn-upstream-outbox")["QueueUrl"]
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("app.py", FUNCTION_CALLING_SERVICES)
        lam.create_function(FunctionName="calls-services", Runtime="python3.12", Handler="app.handler",
                            Role="arn:aws:iam::123456789012:role/x", Timeout=30, Code={"ZipFile": buffer.getvalue()},
                            Environment={"Variables": {"QUEUE_URL": queue}})
        answer = lam.invoke(FunctionName="calls-services", Payload=b'{"id": "o-2"}')
        reply = json.loads(answer["Payload"].read())
        assert "FunctionError" not in answer, reply
        print("function on botocore", reply["botocore"])
        item = dynamodb.get_item(TableName="orders", Key={"id": {"S": "o-2"}})["Item"]
        assert item == {"id": {"S": "o-2"}, "total": {"N": "7"}}, item
        assert s3.get_object(Bucket="lambdadesk-e2e", Key="receipts/o-2.txt")["Body"].read() == b"paid"
        messages = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=2).get("Messages", [])
        assert [m["Body"] for m in messages] == ["o-2"], messages

        # The same from Node with the bundled AWS SDK for JavaScript v3 (lib-dynamodb's document client included).
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("index.mjs", NODE_FUNCTION_CALLING_SERVICES)
        lam.create_function(FunctionName="node-calls-services", Runtime="nodejs22.x", Handler="index.handler",
                            Role="arn:aws:iam::123456789012:role/x", Timeout=30, Code={"ZipFile": buffer.getvalue()},
                            Environment={"Variables": {"QUEUE_URL": queue}})
        answer = lam.invoke(FunctionName="node-calls-services", Payload=b'{"id": "o-3"}')
        reply = json.loads(answer["Payload"].read())
        if answer.get("FunctionError") and "scripts/setup" in json.dumps(reply):
            print("Node function not checked: the bundled SDK is not installed (scripts/setup installs it)")
        else:
            assert "FunctionError" not in answer, reply
            item = dynamodb.get_item(TableName="orders", Key={"id": {"S": "o-3"}})["Item"]
            assert item == {"id": {"S": "o-3"}, "total": {"N": "9"}}, item
            assert s3.get_object(Bucket="lambdadesk-e2e", Key="receipts/o-3.txt")["Body"].read() == b"paid"
            messages = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=2).get("Messages", [])
            assert [m["Body"] for m in messages] == ["o-3"], messages

        # With --verify-signatures a signed S3 upload (payload hash declared) streams after its signature
        # passed; a wrong secret is refused by LambdaDesk before the upstream sees anything.
        stop(serve)
        serve = subprocess.Popen([cli, "serve", "--port", "0", "--upstream", upstream_url, "--verify-signatures",
                                  "--access-key", "test:test"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True)
        line = serve.stdout.readline().strip()
        assert line.startswith("ready "), line
        verifying = line.split(" ", 1)[1]
        signed = session.client("s3", endpoint_url=verifying, config=config)
        signed.put_object(Bucket="lambdadesk-e2e", Key="signed.bin", Body=big)
        assert signed.get_object(Bucket="lambdadesk-e2e", Key="signed.bin")["Body"].read() == big
        wrong = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="wrong",
                                      region_name="us-east-1").client("s3", endpoint_url=verifying, config=config)
        try:
            wrong.put_object(Bucket="lambdadesk-e2e", Key="forged.bin", Body=b"x" * 1000)
            raise AssertionError("a wrong signature was forwarded")
        except wrong.exceptions.ClientError as error:
            assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 403, error.response
        assert "forged.bin" not in [o["Key"] for o in direct.list_objects_v2(Bucket="lambdadesk-e2e")["Contents"]]
        print("ok: s3 and dynamodb through", endpoint, "to", upstream_url, "(16 MiB streamed both ways)")
        return 0
    finally:
        stop(serve)
        stop(moto_process)


if __name__ == "__main__":
    sys.exit(main())
