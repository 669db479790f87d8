#!/usr/bin/env bash
# Deploy the analytics service to Cloud Run as a new revision and check its health route serves the commit just built.
# usage: deploy/analytics.sh --project P --region R (--image IMAGE | --commit SHA) [--repo courtside]
#          [--memory 2Gi] [--timeout 600] [--concurrency 8] [--impersonate SA_EMAIL] [--dry-run]
# Pub/Sub pushes table-updated messages to /process (deploy/pubsub.sh); the timeout matches the push
# subscription's 600 s ack deadline. Existing environment variables of the service are kept. The status page
# asks the scrapers' and the freshness function's health routes for their commits: their URLs are read here.

OPTIONS="project region image commit repo memory timeout concurrency impersonate"
# shellcheck source=deploy/lib.sh
source "$(dirname "$0")/lib.sh"
parse_args "$@"
require project region image
resolve_image analytics

ENV_VARS=(
    COURTSIDE_ENVIRONMENT=production
    COURTSIDE_GCP_PROJECT="$PROJECT"
    COURTSIDE_AUTH_ENABLED=true
    # Who may call each endpoint: the verified ID-token emails (Pub/Sub pushes as its push account).
    COURTSIDE_CALLERS_PROCESS="$(callers "$PUSH_SA" "$OPERATOR_SA")"
    COURTSIDE_CALLERS_BACKFILL="$(callers "$OPERATOR_SA")"
    COURTSIDE_CALLERS_CIRCUITS="$(callers "$OPERATOR_SA")"
)
peer_url COURTSIDE_SCRAPERS_URL "$SCRAPERS_SERVICE" service_url
peer_url COURTSIDE_FRESHNESS_URL "$FRESHNESS_FUNCTION" function_url
SECRETS=()
# Its own URL is the audience its callers' ID tokens name (deploy/pubsub.sh pushes with that audience).
deploy_service "$ANALYTICS_SERVICE" "$ANALYTICS_SA" "${MEMORY:-2Gi}" "${TIMEOUT:-600}" "${CONCURRENCY:-8}" \
    COURTSIDE_ANALYTICS_URL
