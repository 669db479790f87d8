#!/usr/bin/env bash
# Service accounts, their roles, and the roles/run.invoker bindings between Scheduler, Pub/Sub and the services.
# usage: deploy/iam.sh --project P --region R [--phase all|accounts|invokers] [--deployer EMAIL] [--dry-run]
# Phase accounts (before the first deploy): the service accounts, BigQuery roles, secret access, and the
# Pub/Sub service agent's right to mint push tokens. Phase invokers (after the services exist): who may call
# which service. The deployer (courtside-deployer, which cloudbuild.yaml builds as; --deployer names another
# service account) may deploy as the runtime accounts, push images, write build logs, read the metadata of the
# secrets the deploys check (never their values) and call the health route. Every step is idempotent.

OPTIONS="project region phase deployer"
# shellcheck source=deploy/lib.sh
source "$(dirname "$0")/lib.sh"
parse_args "$@"
require project region
[[ -z "$DEPLOYER" || "$DEPLOYER" == *@*.gserviceaccount.com ]] || die "--deployer must be a service account email"
DEPLOYER="${DEPLOYER:-$(sa_email "$DEPLOYER_SA")}"

member() { echo "serviceAccount:$(sa_email "$1")"; }

project_role() {
    run_retrying gcloud projects add-iam-policy-binding "$PROJECT" --member="$1" --role="$2" --condition=None \
        --format=none "${G[@]}"
}

invoker() {
    run_retrying gcloud run services add-iam-policy-binding "$1" --region="$REGION" --member="$2" \
        --role=roles/run.invoker --format=none "${G[@]}"
}

accounts() {
    local sa role pair number
    for sa in "${ACCOUNTS[@]}"; do # deploy/bootstrap.sh made them already: describes only, then
        if absent gcloud iam service-accounts describe "$(sa_email "$sa")" "${G[@]}"; then
            run gcloud iam service-accounts create "$sa" --display-name="Courtside $sa" "${G[@]}"
        fi
    done
    for sa in "$SCRAPERS_SA" "$ANALYTICS_SA" "$FRESHNESS_SA"; do
        for role in roles/bigquery.dataEditor roles/bigquery.jobUser; do project_role "$(member "$sa")" "$role"; done
    done
    need_secrets "${SCRAPERS_SECRETS[@]}" "${FRESHNESS_SECRETS[@]}"
    for pair in "${SCRAPERS_SECRETS[@]}"; do
        run_retrying gcloud secrets add-iam-policy-binding "${pair#*=}" --member="$(member "$SCRAPERS_SA")" \
            --role=roles/secretmanager.secretAccessor --format=none "${G[@]}"
    done
    for pair in "${FRESHNESS_SECRETS[@]}"; do
        run_retrying gcloud secrets add-iam-policy-binding "${pair#*=}" --member="$(member "$FRESHNESS_SA")" \
            --role=roles/secretmanager.secretAccessor --format=none "${G[@]}"
    done
    number="$(project_number)" || fail "could not read the project number of $PROJECT"
    # Pub/Sub signs the push subscription's OIDC tokens as $PUSH_SA.
    run_retrying gcloud iam service-accounts add-iam-policy-binding "$(sa_email "$PUSH_SA")" \
        --member="serviceAccount:service-${number}@gcp-sa-pubsub.iam.gserviceaccount.com" \
        --role=roles/iam.serviceAccountTokenCreator --format=none "${G[@]}"
    deployer
}

deployer() {
    local sa role pair
    for sa in "$SCRAPERS_SA" "$ANALYTICS_SA" "$FRESHNESS_SA"; do
        run_retrying gcloud iam service-accounts add-iam-policy-binding "$(sa_email "$sa")" \
            --member="serviceAccount:$DEPLOYER" --role=roles/iam.serviceAccountUser --format=none "${G[@]}"
    done
    # logWriter: a build running as a user-specified account writes its log to Cloud Logging only.
    for role in roles/run.admin roles/cloudfunctions.developer roles/artifactregistry.writer roles/logging.logWriter; do
        project_role "serviceAccount:$DEPLOYER" "$role"
    done
    # The deploys check each secret exists (secrets describe = secretmanager.secrets.get): metadata only, on just
    # those secrets; the runtime accounts alone may read the values.
    for pair in "${SCRAPERS_SECRETS[@]}" "${FRESHNESS_SECRETS[@]}"; do
        run_retrying gcloud secrets add-iam-policy-binding "${pair#*=}" --member="serviceAccount:$DEPLOYER" \
            --role=roles/secretmanager.viewer --format=none "${G[@]}"
    done
}

invokers() {
    local service
    for service in "$SCRAPERS_SERVICE" "$ANALYTICS_SERVICE" "$FRESHNESS_FUNCTION"; do
        need "$service is not deployed in $REGION yet: run deploy/${service#courtside-}.sh first" \
            gcloud run services describe "$service" --region="$REGION" "${G[@]}"
    done
    invoker "$SCRAPERS_SERVICE" "$(member "$SCHEDULER_SA")"
    invoker "$SCRAPERS_SERVICE" "$(member "$SCRAPERS_SA")" # the executor POSTs /scrape to its own service
    invoker "$FRESHNESS_FUNCTION" "$(member "$SCHEDULER_SA")" # a gen2 function is a Cloud Run service
    invoker "$ANALYTICS_SERVICE" "$(member "$PUSH_SA")"
    # The status page's deploy section asks their health routes (an ID token, audience = each one's URL).
    invoker "$SCRAPERS_SERVICE" "$(member "$ANALYTICS_SA")"
    invoker "$FRESHNESS_FUNCTION" "$(member "$ANALYTICS_SA")"
    for service in "$SCRAPERS_SERVICE" "$ANALYTICS_SERVICE" "$FRESHNESS_FUNCTION"; do
        invoker "$service" "serviceAccount:$DEPLOYER"  # the health check after each deploy
        invoker "$service" "$(member "$OPERATOR_SA")" # people impersonating it: resets, reopens, backfills
    done
}

[[ "$PHASE" == invokers ]] || accounts
[[ "$PHASE" == accounts ]] || invokers
