#!/usr/bin/env bash
# One Cloud Build step of one service's chain that never fails the build by itself, so one service's failure
# neither blocks nor cancels the others; the last step (--report) fails the build naming every service that
# did not finish.
# usage: deploy/ci_step.sh SERVICE STAGE [--after STAGE] -- COMMAND...
#        deploy/ci_step.sh --report STAGE SERVICE...
# A stage that succeeds leaves the marker $CI_STATUS_DIR/SERVICE.STAGE (default .ci-status/); a stage whose
# --after marker is missing is skipped.
set -uo pipefail
STATUS_DIR="${CI_STATUS_DIR:-.ci-status}"
mkdir -p "$STATUS_DIR"

if [[ "${1:-}" == --report ]]; then
    stage="${2:?usage: --report STAGE SERVICE...}"
    shift 2
    missing=()
    for service in "$@"; do [[ -f "$STATUS_DIR/$service.$stage" ]] || missing+=("$service"); done
    if ((${#missing[@]})); then
        echo "ci_step: FAILED: no $stage for: ${missing[*]} (see their steps above)" >&2
        exit 1
    fi
    echo "ci_step: $stage done for: $*"
    exit 0
fi

service="${1:?usage: SERVICE STAGE [--after STAGE] -- COMMAND...}" stage="${2:?missing STAGE}" after=""
shift 2
if [[ "${1:-}" == --after ]]; then after="${2:?--after needs a stage}"; shift 2; fi
[[ "${1:-}" == -- ]] || { echo "ci_step: expected -- before the command" >&2; exit 2; }
shift
if [[ -n "$after" && ! -f "$STATUS_DIR/$service.$after" ]]; then
    echo "ci_step: $service $stage skipped: $after did not succeed"
    exit 0
fi
if "$@"; then
    touch "$STATUS_DIR/$service.$stage"
else
    echo "ci_step: $service $stage FAILED (exit $?); the build will fail at its report step" >&2
fi
exit 0
