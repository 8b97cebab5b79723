#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The AWS CLI against LambdaDesk's Lambda API: create from a zip, invoke sync/async with log tail, errors.
# Usage (through with_endpoint.sh): lambda_cli_e2e.sh AWS_BINARY ENDPOINT_URL. Exit 77 = no such AWS CLI.
set -euo pipefail
aws_bin="$1"; endpoint="$2"
. "$(dirname "$0")/aws_cli_env.sh"
require_aws_cli "$aws_bin"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
awsx() { "$aws_bin" --endpoint-url "$endpoint" --region us-east-1 --output json "$@"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

cat >"$work/app.py" <<'PY'
def handler(event, context):
    print("cli says", event)
    return {"got": event}
PY
(cd "$work" && python3 -c "import zipfile; z=zipfile.ZipFile('fn.zip','w'); z.write('app.py'); z.close()")
"$aws_bin" --version
# CLI v2 reads --payload as base64 unless told otherwise; v1 reads it raw.
binary_format=()
"$aws_bin" --version 2>&1 | grep -q '^aws-cli/2' && binary_format=(--cli-binary-format raw-in-base64-out)

state=$(awsx lambda create-function --function-name cli-echo --runtime python3.12 --handler app.handler \
  --role arn:aws:iam::123456789012:role/cli --zip-file "fileb://$work/fn.zip" | json 'd["State"]')
[ "$state" = "Pending" ] || fail "create-function said State=$state"
awsx lambda wait function-active-v2 --function-name cli-echo 2>/dev/null || awsx lambda wait function-active --function-name cli-echo

awsx lambda invoke --function-name cli-echo "${binary_format[@]}" --payload '{"k":"v"}' --log-type Tail \
  "$work/out.json" >"$work/meta.json"
[ "$(json 'd["StatusCode"]' <"$work/meta.json")" = "200" ] || fail "invoke status: $(cat "$work/meta.json")"
[ "$(json 'd["got"]["k"]' <"$work/out.json")" = "v" ] || fail "invoke payload: $(cat "$work/out.json")"
json 'd["LogResult"]' <"$work/meta.json" | base64 -d | grep -q "cli says" || fail "log tail misses the function's output"

awsx lambda invoke --function-name cli-echo --invocation-type Event "${binary_format[@]}" --payload '{}' \
  "$work/async.json" >"$work/meta2.json"
[ "$(json 'd["StatusCode"]' <"$work/meta2.json")" = "202" ] || fail "async invoke: $(cat "$work/meta2.json")"

[ "$(awsx lambda list-functions | json 'len(d["Functions"])')" = "1" ] || fail "list-functions"
awsx lambda put-function-concurrency --function-name cli-echo --reserved-concurrent-executions 2 >/dev/null
[ "$(awsx lambda get-function --function-name cli-echo | json 'd["Concurrency"]["ReservedConcurrentExecutions"]')" = "2" ] \
  || fail "concurrency not reported"

if awsx lambda get-function --function-name nowhere >"$work/out" 2>"$work/err"; then fail "missing function found"; fi
grep -q "ResourceNotFoundException" "$work/err" || fail "expected ResourceNotFoundException: $(cat "$work/err")"
awsx lambda delete-function --function-name cli-echo
echo "lambda cli e2e: ok"
