#!/usr/bin/env bash
# Sourced by every deploy/*.sh: arguments, --dry-run, the names the scripts share, and running commands.
# shellcheck disable=SC2034  # the variables here are read by the scripts that source this file
set -euo pipefail

SCRIPT="deploy/$(basename "$0")"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec 3>&1 # --dry-run prints here, even from inside $(...)

# Names every script agrees on.
SCRAPERS_SERVICE=courtside-scrapers
ANALYTICS_SERVICE=courtside-analytics
FRESHNESS_FUNCTION=courtside-freshness
SCRAPERS_SA=courtside-scrapers
ANALYTICS_SA=courtside-analytics
FRESHNESS_SA=courtside-freshness
SCHEDULER_SA=courtside-scheduler
PUSH_SA=courtside-pubsub-push
DEPLOYER_SA=courtside-deployer # what cloudbuild.yaml builds and deploys as
BUILDER_SA=courtside-builder   # what the function's source build runs as (roles/cloudbuild.builds.builder)
OPERATOR_SA=courtside-operator # people impersonate it to call the operator endpoints (docs/deploy.md)
ACCOUNTS=("$SCRAPERS_SA" "$ANALYTICS_SA" "$FRESHNESS_SA" "$SCHEDULER_SA" "$PUSH_SA" "$DEPLOYER_SA" "$BUILDER_SA"
    "$OPERATOR_SA")
# Environment variable = Secret Manager secret, per consumer.
SCRAPERS_SECRETS=(COURTSIDE_ODDS_API_KEY=odds-api-key COURTSIDE_BDL_API_KEY=bdl-api-key
    COURTSIDE_BETTINGPROS_API_KEY=bettingpros-api-key)
FRESHNESS_SECRETS=(COURTSIDE_ALERT_WEBHOOK_URL=alert-webhook-url)

PROJECT="" REGION="" IMAGE="" COMMIT="" REPO=courtside DRY_RUN=0 IMPERSONATE="" DEPLOYER=""
TOPIC=nba-raw-table-updated ARCHIVE_BUCKET="" BQ_LOCATION=US PHASE=all MEMORY="" TIMEOUT="" CONCURRENCY=""
HEALTH_ATTEMPTS="${DEPLOY_HEALTH_ATTEMPTS:-5}"
# The services' health route, read from its one definition (never a path ending in "z": Cloud Run keeps those).
HEALTH_PATH="$(sed -n 's/^HEALTH_PATH = "\(.*\)"$/\1/p' "$ROOT/shared/web.py")"
[[ "$HEALTH_PATH" == /* ]] || { echo "deploy: no HEALTH_PATH in shared/web.py" >&2; exit 2; }
RETRY_WAIT_S="${DEPLOY_RETRY_WAIT_S:-6}"
OPTIONS="${OPTIONS:-project region}"

die() { echo "$SCRIPT: $*" >&2; exit 2; }
fail() { echo "$SCRIPT: FAILED: $*" >&2; exit 1; }
usage() { sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0"; }

parse_args() {
    while (($#)); do
        local flag="$1" value=""
        case "$flag" in
            --dry-run) DRY_RUN=1; shift; continue ;;
            -h | --help) usage; exit 0 ;;
            --*=*) value="${flag#*=}"; flag="${flag%%=*}"; shift ;;
            --*) [[ $# -ge 2 && "$2" != --* ]] || die "$flag needs a value"; value="$2"; shift 2 ;;
            *) die "unexpected argument '$flag' (see --help)" ;;
        esac
        [[ " $OPTIONS " == *" ${flag#--} "* ]] || die "unknown option $flag (see --help)"
        case "$flag" in
            --project) PROJECT="$value" ;;
            --region) REGION="$value" ;;
            --image) IMAGE="$value" ;;
            --commit) COMMIT="$value" ;;
            --repo) REPO="$value" ;;
            --topic) TOPIC="$value" ;;
            --archive-bucket) ARCHIVE_BUCKET="$value" ;;
            --bq-location) BQ_LOCATION="$value" ;;
            --phase) PHASE="$value" ;;
            --deployer) DEPLOYER="$value" ;;
            --impersonate) IMPERSONATE="$value" ;;
            --memory) MEMORY="$value" ;;
            --timeout) TIMEOUT="$value" ;;
            --concurrency) CONCURRENCY="$value" ;;
        esac
    done
}

# require project region image|commit: stop before any gcloud call, naming everything missing.
require() {
    local missing=() what
    for what in "$@"; do
        case "$what" in
            project) [[ -n "$PROJECT" ]] || missing+=("--project (the Google Cloud project id)") ;;
            region) [[ -n "$REGION" ]] || missing+=("--region (e.g. us-central1)") ;;
            image) [[ -n "$IMAGE$COMMIT" ]] || missing+=("--image (or --commit: the $REPO image tagged with it)") ;;
            commit) [[ -n "$COMMIT" ]] || missing+=("--commit (the build commit the health check must report)") ;;
        esac
    done
    if ((${#missing[@]})); then
        local joined
        printf -v joined '%s, ' "${missing[@]}"
        die "missing ${joined%, }"
    fi
    [[ -z "$PROJECT" || "$PROJECT" =~ ^[a-z][a-z0-9-]{4,28}[a-z0-9]$ ]] || die "--project '$PROJECT' is not a project id"
    [[ -z "$REGION" || "$REGION" =~ ^[a-z]+-[a-z]+[0-9]+$ ]] || die "--region '$REGION' is not a region"
    [[ -z "$COMMIT" || "$COMMIT" =~ ^[A-Za-z0-9._-]{1,128}$ ]] || die "--commit '$COMMIT' is not a commit or tag"
    [[ "$PHASE" =~ ^(all|accounts|invokers)$ ]] || die "--phase must be all, accounts or invokers (got '$PHASE')"
    G=(--project="$PROJECT" --quiet)
}

# The image to deploy and the commit it must report: --image's tag, or the $REPO image tagged --commit.
resolve_image() {
    [[ -n "$IMAGE" ]] || IMAGE="${REGION}-docker.pkg.dev/${PROJECT}/${REPO}/$1:${COMMIT}"
    if [[ -z "$COMMIT" ]]; then
        local last="${IMAGE##*/}"
        [[ "$last" == *:* && "$last" != *@* ]] || die "missing --commit: image $IMAGE has no tag to check the health route against"
        COMMIT="${last##*:}"
        require commit
    fi
}

# A label value: lowercase letters, digits, _ and -, at most 63 characters.
commit_label() { local label; label="$(echo "$COMMIT" | tr 'A-Z.' 'a-z-')"; echo "${label:0:63}"; }
sa_email() { echo "$1@${PROJECT}.iam.gserviceaccount.com"; }
# callers SA...: a COURTSIDE_CALLERS_* value, the accounts' emails separated by spaces (gcloud splits on commas).
callers() { local sa emails=(); for sa in "$@"; do emails+=("$(sa_email "$sa")"); done; echo "${emails[*]}"; }
joined() { local IFS=,; echo "$*"; }
# show CMD...: the command as a shell line (arguments quoted only when they need it).
show() {
    local arg line="+"
    for arg in "$@"; do
        if [[ "$arg" =~ ^[A-Za-z0-9_./:=,@%+-]+$ ]]; then line+=" $arg"; else line+=" '${arg//\'/\'\\\'\'}'"; fi
    done
    echo "$line"
}

# run CMD...: run it (echoed to stderr), or only print it under --dry-run.
run() {
    if ((DRY_RUN)); then show "$@" >&3; return 0; fi
    show "$@" >&2
    "$@"
}

# run_retrying CMD...: IAM changes on a just-created account can fail for a while; try a few times.
run_retrying() {
    local attempt
    for attempt in 1 2 3 4; do
        run "$@" && return 0
        ((attempt < 4)) && sleep "$RETRY_WAIT_S"
    done
    fail "gave up after 4 attempts: $*"
}

# capture PLACEHOLDER CMD...: the command's stdout, or PLACEHOLDER (command printed) under --dry-run.
capture() {
    local placeholder="$1"; shift
    if ((DRY_RUN)); then show "$@" >&3; echo "$placeholder"; return 0; fi
    "$@"
}

# absent DESCRIBE-CMD...: whether the resource does not exist yet (under --dry-run: printed, assumed absent).
absent() {
    if ((DRY_RUN)); then show "$@" >&3; return 0; fi
    ! "$@" >/dev/null 2>&1
}

# need "what to do" DESCRIBE-CMD...: fail with the remedy when the resource is missing.
need() {
    local remedy="$1"; shift
    if ((DRY_RUN)); then show "$@" >&3; return 0; fi
    "$@" >/dev/null 2>&1 || fail "$remedy"
}

need_secrets() {
    local pair
    for pair in "$@"; do
        need "secret ${pair#*=} does not exist; create it: printf %s \"\$VALUE\" | gcloud secrets create ${pair#*=} --data-file=- --project=$PROJECT" \
            gcloud secrets describe "${pair#*=}" "${G[@]}"
    done
}

# The Cloud Run side: URLs, ID tokens, the health check and the service deploy itself.
# shellcheck source=deploy/lib_services.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib_services.sh"
