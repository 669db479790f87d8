"""deploy/*.sh run for real against fake gcloud/curl/courtside first on PATH that record every call."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from shared.settings import Settings, load_settings
from tests.e2e.fake_cloud import ROOT, FakeCloud, flag

pytestmark = pytest.mark.e2e

P, R, SHA = "proj-123", "us-east1", "3f9c2ab"
BASE = ("--project", P, "--region", R)
SCRIPTS = {
    "scrapers.sh": (*BASE, "--commit", SHA),
    "analytics.sh": (*BASE, "--commit", SHA),
    "freshness.sh": (*BASE, "--commit", SHA),
    "scheduler.sh": BASE,
    "pubsub.sh": BASE,
    "iam.sh": BASE,
    "warehouse.sh": BASE,
}


def url(name: str) -> str:
    return f"https://{name}-x7k2p9-uc.a.run.app"


def sa(name: str) -> str:
    return f"courtside-{name}@{P}.iam.gserviceaccount.com"


@pytest.fixture
def cloud(tmp_path: Path) -> FakeCloud:
    return FakeCloud(tmp_path)


@pytest.mark.parametrize(
    ("script", "args", "missing"),
    [
        ("scrapers.sh", (), ["--project", "--region", "--image"]),
        ("scrapers.sh", ("--project", P), ["--region", "--image"]),
        ("analytics.sh", ("--region", R, "--commit", SHA), ["--project"]),
        ("analytics.sh", BASE, ["--image"]),
        ("freshness.sh", BASE, ["--commit"]),
        ("scheduler.sh", ("--region", R), ["--project"]),
        ("pubsub.sh", ("--project", P), ["--region"]),
        ("iam.sh", (), ["--project", "--region"]),
        ("warehouse.sh", ("--dry-run",), ["--project", "--region"]),
        ("scrapers.sh", (*BASE, "--image", f"{R}-docker.pkg.dev/{P}/courtside/scrapers@sha256:ab12"), ["--commit"]),
    ],
)
def test_missing_input_stops_before_any_gcloud_call_naming_it(cloud, script, args, missing):
    result = cloud.run(script, *args, FAKE_HEALTH_COMMIT=SHA)
    assert result.returncode != 0
    assert "missing" in result.stderr
    for name in missing:
        assert name in result.stderr
    present = {"--project", "--region", "--image", "--commit"} - set(missing) - set(args)
    assert not any(f"{name} (" in result.stderr for name in present)
    assert result.calls == []


@pytest.mark.parametrize(
    ("script", "args", "complaint"),
    [
        ("scrapers.sh", ("--project", "Bad_Project", "--region", R, "--commit", SHA), "--project 'Bad_Project'"),
        ("pubsub.sh", ("--project", P, "--region", "mars"), "--region 'mars'"),
        ("iam.sh", (*BASE, "--phase", "everything"), "--phase"),
        ("scheduler.sh", (*BASE, "--image", "x"), "unknown option --image"),
        ("analytics.sh", (*BASE, "--commit"), "--commit needs a value"),
    ],
)
def test_bad_input_stops_before_any_gcloud_call(cloud, script, args, complaint):
    result = cloud.run(script, *args)
    assert result.returncode == 2
    assert complaint in result.stderr
    assert result.calls == []


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_dry_run_prints_commands_and_calls_nothing(cloud, script):
    result = cloud.run(script, *SCRIPTS[script], "--dry-run")
    assert result.returncode == 0, result.stderr
    assert result.calls == []
    printed = [line for line in result.stdout.splitlines() if line.startswith("+ ")]
    assert printed and all(line.startswith(("+ gcloud ", "+ curl ", "+ env ")) for line in printed)
    assert f"--project={P}" in result.stdout


def test_every_script_runs_and_none_replaces_env_vars_or_secrets(cloud):
    calls = []
    for script, args in SCRIPTS.items():
        result = cloud.run(script, *args, FAKE_HEALTH_COMMIT=SHA)
        assert result.returncode == 0, f"{script}: {result.stderr}"
        calls += result.calls
    flat = [arg for call in calls for arg in call]
    assert not [a for a in flat if a.startswith(("--set-env-vars", "--clear-env-vars", "--set-secrets"))]
    assert not [a for a in flat if a == "--allow-unauthenticated"]
    deploys = [c for c in calls if c[1:3] in (["run", "deploy"], ["functions", "deploy"])]
    assert len(deploys) == 3 and all("--no-allow-unauthenticated" in c for c in deploys)
    scoped = [c for c in calls if c[0] == "gcloud" and c[1] not in ("auth", "config")]
    assert all(f"--project={P}" in c or c[1:4] == ["projects", "describe", P] for c in scoped)
    for path in (ROOT / "deploy").glob("*.sh"):
        assert "--set-env-vars" not in path.read_text(), path


@pytest.mark.parametrize(
    ("service", "memory", "secrets"),
    [
        ("scrapers", "1Gi", {"COURTSIDE_ODDS_API_KEY", "COURTSIDE_BDL_API_KEY", "COURTSIDE_BETTINGPROS_API_KEY"}),
        ("analytics", "2Gi", set()),
    ],
)
def test_service_deploy_flags_traffic_and_health(cloud, service, memory, secrets):
    result = cloud.run(f"{service}.sh", *BASE, "--commit", SHA, FAKE_HEALTH_COMMIT=SHA)
    assert result.returncode == 0, result.stderr
    deploy = result.one("gcloud", "run", "deploy", f"courtside-{service}")
    assert flag(deploy, "--image") == f"{R}-docker.pkg.dev/{P}/courtside/{service}:{SHA}"
    assert flag(deploy, "--service-account") == sa(service)
    assert flag(deploy, "--memory") == memory
    assert flag(deploy, "--region") == R
    assert int(flag(deploy, "--timeout") or 0) > 0 and flag(deploy, "--concurrency") == "8"
    env = dict(pair.split("=", 1) for pair in (flag(deploy, "--update-env-vars") or "").split(","))
    assert env["COURTSIDE_ENVIRONMENT"] == "production" and env["COURTSIDE_GCP_PROJECT"] == P
    assert env["COURTSIDE_AUTH_ENABLED"] == "true"
    assert "BUILD_COMMIT" not in env  # the image bakes it in: /health must prove the new image runs
    got_secrets = flag(deploy, "--update-secrets")
    if secrets:
        refs = dict(pair.split("=", 1) for pair in (got_secrets or "").split(","))
        assert set(refs) == secrets and all(ref.endswith(":latest") for ref in refs.values())
    else:
        assert got_secrets is None
    # No traffic until the tagged revision answered with this commit and its own revision name.
    assert "--no-traffic" in deploy and flag(deploy, "--tag") == f"c-{SHA}"
    traffic = result.one("gcloud", "run", "services", "update-traffic", f"courtside-{service}")
    assert flag(traffic, "--to-tags") == f"c-{SHA}=100" and "--to-latest" not in traffic
    curl = result.one("curl")
    assert f"https://c-{SHA}---{url(f'courtside-{service}').removeprefix('https://')}/health" in curl
    assert curl[-1] == "stdin:Authorization: Bearer fake-id-token"
    assert not any("fake-id-token" in arg for arg in curl[:-1])  # never on a command line
    token = result.one("gcloud", "auth", "print-identity-token")
    assert flag(token, "--audiences") == url(f"courtside-{service}")
    assert result.calls.index(deploy) < result.calls.index(curl) < result.calls.index(traffic)
    assert f"courtside-{service}-00002-new" in result.stderr and "all traffic on" in result.stderr


OLD_COMMIT = {"FAKE_HEALTH_COMMIT": "0ld0ld0"}
OLD_REVISION = {"FAKE_HEALTH_REVISION": "courtside-analytics-00001-old"}


@pytest.mark.parametrize(("served", "reason"), [(OLD_COMMIT, "commit"), (OLD_REVISION, "revision")])
def test_a_failed_check_moves_no_traffic_and_says_the_old_revision_serves(cloud, served, reason):
    result = cloud.run("analytics.sh", *BASE, "--commit", SHA, **{"FAKE_HEALTH_COMMIT": SHA, **served})
    assert result.returncode == 1
    assert result.commands("gcloud", "run", "services", "update-traffic") == []
    assert f"reports {reason}" in result.stderr
    assert "traffic NOT moved: the revision serving before this deploy still serves all of it" in result.stderr


def test_the_first_deploy_creates_the_service_without_no_traffic(cloud):
    result = cloud.run(
        "analytics.sh", *BASE, "--commit", SHA, FAKE_HEALTH_COMMIT=SHA, FAKE_MISSING="courtside-analytics"
    )
    assert result.returncode == 0, result.stderr
    deploy = result.one("gcloud", "run", "deploy", "courtside-analytics")
    assert "--no-traffic" not in deploy and flag(deploy, "--tag") is None  # Cloud Run refuses --no-traffic here
    assert result.commands("gcloud", "run", "services", "update-traffic") == []
    assert f"{url('courtside-analytics')}/health" in result.one("curl")


@pytest.mark.parametrize("script", ["scrapers.sh", "analytics.sh", "freshness.sh"])
@pytest.mark.parametrize("served", ["0ld0ld0", ""])
def test_health_commit_mismatch_fails_loudly(cloud, script, served):
    result = cloud.run(script, *BASE, "--commit", SHA, FAKE_HEALTH_COMMIT=served)
    assert result.returncode == 1
    assert "FAILED" in result.stderr and f"'{SHA}'" in result.stderr and f"'{served}'" in result.stderr
    assert len(result.commands("curl")) == 2  # DEPLOY_HEALTH_ATTEMPTS


def test_health_that_does_not_answer_fails_loudly(cloud):
    result = cloud.run("analytics.sh", *BASE, "--commit", SHA, FAKE_HEALTH_COMMIT=SHA, FAKE_CURL_FAIL="1")
    assert result.returncode == 1
    assert "did not answer" in result.stderr and "/health" in result.stderr


@pytest.mark.parametrize(
    ("extra", "env", "expected"),
    [
        ((), {"FAKE_ACCOUNT": "ci@proj-123.iam.gserviceaccount.com"}, ["--audiences=AUD"]),
        ((), {"FAKE_ACCOUNT": "someone@example.com"}, []),
        (
            ("--impersonate", "ops@proj-123.iam.gserviceaccount.com"),
            {"FAKE_ACCOUNT": "someone@example.com"},
            ["--impersonate-service-account=ops@proj-123.iam.gserviceaccount.com", "--audiences=AUD"],
        ),
    ],
)
def test_identity_token_fits_the_account(cloud, extra, env, expected):
    result = cloud.run("analytics.sh", *BASE, "--commit", SHA, *extra, FAKE_HEALTH_COMMIT=SHA, **env)
    assert result.returncode == 0, result.stderr
    aud = url("courtside-analytics")
    assert result.one("gcloud", "auth", "print-identity-token")[3:] == [a.replace("AUD", aud) for a in expected]


def test_image_tag_is_the_commit_health_must_report(cloud):
    image = f"{R}-docker.pkg.dev/{P}/courtside/scrapers:c0ffee1"
    result = cloud.run("scrapers.sh", *BASE, "--image", image, FAKE_HEALTH_COMMIT="c0ffee1")
    assert result.returncode == 0, result.stderr
    assert flag(result.one("gcloud", "run", "deploy"), "--image") == image
    assert flag(result.one("gcloud", "run", "deploy"), "--update-labels") == "commit=c0ffee1"


def test_scrapers_knows_its_own_url_on_first_and_later_deploys(cloud):
    first = cloud.run("scrapers.sh", *BASE, "--commit", SHA, FAKE_HEALTH_COMMIT=SHA, FAKE_MISSING="courtside-scrapers")
    assert first.returncode == 0, first.stderr
    assert "COURTSIDE_SCRAPERS_URL" not in (flag(first.one("gcloud", "run", "deploy"), "--update-env-vars") or "")
    update = first.one("gcloud", "run", "services", "update", "courtside-scrapers")
    assert flag(update, "--update-env-vars") == f"COURTSIDE_SCRAPERS_URL={url('courtside-scrapers')}"
    later = cloud.run("scrapers.sh", *BASE, "--commit", SHA, FAKE_HEALTH_COMMIT=SHA)
    later_env = flag(later.one("gcloud", "run", "deploy"), "--update-env-vars") or ""
    assert f"COURTSIDE_SCRAPERS_URL={url('courtside-scrapers')}" in later_env.split(",")
    assert later.commands("gcloud", "run", "services", "update", "courtside-scrapers") == []


@pytest.mark.parametrize("first", [True, False])
def test_analytics_learns_the_urls_the_status_page_asks(cloud, first):
    missing = {"FAKE_MISSING": "courtside-analytics"} if first else {}
    result = cloud.run("analytics.sh", *BASE, "--commit", SHA, FAKE_HEALTH_COMMIT=SHA, **missing)
    assert result.returncode == 0, result.stderr
    env = (flag(result.one("gcloud", "run", "deploy", "courtside-analytics"), "--update-env-vars") or "").split(",")
    assert f"COURTSIDE_SCRAPERS_URL={url('courtside-scrapers')}" in env
    assert f"COURTSIDE_FRESHNESS_URL={url('courtside-freshness')}" in env
    assert result.one("gcloud", "functions", "describe", "courtside-freshness")


def test_analytics_deploys_before_its_peers_and_says_which_url_it_could_not_set(cloud):
    result = cloud.run(
        "analytics.sh", *BASE, "--commit", SHA, FAKE_HEALTH_COMMIT=SHA, FAKE_MISSING="courtside-freshness"
    )
    assert result.returncode == 0, result.stderr
    env = flag(result.one("gcloud", "run", "deploy", "courtside-analytics"), "--update-env-vars") or ""
    assert "COURTSIDE_FRESHNESS_URL" not in env and f"COURTSIDE_SCRAPERS_URL={url('courtside-scrapers')}" in env
    assert "courtside-freshness is not deployed in us-east1 yet: COURTSIDE_FRESHNESS_URL not set" in result.stderr


def test_missing_secret_stops_before_deploy_naming_it(cloud):
    result = cloud.run("scrapers.sh", *BASE, "--commit", SHA, FAKE_HEALTH_COMMIT=SHA, FAKE_MISSING="bdl-api-key")
    assert result.returncode == 1
    assert "bdl-api-key" in result.stderr and "gcloud secrets create bdl-api-key" in result.stderr
    assert result.commands("gcloud", "run", "deploy") == []


def test_a_failed_deploy_fails_the_script_without_health(cloud):
    result = cloud.run("analytics.sh", *BASE, "--commit", SHA, FAKE_HEALTH_COMMIT=SHA, FAKE_FAIL=" run deploy ")
    assert result.returncode != 0
    assert result.commands("curl") == []


def test_freshness_deploys_a_gen2_function_from_a_staged_source_root(cloud, tmp_path, bq_endpoint):
    copy = tmp_path / "staged"
    result = cloud.run("freshness.sh", *BASE, "--commit", SHA, FAKE_HEALTH_COMMIT=SHA, FAKE_STAGE_COPY=str(copy))
    assert result.returncode == 0, result.stderr
    deploy = result.one("gcloud", "functions", "deploy", "courtside-freshness")
    for expected in ("--gen2", "--trigger-http", "--no-allow-unauthenticated", "--serve-all-traffic-latest-revision"):
        assert expected in deploy
    assert flag(deploy, "--runtime") == "python311" and flag(deploy, "--entry-point") == "check_completeness"
    assert flag(deploy, "--service-account") == sa("freshness")
    assert f"BUILD_COMMIT={SHA}" in (flag(deploy, "--update-env-vars") or "").split(",")
    assert flag(deploy, "--update-secrets") == "COURTSIDE_ALERT_WEBHOOK_URL=alert-webhook-url:latest"
    assert not Path(flag(deploy, "--source") or "/").exists()  # the staging dir is cleaned up
    assert f"{url('courtside-freshness')}/health" in result.one("curl")

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    constraint, *requirements = (copy / "requirements.txt").read_text().splitlines()
    assert constraint == "-c requirements.lock" and requirements == pyproject["dependencies"]
    assert (copy / "requirements.lock").read_text() == (ROOT / "requirements.lock").read_text()
    assert not set(requirements) & set(pyproject["optional-dependencies"]["local"])
    assert not list(copy.rglob("__pycache__")) and not (copy / "tests").exists()
    # functions-framework serves main.py from the source root: the copy alone must answer /health with the commit.
    probe = (
        "import json, sys\n"
        f"sys.path[:] = [p for p in sys.path if p.rstrip('/') != {str(ROOT)!r}]  # as in the function: no checkout\n"
        "import functions_framework\n"
        f"app = functions_framework.create_app('check_completeness', {str(copy / 'main.py')!r})\n"
        "body = app.test_client().get('/health').get_json()\n"
        "print(json.dumps({'body': body, 'services': sys.modules['services'].__file__}))\n"
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("COURTSIDE_")},
        "BUILD_COMMIT": SHA,
        "COURTSIDE_BQ_ENDPOINT": bq_endpoint,  # the stand-in: no cloud
    }
    served = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60
    )
    assert served.returncode == 0, served.stderr
    answer = json.loads(served.stdout.splitlines()[-1])
    assert answer["body"] == {"commit": SHA, "revision": None, "service": "freshness", "warehouse": True}
    assert answer["services"].startswith(str(copy))


@pytest.mark.parametrize("exists", [False, True])
def test_scheduler_jobs_use_oidc_with_the_service_url_as_audience(cloud, exists):
    jobs = "courtside-evaluate courtside-execute-workflows courtside-replay courtside-freshness-check"
    result = cloud.run("scheduler.sh", *BASE, **({} if exists else {"FAKE_MISSING": jobs}))
    assert result.returncode == 0, result.stderr
    verb = "update" if exists else "create"
    expected = {
        "courtside-evaluate": (f"{url('courtside-scrapers')}/evaluate", url("courtside-scrapers"), "0 * * * *"),
        "courtside-execute-workflows": (
            f"{url('courtside-scrapers')}/execute-workflows",
            url("courtside-scrapers"),
            "5 * * * *",
        ),
        "courtside-replay": (f"{url('courtside-scrapers')}/replay", url("courtside-scrapers"), "*/15 * * * *"),
        "courtside-freshness-check": (url("courtside-freshness"), url("courtside-freshness"), "0 10 * * *"),
    }
    for name, (uri, audience, schedule) in expected.items():
        job = result.one("gcloud", "scheduler", "jobs", verb, "http", name)
        assert flag(job, "--uri") == uri and flag(job, "--oidc-token-audience") == audience
        assert flag(job, "--oidc-service-account-email") == sa("scheduler")
        assert flag(job, "--schedule") == schedule and flag(job, "--http-method") == "POST"
        assert flag(job, "--location") == R and flag(job, "--time-zone") == "America/New_York"
    other = "create" if exists else "update"
    assert result.commands("gcloud", "scheduler", "jobs", other) == []


SERVICES = ("courtside-scrapers", "courtside-analytics", "courtside-freshness")
PUSH_SUBSCRIPTION = "nba-raw-table-updated-analytics-push"


def _caller_settings(deploy: list[str]) -> Settings:
    """The settings a deploy gives the service: its caller lists and URLs, read as the service reads them."""
    env = dict(pair.split("=", 1) for pair in (flag(deploy, "--update-env-vars") or "").split(","))
    named = {k.removeprefix("COURTSIDE_").lower(): v for k, v in env.items() if "CALLERS_" in k or k.endswith("_URL")}
    return load_settings(**named)


def test_each_service_allows_the_accounts_iam_creates_and_knows_the_audience_its_callers_use(cloud):
    scheduler = cloud.run("scheduler.sh", *BASE)
    audiences = {flag(c, "--uri"): flag(c, "--oidc-token-audience") for c in scheduler.commands("gcloud", "scheduler")}
    push = cloud.run("pubsub.sh", *BASE).one("gcloud", "pubsub", "subscriptions", "update", PUSH_SUBSCRIPTION)
    deployed = {
        name: cloud.run(f"{name}.sh", *BASE, "--commit", SHA, FAKE_HEALTH_COMMIT=SHA)
        for name in ("scrapers", "analytics", "freshness")
    }
    scrapers = _caller_settings(deployed["scrapers"].one("gcloud", "run", "deploy"))
    assert set(scrapers.callers_scrape) == {sa("scrapers"), sa("operator")}  # the executor runs as the scrapers
    assert set(scrapers.callers_workflows) == set(scrapers.callers_replay) == {sa("scheduler"), sa("operator")}
    assert scrapers.callers_budgets == (sa("operator"),)
    assert audiences[f"{url('courtside-scrapers')}/replay"] == str(scrapers.scrapers_url).rstrip("/")
    analytics = _caller_settings(deployed["analytics"].one("gcloud", "run", "deploy"))
    assert set(analytics.callers_process) == {sa("pubsub-push"), sa("operator")}
    assert analytics.callers_backfill == analytics.callers_circuits == (sa("operator"),)
    assert flag(push, "--push-auth-token-audience") == str(analytics.analytics_url).rstrip("/")
    freshness = _caller_settings(deployed["freshness"].one("gcloud", "functions", "deploy"))
    assert set(freshness.callers_freshness) == {sa("scheduler"), sa("operator")}
    assert audiences[url("courtside-freshness")] == str(freshness.freshness_url).rstrip("/")


def test_the_first_freshness_deploy_tells_the_function_its_own_url_before_the_health_check(cloud):
    args = (*BASE, "--commit", SHA)
    first = cloud.run("freshness.sh", *args, FAKE_HEALTH_COMMIT=SHA, FAKE_MISSING="courtside-freshness")
    assert first.returncode == 0, first.stderr
    deploy = first.one("gcloud", "functions", "deploy")
    assert "COURTSIDE_FRESHNESS_URL" not in (flag(deploy, "--update-env-vars") or "")
    update = first.one("gcloud", "run", "services", "update", "courtside-freshness")
    assert flag(update, "--update-env-vars") == f"COURTSIDE_FRESHNESS_URL={url('courtside-freshness')}"
    assert first.calls.index(update) < first.calls.index(first.commands("curl")[0])


def test_scheduler_needs_the_services_deployed(cloud):
    result = cloud.run("scheduler.sh", *BASE, FAKE_MISSING="courtside-scrapers")
    assert result.returncode == 1 and "deploy/scrapers.sh" in result.stderr
    assert result.commands("gcloud", "scheduler") == []


def test_dead_letters_are_held_seven_days_and_the_service_agent_may_forward_them(cloud):
    missing = (
        "nba-raw-table-updated-dead-letter nba-raw-table-updated-dead-letter-hold nba-raw-table-updated-analytics-push"
    )
    result = cloud.run("pubsub.sh", *BASE, FAKE_MISSING=missing)
    assert result.returncode == 0, result.stderr
    hold = result.one("gcloud", "pubsub", "subscriptions", "create", "nba-raw-table-updated-dead-letter-hold")
    assert flag(hold, "--topic") == "nba-raw-table-updated-dead-letter"
    assert flag(hold, "--message-retention-duration") == "7d" and flag(hold, "--expiration-period") == "never"
    assert flag(hold, "--push-endpoint") is None  # pulled by a person, never pushed anywhere
    push = result.one("gcloud", "pubsub", "subscriptions", "create", "nba-raw-table-updated-analytics-push")
    assert result.calls.index(hold) < result.calls.index(push)  # nothing dead-lettered before it can be held
    agent = "serviceAccount:service-123456789012@gcp-sa-pubsub.iam.gserviceaccount.com"
    grants = {
        (c[2], c[4], flag(c, "--role"))
        for c in result.calls
        if c[1] == "pubsub" and c[3] == "add-iam-policy-binding" and flag(c, "--member") == agent
    }
    assert grants == {
        ("topics", "nba-raw-table-updated-dead-letter", "roles/pubsub.publisher"),
        ("subscriptions", "nba-raw-table-updated-analytics-push", "roles/pubsub.subscriber"),
    }
    again = cloud.run("pubsub.sh", *BASE)
    update = again.one("gcloud", "pubsub", "subscriptions", "update", "nba-raw-table-updated-dead-letter-hold")
    assert flag(update, "--message-retention-duration") == "7d"


def test_pubsub_push_subscription_is_oidc_to_analytics_process(cloud):
    missing = "nba-raw-table-updated nba-raw-table-updated-dead-letter nba-raw-table-updated-analytics-push"
    result = cloud.run("pubsub.sh", *BASE, FAKE_MISSING=missing)
    assert result.returncode == 0, result.stderr
    assert len(result.commands("gcloud", "pubsub", "topics", "create")) == 2
    sub = result.one("gcloud", "pubsub", "subscriptions", "create", "nba-raw-table-updated-analytics-push")
    assert flag(sub, "--topic") == "nba-raw-table-updated"
    assert flag(sub, "--push-endpoint") == f"{url('courtside-analytics')}/process"
    assert flag(sub, "--push-auth-service-account") == sa("pubsub-push")
    assert flag(sub, "--push-auth-token-audience") == url("courtside-analytics")
    assert flag(sub, "--dead-letter-topic") == "nba-raw-table-updated-dead-letter"
    publisher = result.commands("gcloud", "pubsub", "topics", "add-iam-policy-binding", "nba-raw-table-updated")
    assert [flag(c, "--member") for c in publisher] == [f"serviceAccount:{sa('scrapers')}"]
    again = cloud.run("pubsub.sh", *BASE, "--topic", "other-topic")
    assert again.commands("gcloud", "pubsub", "topics", "create") == []
    push_update = again.one("gcloud", "pubsub", "subscriptions", "update", "other-topic-analytics-push")
    assert flag(push_update, "--push-auth-service-account") == sa("pubsub-push")


ACCOUNTS = ("scrapers", "analytics", "freshness", "scheduler", "pubsub-push", "deployer", "builder", "operator")
ACCESSOR = "roles/secretmanager.secretAccessor"
SECRET_NAMES = {"odds-api-key", "bdl-api-key", "bettingpros-api-key", "alert-webhook-url"}


def test_iam_accounts_and_run_invoker_bindings(cloud):
    everyone = " ".join(sa(n) for n in ACCOUNTS)
    deployer = "cb@proj-123.iam.gserviceaccount.com"
    result = cloud.run("iam.sh", *BASE, "--deployer", deployer, FAKE_MISSING=everyone)
    assert result.returncode == 0, result.stderr
    created = [c[4] for c in result.commands("gcloud", "iam", "service-accounts", "create")]
    assert sorted(created) == sorted(f"courtside-{n}" for n in ACCOUNTS)
    invokers = {
        (c[4], flag(c, "--member"))
        for c in result.commands("gcloud", "run", "services", "add-iam-policy-binding")
        if flag(c, "--role") == "roles/run.invoker"
    }
    assert {
        ("courtside-scrapers", f"serviceAccount:{sa('scheduler')}"),
        ("courtside-scrapers", f"serviceAccount:{sa('scrapers')}"),
        ("courtside-freshness", f"serviceAccount:{sa('scheduler')}"),
        ("courtside-analytics", f"serviceAccount:{sa('pubsub-push')}"),
        ("courtside-analytics", f"serviceAccount:{deployer}"),
        *((service, f"serviceAccount:{sa('operator')}") for service in SERVICES),
    } <= invokers
    # analytics may call scrapers and freshness (the status page asks their health routes), nobody else calls it
    analytics_calls = {service for service, member in invokers if member == f"serviceAccount:{sa('analytics')}"}
    assert analytics_calls == {"courtside-scrapers", "courtside-freshness"}
    token_creator = result.one("gcloud", "iam", "service-accounts", "add-iam-policy-binding", sa("pubsub-push"))
    assert (
        flag(token_creator, "--member") == "serviceAccount:service-123456789012@gcp-sa-pubsub.iam.gserviceaccount.com"
    )
    secret_grants = result.commands("gcloud", "secrets", "add-iam-policy-binding")
    accessors = {c[3]: flag(c, "--member") for c in secret_grants if flag(c, "--role") == ACCESSOR}
    assert accessors["odds-api-key"] == f"serviceAccount:{sa('scrapers')}"
    assert accessors["alert-webhook-url"] == f"serviceAccount:{sa('freshness')}"
    deployer_roles = {flag(c, "--role") for c in secret_grants if flag(c, "--member") == f"serviceAccount:{deployer}"}
    assert deployer_roles == {"roles/secretmanager.viewer"}  # the deployer never reads a value


@pytest.mark.parametrize("deployer", [None, "cb@proj-123.iam.gserviceaccount.com"])
def test_iam_lets_the_deployer_check_secrets_exist_and_nothing_more(cloud, deployer):
    args = (*BASE, "--dry-run", *(("--deployer", deployer) if deployer else ()))
    result = cloud.run("iam.sh", *args)
    assert result.returncode == 0, result.stderr
    member = f"serviceAccount:{deployer or sa('deployer')}"
    printed = [line.split() for line in result.stdout.splitlines() if line.startswith("+ gcloud secrets add-iam")]
    viewer = {words[4] for words in printed if f"--member={member}" in words}
    assert viewer == SECRET_NAMES  # every secret deploy/*.sh describes before deploying
    assert all("--role=roles/secretmanager.viewer" in words for words in printed if f"--member={member}" in words)
    roles = {line.split("--role=")[1].split()[0] for line in result.stdout.splitlines() if member in line}
    assert "roles/logging.logWriter" in roles and not roles & {"roles/secretmanager.secretAccessor", "roles/owner"}


@pytest.mark.parametrize(("phase", "creates", "invokes"), [("accounts", True, False), ("invokers", False, True)])
def test_iam_phases(cloud, phase, creates, invokes):
    everyone = " ".join(sa(n) for n in ACCOUNTS)
    result = cloud.run("iam.sh", *BASE, "--phase", phase, FAKE_MISSING=everyone)
    assert result.returncode == 0, result.stderr
    assert bool(result.commands("gcloud", "iam", "service-accounts", "create")) is creates
    assert bool(result.commands("gcloud", "run", "services", "add-iam-policy-binding")) is invokes


def test_warehouse_ensures_tables_in_production_never_on_a_stand_in(cloud):
    result = cloud.run(
        "warehouse.sh",
        *BASE,
        "--bq-location",
        "EU",
        COURTSIDE_BQ_ENDPOINT="http://127.0.0.1:9050",
        FAKE_MISSING=f"gs://{P}-courtside-archive",
    )
    assert result.returncode == 0, result.stderr
    ensure = result.one("courtside", "warehouse", "ensure")
    assert ensure[-1] == f"env:ENVIRONMENT=production PROJECT={P} ENDPOINT="
    bucket = result.one("gcloud", "storage", "buckets", "create", f"gs://{P}-courtside-archive")
    assert flag(bucket, "--location") == R
    grant = result.one("gcloud", "storage", "buckets", "add-iam-policy-binding")
    assert flag(grant, "--member") == f"serviceAccount:{sa('scrapers')}"


def test_ci_step_isolates_failures_and_reports_them(tmp_path):
    step = str(ROOT / "deploy" / "ci_step.sh")
    env = {"CI_STATUS_DIR": str(tmp_path / "status"), "PATH": "/usr/bin:/bin"}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", step, *args], env=env, capture_output=True, text=True, timeout=30)

    assert run("scrapers", "build", "--", "false").returncode == 0
    assert run("analytics", "build", "--", "true").returncode == 0
    skipped = run("scrapers", "deploy", "--after", "build", "--", "touch", str(tmp_path / "ran"))
    assert skipped.returncode == 0 and "skipped" in skipped.stdout and not (tmp_path / "ran").exists()
    assert run("analytics", "deploy", "--after", "build", "--", "true").returncode == 0
    report = run("--report", "deploy", "scrapers", "analytics")
    assert report.returncode == 1 and "scrapers" in report.stderr and "analytics" not in report.stderr
    assert run("--report", "deploy", "analytics").returncode == 0
