#!/usr/bin/env bash
# Sourced by deploy/lib.sh: service URLs, ID tokens, the health check (the commit served), and one Cloud Run deploy.
# shellcheck disable=SC2153  # COMMIT, SECRETS, ENV_VARS are set by lib.sh and the calling script

service_url() {
    capture "https://$1-PROJECT_NUMBER.${REGION}.run.app" \
        gcloud run services describe "$1" --region="$REGION" --format='value(status.url)' "${G[@]}"
}

function_url() {
    capture "https://$1-PROJECT_NUMBER.${REGION}.run.app" \
        gcloud functions describe "$1" --region="$REGION" --format='value(serviceConfig.uri)' "${G[@]}"
}

project_number() { capture PROJECT_NUMBER gcloud projects describe "$PROJECT" --format='value(projectNumber)'; }

identity_token() {
    if [[ -n "$IMPERSONATE" ]]; then
        gcloud auth print-identity-token --impersonate-service-account="$IMPERSONATE" --audiences="$1"
    elif [[ "$(gcloud config get-value account 2>/dev/null)" == *.gserviceaccount.com ]]; then
        gcloud auth print-identity-token --audiences="$1"
    else
        # A user account can mint an audience only by impersonation; Cloud Run accepts its plain ID token.
        gcloud auth print-identity-token
    fi
}

latest_revision() {
    capture "$1-00002-new" gcloud run services describe "$1" --region="$REGION" \
        --format='value(status.latestCreatedRevisionName)' "${G[@]}"
}

# A revision tag: lowercase letters, digits and dashes, starting with a letter (its URL is TAG---SERVICE-URL).
revision_tag() { local label; label="$(commit_label)"; echo "c-${label:0:20}" | tr '_' '-'; }

# check_health URL NAME [REVISION] [AUDIENCE]: GET URL$HEALTH_PATH with an ID token (audience: AUDIENCE, default
# URL); fail loudly unless it reports $COMMIT (and REVISION when given). $KEPT says what still serves on failure.
check_health() {
    local url="$1" name="$2" revision="${3:-}" audience="${4:-$1}" token body="" commit="" served="" attempt
    if ((DRY_RUN)); then
        echo "+ curl -fsS -H \"Authorization: Bearer \$(gcloud auth print-identity-token)\" $url$HEALTH_PATH" \
            "# must report commit $COMMIT${revision:+ and revision $revision}" >&3
        return 0
    fi
    for ((attempt = 1; attempt <= HEALTH_ATTEMPTS; attempt++)); do
        token="$(identity_token "$audience")" || fail "could not get an ID token for $audience (see gcloud's error above)"
        # The token goes in on stdin, never on a command line.
        if body="$(printf 'Authorization: Bearer %s\n' "$token" | curl -fsS --max-time 30 -H @- "$url$HEALTH_PATH")"; then
            # Flask's JSON: "commit":"<sha>" (a commit, tag or revision never holds a quote).
            commit="(no commit in: ${body:0:200})" served=""
            [[ "$body" =~ \"commit\":\ *\"([^\"]*)\" ]] && commit="${BASH_REMATCH[1]}"
            [[ "$body" =~ \"revision\":\ *\"([^\"]*)\" ]] && served="${BASH_REMATCH[1]}"
            if [[ "$commit" == "$COMMIT" && (-z "$revision" || "$served" == "$revision") ]]; then
                echo "$SCRIPT: $name at $url serves commit $commit${revision:+ from revision $served}" >&2
                return 0
            fi
        fi
        ((attempt < HEALTH_ATTEMPTS)) && sleep "$RETRY_WAIT_S"
    done
    [[ -n "$body" ]] || fail "$name: GET $url$HEALTH_PATH did not answer after $HEALTH_ATTEMPTS attempts (see curl's error above)${KEPT:-}"
    [[ "$commit" == "$COMMIT" ]] ||
        fail "$name at $url reports commit '$commit' on $HEALTH_PATH, but this deploy built '$COMMIT': the new revision is not serving${KEPT:-}"
    fail "$name at $url reports revision '$served' on $HEALTH_PATH, expected '$revision'${KEPT:-}"
}

# deploy_service NAME SA MEMORY TIMEOUT CONCURRENCY [URL_VAR]: deploy ENV_VARS/SECRETS as a new revision with no
# traffic and a tag, check $HEALTH_PATH on the tag's URL (commit and revision), then move all traffic to it.
# A failed check moves nothing: the revision serving before keeps serving, and the script says so. The first
# deploy creates the service (Cloud Run refuses --no-traffic then: there is nothing older to keep serving).
# URL_VAR names a variable that must hold the service's own URL.
deploy_service() {
    local name="$1" sa="$2" memory="$3" timeout="$4" concurrency="$5" url_var="${6:-}" before="" url pair tag rev
    local env=("${ENV_VARS[@]}") secrets=() extra=()
    for pair in "${SECRETS[@]}"; do secrets+=("$pair:latest"); done
    ((${#secrets[@]})) && extra+=(--update-secrets="$(joined "${secrets[@]}")")
    before="$(service_url "$name" 2>/dev/null)" || before=""
    [[ -z "$url_var" || -z "$before" ]] || env+=("$url_var=$before")
    tag="$(revision_tag)"
    [[ -z "$before" ]] || extra+=(--no-traffic --tag="$tag")
    run gcloud run deploy "$name" --image="$IMAGE" --region="$REGION" --service-account="$(sa_email "$sa")" \
        --no-allow-unauthenticated --memory="$memory" --cpu=1 --timeout="$timeout" --concurrency="$concurrency" \
        --max-instances=10 --update-env-vars="$(joined "${env[@]}")" "${extra[@]}" \
        --update-labels="commit=$(commit_label)" "${G[@]}"
    if [[ -z "$before" ]]; then
        url="$(service_url "$name")" || fail "$name deployed but its URL could not be read"
        if [[ -n "$url_var" ]]; then # the URL exists only now; the update's revision takes the traffic
            run gcloud run services update "$name" --region="$REGION" --update-env-vars="$url_var=$url" "${G[@]}"
        fi
        rev="$(latest_revision "$name")" || fail "$name deployed but its revision could not be read"
        KEPT=" (first deploy: no older revision to fall back to)"
        check_health "$url" "$name" "$rev"
        return 0
    fi
    rev="$(latest_revision "$name")" || fail "$name deployed but its revision could not be read"
    KEPT="; traffic NOT moved: the revision serving before this deploy still serves all of it ($rev stays tagged $tag, with no traffic)"
    check_health "https://$tag---${before#https://}" "$name" "$rev" "$before"
    run gcloud run services update-traffic "$name" --region="$REGION" --to-tags="$tag=100" "${G[@]}"
    echo "$SCRIPT: $name: all traffic on $rev (tag $tag)" >&2
}

# peer_url VAR NAME URL_FN: add VAR=<NAME's URL> (URL_FN: service_url or function_url) to ENV_VARS. A peer not
# deployed yet is left as it was (--update-env-vars keeps an earlier value), said on stderr.
peer_url() {
    local url
    if url="$("$3" "$2" 2>/dev/null)" && [[ -n "$url" ]]; then
        ENV_VARS+=("$1=$url")
    else
        echo "$SCRIPT: $2 is not deployed in $REGION yet: $1 not set (deploy it, then this script again)" >&2
    fi
}
