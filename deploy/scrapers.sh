#!/usr/bin/env bash
# Deploy the scrapers service to Cloud Run as a new revision and check its health route serves the commit just built.
# usage: deploy/scrapers.sh --project P --region R (--image IMAGE | --commit SHA) [--repo courtside]
#          [--archive-bucket P-courtside-archive] [--topic nba-raw-table-updated]
#          [--memory 1Gi] [--timeout 900] [--concurrency 8] [--impersonate SA_EMAIL] [--dry-run]
# API keys come from Secret Manager (odds-api-key, bdl-api-key, bettingpros-api-key). Existing environment
# variables of the service are kept (--update-env-vars); the service requires an ID token (run.invoker).

OPTIONS="project region image commit repo archive-bucket topic memory timeout concurrency impersonate"
# shellcheck source=deploy/lib.sh
source "$(dirname "$0")/lib.sh"
parse_args "$@"
require project region image
resolve_image scrapers

ENV_VARS=(
    COURTSIDE_ENVIRONMENT=production
    COURTSIDE_GCP_PROJECT="$PROJECT"
    COURTSIDE_AUTH_ENABLED=true
    COURTSIDE_ARCHIVE_BUCKET="${ARCHIVE_BUCKET:-$PROJECT-courtside-archive}"
    COURTSIDE_NOTIFY_MODE=pubsub
    COURTSIDE_PUBSUB_TOPIC="$TOPIC"
    # Who may call each endpoint: the verified ID-token emails (the executor is this service's own account).
    COURTSIDE_CALLERS_SCRAPE="$(callers "$SCRAPERS_SA" "$OPERATOR_SA")"
    COURTSIDE_CALLERS_WORKFLOWS="$(callers "$SCHEDULER_SA" "$OPERATOR_SA")"
    COURTSIDE_CALLERS_REPLAY="$(callers "$SCHEDULER_SA" "$OPERATOR_SA")"
    COURTSIDE_CALLERS_BUDGETS="$(callers "$OPERATOR_SA")"
)
SECRETS=("${SCRAPERS_SECRETS[@]}")
need_secrets "${SECRETS[@]}"
# The executor POSTs /scrape to this same service, so it must know its own URL (also its callers' token audience).
deploy_service "$SCRAPERS_SERVICE" "$SCRAPERS_SA" "${MEMORY:-1Gi}" "${TIMEOUT:-900}" "${CONCURRENCY:-8}" \
    COURTSIDE_SCRAPERS_URL
