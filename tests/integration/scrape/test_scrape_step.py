"""A fan-out step's sibling scrapes write their rows in one load, whatever else each scrape records."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from shared.group_commit.step import STEP_HEADER, new_step
from tests.integration.scrape.support import count

pytestmark = pytest.mark.integration
TEAMS = ("BOS", "LAL", "DEN", "MIA")


def test_one_load_per_table_for_a_step_with_budgets_on(client, warehouse):
    step = new_step(len(TEAMS))
    before = warehouse.calls["load"]

    def scrape(team: str) -> int:
        body = {"scraper": "espn_roster", "team": team, "date": "2026-11-28"}
        return client.post("/scrape", json=body, headers={STEP_HEADER: step}).status_code

    with ThreadPoolExecutor(len(TEAMS)) as pool:
        assert list(pool.map(scrape, TEAMS)) == [200] * len(TEAMS)
    assert warehouse.calls["load"] - before == 1  # the budget's success facts go out after the held write
    assert count(warehouse, "nba_raw.espn_rosters") > 0
    facts = warehouse.query("SELECT COUNT(*) AS n FROM nba_orchestration.upstream_budget_events WHERE kind = 'success'")
    assert facts[0]["n"] == len(TEAMS)
