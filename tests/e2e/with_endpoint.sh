#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs a command against a fresh `lambdadesk-cli serve` endpoint, then stops the endpoint cleanly.
# Usage: with_endpoint.sh CLI_PATH [serve options…] -- COMMAND ARGS…
# The endpoint URL is appended to COMMAND's arguments and exported as LAMBDADESK_ENDPOINT. Exit status:
# COMMAND's, or 1 when the endpoint does not start or does not exit 0 after SIGINT.
set -uo pipefail
cli="$1"; shift
serve_args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do serve_args+=("$1"); shift; done
[ "${1:-}" = "--" ] || { echo "with_endpoint.sh: missing -- COMMAND" >&2; exit 2; }
shift

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$cli" serve --port 0 "${serve_args[@]}" >"$work/out" 2>"$work/err" &
serve_pid=$!
url=""
for _ in $(seq 1 200); do
  url="$(sed -n 's/^ready //p' "$work/out" | head -n1)"
  [ -n "$url" ] && break
  if ! kill -0 "$serve_pid" 2>/dev/null; then break; fi
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "with_endpoint.sh: the endpoint did not start; its stderr:" >&2
  cat "$work/err" >&2
  kill -9 "$serve_pid" 2>/dev/null
  exit 1
fi

export LAMBDADESK_ENDPOINT="$url"
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}" AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}" AWS_REGION="${AWS_REGION:-us-east-1}"
export AWS_PAGER="" AWS_EC2_METADATA_DISABLED=true
"$@" "$url"
status=$?

kill -INT "$serve_pid" 2>/dev/null
for _ in $(seq 1 150); do
  kill -0 "$serve_pid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$serve_pid" 2>/dev/null; then
  echo "with_endpoint.sh: the endpoint did not stop within 15 s of SIGINT" >&2
  kill -9 "$serve_pid"
  exit 1
fi
wait "$serve_pid"
serve_status=$?
if [ "$serve_status" -ne 0 ]; then
  echo "with_endpoint.sh: the endpoint exited with $serve_status; its stderr:" >&2
  cat "$work/err" >&2
  [ "$status" -eq 0 ] && status=1
fi
if [ "$status" -ne 0 ] && [ "$status" -ne 77 ]; then
  echo "--- endpoint stderr ---" >&2
  tail -n 40 "$work/err" >&2
fi
exit "$status"
