#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# End-to-end STS checks with the AWS CLI: `aws sts get-caller-identity --endpoint-url …` (how tools detect a
# local endpoint) and `aws sts assume-role`.
#   sts_cli_e2e.sh AWS_CLI ENDPOINT_URL
# Exits 77 (a ctest skip) when the AWS CLI is missing.
set -u
aws_cli=${1:?usage: sts_cli_e2e.sh AWS_CLI ENDPOINT_URL}
endpoint=${2:?usage: sts_cli_e2e.sh AWS_CLI ENDPOINT_URL}
. "$(dirname "$0")/aws_cli_env.sh"
require_aws_cli "$aws_cli"

"$aws_cli" --version
account=$("$aws_cli" --endpoint-url "$endpoint" sts get-caller-identity --query Account --output text) ||
    fail "get-caller-identity: $account"
[ "$account" = "123456789012" ] || fail "account $account"
arn=$("$aws_cli" --endpoint-url "$endpoint" sts assume-role --role-arn arn:aws:iam::123456789012:role/Deployer \
    --role-session-name cli --query AssumedRoleUser.Arn --output text) || fail "assume-role: $arn"
[ "$arn" = "arn:aws:sts::123456789012:assumed-role/Deployer/cli" ] || fail "assumed arn $arn"
if "$aws_cli" --endpoint-url "$endpoint" sts assume-role --role-arn arn:aws:iam::123456789012:user/nope --role-session-name cli 2>"${TMPDIR:-/tmp}/sts-cli-err.$$"; then
    fail "assume-role accepted a bad role ARN"
fi
grep -q "ValidationError" "${TMPDIR:-/tmp}/sts-cli-err.$$" || fail "no ValidationError: $(cat "${TMPDIR:-/tmp}/sts-cli-err.$$")"
rm -f "${TMPDIR:-/tmp}/sts-cli-err.$$"
echo "sts cli e2e: all checks passed"
