#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The AWS CLI against LambdaDesk's FIS API: a template from --cli-input-json on a function created through the
# Lambda API, an experiment started, watched running, listed and stopped, the catalogue, and FIS's errors.
# Usage (through with_endpoint.sh): fis_cli_e2e.sh AWS_BINARY ENDPOINT_URL. Exit 77 = no such AWS CLI.
set -euo pipefail
aws_bin="$1"; endpoint="$2"
. "$(dirname "$0")/aws_cli_env.sh"
require_aws_cli "$aws_bin"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
awsx() { "$aws_bin" --endpoint-url "$endpoint" --region us-east-1 --output json "$@"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
"$aws_bin" --version

# A function for the template's target to resolve to (FIS fails an experiment whose target matches nothing).
cat >"$work/app.py" <<'PY'
def handler(event, context):
    return event
PY
(cd "$work" && python3 -c "import zipfile; z=zipfile.ZipFile('fn.zip','w'); z.write('app.py'); z.close()")
awsx lambda create-function --function-name fis-cli-target --runtime python3.12 --handler app.handler \
  --role arn:aws:iam::123456789012:role/cli --zip-file "fileb://$work/fn.zip" >/dev/null

# FIS's own example shape. No experimentOptions: the CLI 2.9 of Debian does not know that member yet.
cat >"$work/template.json" <<'JSON'
{
  "description": "Delay a quarter of fis-cli-target's invocations",
  "roleArn": "arn:aws:iam::123456789012:role/fis",
  "stopConditions": [{"source": "none"}],
  "targets": {
    "Fns": {
      "resourceType": "aws:lambda:function",
      "resourceArns": ["arn:aws:lambda:us-east-1:123456789012:function:fis-cli-target"],
      "selectionMode": "ALL"
    }
  },
  "actions": {
    "delay": {
      "actionId": "aws:lambda:invocation-add-delay",
      "parameters": {"duration": "PT5M", "invocationPercentage": "25", "startupDelayMilliseconds": "3000"},
      "targets": {"Functions": "Fns"},
      "startAfter": []
    }
  },
  "tags": {"team": "e2e"}
}
JSON

template_id=$(awsx fis create-experiment-template --cli-input-json "file://$work/template.json" |
  json 'd["experimentTemplate"]["id"]')
case "$template_id" in EXT*) ;; *) fail "template id '$template_id'" ;; esac
awsx fis list-experiment-templates >"$work/templates.json"
[ "$(json "[t['id'] for t in d['experimentTemplates']].count('$template_id')" <"$work/templates.json")" = "1" ] ||
  fail "list-experiment-templates: $(cat "$work/templates.json")"
[ "$(awsx fis get-experiment-template --id "$template_id" | json 'd["experimentTemplate"]["tags"]["team"]')" = "e2e" ] ||
  fail "get-experiment-template lost the tags"

experiment_id=$(awsx fis start-experiment --experiment-template-id "$template_id" --tags run=cli |
  json 'd["experiment"]["id"]')
case "$experiment_id" in EXP*) ;; *) fail "experiment id '$experiment_id'" ;; esac
status=""
for _ in $(seq 1 50); do
  status=$(awsx fis get-experiment --id "$experiment_id" | json 'd["experiment"]["state"]["status"]')
  [ "$status" = "running" ] && break
  sleep 0.2
done
[ "$status" = "running" ] || fail "experiment status '$status', expected running"
awsx fis list-experiments >"$work/experiments.json"
[ "$(json "[e['id'] for e in d['experiments']].count('$experiment_id')" <"$work/experiments.json")" = "1" ] ||
  fail "list-experiments: $(cat "$work/experiments.json")"

status=$(awsx fis stop-experiment --id "$experiment_id" | json 'd["experiment"]["state"]["status"]')
case "$status" in stopping|stopped) ;; *) fail "stop-experiment said '$status'" ;; esac
for _ in $(seq 1 50); do
  status=$(awsx fis get-experiment --id "$experiment_id" | json 'd["experiment"]["state"]["status"]')
  [ "$status" = "stopped" ] && break
  sleep 0.2
done
[ "$status" = "stopped" ] || fail "experiment status '$status' after stop-experiment"

awsx fis list-actions | json '[a["id"] for a in d["actions"]]' | grep -q "aws:lambda:invocation-add-delay" ||
  fail "list-actions misses aws:lambda:invocation-add-delay"
[ "$(awsx fis get-action --id aws:lambda:invocation-error | json 'd["action"]["parameters"]["duration"]["required"]')" = "True" ] ||
  fail "get-action: duration is not required"

awsx fis delete-experiment-template --id "$template_id" >/dev/null
if awsx fis get-experiment-template --id "$template_id" >"$work/out" 2>"$work/err"; then fail "deleted template found"; fi
grep -q "ResourceNotFoundException" "$work/err" || fail "expected ResourceNotFoundException: $(cat "$work/err")"

# A template the API refuses names the field in the CLI's message.
sed 's/"PT5M"/"five minutes"/' "$work/template.json" >"$work/bad.json"
if awsx fis create-experiment-template --cli-input-json "file://$work/bad.json" >"$work/out" 2>"$work/err"; then
  fail "a bad duration was accepted"
fi
grep -q "ValidationException" "$work/err" && grep -q "duration" "$work/err" ||
  fail "expected a ValidationException naming duration: $(cat "$work/err")"

awsx lambda delete-function --function-name fis-cli-target
echo "fis cli e2e: ok"
