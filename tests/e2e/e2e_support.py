# SPDX-License-Identifier: MIT
"""What the boto3 end-to-end scripts share: clients aimed at the endpoint with test keys, zipped function code,
and checks that fail with a message. Scripts import it from their own folder (python puts it on sys.path)."""
import io
import zipfile


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def client(service, endpoint, region="us-east-1", config=None):
    """A boto3 client for `service` at `endpoint`, signing for `region` with test keys."""
    import boto3  # imported here so each script decides how a missing boto3 is reported (exit 77)
    return boto3.client(service, endpoint_url=endpoint, region_name=region, aws_access_key_id="test",
                        aws_secret_access_key="test", config=config)


def zipped(files):
    """A zip archive of {name: text} in memory, as CreateFunction's ZipFile takes it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()
