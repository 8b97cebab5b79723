#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# End-to-end SQS checks with the AWS CLI (Debian's v2.9 speaks the query protocol):
#   sqs_cli_e2e.sh ENDPOINT_URL
# Exits 77 (a ctest skip) when /usr/bin/aws (or $AWS_CLI) is missing.
set -u

endpoint=${1:?usage: sqs_cli_e2e.sh ENDPOINT_URL}
aws_cli=${AWS_CLI:-/usr/bin/aws}
. "$(dirname "$0")/aws_cli_env.sh"
require_aws_cli "$aws_cli"
python=/usr/bin/python3
[ -x "$python" ] || python=python3

sqs() {
    "$aws_cli" --endpoint-url "$endpoint" --output json sqs "$@"
}

# Reads one value out of JSON on stdin: json_get 'expression over d'
json_get() {
    "$python" -c 'import json, sys; d = json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"
}

"$aws_cli" --version

out=$(sqs create-queue --queue-name cli-e2e --attributes VisibilityTimeout=30) || fail "create-queue: $out"
url=$(echo "$out" | json_get 'd["QueueUrl"]') || fail "create-queue output: $out"
case "$url" in
    "$endpoint"/*/cli-e2e) ;;
    *) fail "queue URL $url does not point at $endpoint" ;;
esac

out=$(sqs send-message --queue-url "$url" --message-body "Test message." \
    --message-attributes '{"City":{"DataType":"String","StringValue":"Any City"}}') || fail "send-message: $out"
md5=$(echo "$out" | json_get 'd["MD5OfMessageBody"]')
[ "$md5" = "e4e68fb7bd0e697a0ae8f1bb342846b3" ] || fail "MD5OfMessageBody $md5 in $out"
echo "$out" | json_get 'd["MD5OfMessageAttributes"]' >/dev/null || fail "no MD5OfMessageAttributes in $out"

out=$(sqs receive-message --queue-url "$url" --attribute-names All --message-attribute-names All \
    --max-number-of-messages 10 --wait-time-seconds 1) || fail "receive-message: $out"
body=$(echo "$out" | json_get 'd["Messages"][0]["Body"]') || fail "receive-message output: $out"
[ "$body" = "Test message." ] || fail "body '$body'"
city=$(echo "$out" | json_get 'd["Messages"][0]["MessageAttributes"]["City"]["StringValue"]')
[ "$city" = "Any City" ] || fail "message attribute '$city' in $out"
count=$(echo "$out" | json_get 'd["Messages"][0]["Attributes"]["ApproximateReceiveCount"]')
[ "$count" = "1" ] || fail "ApproximateReceiveCount '$count'"
handle=$(echo "$out" | json_get 'd["Messages"][0]["ReceiptHandle"]')

out=$(sqs get-queue-attributes --queue-url "$url" --attribute-names All) || fail "get-queue-attributes: $out"
[ "$(echo "$out" | json_get 'd["Attributes"]["ApproximateNumberOfMessagesNotVisible"]')" = "1" ] ||
    fail "in-flight count in $out"
[ "$(echo "$out" | json_get 'd["Attributes"]["VisibilityTimeout"]')" = "30" ] || fail "VisibilityTimeout in $out"

out=$(sqs delete-message --queue-url "$url" --receipt-handle "$handle" 2>&1) || fail "delete-message: $out"
out=$(sqs get-queue-attributes --queue-url "$url" --attribute-names ApproximateNumberOfMessagesNotVisible) ||
    fail "get-queue-attributes: $out"
[ "$(echo "$out" | json_get 'd["Attributes"]["ApproximateNumberOfMessagesNotVisible"]')" = "0" ] ||
    fail "the message was not deleted: $out"

# An error reaches the CLI with its AWS code.
if out=$(sqs get-queue-url --queue-name cli-e2e-missing 2>&1); then
    fail "get-queue-url of a missing queue succeeded: $out"
fi
echo "$out" | grep -q "AWS.SimpleQueueService.NonExistentQueue" || fail "unexpected error text: $out"

echo "sqs CLI e2e: all checks passed"
