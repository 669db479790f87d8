"""An operator's hand: `courtside budgets`, `courtside budgets reopen` and POST /budgets/reopen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from pydantic import HttpUrl

from courtside.cli import main
from local.upstream_standin.server import RunningUpstream, serve_in_thread
from shared.orchestration import upstream_budget
from shared.settings import Settings
from tests.google_signer import google_certs
from tests.integration.scrape.support import scrape_settings
from tests.integration.test_upstream_budgets import instance

pytestmark = pytest.mark.integration


@pytest.fixture
def upstream() -> Iterator[RunningUpstream]:
    running = serve_in_thread(seed=1)
    yield running
    running.stop()


@pytest.fixture
def one(settings, warehouse, upstream):
    with instance(scrape_settings(settings, upstream.url, budget_cache_s=0), warehouse) as running:
        yield running


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"upstream": "pinnacle", "reason": "new key"}, 400, "upstream"),
        ({"upstream": "oddsapi"}, 400, "reason"),
        ({"upstream": "oddsapi", "reason": ""}, 400, "reason"),
        ({"upstream": "oddsapi", "reason": "x", "extra": 1}, 400, "extra"),
        ({"reason": "new key"}, 400, "upstream"),
    ],
)
def test_bad_reopen_requests_get_a_4xx_naming_the_field(one, body, status, field):
    answer = requests.post(f"{one.url}/budgets/reopen", json=body, timeout=5)
    assert answer.status_code == status
    assert answer.json()["error"]["field"] == field


def test_a_reopen_needs_an_id_token_when_auth_is_on_and_records_the_verified_caller(settings, warehouse, upstream):
    operator = "courtside-operator@proj-123.iam.gserviceaccount.com"
    with google_certs() as certs:
        guarded_settings = scrape_settings(
            settings,
            upstream.url,
            auth_enabled=True,
            auth_certs_url=HttpUrl(certs.url),
            callers_budgets=(operator,),
            budget_cache_s=0,
        )
        with instance(guarded_settings, warehouse) as guarded:
            url, body = f"{guarded.url}/budgets/reopen", {"upstream": "oddsapi", "reason": "new key", "by": "mallory"}
            missing = requests.post(url, json=body, timeout=5)
            token = certs.signer.token(audience=guarded.url.rstrip("/"), email=operator)
            answer = requests.post(url, json=body, headers={"Authorization": f"Bearer {token}"}, timeout=5)
    assert missing.status_code == 401 and missing.json()["error"]["field"] == "Authorization"
    assert answer.status_code == 200 and answer.json()["reopened"] == f"{operator}: new key"  # never the body's `by`


def test_an_exhausted_odds_api_reopened_by_a_person_is_called_again(one, upstream, warehouse):
    one.budget.exhausted("oddsapi", "x-requests-remaining: 0")
    shown = requests.get(f"{one.url}/budgets", timeout=5).json()["upstreams"]
    assert {"upstream": "oddsapi", "state": "closed"}.items() <= shown[
        [r["upstream"] for r in shown].index("oddsapi")
    ].items()
    body = {"upstream": "oddsapi", "reason": "new key on the 20k plan", "by": "ana"}
    answer = requests.post(f"{one.url}/budgets/reopen", json=body, timeout=5)
    assert answer.status_code == 200 and answer.json()["state"] == "open"
    assert answer.json()["reopened"] == "ana: new key on the 20k plan"
    before = upstream.stats()["requests_by_upstream"].get("odds_api", 0)
    requests.post(f"{one.url}/scrape", json={"scraper": "oddsa_player_props", "event_id": "e1"}, timeout=10)
    assert upstream.stats()["requests_by_upstream"]["odds_api"] == before + 1
    (fact,) = upstream_budget.reopened_since(warehouse, one.budget.store.clock().replace(year=2000))
    assert (fact["upstream"], fact["kind"], fact["reason"]) == ("oddsapi", "reopened", "ana: new key on the 20k plan")


@pytest.fixture
def cli_env(settings: Settings, monkeypatch):
    monkeypatch.setenv("COURTSIDE_BQ_ENDPOINT", str(settings.bq_endpoint))
    monkeypatch.setenv("COURTSIDE_GCP_PROJECT", settings.gcp_project)


def test_courtside_budgets_shows_and_reopens(one, warehouse, cli_env, capsys):
    one.budget.cool_down("espn", 600, "Retry-After 600s", scraper="espn_roster", workflow="wf")
    one.budget.exhausted("oddsapi", "x-requests-remaining: 0")
    assert main(["budgets"]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    assert "cooling down until" in lines["espn"] and "closed until" in lines["oddsapi"]
    assert "open" in lines["bdl"] and "tokens 10" in lines["bdl"]
    assert main(["budgets", "reopen", "oddsapi", "--reason", "plan upgraded", "--by", "ana"]) == 0
    assert "reopened by ana: plan upgraded" in capsys.readouterr().out
    assert one.budget.store.state("oddsapi").closed_until is None  # the running instance honours it


def test_courtside_budgets_reopen_refuses_an_unknown_upstream(cli_env, warehouse, capsys):
    assert main(["budgets", "reopen", "pinnacle", "--reason", "x"]) == 1
    assert "unknown upstream 'pinnacle'" in capsys.readouterr().err


def test_a_stale_instance_cannot_undo_a_reopen(settings, warehouse, upstream):
    """A closed the Odds API; B reopens it while A's cache still says closed; A's stale short circuits and its
    own exhausted fact, interleaved with B's reopen, never close it again."""
    slow_cache = scrape_settings(settings, upstream.url, budget_cache_s=300)
    with instance(slow_cache, warehouse) as a, instance(slow_cache, warehouse) as b:
        a.budget.exhausted("oddsapi", "x-requests-remaining: 0")
        b.budget.store.facts.state(fresh=True)
        body = {"upstream": "oddsapi", "reason": "new key", "by": "ana"}
        assert requests.post(f"{b.url}/budgets/reopen", json=body, timeout=5).json()["state"] == "open"
        stale = requests.post(f"{a.url}/scrape", json={"scraper": "oddsa_player_props", "event_id": "e1"}, timeout=5)
        assert stale.json()["error"]["code"] == "quota_exhausted"  # A has not read the reopen yet
        a.budget.exhausted("oddsapi", "x-requests-remaining: 0")  # A's stale view: already closed, nothing new
        for budget in (a.budget, b.budget):
            assert budget.store.state_fresh("oddsapi").closed_until is None
