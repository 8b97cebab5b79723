#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""SigV4 verification end to end, against an endpoint started with
`--verify-signatures --access-key AKIDTEST:SECRETTEST` (its URL is argv[1]). boto3 signs real requests: the right key
works (Kinesis, and Lambda and S3 get past the check), a wrong secret is SignatureDoesNotMatch, an unknown key
UnrecognizedClientException, an unsigned request MissingAuthenticationToken; health stays unsigned. Exits 77
when boto3 is missing."""
import json
import sys
import urllib.error
import urllib.request

try:
    import boto3
    import botocore
    from botocore.config import Config
    from botocore.exceptions import ClientError
except ImportError:
    print(f"SKIP: boto3 is not installed for {sys.executable}")
    sys.exit(77)

KEY = "AKIDTEST"
SECRET = "SECRETTEST"
SIGNATURE_CODES = {"SignatureDoesNotMatch", "UnrecognizedClientException", "InvalidSignatureException",
                   "IncompleteSignatureException", "MissingAuthenticationToken"}


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def client(service, url, key=KEY, secret=SECRET, **config):
    return boto3.client(service, endpoint_url=url, region_name="us-east-1", aws_access_key_id=key,
                        aws_secret_access_key=secret, config=Config(retries={"max_attempts": 1}, **config))


def error_of(call):
    try:
        call()
    except ClientError as error:
        return (error.response["Error"].get("Code"), error.response["ResponseMetadata"]["HTTPStatusCode"])
    return (None, 200)


def http(method, url, headers=None, body=None):
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def main():
    if len(sys.argv) < 2:
        print("usage: sigv4_e2e.py ENDPOINT_URL")
        return 2
    url = sys.argv[1]

    kinesis = client("kinesis", url)
    check("StreamNames" in kinesis.list_streams(), "list_streams with the right key")
    kinesis.create_stream(StreamName="signed", ShardCount=1)
    kinesis.put_record(StreamName="signed", PartitionKey="k", Data=b"signed bytes")
    check(error_of(lambda: client("kinesis", url, secret="WRONG").list_streams())
          == ("SignatureDoesNotMatch", 403), "wrong secret")
    check(error_of(lambda: client("kinesis", url, key="AKIDUNKNOWN").list_streams())
          == ("UnrecognizedClientException", 403), "unknown key")

    # Lambda's REST paths (encoded again when signed) get past the check with the right key; whether Lambda is
    # emulated on this build or not, the answer is then not a signature error.
    lambda_right = error_of(lambda: client("lambda", url).get_function(FunctionName="arn:aws:lambda:us-east-1:"
                                                                                    "123456789012:function:no-such"))
    check(lambda_right[0] not in SIGNATURE_CODES and lambda_right[1] != 403, f"lambda with the right key: {lambda_right}")
    check(error_of(lambda: client("lambda", url, secret="WRONG").list_functions())
          == ("SignatureDoesNotMatch", 403), "lambda with a wrong secret")

    # S3 signs its path as sent (no second encoding); it is not emulated, so the right key reaches a 501.
    s3_config = {"s3": {"addressing_style": "path"}, "signature_version": "s3v4"}
    status = error_of(lambda: client("s3", url, **s3_config).put_object(Bucket="bucket", Key="dir/a key+plus~.txt",
                                                                        Body=b"x"))[1]
    check(status == 501, f"s3 put_object with the right key: HTTP {status}")
    status = error_of(lambda: client("s3", url, secret="WRONG", **s3_config).list_objects_v2(Bucket="bucket"))[1]
    check(status == 403, f"s3 with a wrong secret: HTTP {status}")
    presigned = client("s3", url, **s3_config).generate_presigned_url(
        "get_object", Params={"Bucket": "bucket", "Key": "a key.txt"}, ExpiresIn=300)
    check(http("GET", presigned)[0] == 501, "a presigned URL with the right key")
    wrong = client("s3", url, secret="WRONG", **s3_config).generate_presigned_url(
        "get_object", Params={"Bucket": "bucket", "Key": "a key.txt"}, ExpiresIn=300)
    check(http("GET", wrong)[0] == 403, "a presigned URL with a wrong secret")
    # Signature Version 2 (boto3's default for S3 presigned URLs without signature_version) is refused by name.
    sigv2 = client("s3", url, s3={"addressing_style": "path"}).generate_presigned_url(
        "get_object", Params={"Bucket": "bucket", "Key": "k"}, ExpiresIn=300)
    if "AWSAccessKeyId=" in sigv2:
        status, body = http("GET", sigv2)
        check(status == 403 and json.loads(body)["__type"] == "IncompleteSignatureException", f"SigV2: {status} {body}")

    status, body = http("POST", url + "/", {"Content-Type": "application/x-amz-json-1.1",
                                            "X-Amz-Target": "Kinesis_20131202.ListStreams"}, b"{}")
    check(status == 403 and json.loads(body)["__type"] == "MissingAuthenticationToken", f"unsigned: {status} {body}")
    check(http("GET", url + "/_lambdadesk/health")[0] == 200, "health needs no signature")
    print(f"sigv4 e2e: ok (boto3 {boto3.__version__}, botocore {botocore.__version__}, {sys.executable})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
