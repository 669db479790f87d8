#!/usr/bin/env bash
# Production storage: BigQuery datasets and tables (`courtside warehouse ensure`) and the raw-archive bucket.
# usage: deploy/warehouse.sh --project P --region R [--bq-location US] [--archive-bucket P-courtside-archive]
#          [--dry-run]
# Runs the courtside CLI (on PATH, or this checkout's .venv) against real BigQuery with your application
# default credentials (gcloud auth application-default login). Idempotent: creates only what is missing.

OPTIONS="project region bq-location archive-bucket"
# shellcheck source=deploy/lib.sh
source "$(dirname "$0")/lib.sh"
parse_args "$@"
require project region
BUCKET="gs://${ARCHIVE_BUCKET:-$PROJECT-courtside-archive}"

CLI="$(command -v courtside || echo "$ROOT/.venv/bin/courtside")"
((DRY_RUN)) || [[ -x "$CLI" ]] || fail "the courtside CLI is not installed: run make (or pip install -e .) first"

if absent gcloud storage buckets describe "$BUCKET" "${G[@]}"; then
    run gcloud storage buckets create "$BUCKET" --location="$REGION" --uniform-bucket-level-access \
        --public-access-prevention "${G[@]}"
fi
run_retrying gcloud storage buckets add-iam-policy-binding "$BUCKET" \
    --member="serviceAccount:$(sa_email "$SCRAPERS_SA")" --role=roles/storage.objectUser --format=none "${G[@]}"
# Never the local stand-in: drop any endpoint the shell may carry.
run env -u COURTSIDE_BQ_ENDPOINT COURTSIDE_ENVIRONMENT=production COURTSIDE_GCP_PROJECT="$PROJECT" \
    COURTSIDE_BQ_LOCATION="$BQ_LOCATION" "$CLI" warehouse ensure
