"""/status.json and /status against the stand-in: seeded history, an empty warehouse, bad input, deploy commits."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from werkzeug.serving import make_server

from local.orchestration_history import OPEN_REASON, STALE_TABLE, WORKFLOWS, Volume, seed
from services.analytics.app import create_app
from services.freshness.app import create_app as create_freshness_app
from shared.eastern import day_start, game_date
from shared.orchestration import conservation_days, scraper_runs, workflow_executions

pytestmark = pytest.mark.integration
AT = datetime(2026, 11, 29, 4, 30, tzinfo=UTC)
NO_DEPLOY = {"services": [], "commits": [], "mismatch": False}


@pytest.fixture
def seeded(settings, warehouse):
    counts = seed(warehouse, AT, Volume(days=14))
    return create_app(settings, warehouse=warehouse, clock=lambda: AT, deploy_probe=lambda: NO_DEPLOY), counts


def test_json_says_failing_because_of_the_open_circuit_and_the_stale_table(seeded, warehouse):
    app, counts = seeded
    body = app.test_client().get("/status.json").get_json()
    assert body["verdict"]["level"] == "failing"
    failing = [r.split(":")[0] for r in body["verdict"]["reasons"]]
    assert failing[-2:] == ["stale tables", "open circuits"]
    # The seed's partial runs each lost 1 of their 4 calls: past the 10% share, they count as failed.
    assert all(r.startswith("workflow failure rate [") and "calls lost" in r for r in body["verdict"]["reasons"][:-2])
    [circuit] = body["circuits"]["open"]
    assert circuit["reason"] == OPEN_REASON and "nba_raw.oddsa_player_props" in circuit["waits_for"]
    assert [t["table"] for t in body["freshness"]["stale"]] == [STALE_TABLE]
    assert body["freshness"]["missing_games"][0]["game_id"] == "0022600311"
    assert [w["workflow"] for w in body["workflows"]] == sorted(WORKFLOWS)
    assert all(len(w["days"]) == 14 for w in body["workflows"])
    # Every run seeded in the 14 chart days is counted once, failed and partial apart.
    assert sum(w["runs"] for w in body["workflows"]) == counts["workflow_executions"] - 20
    assert all(w["last_run"] and len(w["last_failures"]) <= 3 for w in body["workflows"])
    assert body["players"] == {"available": False, "why": "the player registry has not measured any coverage yet"}
    upstreams = {u["upstream"]: u for u in body["upstreams"]["by_upstream"]}
    assert set(upstreams) == {"Ball Don't Lie", "BettingPros", "ESPN", "NBA.com", "The Odds API"}
    # Retries are the executor's record: the seed's runs retried espn_roster only (three per failed call).
    recorded = workflow_executions.retries_by_scraper(warehouse, day_start(game_date(AT)).astimezone(UTC), AT)
    assert recorded["espn_roster"] > 0 and upstreams.pop("ESPN")["retries"] == recorded["espn_roster"]
    assert all(u["retries"] == 0 for u in upstreams.values())
    assert body["round_trips"] == 18 and body["empty"] is False  # seventeen reads; players reads coverage and the queue


def test_days_narrows_the_charts(seeded):
    app, _ = seeded
    body = app.test_client().get("/status.json?days=3").get_json()
    assert {len(w["days"]) for w in body["workflows"]} == {3}
    assert body["workflows"][0]["days"][-1]["day"] == "2026-11-28"


def test_an_empty_warehouse_renders_no_data_yet(settings, warehouse):
    client = create_app(settings, warehouse=warehouse, clock=lambda: AT, deploy_probe=lambda: NO_DEPLOY).test_client()
    body = client.get("/status.json").get_json()
    assert body["empty"] is True and body["workflows"] == [] and body["freshness"] is None
    assert body["verdict"]["level"] == "failing"
    page = client.get("/status")
    assert page.status_code == 200 and page.content_type.startswith("text/html")
    assert "No data yet." in page.get_data(as_text=True)


@pytest.mark.parametrize(
    ("query", "field", "says"),
    [
        ("?foo=1", "foo", "unknown parameter"),
        ("?days=0", "days", "greater than or equal to 1"),
        ("?days=31", "days", "less than or equal to 30"),
        ("?days=two", "days", "integer"),
        ("?hours=0", "hours", "greater than 0"),
        ("?hours=169", "hours", "less than or equal to 168"),
        ("?at=2026-11-29T03:00:00", "at", "with its offset"),
        ("?at=yesterday", "at", "RFC 3339"),
        ("?days=2&days=3", "days", "more than once"),
    ],
)
@pytest.mark.parametrize("path", ["/status", "/status.json"])
def test_bad_query_parameters_are_400_naming_the_field(settings, path, query, field, says):
    client = create_app(settings, deploy_probe=lambda: NO_DEPLOY).test_client()
    response = client.get(path + query)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["field"] == field and says in error["message"]


@pytest.fixture
def freshness_url(settings, warehouse) -> Iterator[str]:
    """The freshness app on a real socket, built from another commit."""
    app = create_freshness_app(settings.model_copy(update={"build_commit": "abc1234"}), warehouse=warehouse)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


def test_deploy_asks_each_service_over_http_and_flags_a_commit_mismatch(settings, warehouse, freshness_url):
    wired = settings.model_copy(update={"freshness_url": freshness_url, "scrapers_url": "http://127.0.0.1:9"})
    body = create_app(wired, warehouse=warehouse, clock=lambda: AT).test_client().get("/status.json").get_json()
    services = {s["service"]: s for s in body["deploy"]["services"]}
    assert services["analytics"]["commit"] == "dev"
    assert services["freshness"]["commit"] == "abc1234"
    assert "ConnectionError" in services["scrapers"]["error"]
    assert body["deploy"]["mismatch"] is True and body["deploy"]["commits"] == ["abc1234", "dev"]


def test_the_conservation_section_shows_each_checked_day_and_names_a_difference(settings, warehouse):
    for day, differences in ((date(2026, 11, 27), []), (date(2026, 11, 28), ["nba_raw.x 2026-11-28: 3 rows lost"])):
        conservation_days.append(warehouse, {
            "game_date": day, "checked_at": AT, "rows_returned": 10, "rows_loaded": 10, "rows_refused": 0,
            "players_with_line": 5, "players_reached": 4, "names_queued": 1, "differences": json.dumps(differences),
        })  # fmt: skip
    app = create_app(settings, warehouse=warehouse, clock=lambda: AT, deploy_probe=lambda: NO_DEPLOY)
    body = app.test_client().get("/status.json").get_json()
    line = "rows 10 = 10 loaded + 0 refused; players 5 = 4 + 1 queued"
    assert body["conservation"] == [
        {"game_date": "2026-11-28", "line": line, "differences": ["nba_raw.x 2026-11-28: 3 rows lost"]},
        {"game_date": "2026-11-27", "line": line, "differences": []},
    ]
    page = app.test_client().get("/status").get_data(as_text=True)
    assert "nba_raw.x 2026-11-28: 3 rows lost" in page and 'id="conservation"' in page


def test_the_page_judges_upstream_budgets_as_verify_does_and_shows_the_days_credits(settings, warehouse):
    from shared.evidence import Span, gather
    from shared.health.checks import Thresholds, evaluate
    from shared.orchestration import upstream_budget

    base = {"upstream": "oddsapi", "scraper": "oddsa_player_props", "game_date": date(2026, 11, 28)}  # ET
    upstream_budget.append(warehouse, [
        {**base, "event_id": "q1", "kind": "quota", "occurred_at": AT, "credits_last": 5, "credits_remaining": 0},
        {**base, "event_id": "s1", "kind": "short_circuit", "occurred_at": AT},
        {**base, "event_id": "x1", "kind": "exhausted", "occurred_at": AT, "until": datetime(2026, 12, 1, tzinfo=UTC),
         "reason": "x-requests-remaining: 0"},
    ])  # fmt: skip
    scraper_runs.append(warehouse, [{"run_id": "r1", "scraper": "oddsa_player_props", "status": "success",
                                     "started_at": AT}])  # fmt: skip
    app = create_app(settings, warehouse=warehouse, clock=lambda: AT, deploy_probe=lambda: NO_DEPLOY)
    body = app.test_client().get("/status.json").get_json()
    page = [f"{'PASS' if c['ok'] else 'FAIL'}  {c['check']}: {c['detail']}" for c in body["checks"]]
    verified = [str(line) for line in evaluate(gather(warehouse, Span(AT, 24))[0], Thresholds())]
    budget_lines = [line for line in verified if "upstream budgets" in line]
    assert budget_lines and budget_lines == [line for line in page if "upstream budgets" in line]
    assert budget_lines[0].startswith("FAIL  upstream budgets [oddsapi]: 1 short-circuited calls")
    [odds] = [u for u in body["upstreams"]["by_upstream"] if u["upstream"] == "The Odds API"]
    assert (odds["quota_used"], odds["quota_remaining"]) == (5, 0)
    [budget] = body["budgets"]
    assert (budget["upstream"], budget["short_circuits"], budget["credits_remaining"]) == ("The Odds API", 1, 0)
    assert budget["closures"] == [{"kind": "exhausted", "at": AT.isoformat(), "until": "2026-12-01T00:00:00+00:00",
                                   "why": "x-requests-remaining: 0"}]  # fmt: skip
    html = app.test_client().get("/status").get_data(as_text=True)
    assert 'id="budgets"' in html and "exhausted 04:30 until 2026-12-01T00:00: x-requests-remaining: 0" in html
