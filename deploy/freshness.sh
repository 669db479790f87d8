#!/usr/bin/env bash
# Deploy the freshness checker as a Cloud Run function (Cloud Functions gen2, entry point check_completeness)
# from a generated source root, and check its health route serves the commit given.
# usage: deploy/freshness.sh --project P --region R --commit SHA [--memory 512Mi] [--timeout 300]
#          [--impersonate SA_EMAIL] [--dry-run]
# Functions build from main.py + requirements.txt at the source root: this script stages shared/ and services/
# with a main.py that re-exports the entry point and requirements.txt = pyproject's runtime dependencies only,
# held to requirements.lock's versions (-c).
# The alert webhook URL comes from Secret Manager (alert-webhook-url). The source build runs as courtside-builder
# (deploy/bootstrap.sh), never the default compute account. A function has no tagged no-traffic revision: its
# health check runs after the new revision serves (see the README's deploy checklist).

OPTIONS="project region commit memory timeout impersonate"
# shellcheck source=deploy/lib.sh
source "$(dirname "$0")/lib.sh"
parse_args "$@"
require project region commit

stage_source() {
    local stage="$1" files
    # Code and package data only: no caches, tests, keys or local state.
    mapfile -t files < <(cd "$ROOT" && find shared services -type f \
        \( -name '*.py' -o -name '*.yaml' -o -name '*.sql' -o -name '*.json' \) \
        ! -path '*/__pycache__/*' ! -path '*/tests/*' ! -iname '*credential*' ! -iname '*key*.json' | sort)
    tar -C "$ROOT" -cf - "${files[@]}" | tar -C "$stage" -xf -
    # The runtime dependencies, each held to the version requirements.lock pins (as in the images).
    cp "$ROOT/requirements.lock" "$stage/requirements.lock"
    python3 - "$ROOT/pyproject.toml" >"$stage/requirements.txt" <<'PY'
import sys, tomllib
with open(sys.argv[1], "rb") as f:
    print("\n".join(["-c requirements.lock", *tomllib.load(f)["project"]["dependencies"]]))
PY
    cat >"$stage/main.py" <<'PY'
"""Cloud Functions source root: functions-framework loads check_completeness from this file."""

from services.freshness.main import check_completeness  # noqa: F401
PY
}

STAGE="$(mktemp -d "${TMPDIR:-/tmp}/courtside-freshness.XXXXXX")"
trap 'rm -rf "$STAGE"' EXIT
stage_source "$STAGE" || fail "could not stage the function source in $STAGE"

need_secrets "${FRESHNESS_SECRETS[@]}"
SECRETS=()
for pair in "${FRESHNESS_SECRETS[@]}"; do SECRETS+=("$pair:latest"); done
ENV_VARS=(
    COURTSIDE_ENVIRONMENT=production
    COURTSIDE_GCP_PROJECT="$PROJECT"
    COURTSIDE_AUTH_ENABLED=true
    BUILD_COMMIT="$COMMIT"
    COURTSIDE_CALLERS_FRESHNESS="$(callers "$SCHEDULER_SA" "$OPERATOR_SA")" # who may run a check
)
# Its own URL is the audience of its callers' ID tokens (deploy/scheduler.sh's job names the same URL).
BEFORE="$(function_url "$FRESHNESS_FUNCTION" 2>/dev/null)" || BEFORE=""
[[ -z "$BEFORE" ]] || ENV_VARS+=(COURTSIDE_FRESHNESS_URL="$BEFORE")
run gcloud functions deploy "$FRESHNESS_FUNCTION" --gen2 --runtime=python311 --region="$REGION" \
    --source="$STAGE" --entry-point=check_completeness --trigger-http --no-allow-unauthenticated \
    --service-account="$(sa_email "$FRESHNESS_SA")" --memory="${MEMORY:-512Mi}" --timeout="${TIMEOUT:-300}s" \
    --update-env-vars="$(joined "${ENV_VARS[@]}")" --update-secrets="$(joined "${SECRETS[@]}")" \
    --build-service-account="projects/$PROJECT/serviceAccounts/$(sa_email "$BUILDER_SA")" \
    --update-labels="commit=$(commit_label)" --serve-all-traffic-latest-revision "${G[@]}"
URL="$(function_url "$FRESHNESS_FUNCTION")" || fail "$FRESHNESS_FUNCTION deployed but its URL could not be read"
if [[ -z "$BEFORE" ]]; then # the first deploy: the URL exists only now (a gen2 function is a Cloud Run service)
    run gcloud run services update "$FRESHNESS_FUNCTION" --region="$REGION" \
        --update-env-vars="COURTSIDE_FRESHNESS_URL=$URL" "${G[@]}"
fi
check_health "$URL" "$FRESHNESS_FUNCTION"
