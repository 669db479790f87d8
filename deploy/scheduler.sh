#!/usr/bin/env bash
# Cloud Scheduler jobs with OIDC tokens: evaluate and execute-workflows hourly, replay every 15 min, freshness daily.
# usage: deploy/scheduler.sh --project P --region R [--dry-run]
# Run after the services are deployed (each job's URI and token audience are the service's URL) and after
# deploy/iam.sh --phase invokers (courtside-scheduler needs roles/run.invoker). Times are US/Eastern.
# Creates missing jobs and updates existing ones.

OPTIONS="project region"
# shellcheck source=deploy/lib.sh
source "$(dirname "$0")/lib.sh"
parse_args "$@"
require project region

SCRAPERS_URL="$(service_url "$SCRAPERS_SERVICE")" || fail "$SCRAPERS_SERVICE is not deployed in $REGION: run deploy/scrapers.sh first"
FRESHNESS_URL="$(function_url "$FRESHNESS_FUNCTION")" || fail "$FRESHNESS_FUNCTION is not deployed in $REGION: run deploy/freshness.sh first"
[[ -n "$SCRAPERS_URL" && -n "$FRESHNESS_URL" ]] || fail "a service has no URL yet"

# job NAME SCHEDULE URI AUDIENCE DEADLINE: create or update one HTTP job that POSTs {} with an OIDC token.
job() {
    local args=(--location="$REGION" --schedule="$2" --time-zone=America/New_York --uri="$3" --http-method=POST
        --message-body='{}' --oidc-service-account-email="$(sa_email "$SCHEDULER_SA")" --oidc-token-audience="$4"
        --attempt-deadline="$5" "${G[@]}")
    if absent gcloud scheduler jobs describe "$1" --location="$REGION" "${G[@]}"; then
        run gcloud scheduler jobs create http "$1" "${args[@]}" --headers=Content-Type=application/json
    else
        run gcloud scheduler jobs update http "$1" "${args[@]}" --update-headers=Content-Type=application/json
    fi
}

job courtside-evaluate "0 * * * *" "$SCRAPERS_URL/evaluate" "$SCRAPERS_URL" 180s
job courtside-execute-workflows "5 * * * *" "$SCRAPERS_URL/execute-workflows" "$SCRAPERS_URL" 900s
# Loads archived payloads whose load is pending (a warehouse outage) through the live load path.
job courtside-replay "*/15 * * * *" "$SCRAPERS_URL/replay" "$SCRAPERS_URL" 600s
job courtside-freshness-check "0 10 * * *" "$FRESHNESS_URL" "$FRESHNESS_URL" 300s
