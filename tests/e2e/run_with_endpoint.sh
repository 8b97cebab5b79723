#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs a command against a fresh `lambdadesk-cli serve --port 0` endpoint:
#   run_with_endpoint.sh CLI_PATH [SERVE_ARGS...] -- COMMAND [ARGS...]
# The endpoint URL is appended to COMMAND's arguments and exported as LAMBDADESK_ENDPOINT. The endpoint is
# stopped with SIGINT afterwards. Exit code: COMMAND's (77 = skipped stays 77), or 1 when the endpoint
# did not start or did not stop cleanly.
set -u

if [ $# -lt 3 ]; then
    echo "usage: $0 CLI_PATH [SERVE_ARGS...] -- COMMAND [ARGS...]" >&2
    exit 2
fi
cli=$1
shift
serve_args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    serve_args+=("$1")
    shift
done
if [ $# -lt 2 ]; then
    echo "$0: missing '-- COMMAND'" >&2
    exit 2
fi
shift

work=$(mktemp -d)
# Created here: the background job opens them only once it runs.
: >"$work/stdout"
: >"$work/stderr"
"$cli" serve --port 0 "${serve_args[@]}" >"$work/stdout" 2>"$work/stderr" &
serve_pid=$!
stop_serve() {
    if kill -0 "$serve_pid" 2>/dev/null; then
        kill -INT "$serve_pid" 2>/dev/null
        wait "$serve_pid"
        return $?
    fi
    wait "$serve_pid" 2>/dev/null
    return $?
}
cleanup() {
    stop_serve >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

url=""
for _ in $(seq 1 600); do
    url=$(sed -n 's/^ready //p' "$work/stdout" | head -n 1)
    [ -n "$url" ] && break
    if ! kill -0 "$serve_pid" 2>/dev/null; then
        echo "run_with_endpoint: '$cli serve' exited before it was ready:" >&2
        cat "$work/stderr" >&2
        exit 1
    fi
    sleep 0.05
done
if [ -z "$url" ]; then
    echo "run_with_endpoint: '$cli serve' printed no 'ready URL' line within 30 s:" >&2
    cat "$work/stderr" >&2
    exit 1
fi

export LAMBDADESK_ENDPOINT="$url"
"$@" "$url"
status=$?

stop_serve
serve_status=$?
if [ "$serve_status" -ne 0 ]; then
    echo "run_with_endpoint: the endpoint exited with status $serve_status when stopped:" >&2
    cat "$work/stderr" >&2
    [ "$status" -eq 0 ] && status=1
fi
exit "$status"
