#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs a client against a fresh endpoint:
#   with_endpoint.sh CLI_PATH [serve options...] -- COMMAND ARGS...
# starts `CLI_PATH serve --port 0 [serve options...]`, waits (at most 20 s) for its "ready URL" line, runs
# COMMAND ARGS... URL (the URL appended and exported as LAMBDADESK_ENDPOINT), then stops serve with SIGINT (at
# most 15 s, then SIGKILL and a failure). Exits with COMMAND's status, or serve's when COMMAND passed and serve
# did not stop cleanly. serve's output is shown when something fails.
set -u

usage() {
    echo "usage: with_endpoint.sh CLI_PATH [serve options...] -- COMMAND ARGS..." >&2
    exit 2
}

[ $# -ge 3 ] || usage
cli=$1
shift
serve_args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    serve_args+=("$1")
    shift
done
[ $# -ge 2 ] || usage
shift  # the --

workdir=$(mktemp -d "${TMPDIR:-/tmp}/with_endpoint.XXXXXX")
trap 'rm -rf "$workdir"' EXIT

"$cli" serve --port 0 "${serve_args[@]}" >"$workdir/serve.out" 2>"$workdir/serve.err" &
serve_pid=$!

show_serve_output() {
    echo "--- lambdadesk-cli serve stdout ---" >&2
    cat "$workdir/serve.out" >&2
    echo "--- lambdadesk-cli serve stderr ---" >&2
    cat "$workdir/serve.err" >&2
}

url=""
for _ in $(seq 1 200); do
    url=$(sed -n 's/^ready \(http[^ ]*\)$/\1/p' "$workdir/serve.out" | head -n 1)
    [ -n "$url" ] && break
    if ! kill -0 "$serve_pid" 2>/dev/null; then
        wait "$serve_pid"
        echo "with_endpoint.sh: serve exited with status $? before it was ready" >&2
        show_serve_output
        exit 1
    fi
    sleep 0.1
done
if [ -z "$url" ]; then
    echo "with_endpoint.sh: serve printed no 'ready URL' line within 20 s" >&2
    kill -KILL "$serve_pid" 2>/dev/null
    wait "$serve_pid" 2>/dev/null
    show_serve_output
    exit 1
fi

export LAMBDADESK_ENDPOINT="$url"
"$@" "$url"
status=$?

kill -INT "$serve_pid" 2>/dev/null
stopped=0
for _ in $(seq 1 150); do
    if ! kill -0 "$serve_pid" 2>/dev/null; then
        stopped=1
        break
    fi
    sleep 0.1
done
if [ "$stopped" -ne 1 ]; then
    echo "with_endpoint.sh: serve did not stop within 15 s of SIGINT; killed" >&2
    kill -KILL "$serve_pid" 2>/dev/null
    wait "$serve_pid" 2>/dev/null
    show_serve_output
    [ "$status" -eq 0 ] && status=1
    exit "$status"
fi
wait "$serve_pid"
serve_status=$?
if [ "$serve_status" -ne 0 ]; then
    echo "with_endpoint.sh: serve exited with status $serve_status" >&2
    show_serve_output
    [ "$status" -eq 0 ] && status=$serve_status
elif [ "$status" -ne 0 ] && [ "$status" -ne 77 ]; then
    show_serve_output
fi
exit "$status"
