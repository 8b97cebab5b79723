#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The Python runtime loop's endpoint rules (resources/runtimes/python/lambdadesk_sdk_endpoints.py) with real
botocore clients: an older botocore (Debian's 1.29) is given AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> as
botocore >= 1.31 resolves them; a newer one is left to resolve them itself, and its names for the variables
are the ones the rules use. No network: only client objects are created.

Usage: sdk_endpoints_test.py RUNTIME_DIR (resources/runtimes/python). Exit 77 = skipped (no boto3 here).
"""
import contextlib
import io
import os
import sys

try:
    import botocore
except ImportError:
    print("botocore is not installed for", sys.executable, "- skipping")
    sys.exit(77)

sys.path.insert(0, sys.argv[1])
import lambdadesk_sdk_endpoints as endpoints  # noqa: E402

OLD = endpoints.version_tuple(botocore.__version__) < endpoints.FIRST_HONOURING_VERSION
LOCAL = "http://127.0.0.1:4566"
SQS_ONLY = "http://127.0.0.1:5001"
EXPLICIT = "http://127.0.0.1:5002"
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def rules():
    """The resolution order alone, on plain dictionaries."""
    both = {"AWS_ENDPOINT_URL": LOCAL, "AWS_ENDPOINT_URL_SQS": SQS_ONLY}
    check(endpoints.configured_endpoint("SQS", both) == (SQS_ONLY, "AWS_ENDPOINT_URL_SQS"),
          "the service's variable beats AWS_ENDPOINT_URL")
    check(endpoints.configured_endpoint("Kinesis", both) == (LOCAL, "AWS_ENDPOINT_URL"),
          "another service falls back to AWS_ENDPOINT_URL")
    check(endpoints.configured_endpoint("SQS", both, EXPLICIT) == (EXPLICIT, "endpoint_url"),
          "an explicit endpoint_url beats both variables")
    check(endpoints.configured_endpoint("SQS", {"AWS_ENDPOINT_URL": LOCAL, "AWS_ENDPOINT_URL_SQS": ""})
          == (LOCAL, "AWS_ENDPOINT_URL"), "an empty service variable counts as unset")
    check(endpoints.configured_endpoint("SQS", {}) == (None, None), "no variable, no endpoint")
    check(endpoints.configured_endpoint("SQS", dict(both, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS="True"))
          == (None, None), "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true ignores both variables")
    check(endpoints.service_variable("API Gateway") == "AWS_ENDPOINT_URL_API_GATEWAY",
          "service ids are upper-cased with spaces to underscores")
    check(endpoints.service_variable("DynamoDB Streams") == "AWS_ENDPOINT_URL_DYNAMODB_STREAMS",
          "DynamoDB Streams' variable")
    check(endpoints.is_aws_host("https://sqs.us-east-1.amazonaws.com") and
          endpoints.is_aws_host("https://s3.cn-north-1.amazonaws.com.cn/bucket") and
          endpoints.is_aws_host("https://dynamodb.us-east-1.api.aws") and
          not endpoints.is_aws_host(LOCAL) and not endpoints.is_aws_host("http://amazonaws.com.example:80"),
          "AWS hosts told apart from others")
    check(endpoints.version_tuple("1.29.27") == (1, 29) and endpoints.version_tuple("1.31.0rc1") == (1, 31),
          "versions read")


def session(environ):
    import botocore.session

    os.environ.clear()
    os.environ.update(environ)
    os.environ.update(AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test", AWS_DEFAULT_REGION="us-east-1")
    return botocore.session.get_session()


def names_match_newer_botocore():
    """botocore >= 1.31 reads AWS_ENDPOINT_URL_<SERVICE> under the names service_variable gives: checked for
    every client whose name differs from its service id, and the services a function typically calls."""
    import botocore.utils

    overrides = getattr(botocore.utils, "CLIENT_NAME_TO_HYPHENIZED_SERVICE_ID_OVERRIDES", {})
    names = sorted(set(overrides) | {"sqs", "kinesis", "lambda", "dynamodb", "s3", "sts", "sns", "sagemaker-runtime"})
    checked = 0
    for name in names:
        plain = session({})
        try:
            service_id = plain.get_service_model(name).service_id
        except Exception:
            continue  # a client this botocore does not have
        variable = endpoints.service_variable(service_id)
        url = "http://127.0.0.1:%d" % (6000 + checked)
        client = session({variable: url, "AWS_ENDPOINT_URL": LOCAL}).create_client(name)
        check(client.meta.endpoint_url == url,
              "botocore %s reads %s for %s (got %s)" % (botocore.__version__, variable, name, client.meta.endpoint_url))
        checked += 1
    check(checked >= 50, "checked %d clients' variable names" % checked)
    print("variable names checked against botocore %s: %d clients" % (botocore.__version__, checked))


def patched_clients():
    """install() and real clients of this botocore."""
    import botocore.client
    from botocore.config import Config

    endpoints.install()
    endpoints.install()  # twice: still one wrapper
    create = botocore.client.ClientCreator.create_client
    check(getattr(create, "__wrapped__", None) is not None and
          not getattr(create.__wrapped__, "_lambdadesk_endpoints", False), "create_client is wrapped exactly once")
    check(not endpoints.wrap_client_creator(botocore.client.ClientCreator, botocore.__version__),
          "a wrapped ClientCreator is not wrapped again")

    log = io.StringIO()
    with contextlib.redirect_stderr(log):
        environ = {"AWS_ENDPOINT_URL": LOCAL, "AWS_ENDPOINT_URL_SQS": SQS_ONLY}
        sqs = session(environ).create_client("sqs")
        sqs_again = session(environ).create_client("sqs")
        kinesis = session(environ).create_client("kinesis")
        dynamodb = session(environ).create_client("dynamodb")
        explicit = session(environ).create_client("sqs", endpoint_url=EXPLICIT)
        lone = session({}).create_client("sqs")
        ignored = None
        if not OLD:
            ignored = session(environ).create_client("kinesis", config=Config(ignore_configured_endpoint_urls=True))
    text = log.getvalue()
    print(text, end="")

    check(sqs.meta.endpoint_url == SQS_ONLY and sqs_again.meta.endpoint_url == SQS_ONLY,
          "AWS_ENDPOINT_URL_SQS wins for sqs: %s" % sqs.meta.endpoint_url)
    check(kinesis.meta.endpoint_url == LOCAL and dynamodb.meta.endpoint_url == LOCAL,
          "AWS_ENDPOINT_URL for the others: %s %s" % (kinesis.meta.endpoint_url, dynamodb.meta.endpoint_url))
    check(explicit.meta.endpoint_url == EXPLICIT, "endpoint_url wins: %s" % explicit.meta.endpoint_url)
    check(lone.meta.endpoint_url == "https://sqs.us-east-1.amazonaws.com", "no variable: AWS's host")
    told = [line for line in text.splitlines() if "predates AWS_ENDPOINT_URL" in line]
    if OLD:
        check(len(told) == 2 and any(SQS_ONLY in line for line in told) and any(LOCAL in line for line in told),
              "botocore %s: one line per endpoint used, naming it: %r" % (botocore.__version__, told))
    else:
        check(told == [], "botocore %s resolves the variables itself; nothing injected: %r" % (botocore.__version__, told))
        check(ignored.meta.endpoint_url == "https://kinesis.us-east-1.amazonaws.com",
              "Config(ignore_configured_endpoint_urls=True) is not defeated: %s" % ignored.meta.endpoint_url)
    warnings = [line for line in text.splitlines() if "a real AWS host" in line]
    check(len(warnings) >= 1 and "AWS_ENDPOINT_URL_SQS" in warnings[0] and "sqs.us-east-1.amazonaws.com" in warnings[0],
          "a client left on AWS's host is reported, naming the variables: %r" % warnings)
    check(len([w for w in warnings if "the sqs client" in w]) == 1, "reported once per service: %r" % warnings)


def main():
    print("botocore", botocore.__version__, "at", os.path.dirname(botocore.__file__))
    rules()
    if OLD:
        print("botocore older than 1.31: variable names are checked by the run with a newer botocore")
    else:
        names_match_newer_botocore()
    patched_clients()
    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    print("sdk endpoints: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
