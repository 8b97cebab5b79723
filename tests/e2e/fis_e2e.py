#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""End-to-end FIS checks with boto3 against a running LambdaDesk endpoint.

    fis_e2e.py ENDPOINT_URL

Templates (create, get, list with a paginator, update, delete), experiments (start, running, stopped, and a short
one that completes), the action catalogue, FIS's errors as boto3's exception classes, LambdaDesk's report (a
signed GET), and a downstream fault: an api-error experiment on SQS's SendMessage makes boto3's SQS client raise
ServiceUnavailable with HTTP 503, in whichever SQS protocol this botocore speaks. Works with Debian's boto3 1.26
and newer ones. Exits 0 on success, 1 with a message on the first failed check, 77 when boto3 is missing.
"""
import io
import json
import sys
import time
import urllib.request
import zipfile

try:
    import boto3
    import botocore
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.config import Config
    from botocore.credentials import Credentials
    from botocore.exceptions import ClientError
except ImportError:
    print("boto3 is not installed for %s: skipping" % sys.executable)
    sys.exit(77)

REGION = "us-east-1"
FUNCTION = "fis-e2e-target"
FUNCTION_ARN = "arn:aws:lambda:%s:123456789012:function:%s" % (REGION, FUNCTION)


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def client(service, endpoint):
    # One attempt: the checks below count answers, and a retried 503 would only slow them down.
    return boto3.client(service, endpoint_url=endpoint, region_name=REGION, aws_access_key_id="test",
                        aws_secret_access_key="test", config=Config(retries={"total_max_attempts": 1}))


def expect_error(call, code, status, mentions=None):
    """Runs `call`, which must raise a ClientError with `code` and HTTP `status` (and a message naming `mentions`)."""
    try:
        call()
    except ClientError as error:
        got = error.response["Error"]["Code"]
        check(got == code, "expected error %s, got %s: %s" % (code, got, error))
        got_status = error.response["ResponseMetadata"]["HTTPStatusCode"]
        check(got_status == status, "expected HTTP %d for %s, got %d" % (status, code, got_status))
        if mentions is not None:
            message = error.response["Error"].get("Message", "")
            check(mentions in message, "the %s message %r does not name %r" % (code, message, mentions))
        return error
    raise CheckFailed("expected error %s, but the call succeeded" % code)


def wait_for_status(fis, experiment_id, wanted, seconds=15):
    status = None
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = fis.get_experiment(id=experiment_id)["experiment"]["state"]["status"]
        if status == wanted:
            return
        time.sleep(0.1)
    raise CheckFailed("experiment %s is %s, expected %s" % (experiment_id, status, wanted))


def all_pages(call, key, **kwargs):
    """Every item of a FIS List call, following nextToken by hand (Debian's botocore has no FIS paginators)."""
    items, token = [], None
    while True:
        page = call(**kwargs, **({"nextToken": token} if token else {}))
        items += page[key]
        token = page.get("nextToken")
        if not token:
            return items


def knows(model_client, operation, member):
    """Whether this botocore's model has `member` in `operation`'s input (old ones lack newer members)."""
    return member in model_client.meta.service_model.operation_model(operation).input_shape.members


def template(duration, fis):
    body = {
        "description": "Delay a quarter of %s's invocations" % FUNCTION,
        "roleArn": "arn:aws:iam::123456789012:role/fis",
        "stopConditions": [{"source": "none"}],
        "targets": {"Fns": {"resourceType": "aws:lambda:function", "resourceArns": [FUNCTION_ARN],
                            "selectionMode": "ALL"}},
        "actions": {"delay": {"actionId": "aws:lambda:invocation-add-delay",
                              "parameters": {"duration": duration, "invocationPercentage": "25",
                                             "startupDelayMilliseconds": "3000"},
                              "targets": {"Functions": "Fns"}, "startAfter": []}},
        "tags": {"team": "e2e"},
    }
    if knows(fis, "CreateExperimentTemplate", "experimentOptions"):
        body["experimentOptions"] = {"emptyTargetResolutionMode": "fail"}
    return body


def signed_get(endpoint, path):
    """A GET signed for `fis` as botocore signs: LambdaDesk's report is not a botocore operation."""
    request = AWSRequest(method="GET", url=endpoint + path)
    SigV4Auth(Credentials("test", "test"), "fis", REGION).add_auth(request)
    prepared = urllib.request.Request(endpoint + path, headers=dict(request.headers.items()), method="GET")
    with urllib.request.urlopen(prepared, timeout=30) as answer:
        return answer.status, answer.headers.get("Content-Type", ""), answer.read()


def make_function(endpoint):
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("app.py", "def handler(event, context):\n    return event\n")
    client("lambda", endpoint).create_function(FunctionName=FUNCTION, Runtime="python3.12", Handler="app.handler",
                                               Role="arn:aws:iam::123456789012:role/e2e",
                                               Code={"ZipFile": code.getvalue()})


def templates_and_experiments(endpoint, fis):
    made = fis.create_experiment_template(clientToken="e2e-1", **template("PT5M", fis))["experimentTemplate"]
    template_id = made["id"]
    check(template_id.startswith("EXT"), "template id " + template_id)
    check(made["targets"]["Fns"]["resourceArns"] == [FUNCTION_ARN], "targets %r" % made["targets"])
    check(made["actions"]["delay"]["parameters"]["duration"] == "PT5M", "actions %r" % made["actions"])
    got = fis.get_experiment_template(id=template_id)["experimentTemplate"]
    check(got["description"] == made["description"] and got["tags"] == {"team": "e2e"}, "get %r" % got)
    check(hasattr(got["creationTime"], "year"), "creationTime did not parse as a timestamp: %r" % got["creationTime"])
    listed = [t["id"] for t in all_pages(fis.list_experiment_templates, "experimentTemplates", maxResults=1)]
    check(template_id in listed, "list_experiment_templates: %r" % listed)
    updated = fis.update_experiment_template(id=template_id, description="Changed")["experimentTemplate"]
    check(updated["description"] == "Changed", "update %r" % updated)

    started = fis.start_experiment(clientToken="e2e-run", experimentTemplateId=template_id,
                                   tags={"run": "e2e"})["experiment"]
    experiment_id = started["id"]
    check(experiment_id.startswith("EXP"), "experiment id " + experiment_id)
    check(started["state"]["status"] in ("initiating", "running"), "start said %r" % started["state"])
    wait_for_status(fis, experiment_id, "running")
    listed = [e["id"] for e in fis.list_experiments()["experiments"]]
    check(experiment_id in listed, "list_experiments: %r" % listed)
    stopped = fis.stop_experiment(id=experiment_id)["experiment"]
    check(stopped["state"]["status"] in ("stopping", "stopped"), "stop said %r" % stopped["state"])
    wait_for_status(fis, experiment_id, "stopped")

    # A short one runs to its end; its report is there as JSON and HTML.
    short_id = fis.create_experiment_template(**template("PT1S", fis))["experimentTemplate"]["id"]
    finished = fis.start_experiment(experimentTemplateId=short_id)["experiment"]["id"]
    wait_for_status(fis, finished, "completed")
    status, content_type, body = signed_get(endpoint, "/experiments/%s/report" % finished)
    check(status == 200 and json.loads(body)["experiment"]["id"] == finished, "report: %d %r" % (status, body[:200]))
    status, content_type, body = signed_get(endpoint, "/experiments/%s/report.html" % finished)
    check(status == 200 and content_type.startswith("text/html"), "report.html: %d %s" % (status, content_type))

    fis.delete_experiment_template(id=template_id)
    fis.delete_experiment_template(id=short_id)
    error = expect_error(lambda: fis.get_experiment_template(id=template_id), "ResourceNotFoundException", 404,
                         template_id)
    check(isinstance(error, fis.exceptions.ResourceNotFoundException), "not the modelled exception class")


def catalogue(fis):
    ids = [a["id"] for a in all_pages(fis.list_actions, "actions", maxResults=3)]
    for wanted in ("aws:lambda:invocation-add-delay", "aws:lambda:invocation-error",
                   "aws:lambda:invocation-http-integration-response", "aws:fis:wait"):
        check(wanted in ids, "list_actions misses %s: %r" % (wanted, ids))
    action = fis.get_action(id="aws:lambda:invocation-http-integration-response")["action"]
    check(action["parameters"]["statusCode"]["required"] is True, "statusCode %r" % action["parameters"])
    check(action["targets"]["Functions"]["resourceType"] == "aws:lambda:function", "targets %r" % action["targets"])
    expect_error(lambda: fis.get_action(id="aws:nothing:here"), "ResourceNotFoundException", 404)


def errors(fis):
    expect_error(lambda: fis.get_experiment(id="EXPmissing"), "ResourceNotFoundException", 404, "EXPmissing")
    expect_error(lambda: fis.stop_experiment(id="EXPmissing"), "ResourceNotFoundException", 404)
    expect_error(lambda: fis.start_experiment(clientToken="missing", experimentTemplateId="EXTmissing"),
                 "ResourceNotFoundException", 404, "EXTmissing")
    bad = template("five minutes", fis)
    error = expect_error(lambda: fis.create_experiment_template(**bad), "ValidationException", 400, "duration")
    check(isinstance(error, fis.exceptions.ValidationException), "not the modelled exception class")


def downstream_fault(fis, sqs):
    url = sqs.create_queue(QueueName="fis-e2e")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="before")
    body = {"description": "SQS SendMessage fails", "roleArn": "arn:aws:iam::123456789012:role/fis",
            "stopConditions": [{"source": "none"}],
            "actions": {"calls": {"actionId": "lambdadesk:api-error",
                                  "parameters": {"duration": "PT5M", "services": "sqs", "operations": "SendMessage",
                                                 "statusCode": "503", "errorCode": "ServiceUnavailable"}}}}
    template_id = fis.create_experiment_template(**body)["experimentTemplate"]["id"]
    experiment_id = fis.start_experiment(experimentTemplateId=template_id)["experiment"]["id"]
    wait_for_status(fis, experiment_id, "running")
    expect_error(lambda: sqs.send_message(QueueUrl=url, MessageBody="during"), "ServiceUnavailable", 503)
    check(sqs.get_queue_url(QueueName="fis-e2e")["QueueUrl"] == url, "other operations must go through")
    fis.stop_experiment(id=experiment_id)
    wait_for_status(fis, experiment_id, "stopped")
    sqs.send_message(QueueUrl=url, MessageBody="after")


SENDER = """
import os
def handler(event, context):
    try:
        import boto3
        from botocore.config import Config
        from botocore.exceptions import ClientError
    except ImportError:
        return {"skipped": "no boto3 in the function's python"}
    sqs = boto3.client("sqs", endpoint_url=os.environ["AWS_ENDPOINT_URL"], region_name=os.environ["AWS_REGION"],
                       config=Config(retries={"total_max_attempts": 1}))
    url = sqs.get_queue_url(QueueName=event["queue"])["QueueUrl"]
    try:
        sqs.send_message(QueueUrl=url, MessageBody="from the function")
    except ClientError as error:
        return {"error": error.response["Error"]["Code"], "status": error.response["ResponseMetadata"]["HTTPStatusCode"]}
    return {"sent": True}
"""


def function_downstream_fault(endpoint, fis, sqs):
    """An api-error targeted at one function fails that function's own SDK calls, and nobody else's."""
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("app.py", SENDER)
    lam = client("lambda", endpoint)
    lam.create_function(FunctionName="fis-e2e-sender", Runtime="python3.12", Handler="app.handler",
                        Role="arn:aws:iam::123456789012:role/e2e", Code={"ZipFile": code.getvalue()}, Timeout=30)
    url = sqs.create_queue(QueueName="fis-e2e-outbox")["QueueUrl"]
    body = {"description": "the sender's SendMessage fails", "roleArn": "arn:aws:iam::123456789012:role/fis",
            "stopConditions": [{"source": "none"}],
            "targets": {"Sender": {"resourceType": "aws:lambda:function", "selectionMode": "ALL",
                                   "resourceArns": ["arn:aws:lambda:%s:123456789012:function:fis-e2e-sender" % REGION]}},
            "actions": {"calls": {"actionId": "lambdadesk:api-error", "targets": {"Functions": "Sender"},
                                  "parameters": {"duration": "PT5M", "services": "sqs", "operations": "SendMessage",
                                                 "statusCode": "503", "errorCode": "ServiceUnavailable"}}}}
    template_id = fis.create_experiment_template(**body)["experimentTemplate"]["id"]
    experiment_id = fis.start_experiment(experimentTemplateId=template_id)["experiment"]["id"]
    wait_for_status(fis, experiment_id, "running")
    invoke = lambda: json.loads(lam.invoke(FunctionName="fis-e2e-sender",
                                           Payload=json.dumps({"queue": "fis-e2e-outbox"}))["Payload"].read())
    during = invoke()
    if during.get("skipped"):
        print("function's downstream call not checked:", during["skipped"])
    else:
        check(during == {"error": "ServiceUnavailable", "status": 503}, "the function's call during: %r" % during)
        sqs.send_message(QueueUrl=url, MessageBody="not from the function")  # not targeted: goes through
    fis.stop_experiment(id=experiment_id)
    wait_for_status(fis, experiment_id, "stopped")
    if not during.get("skipped"):
        after = invoke()
        check(after == {"sent": True}, "the function's call after: %r" % after)


def run(endpoint):
    fis = client("fis", endpoint)
    sqs = client("sqs", endpoint)
    print("boto3 %s / botocore %s; sqs speaks %s" % (boto3.__version__, botocore.__version__,
                                                      sqs.meta.service_model.protocol))
    make_function(endpoint)
    templates_and_experiments(endpoint, fis)
    catalogue(fis)
    errors(fis)
    downstream_fault(fis, sqs)
    function_downstream_fault(endpoint, fis, sqs)
    print("fis e2e: all checks passed")


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
