"""With the warehouse down, /evaluate and /execute-workflows still decide: from the last archived schedule, the
ledger's journal of runs and the decisions kept there."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import HttpUrl

from local.processes import free_port
from services.scrapers.app import create_app
from services.scrapers.archive.local import LocalArchive
from services.scrapers.workflows.decisions import PastExecution
from services.scrapers.workflows.ledger_view import LedgerView
from shared.settings import load_settings
from shared.warehouse import Warehouse
from tests.integration.scrape.support import scrape_settings
from tests.integration.scrape_double import ScrapeDouble, err, serve

pytestmark = pytest.mark.integration
NOON = "2024-10-23T16:05:00Z"  # 12:05 US/Eastern on a day with 3 games in the sample schedule


def test_decisions_read_the_archived_schedule_when_the_warehouse_is_down(outage, settings):
    assert outage.post("/scrape", json={"scraper": "nbac_schedule", "date": "2024-10-23"}).status_code == 503
    response = outage.post("/evaluate", json={"now": NOON})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    reasons = {d["workflow"]: (d["action"], d["reason"]) for d in body["decisions"]}
    assert reasons["betting_lines"][0] == "RUN" and "3 games on 2024-10-23" in reasons["betting_lines"][1]
    assert not any("never loaded" in reason for _, reason in reasons.values())
    assert body["recorded"] is False  # kept in the ledger instead
    view = LedgerView(LocalArchive(settings.archive_dir))
    kept = view.latest_decisions(date(2024, 10, 23), *sorted(_times(body)))
    assert {d["decision_id"] for d in kept} == {d["decision_id"] for d in body["decisions"]}


def test_a_run_journaled_while_down_counts_for_the_next_decision(outage, settings, upstream):
    outage.post("/scrape", json={"scraper": "nbac_schedule", "date": "2024-10-23"})
    double = ScrapeDouble({"bdl_injuries": [err(503, "load_pending", "archived at x.json, load pending")]})
    with serve(double) as url:
        app = create_app(scrape_settings(settings, upstream.url, scrapers_url=HttpUrl(url)), warehouse=_down())
        body = {"workflow": "injury_discovery", "now": NOON, "date": "2024-10-23"}
        first = app.test_client().post("/execute-workflow", json=body)
    run = first.get_json()["execution"]
    assert (run["status"], run["recorded"]) == ("load_pending", False)
    later = app.test_client().post("/evaluate", json={"now": "2024-10-23T18:05:00Z", "workflows": ["injury_discovery"]})
    [decision] = later.get_json()["decisions"]
    assert decision["action"] == "SKIP" and run["execution_id"] in decision["reason"]
    executions = LedgerView(LocalArchive(settings.archive_dir)).executions(date(2024, 10, 23))
    assert [e["execution_id"] for e in executions] == [run["execution_id"]]


@pytest.mark.parametrize(
    ("status", "succeeded", "found"),
    [("succeeded", 1, True), ("succeeded", 0, False), ("load_pending", 0, True), ("failed", 1, False)],
)
def test_found_data_counts_loads_pending(status, succeeded, found):
    run = PastExecution("injury_discovery", date(2024, 10, 23), date(2024, 10, 23), status, succeeded)  # type: ignore[arg-type]
    assert run.found_data is found


def _down() -> Warehouse:
    return Warehouse.from_settings(load_settings(bq_endpoint=f"http://127.0.0.1:{free_port()}"))


def _times(body):
    from datetime import datetime, timedelta

    at = datetime.fromisoformat(body["evaluated_at"])
    return at - timedelta(minutes=1), at + timedelta(minutes=1)
