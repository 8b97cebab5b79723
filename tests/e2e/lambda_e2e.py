#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""End-to-end check of LambdaDesk's Lambda API with boto3, run by with_endpoint.sh (endpoint URL = argv[-1]).

Works with old botocore (Debian's 1.29) and new (1.3x/1.4x). Exit 77 = skipped (no boto3 for this python).
"""
import base64
import io
import json
import sys
import time
import zipfile

import e2e_support
from e2e_support import zipped

try:
    import boto3
    import botocore
    from botocore.config import Config
    from botocore.exceptions import ClientError
except ImportError:
    print("boto3 is not installed for", sys.executable, "- skipping")
    sys.exit(77)

ENDPOINT = sys.argv[-1]
ROLE = "arn:aws:iam::123456789012:role/e2e"
CONFIG = Config(retries={"max_attempts": 1}, read_timeout=30)


def client(service):
    return e2e_support.client(service, ENDPOINT, config=CONFIG)


ECHO = """
import json, os
def handler(event, context):
    print("echo", json.dumps(event))
    return {"event": event, "name": context.function_name, "endpoint": os.environ.get("AWS_ENDPOINT_URL"),
            "clientContext": getattr(context.client_context, "custom", None) if context.client_context else None}
"""
FAIL = """
def handler(event, context):
    raise RuntimeError("broken on purpose")
"""
SENDER = """
import os
def handler(event, context):
    try:
        import boto3
    except ImportError:
        return {"skipped": "no boto3 in the function's python"}
    sqs = boto3.client("sqs", endpoint_url=os.environ["AWS_ENDPOINT_URL"], region_name=os.environ["AWS_REGION"])
    url = sqs.get_queue_url(QueueName=event["queue"])["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="from the function")
    return {"sent": True}
"""


def expect_error(code, call, *args, **kwargs):
    try:
        call(*args, **kwargs)
    except ClientError as error:
        got = error.response["Error"]["Code"]
        assert got == code, f"expected {code}, got {got}: {error}"
        return error
    raise AssertionError(f"expected {code}, the call succeeded")


def main():
    lam = client("lambda")
    print("botocore", botocore.__version__)

    created = lam.create_function(FunctionName="e2e-echo", Runtime="python3.12", Handler="app.handler", Role=ROLE,
                                  Code={"ZipFile": zipped({"app.py": ECHO})}, Timeout=10,
                                  Environment={"Variables": {"STAGE": "e2e"}}, Tags={"team": "e2e"})
    assert created["State"] == "Pending", created
    lam.get_waiter("function_active_v2").wait(FunctionName="e2e-echo", WaiterConfig={"Delay": 1, "MaxAttempts": 10})

    # Synchronous invoke with log tail and client context.
    context = base64.b64encode(json.dumps({"custom": {"user": "ada"}}).encode()).decode()
    reply = lam.invoke(FunctionName="e2e-echo", Payload=json.dumps({"n": 1}), LogType="Tail", ClientContext=context)
    assert reply["StatusCode"] == 200, reply
    body = json.loads(reply["Payload"].read())
    assert body["event"] == {"n": 1} and body["name"] == "e2e-echo", body
    assert body["endpoint"] == ENDPOINT, f"AWS_ENDPOINT_URL should point at the endpoint: {body}"
    assert body["clientContext"] == {"user": "ada"}, body
    log = base64.b64decode(reply["LogResult"]).decode()
    assert "START RequestId:" in log and 'echo {"n": 1}' in log and "REPORT RequestId:" in log, log
    assert reply["ExecutedVersion"] == "$LATEST"

    # Asynchronous and dry-run invokes.
    assert lam.invoke(FunctionName="e2e-echo", InvocationType="Event", Payload=b"{}")["StatusCode"] == 202
    assert lam.invoke(FunctionName="e2e-echo", InvocationType="DryRun")["StatusCode"] == 204

    # A function error is a 200 with FunctionError.
    lam.create_function(FunctionName="e2e-fail", Runtime="python3.12", Handler="app.handler", Role=ROLE,
                        Code={"ZipFile": zipped({"app.py": FAIL})})
    failed = lam.invoke(FunctionName="e2e-fail", Payload=b"{}")
    assert failed["FunctionError"] == "Unhandled", failed
    error = json.loads(failed["Payload"].read())
    assert error["errorType"] == "RuntimeError" and error["errorMessage"] == "broken on purpose", error

    # Management.
    got = lam.get_function(FunctionName="e2e-echo")
    assert got["Configuration"]["Environment"]["Variables"] == {"STAGE": "e2e"}
    assert got["Tags"] == {"team": "e2e"}
    import urllib.request
    with urllib.request.urlopen(got["Code"]["Location"]) as download:
        assert "app.py" in zipfile.ZipFile(io.BytesIO(download.read())).namelist()
    names = [f["FunctionName"] for page in lam.get_paginator("list_functions").paginate(PaginationConfig={"PageSize": 1})
             for f in page["Functions"]]
    assert sorted(names) == ["e2e-echo", "e2e-fail"], names
    lam.update_function_configuration(FunctionName="e2e-echo", Timeout=20, MemorySize=256)
    lam.get_waiter("function_updated_v2").wait(FunctionName="e2e-echo", WaiterConfig={"Delay": 1, "MaxAttempts": 10})
    configuration = lam.get_function_configuration(FunctionName="e2e-echo")
    assert configuration["Timeout"] == 20 and configuration["MemorySize"] == 256, configuration
    lam.update_function_code(FunctionName="e2e-fail", ZipFile=zipped({"app.py": ECHO}))
    fixed = lam.invoke(FunctionName="e2e-fail", Payload=b'{"fixed": true}')
    assert "FunctionError" not in fixed and json.loads(fixed["Payload"].read())["event"] == {"fixed": True}

    # Concurrency, async configuration, tags, account settings.
    assert lam.put_function_concurrency(FunctionName="e2e-fail", ReservedConcurrentExecutions=0)[
        "ReservedConcurrentExecutions"] == 0
    throttled = expect_error("TooManyRequestsException", lam.invoke, FunctionName="e2e-fail", Payload=b"{}")
    assert throttled.response["Reason"] == "ReservedFunctionConcurrentInvocationLimitExceeded", throttled.response
    lam.delete_function_concurrency(FunctionName="e2e-fail")
    lam.put_function_event_invoke_config(FunctionName="e2e-echo", MaximumRetryAttempts=0)
    assert lam.get_function_event_invoke_config(FunctionName="e2e-echo")["MaximumRetryAttempts"] == 0
    lam.delete_function_event_invoke_config(FunctionName="e2e-echo")
    arn = configuration["FunctionArn"]
    lam.tag_resource(Resource=arn, Tags={"cost": "low"})
    assert lam.list_tags(Resource=arn)["Tags"] == {"team": "e2e", "cost": "low"}
    lam.untag_resource(Resource=arn, TagKeys=["team"])
    assert lam.get_account_settings()["AccountLimit"]["ConcurrentExecutions"] == 1000

    # Errors as AWS shapes them.
    expect_error("ResourceNotFoundException", lam.get_function, FunctionName="missing")
    expect_error("ResourceConflictException", lam.create_function, FunctionName="e2e-echo", Runtime="python3.12",
                 Handler="app.handler", Role=ROLE, Code={"ZipFile": zipped({"app.py": ECHO})})
    expect_error("InvalidParameterValueException", lam.create_function, FunctionName="badzip", Runtime="python3.12",
                 Handler="app.handler", Role=ROLE, Code={"ZipFile": b"not a zip"})

    # A queue feeding the function through a mapping, and the function calling SQS through AWS_ENDPOINT_URL.
    sqs = client("sqs")
    queue = sqs.create_queue(QueueName="e2e-jobs")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    mapping = lam.create_event_source_mapping(FunctionName="e2e-echo", EventSourceArn=queue_arn, BatchSize=5)
    assert mapping["State"] == "Creating", mapping
    sqs.send_message(QueueUrl=queue, MessageBody=json.dumps({"job": 1}))
    deadline = time.time() + 20
    while time.time() < deadline:
        attributes = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])["Attributes"]
        if attributes["ApproximateNumberOfMessages"] == "0" and attributes["ApproximateNumberOfMessagesNotVisible"] == "0":
            break
        time.sleep(0.2)
    else:
        raise AssertionError(f"the mapping did not consume the message: {attributes}")
    assert lam.get_event_source_mapping(UUID=mapping["UUID"])["State"] == "Enabled"
    listed = lam.list_event_source_mappings(FunctionName="e2e-echo")["EventSourceMappings"]
    assert [m["UUID"] for m in listed] == [mapping["UUID"]], listed
    lam.delete_event_source_mapping(UUID=mapping["UUID"])

    lam.create_function(FunctionName="e2e-sender", Runtime="python3.12", Handler="app.handler", Role=ROLE,
                        Code={"ZipFile": zipped({"app.py": SENDER})}, Timeout=30)
    outbox = sqs.create_queue(QueueName="e2e-outbox")["QueueUrl"]
    sent = json.loads(lam.invoke(FunctionName="e2e-sender", Payload=json.dumps({"queue": "e2e-outbox"}))["Payload"].read())
    if sent.get("skipped"):
        print("downstream call not checked:", sent["skipped"])
    else:
        assert sent == {"sent": True}, sent
        messages = sqs.receive_message(QueueUrl=outbox, WaitTimeSeconds=2).get("Messages", [])
        assert [m["Body"] for m in messages] == ["from the function"], messages

    lam.delete_function(FunctionName="e2e-fail")
    expect_error("ResourceNotFoundException", lam.get_function_configuration, FunctionName="e2e-fail")
    print("lambda e2e: ok")


if __name__ == "__main__":
    main()
