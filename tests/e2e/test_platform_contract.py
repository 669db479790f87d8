"""Cloud Run's contract, checked on every route the services register and every call the deploy scripts make."""

from __future__ import annotations

import importlib
import re
import runpy
from pathlib import Path
from urllib.parse import urlsplit

import functions_framework
import pytest

from tests.e2e.fake_cloud import ROOT, FakeCloud, Result, flag
from tests.e2e.test_deploy_scripts import SCRIPTS, SHA

pytestmark = pytest.mark.e2e

# Set by the platform; a deploy that sets them is refused (or they are overwritten).
RESERVED_ENV = {"PORT", "K_SERVICE", "K_REVISION", "K_CONFIGURATION"}
RESERVED_ENV_PREFIXES = ("X_GOOGLE_",)
CLOUD_RUN_MAX_TIMEOUT_S = 3600
SCHEDULER_HTTP_DEADLINE_S = (15, 1800)
PUBSUB_MAX_ACK_DEADLINE_S = 600


def reserved_path(path: str) -> bool:
    """Paths Google's front end answers itself: ending in "z", or under /_ah/."""
    path = path.rstrip("/") or "/"
    return path.endswith("z") or path == "/_ah" or path.startswith("/_ah/")


@pytest.mark.parametrize(
    ("path", "reserved"),
    [("/healthz", True), ("/readyz", True), ("/_ah/health", True), ("/_ah", True), ("/health", False),
     ("/process", False), ("/", False), ("/scrape", False), ("/quiz/", True)],
)  # fmt: skip
def test_reserved_path_rule(path, reserved):
    assert reserved_path(path) is reserved


def flask_routes(settings, warehouse) -> dict[str, list[str]]:
    """Every rule Flask registers, per service app (built with create_app) and the functions-framework wrapper."""
    routes = {}
    for service in ("scrapers", "analytics", "freshness"):
        app = importlib.import_module(f"services.{service}.app").create_app(settings, warehouse=warehouse)
        routes[service] = [rule.rule for rule in app.url_map.iter_rules()]
    wrapper = functions_framework.create_app("check_completeness", str(ROOT / "services" / "freshness" / "main.py"))
    routes["freshness-function"] = [rule.rule for rule in wrapper.url_map.iter_rules()]
    return routes


def test_no_service_registers_a_reserved_path(settings, warehouse):
    routes = flask_routes(settings, warehouse)
    assert all(routes.values())
    offenders = [f"{service} {rule}" for service, rules in routes.items() for rule in rules if reserved_path(rule)]
    assert offenders == []
    assert "/health" in routes["scrapers"] and "/scrape" in routes["scrapers"]


@pytest.fixture(scope="module")
def deploy_calls(tmp_path_factory) -> list[list[str]]:
    """Every gcloud and curl call of every deploy script, run for real against the recording fakes."""
    cloud = FakeCloud(tmp_path_factory.mktemp("cloud"))
    calls: list[list[str]] = []
    for script, args in SCRIPTS.items():
        result: Result = cloud.run(script, *args, FAKE_HEALTH_COMMIT=SHA)
        assert result.returncode == 0, f"{script}: {result.stderr}"
        calls += result.calls
    return calls


def urls_in(calls: list[list[str]]) -> list[str]:
    """Every https URL in any argument (curl targets, Scheduler URIs, push endpoints, audiences)."""
    return [url for call in calls for arg in call for url in re.findall(r"https://[^\s,'\"]+", arg)]


def test_no_deploy_script_calls_a_reserved_path(deploy_calls):
    urls = urls_in(deploy_calls)
    paths = {urlsplit(url).path or "/" for url in urls}
    assert {"/health", "/process", "/evaluate", "/execute-workflows"} <= paths  # the walk sees every kind of call
    assert [url for url in urls if reserved_path(urlsplit(url).path or "/")] == []


def env_names(calls: list[list[str]]) -> set[str]:
    names = set()
    for call in calls:
        for name in ("--update-env-vars", "--set-env-vars", "--update-build-env-vars"):
            value = flag(call, name)
            names |= {pair.split("=", 1)[0] for pair in value.split(",")} if value else set()
    return names


def test_no_reserved_environment_variable_is_set(deploy_calls):
    names = env_names(deploy_calls)
    assert "COURTSIDE_ENVIRONMENT" in names
    assert not names & RESERVED_ENV and not [n for n in names if n.startswith(RESERVED_ENV_PREFIXES)]
    for dockerfile in ROOT.glob("Dockerfile.*"):
        text = dockerfile.read_text().replace("\\\n", " ")  # continuation lines joined
        env_lines = [line for line in text.splitlines() if re.match(r"\s*(ENV|ARG)\s", line)]
        set_names = {m for line in env_lines for m in re.findall(r"([A-Z_][A-Z0-9_]*)=", line)}
        assert "BUILD_COMMIT" in set_names and not set_names & RESERVED_ENV, dockerfile.name


def test_container_listens_on_all_interfaces_on_the_platforms_port(monkeypatch):
    monkeypatch.setenv("PORT", "9137")
    assert runpy.run_path(str(ROOT / "shared" / "gunicorn_conf.py"))["bind"] == "0.0.0.0:9137"
    for dockerfile in ROOT.glob("Dockerfile.*"):
        cmd = [line for line in dockerfile.read_text().splitlines() if line.startswith("CMD")][-1]
        assert "shared/gunicorn_conf.py" in cmd and "--bind" not in cmd and "-b" not in cmd.split('"')


def seconds(value: str | None) -> int:
    assert value and re.fullmatch(r"\d+s?", value), value
    return int(value.rstrip("s"))


def test_timeouts_fit_the_platforms_limits(deploy_calls):
    deploys = [c for c in deploy_calls if c[1:3] in (["run", "deploy"], ["functions", "deploy"])]
    timeouts = {c[3]: seconds(flag(c, "--timeout")) for c in deploys}
    assert len(timeouts) == 3 and all(0 < t <= CLOUD_RUN_MAX_TIMEOUT_S for t in timeouts.values()), timeouts
    jobs = [c for c in deploy_calls if c[1:3] == ["scheduler", "jobs"] and c[3] in ("create", "update")]
    assert jobs
    low, high = SCHEDULER_HTTP_DEADLINE_S
    for job in jobs:
        deadline = seconds(flag(job, "--attempt-deadline"))
        target = next(name for name in timeouts if name in (flag(job, "--uri") or ""))
        assert low <= deadline <= high and deadline <= timeouts[target], job
    push = [c for c in deploy_calls if c[1:3] == ["pubsub", "subscriptions"] and flag(c, "--push-endpoint")]
    assert push and all(
        seconds(flag(c, "--ack-deadline")) <= min(PUBSUB_MAX_ACK_DEADLINE_S, timeouts["courtside-analytics"])
        for c in push
    )


def test_the_health_path_is_defined_once(settings, warehouse):
    from shared.web import HEALTH_PATH

    assert not reserved_path(HEALTH_PATH)
    literal = re.compile(r"""["'/]health[z"'/]""")
    # (local/upstream_standin imitates third-party APIs and keeps their /healthz; it never runs on Cloud Run.)
    files = [p for place in ("services", "courtside", "deploy") for p in (ROOT / place).rglob("*") if p.is_file()]
    spelled = [str(p.relative_to(ROOT)) for p in files if p.suffix in (".py", ".sh") and literal.search(p.read_text())]
    assert spelled == []
    assert Path(ROOT / "shared" / "web.py").read_text().count(f'"{HEALTH_PATH}"') == 1
