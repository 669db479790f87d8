"""Run records after a replay: a load_pending scrape reads as loaded once a replay's fact names it, and a
load_pending workflow run reads as succeeded once every pending call is loaded; the replay's row is not a call."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from shared.orchestration import scraper_runs, workflow_executions

pytestmark = pytest.mark.integration
AT = datetime(2026, 11, 28, 15, tzinfo=UTC)


def run(run_id: str, status: str, minutes: int, replay_of: str | None = None) -> dict:
    return {"run_id": run_id, "scraper": "espn_roster", "params": "{}", "status": status, "rows": 3,
            "started_at": AT + timedelta(minutes=minutes), "replay_of": replay_of}  # fmt: skip


def execution(execution_id: str, pending: list[str]) -> dict:
    calls = [{"scraper": "espn_roster", "status": 503, "message": "load pending", "run_id": r} for r in pending]
    calls.append({"scraper": "bdl_injuries", "status": 503, "message": "a failed fetch, no run id"})
    return {"execution_id": execution_id, "workflow": "morning_operations", "started_at": AT, "status": "load_pending",
            "requested": 3, "errors_json": json.dumps(calls)}  # fmt: skip


def test_replayed_loads_settle_the_runs_they_name(warehouse):
    scraper_runs.append(warehouse, [run("r1", "load_pending", 0), run("r2", "load_pending", 1),
                                    run("replay-1", "success", 90, replay_of="r1")])  # fmt: skip
    workflow_executions.append(warehouse, [execution("all-loaded", ["r1"]), execution("one-waiting", ["r1", "r2"])])
    since = AT - timedelta(hours=1)
    counts = {(r["scraper"], r["status"]): r["runs"] for r in scraper_runs.status_counts(warehouse, since)}
    assert counts == {("espn_roster", "success"): 1, ("espn_roster", "load_pending"): 1}
    statuses = {r["status"]: r["runs"] for r in workflow_executions.status_counts(warehouse, since)}
    assert statuses == {"succeeded": 1, "load_pending": 1}
    per = scraper_runs.per_scraper_between(warehouse, since, AT + timedelta(hours=3))
    assert [(r["scraper"], r["calls"], r["failures"]) for r in per] == [("espn_roster", 2, 0)]
