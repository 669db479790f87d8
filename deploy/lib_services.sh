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

# check_health URL NAME: GET URL$HEALTH_PATH with an ID token; fail loudly unless it reports $COMMIT.
check_health() {
    local url="$1" name="$2" token body="" commit="" attempt
    if ((DRY_RUN)); then
        echo "+ curl -fsS -H \"Authorization: Bearer \$(gcloud auth print-identity-token)\" $url$HEALTH_PATH" \
            "# must report commit $COMMIT" >&3
        return 0
    fi
    for ((attempt = 1; attempt <= HEALTH_ATTEMPTS; attempt++)); do
        token="$(identity_token "$url")" || fail "could not get an ID token for $url (see gcloud's error above)"
        # The token goes in on stdin, never on a command line.
        if body="$(printf 'Authorization: Bearer %s\n' "$token" | curl -fsS --max-time 30 -H @- "$url$HEALTH_PATH")"; then
            # Flask's JSON: "commit":"<sha>" (a commit or tag never holds a quote).
            commit="(no commit in: ${body:0:200})"
            [[ "$body" =~ \"commit\":\ *\"([^\"]*)\" ]] && commit="${BASH_REMATCH[1]}"
            if [[ "$commit" == "$COMMIT" ]]; then
                echo "$SCRIPT: $name at $url serves commit $commit" >&2
                return 0
            fi
        fi
        ((attempt < HEALTH_ATTEMPTS)) && sleep "$RETRY_WAIT_S"
    done
    [[ -n "$body" ]] || fail "$name: GET $url$HEALTH_PATH did not answer after $HEALTH_ATTEMPTS attempts (see curl's error above)"
    fail "$name at $url reports commit '$commit' on $HEALTH_PATH, but this deploy built '$COMMIT': the new revision is not serving"
}

# deploy_service NAME SA MEMORY TIMEOUT CONCURRENCY [URL_VAR]: deploy ENV_VARS/SECRETS as a new revision, route
# all traffic to it, check $HEALTH_PATH. URL_VAR names a variable that must hold the service's own URL.
deploy_service() {
    local name="$1" sa="$2" memory="$3" timeout="$4" concurrency="$5" url_var="${6:-}" before="" url pair
    local env=("${ENV_VARS[@]}") secrets=() extra=()
    for pair in "${SECRETS[@]}"; do secrets+=("$pair:latest"); done
    ((${#secrets[@]})) && extra+=(--update-secrets="$(joined "${secrets[@]}")")
    if [[ -n "$url_var" ]]; then
        before="$(service_url "$name" 2>/dev/null)" || before=""
        [[ -z "$before" ]] || env+=("$url_var=$before")
    fi
    run gcloud run deploy "$name" --image="$IMAGE" --region="$REGION" --service-account="$(sa_email "$sa")" \
        --no-allow-unauthenticated --memory="$memory" --cpu=1 --timeout="$timeout" --concurrency="$concurrency" \
        --max-instances=10 --update-env-vars="$(joined "${env[@]}")" "${extra[@]}" \
        --update-labels="commit=$(commit_label)" "${G[@]}"
    url="$(service_url "$name")" || fail "$name deployed but its URL could not be read"
    if [[ -n "$url_var" && -z "$before" ]]; then
        # First deploy: the URL exists only now.
        run gcloud run services update "$name" --region="$REGION" --update-env-vars="$url_var=$url" "${G[@]}"
    fi
    run gcloud run services update-traffic "$name" --region="$REGION" --to-latest "${G[@]}"
    check_health "$url" "$name"
}
