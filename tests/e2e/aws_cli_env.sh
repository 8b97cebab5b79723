# SPDX-License-Identifier: MIT
# Sourced by the AWS CLI end-to-end scripts (*_cli_e2e.sh): the skip when the CLI is missing, an environment
# that reads no user configuration, and fail().
#   . "$(dirname "$0")/aws_cli_env.sh"; require_aws_cli "$aws_cli"

# Exits 77 (a ctest skip) when the CLI is not there or does not run.
require_aws_cli() {
    command -v "$1" >/dev/null 2>&1 || { echo "$1 not found: skipping"; exit 77; }
    "$1" --version >/dev/null 2>&1 || { echo "$1 does not run: skipping"; exit 77; }
}

fail() {
    echo "FAILED ($(basename "$0")): $*" >&2
    exit 1
}

# Test credentials, no ~/.aws files, no pager; us-east-1 unless a script unsets or passes --region.
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
