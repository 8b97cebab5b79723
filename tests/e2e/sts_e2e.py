#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""End-to-end STS checks with boto3 against a running LambdaDesk endpoint.

    sts_e2e.py ENDPOINT_URL

GetCallerIdentity (the account, then the assumed role when signed with AssumeRole's keys), AssumeRole and
GetSessionToken credentials in AWS's shape, and STS's validation errors. Exits 0 on success, 1 with a
message on the first failed check, 77 when boto3 is missing (a skip for ctest).
"""
import datetime
import sys

try:
    import boto3
    from botocore.config import Config
    from botocore.exceptions import ClientError
except ImportError:
    print("boto3 is not installed for %s: skipping" % sys.executable)
    sys.exit(77)


def check(condition, message):
    if not condition:
        print("FAILED:", message)
        sys.exit(1)


def client(endpoint, validate=True, **keys):
    keys.setdefault("aws_access_key_id", "test")
    keys.setdefault("aws_secret_access_key", "test")
    # Unvalidated: the SDK checks lengths and ranges itself, and these checks are the endpoint's.
    return boto3.client("sts", endpoint_url=endpoint, region_name="us-east-1",
                        config=Config(parameter_validation=validate), **keys)


def expect_error(call, code, fragment):
    try:
        call()
    except ClientError as error:
        check(error.response["Error"]["Code"] == code, "expected %s, got %s" % (code, error.response["Error"]))
        check(fragment in error.response["Error"]["Message"], "message %r lacks %r" % (error.response["Error"], fragment))
        return
    check(False, "expected %s" % code)


def main(endpoint):
    sts = client(endpoint)
    me = sts.get_caller_identity()
    check(me["Account"] == "123456789012", "account: %s" % me)
    check(me["Arn"] == "arn:aws:iam::123456789012:root", "arn: %s" % me)

    role = "arn:aws:iam::123456789012:role/service-role/OrderProcessorRole"
    assumed = sts.assume_role(RoleArn=role, RoleSessionName="e2e-session", DurationSeconds=1800)
    credentials = assumed["Credentials"]
    check(credentials["AccessKeyId"].startswith("ASIA") and len(credentials["AccessKeyId"]) == 20,
          "access key id: %s" % credentials["AccessKeyId"])
    check(len(credentials["SecretAccessKey"]) == 40, "secret: %s" % credentials["SecretAccessKey"])
    check(len(credentials["SessionToken"]) > 100, "token: %s" % credentials["SessionToken"])
    left = credentials["Expiration"] - datetime.datetime.now(datetime.timezone.utc)
    check(datetime.timedelta(minutes=29) < left <= datetime.timedelta(minutes=30, seconds=5), "expiration: %s" % left)
    user = assumed["AssumedRoleUser"]
    check(user["Arn"] == "arn:aws:sts::123456789012:assumed-role/OrderProcessorRole/e2e-session", "arn: %s" % user)
    check(user["AssumedRoleId"].startswith("AROA") and user["AssumedRoleId"].endswith(":e2e-session"), "id: %s" % user)

    # Signed with the new keys, the caller is the role's session.
    as_role = client(endpoint, aws_access_key_id=credentials["AccessKeyId"],
                     aws_secret_access_key=credentials["SecretAccessKey"],
                     aws_session_token=credentials["SessionToken"])
    them = as_role.get_caller_identity()
    check(them["Arn"] == user["Arn"] and them["UserId"] == user["AssumedRoleId"], "assumed identity: %s" % them)

    token = sts.get_session_token()["Credentials"]
    left = token["Expiration"] - datetime.datetime.now(datetime.timezone.utc)
    check(datetime.timedelta(hours=11, minutes=59) < left <= datetime.timedelta(hours=12, seconds=5),
          "session token expiration: %s" % left)

    raw = client(endpoint, validate=False)
    expect_error(lambda: raw.assume_role(RoleArn="arn:aws:iam::123456789012:user/not-a-role", RoleSessionName="s1"),
                 "ValidationError", "user/not-a-role")
    expect_error(lambda: raw.assume_role(RoleArn=role, RoleSessionName="s1", DurationSeconds=100),
                 "ValidationError", "between 900 and 43200")
    expect_error(lambda: raw.assume_role(RoleArn=role, RoleSessionName="bad session"), "ValidationError",
                 "roleSessionName")
    expect_error(lambda: raw.get_session_token(DurationSeconds=200000), "ValidationError", "between 900 and 129600")
    print("sts e2e: all checks passed")


if __name__ == "__main__":
    main(sys.argv[1])
