#!/usr/bin/env bash
# Make a fresh project ready for its first deploy: APIs, the image repository, the Pub/Sub service identity, the
# service accounts, the build identities and the buckets. Idempotent: a second run creates and enables nothing.
# usage: deploy/bootstrap.sh --project P --region R [--repo courtside] [--archive-bucket P-courtside-archive]
#          [--dry-run]
# Run once per project, first (before creating the secrets: Secret Manager's API is enabled here). Then the
# README's first deploy: secrets, deploy/iam.sh --phase accounts, deploy/warehouse.sh, gcloud builds submit, ...
# Build identities: gcloud builds submit runs as courtside-deployer, which must read the source it uploads to
# gs://P_cloudbuild; the function's build runs as courtside-builder (roles/cloudbuild.builds.builder), not the
# default compute account, which projects created since mid-2024 no longer grant that role.

OPTIONS="project region repo archive-bucket"
# shellcheck source=deploy/lib.sh
source "$(dirname "$0")/lib.sh"
parse_args "$@"
require project region
[[ "$REPO" =~ ^[a-z][a-z0-9-]{0,62}$ ]] || die "--repo '$REPO' is not a repository name"

# Everything the deploys and the services call; storage, bigquery and logging are on in a new project but a
# project may have turned them off.
APIS=(run cloudbuild artifactregistry cloudfunctions cloudscheduler pubsub secretmanager iamcredentials iam
    bigquery storage logging cloudresourcemanager)
SOURCE_BUCKET="gs://${PROJECT}_cloudbuild" # where gcloud builds submit uploads the source
ARCHIVE="gs://${ARCHIVE_BUCKET:-$PROJECT-courtside-archive}"

enabled="$(capture "" gcloud services list --enabled --format='value(config.name)' "${G[@]}")" ||
    fail "could not list the enabled APIs of $PROJECT"
missing=()
for api in "${APIS[@]}"; do
    grep -qx "$api.googleapis.com" <<<"$enabled" || missing+=("$api.googleapis.com")
done
if ((${#missing[@]})); then run gcloud services enable "${missing[@]}" "${G[@]}"; fi

if absent gcloud artifacts repositories describe "$REPO" --location="$REGION" "${G[@]}"; then
    run gcloud artifacts repositories create "$REPO" --repository-format=docker --location="$REGION" \
        --description="Courtside images" "${G[@]}"
fi

# The Pub/Sub service agent signs push tokens and forwards dead letters; a fresh project may not have it yet
# (create returns the existing one when it does).
run gcloud beta services identity create --service=pubsub.googleapis.com "${G[@]}"

for sa in "${ACCOUNTS[@]}"; do
    if absent gcloud iam service-accounts describe "$(sa_email "$sa")" "${G[@]}"; then
        run gcloud iam service-accounts create "$sa" --display-name="Courtside $sa" "${G[@]}"
    fi
done

# The function's build account, and the deployer's right to start builds as it.
run_retrying gcloud projects add-iam-policy-binding "$PROJECT" --member="serviceAccount:$(sa_email "$BUILDER_SA")" \
    --role=roles/cloudbuild.builds.builder --condition=None --format=none "${G[@]}"
run_retrying gcloud iam service-accounts add-iam-policy-binding "$(sa_email "$BUILDER_SA")" \
    --member="serviceAccount:$(sa_email "$DEPLOYER_SA")" --role=roles/iam.serviceAccountUser --format=none "${G[@]}"

for bucket in "$SOURCE_BUCKET" "$ARCHIVE"; do
    if absent gcloud storage buckets describe "$bucket" "${G[@]}"; then
        location="$REGION"
        [[ "$bucket" != "$SOURCE_BUCKET" ]] || location=US # where gcloud builds submit would have made it
        run gcloud storage buckets create "$bucket" --location="$location" --uniform-bucket-level-access \
            --public-access-prevention "${G[@]}"
    fi
done
# The build runs as courtside-deployer: it reads the uploaded source (nothing else in that bucket is its business).
run_retrying gcloud storage buckets add-iam-policy-binding "$SOURCE_BUCKET" \
    --member="serviceAccount:$(sa_email "$DEPLOYER_SA")" --role=roles/storage.objectViewer --format=none "${G[@]}"
echo "$SCRIPT: $PROJECT is ready for deploy/iam.sh --phase accounts (create the secrets first)" >&2
