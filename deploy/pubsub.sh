#!/usr/bin/env bash
# The table-updated topic, its dead-letter topic, and the OIDC push subscription to analytics /process.
# usage: deploy/pubsub.sh --project P --region R [--topic nba-raw-table-updated] [--dry-run]
# Run after deploy/analytics.sh (the push endpoint is its URL) and deploy/iam.sh. Pub/Sub signs each push with
# an ID token of courtside-pubsub-push, audience = the analytics service URL; scrapers may publish to the topic.
# Messages that fail 10 deliveries go to TOPIC-dead-letter, kept 7 days in its pull subscription
# TOPIC-dead-letter-hold (a topic with no subscription drops what it gets). Creates what is missing, updates what
# exists.

OPTIONS="project region topic"
# shellcheck source=deploy/lib.sh
source "$(dirname "$0")/lib.sh"
parse_args "$@"
require project region
[[ "$TOPIC" =~ ^[A-Za-z][A-Za-z0-9._~%+-]{2,200}$ ]] || die "--topic '$TOPIC' is not a topic name"

DEAD_LETTER="$TOPIC-dead-letter"
SUBSCRIPTION="$TOPIC-analytics-push"
DEAD_LETTER_HOLD="$DEAD_LETTER-hold"
URL="$(service_url "$ANALYTICS_SERVICE")" || fail "$ANALYTICS_SERVICE is not deployed in $REGION: run deploy/analytics.sh first"
[[ -n "$URL" ]] || fail "$ANALYTICS_SERVICE has no URL yet"
NUMBER="$(project_number)" || fail "could not read the project number of $PROJECT"
AGENT="serviceAccount:service-${NUMBER}@gcp-sa-pubsub.iam.gserviceaccount.com"

for topic in "$TOPIC" "$DEAD_LETTER"; do
    if absent gcloud pubsub topics describe "$topic" "${G[@]}"; then
        run gcloud pubsub topics create "$topic" "${G[@]}"
    fi
done
run gcloud pubsub topics add-iam-policy-binding "$TOPIC" --member="serviceAccount:$(sa_email "$SCRAPERS_SA")" \
    --role=roles/pubsub.publisher --format=none "${G[@]}"
# The Pub/Sub service agent forwards undeliverable messages: it publishes to the dead-letter topic.
run gcloud pubsub topics add-iam-policy-binding "$DEAD_LETTER" --member="$AGENT" --role=roles/pubsub.publisher \
    --format=none "${G[@]}"

# Where dead letters wait for a person (README: inspect and re-drive); it must exist before the first one arrives.
HOLD=(--message-retention-duration=7d --expiration-period=never "${G[@]}")
if absent gcloud pubsub subscriptions describe "$DEAD_LETTER_HOLD" "${G[@]}"; then
    run gcloud pubsub subscriptions create "$DEAD_LETTER_HOLD" --topic="$DEAD_LETTER" --ack-deadline=60 "${HOLD[@]}"
else
    run gcloud pubsub subscriptions update "$DEAD_LETTER_HOLD" "${HOLD[@]}"
fi

PUSH=(--push-endpoint="$URL/process" --push-auth-service-account="$(sa_email "$PUSH_SA")"
    --push-auth-token-audience="$URL" --ack-deadline=600 --min-retry-delay=10s --max-retry-delay=600s
    --dead-letter-topic="$DEAD_LETTER" --max-delivery-attempts=10 "${G[@]}")
if absent gcloud pubsub subscriptions describe "$SUBSCRIPTION" "${G[@]}"; then
    run gcloud pubsub subscriptions create "$SUBSCRIPTION" --topic="$TOPIC" "${PUSH[@]}"
else
    run gcloud pubsub subscriptions update "$SUBSCRIPTION" "${PUSH[@]}"
fi
# ... and acks the message it forwarded on the source subscription.
run gcloud pubsub subscriptions add-iam-policy-binding "$SUBSCRIPTION" --member="$AGENT" \
    --role=roles/pubsub.subscriber --format=none "${G[@]}"
echo "$SCRIPT: $TOPIC pushes to $URL/process as $(sa_email "$PUSH_SA")" >&2
