"""POST /evaluate, /execute-workflows, /execute-workflow through the real app, a /scrape double and the stand-in."""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, date, datetime, timedelta

import pytest

from local.processes import free_port
from services.scrapers.app import create_app
from services.scrapers.archive.local import LocalArchive
from services.scrapers.workflows.ledger_view import LedgerView
from shared.orchestration.workflow_decisions import TABLE as DECISIONS
from shared.orchestration.workflow_executions import TABLE as EXECUTIONS
from tests.integration.scrape_double import Reply, ScrapeDouble, err, ok, serve

pytestmark = pytest.mark.integration
DAY = date(2026, 12, 1)
AT_0905 = "2026-12-01T14:05:00Z"  # 09:05 US/Eastern


def load_schedule(warehouse, loaded_at: datetime, games: dict[date, int]) -> None:
    rows = [
        {"game_id": f"00226{d:%m%d}{i}", "game_date": d, "processed_at": loaded_at}
        for d, n in games.items()
        for i in range(n)
    ]
    warehouse.load_rows("nba_raw.nbac_schedule", rows)


def app_for(settings, warehouse, url):
    return create_app(settings.model_copy(update={"scrapers_url": url}), warehouse=warehouse).test_client()


def betting_double(**kwargs) -> ScrapeDouble:
    return ScrapeDouble(
        {
            "oddsa_events": [ok("oddsa_events", 2, event_ids=["e1", "e2"])],
            "bp_events": [ok("bp_events", 2, event_ids=["b1"])],
            "oddsa_player_props:event_id=e2": [err(503, "upstream_retriable", "odds 503"), ok("oddsa_player_props")],
        },
        **kwargs,
    )


def test_evaluate_then_execute_runs_each_due_decision_once(settings, warehouse):
    load_schedule(warehouse, datetime(2026, 12, 1, 12, tzinfo=UTC), {DAY: 3, DAY - timedelta(days=1): 2})
    with serve(betting_double()) as url:
        client = app_for(settings, warehouse, url)
        evaluated = client.post("/evaluate", json={"now": AT_0905}).get_json()
        actions = {d["workflow"]: d["action"] for d in evaluated["decisions"]}
        assert actions == {
            "schedule_dependency": "RUN",
            "morning_operations": "RUN",
            "betting_lines": "RUN",
            "injury_discovery": "SKIP",
            "referee_discovery": "RUN",
            "post_game_collection": "SKIP",
        }
        assert evaluated["recorded"] is True and evaluated["execution_date"] == "2026-12-01"
        ids = {d["workflow"]: d["decision_id"] for d in evaluated["decisions"]}
        stored = warehouse.query(f"SELECT workflow, decision_id FROM {DECISIONS}")
        assert {r["workflow"]: r["decision_id"] for r in stored} == ids

        body = {"workflows": ["betting_lines", "referee_discovery"], "now": AT_0905}
        first = client.post("/execute-workflows", json=body).get_json()
        assert [(e["workflow"], e["status"], e["decision_id"]) for e in first["executions"]] == [
            ("betting_lines", "succeeded", ids["betting_lines"]),
            ("referee_discovery", "succeeded", ids["referee_discovery"]),
        ]
        betting = first["executions"][0]
        assert (betting["requested"], betting["attempts"], betting["retries"], betting["recorded"]) == (5, 6, 1, True)

        again = client.post("/execute-workflows", json={**body, "now": "2026-12-01T14:20:00Z"}).get_json()
        assert again["executions"] == []
        assert {s["reason"].split(" (")[0] for s in again["skipped"]} == {"already executed for this decision"}

        later = client.post("/evaluate", json={"now": "2026-12-01T15:05:00Z", "workflows": body["workflows"]})
        reasons = {d["workflow"]: d["reason"] for d in later.get_json()["decisions"]}
    assert reasons["betting_lines"].startswith("already ran in this slot (from 09:00 ET) at 09:05 ET: succeeded")
    assert reasons["referee_discovery"].startswith("discovery done: data found at 09:05 ET")
    assert len(warehouse.query(f"SELECT execution_id FROM {EXECUTIONS}")) == 2


def test_a_stale_schedule_runs_schedule_dependency_first_then_decides_again(settings, warehouse):
    def schedule_loads(payload: dict) -> None:
        if payload["scraper"] == "nbac_schedule":
            load_schedule(warehouse, datetime.now(UTC), {DAY: 4})

    with serve(betting_double(on_call=schedule_loads)) as url:
        client = app_for(settings, warehouse, url)
        body = {"workflows": ["schedule_dependency", "betting_lines"], "now": AT_0905}
        result = client.post("/execute-workflows", json=body).get_json()
    decided = [(d["workflow"], d["action"], d["reason"].split(";")[0]) for d in result["decisions"]]
    assert decided == [
        ("schedule_dependency", "RUN", "schedule never loaded (nba_raw.nbac_schedule is empty)"),
        ("betting_lines", "SKIP", "schedule never loaded (nba_raw.nbac_schedule is empty)"),
        ("betting_lines", "RUN", "due: every 2h, slot from 09:00 ET"),
    ]
    assert [e["workflow"] for e in result["executions"]] == ["schedule_dependency", "betting_lines"]


@pytest.mark.parametrize(
    ("path", "body", "field", "message"),
    [
        (
            "/execute-workflows",
            {"workflows": ["betting_line"]},
            "workflows",
            "unknown workflow 'betting_line'; known: ",
        ),
        (
            "/evaluate",
            {"workflows": ["x"]},
            "workflows",
            "known: schedule_dependency, morning_operations, betting_lines",
        ),
        ("/execute-workflow", {"workflow": "nope"}, "workflow", "unknown workflow 'nope'; known: schedule_dependency"),
        ("/execute-workflow", {}, "workflow", "workflow: Field required"),
        ("/execute-workflow", {"workflow": "betting_lines", "date": "2026-13-01"}, "date", "date: Input should be"),
        ("/execute-workflows", {"date": "12/01/2026"}, "date", "expected a date as YYYY-MM-DD"),
        ("/evaluate", {"date": 20261201}, "date", "expected a date as YYYY-MM-DD"),
        ("/evaluate", {"now": "2026-12-01T14:05:00"}, "now", "expected an RFC 3339 timestamp with its offset"),
        ("/evaluate", {"now": "yesterday"}, "now", "expected an RFC 3339 timestamp with its offset"),
        ("/evaluate", {"workflow": "betting_lines"}, "workflow", "Extra inputs are not permitted"),
        ("/execute-workflows", [1], "body", "request body must be a JSON object"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(settings, warehouse, path, body, field, message):
    response = create_app(settings, warehouse=warehouse).test_client().post(path, json=body)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert (error["code"], error["field"]) == ("bad_request", field)
    assert message in error["message"]


def test_simulated_time_is_refused_outside_local(settings, warehouse):
    app = create_app(settings.model_copy(update={"environment": "production"}), warehouse=warehouse)
    response = app.test_client().post("/evaluate", json={"now": AT_0905})
    assert response.status_code == 400 and response.get_json()["error"]["field"] == "now"


def test_an_unrecordable_execution_still_returns_its_outcome_and_is_kept_in_the_ledger(settings, caplog):
    from shared.warehouse import Warehouse

    dead = settings.model_copy(update={"bq_endpoint": f"http://127.0.0.1:{free_port()}", "bq_retry_deadline_s": 0.5})
    double = ScrapeDouble({"bdl_injuries": [err(502, "upstream_fatal", "BDL 401: invalid key")]})
    caplog.set_level(logging.INFO)
    with serve(double) as url:
        client = app_for(dead, Warehouse.from_settings(dead), url)
        response = client.post("/execute-workflow", json={"workflow": "injury_discovery", "date": "2026-12-01"})
    assert response.status_code == 200
    execution = response.get_json()["execution"]
    assert (execution["status"], execution["recorded"], execution["failed"]) == ("failed", False, 1)
    assert execution["error_message"] == "bdl_injuries(date=2026-12-01) 502: BDL 401: invalid key (1 attempt)"
    (logged,) = [r for r in caplog.records if getattr(r, "json_fields", {}).get("event") == "workflow_execution_kept"]
    assert logged.levelno == logging.WARNING
    record = logged.json_fields["record"]  # type: ignore[attr-defined]
    assert record["execution_id"] == execution["execution_id"]
    assert record["error_message"] == execution["error_message"] and record["errors_json"][0]["status"] == 502
    view = LedgerView(LocalArchive(settings.archive_dir))
    [kept] = view.kept_executions(date(2026, 12, 1))
    assert (kept["execution_id"], kept["status"]) == (execution["execution_id"], "failed")
    [decision] = view.latest_decisions(date(2026, 12, 1), datetime.min.replace(tzinfo=UTC), datetime.now(UTC))
    assert (decision["decision_id"], decision["action"]) == (execution["decision_id"], "RUN")


def wait_for(condition, timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


def test_one_instance_runs_at_most_two_requests_and_never_the_same_workflow_twice(settings, warehouse):
    slow = [Reply(200, ok("x", 1).body, delay_s=1.5)]
    double = ScrapeDouble({"bdl_injuries": slow, "nbac_referee_assignments": slow})
    with serve(double) as url:
        app = create_app(settings.model_copy(update={"scrapers_url": url}), warehouse=warehouse)
        answers: list[int] = []
        runs = [
            threading.Thread(
                target=lambda w=w: answers.append(
                    app.test_client().post("/execute-workflow", json={"workflow": w}).status_code
                )
            )
            for w in ("injury_discovery", "referee_discovery")
        ]
        runs[0].start()
        wait_for(lambda: double.in_flight == 1)
        same = app.test_client().post("/execute-workflow", json={"workflow": "injury_discovery"})
        runs[1].start()
        wait_for(lambda: double.in_flight == 2)
        third = app.test_client().post("/execute-workflow", json={"workflow": "post_game_collection"})
        for run in runs:
            run.join()
    assert (same.status_code, same.get_json()["error"]["code"]) == (409, "already_running")
    assert (third.status_code, third.get_json()["error"]["code"]) == (503, "executor_busy")
    assert answers == [200, 200]
