#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs sdk_e2e.mjs when Node and the SDK (installed by scripts/test with npm ci) are present; 77 = skipped.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
command -v node >/dev/null 2>&1 || { echo "node is missing - skipping"; exit 77; }
[ -d "$here/node_modules/@aws-sdk/client-lambda" ] || { echo "run 'npm ci' in $here first - skipping"; exit 77; }
exec node "$here/sdk_e2e.mjs" "$@"
