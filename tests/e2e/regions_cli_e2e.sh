#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Two regions side by side with the AWS CLI (issue 16 §5): --region picks the region's own queues and streams.
#   regions_cli_e2e.sh ENDPOINT_URL
# Exits 77 (a ctest skip) when /usr/bin/aws (or $AWS_CLI) is missing.
set -u

endpoint=${1:?usage: regions_cli_e2e.sh ENDPOINT_URL}
aws_cli=${AWS_CLI:-/usr/bin/aws}
. "$(dirname "$0")/aws_cli_env.sh"
require_aws_cli "$aws_cli"
unset AWS_DEFAULT_REGION AWS_REGION  # every call names its region
awsr() {
    local region=$1; shift
    "$aws_cli" --endpoint-url "$endpoint" --region "$region" --output text "$@"
}

awsr us-east-1 sqs create-queue --queue-name cli-orders >/dev/null || fail "create-queue in us-east-1"
awsr eu-west-1 sqs create-queue --queue-name cli-orders >/dev/null || fail "create-queue in eu-west-1"
awsr eu-west-1 sqs create-queue --queue-name cli-west-only >/dev/null || fail "create-queue cli-west-only"

east=$(awsr us-east-1 sqs list-queues --query 'QueueUrls' ) || fail "list-queues us-east-1"
west=$(awsr eu-west-1 sqs list-queues --query 'QueueUrls' ) || fail "list-queues eu-west-1"
case "$east" in *cli-west-only*) fail "us-east-1 lists eu-west-1's queue: $east" ;; esac
case "$west" in *cli-west-only*) ;; *) fail "eu-west-1 does not list its queue: $west" ;; esac

for region in us-east-1 eu-west-1; do
    url=$(awsr "$region" sqs get-queue-url --queue-name cli-orders) || fail "get-queue-url in $region"
    arn=$(awsr "$region" sqs get-queue-attributes --queue-url "$url" --attribute-names QueueArn \
          --query 'Attributes.QueueArn') || fail "get-queue-attributes in $region"
    [ "$arn" = "arn:aws:sqs:$region:123456789012:cli-orders" ] || fail "$region's queue ARN is $arn"
done

if err=$(awsr us-east-1 sqs get-queue-url --queue-name cli-west-only 2>&1); then
    fail "us-east-1 found eu-west-1's queue: $err"
fi
case "$err" in *eu-west-1*) ;; *) fail "the wrong-region error does not say where the queue is: $err" ;; esac

awsr eu-west-1 kinesis create-stream --stream-name cli-clicks --shard-count 2 || fail "create-stream eu-west-1"
arn=$(awsr eu-west-1 kinesis describe-stream-summary --stream-name cli-clicks \
      --query 'StreamDescriptionSummary.StreamARN') || fail "describe-stream-summary"
[ "$arn" = "arn:aws:kinesis:eu-west-1:123456789012:stream/cli-clicks" ] || fail "the stream ARN is $arn"
if awsr us-east-1 kinesis describe-stream-summary --stream-name cli-clicks >/dev/null 2>&1; then
    fail "us-east-1 sees eu-west-1's stream"
fi
echo "regions cli e2e: ok"
