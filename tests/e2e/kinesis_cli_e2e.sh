#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# End-to-end Kinesis resharding with the AWS CLI: create-stream, split-shard, list-shards with --shard-filter,
# merge-shards, update-shard-count, tags, describe-limits and a stream consumer.
#   kinesis_cli_e2e.sh AWS_CLI ENDPOINT_URL
# Exits 77 (a ctest skip) when the AWS CLI is missing.
set -u
aws_cli=${1:?usage: kinesis_cli_e2e.sh AWS_CLI ENDPOINT_URL}
endpoint=${2:?usage: kinesis_cli_e2e.sh AWS_CLI ENDPOINT_URL}
. "$(dirname "$0")/aws_cli_env.sh"
require_aws_cli "$aws_cli"
kinesis() {
    "$aws_cli" --endpoint-url "$endpoint" kinesis "$@"
}
# A reshard leaves the stream UPDATING for a moment (another reshard is refused meanwhile): wait as AWS's docs say.
wait_active() {
    for _ in $(seq 50); do
        status=$(kinesis describe-stream-summary --stream-name "$1" \
            --query StreamDescriptionSummary.StreamStatus --output text) || fail "describe-stream-summary: $status"
        [ "$status" = "ACTIVE" ] && return 0
        sleep 0.1
    done
    fail "$1 stayed $status"
}

"$aws_cli" --version
stream=cli-reshard
kinesis create-stream --stream-name "$stream" --shard-count 1 || fail "create-stream"
kinesis split-shard --stream-name "$stream" --shard-to-split shardId-000000000000 \
    --new-starting-hash-key 170141183460469231731687303715884105728 || fail "split-shard"
wait_active "$stream"
open=$(kinesis list-shards --stream-name "$stream" --shard-filter Type=AT_LATEST \
    --query 'Shards[].ShardId' --output text) || fail "list-shards: $open"
[ "$open" = "$(printf 'shardId-000000000001\tshardId-000000000002')" ] || fail "open shards after the split: $open"
ending=$(kinesis describe-stream --stream-name "$stream" \
    --query 'StreamDescription.Shards[0].SequenceNumberRange.EndingSequenceNumber' --output text)
[ -n "$ending" ] && [ "$ending" != "None" ] || fail "the split parent has no EndingSequenceNumber"
if kinesis split-shard --stream-name "$stream" --shard-to-split shardId-000000000000 \
    --new-starting-hash-key 12345 2>"${TMPDIR:-/tmp}/kinesis-cli-err.$$"; then
    fail "split-shard split a closed shard"
fi
grep -q "has already been merged or split" "${TMPDIR:-/tmp}/kinesis-cli-err.$$" ||
    fail "closed shard: $(cat "${TMPDIR:-/tmp}/kinesis-cli-err.$$")"
rm -f "${TMPDIR:-/tmp}/kinesis-cli-err.$$"
kinesis merge-shards --stream-name "$stream" --shard-to-merge shardId-000000000001 \
    --adjacent-shard-to-merge shardId-000000000002 || fail "merge-shards"
wait_active "$stream"
parent=$(kinesis list-shards --stream-name "$stream" --shard-filter Type=AT_LATEST \
    --query 'Shards[0].AdjacentParentShardId' --output text)
[ "$parent" = "shardId-000000000002" ] || fail "merged shard's AdjacentParentShardId: $parent"
target=$(kinesis update-shard-count --stream-name "$stream" --target-shard-count 2 --scaling-type UNIFORM_SCALING \
    --query TargetShardCount --output text) || fail "update-shard-count: $target"
[ "$target" = "2" ] || fail "TargetShardCount $target"
kinesis add-tags-to-stream --stream-name "$stream" --tags team=orders || fail "add-tags-to-stream"
tag=$(kinesis list-tags-for-stream --stream-name "$stream" --query 'Tags[0].Value' --output text)
[ "$tag" = "orders" ] || fail "tag $tag"
limit=$(kinesis describe-limits --query ShardLimit --output text) || fail "describe-limits: $limit"
[ "$limit" -ge 1 ] || fail "ShardLimit $limit"
arn=$(kinesis describe-stream-summary --stream-name "$stream" --query StreamDescriptionSummary.StreamARN --output text)
consumer=$(kinesis register-stream-consumer --stream-arn "$arn" --consumer-name cli-reader \
    --query Consumer.ConsumerARN --output text) || fail "register-stream-consumer: $consumer"
case "$consumer" in "$arn/consumer/cli-reader:"*) ;; *) fail "consumer ARN $consumer" ;; esac
kinesis deregister-stream-consumer --consumer-arn "$consumer" || fail "deregister-stream-consumer"
kinesis delete-stream --stream-name "$stream" || fail "delete-stream"
echo "kinesis cli e2e: all checks passed"
