"""Coverage counts players, not spellings: on the stand-in, through the processor, the same on verify and the page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.analytics.app import create_app
from services.analytics.processors import PROCESSORS
from services.analytics.registry.aliases import record_alias, unresolved
from services.analytics.registry.coverage import measure
from shared.evidence import Span, gather
from shared.names import player_lookup
from tests.integration import analytics_dataset as ds

pytestmark = pytest.mark.integration
UPCOMING = PROCESSORS["upcoming_player_game_context"]
NOW = datetime(2026, 11, 28, 23, tzinfo=UTC)
DAY = ds.GAME_DAY
NO_DEPLOY = {"services": [], "commits": [], "mismatch": False}


def named_bp(name: str, event: int, team: str) -> dict:
    return {**ds.bp(str(DAY), event, team, 12, player_lookup(name), 20.5, "2026-11-28T15:00"), "player_name": name}


def named_odds(name: str) -> dict:
    row = ds.odds(
        str(DAY), "e5", "PHX", "DEN", "2026-11-29T02:00", "draftkings", player_lookup(name), 9.5, "2026-11-28T15:00"
    )
    return {**row, "player_name": name}


EXTRA_BP = [
    named_bp("Nikola Jokic", 51, "PHX"),  # listed under the wrong team: no candidate, queued; Odds' Jokic reached
    named_bp("Nikola Jokovic", 50, "DEN"),  # as close to Jović as to Jokic: queued; the Odds API's alias says Jokic
    named_bp("Zed Nobody", 50, "DEN"),  # nobody the registry knows, in both books: one player, missing
]
EXTRA_ROSTER = [{**ds.ROSTERS[1], "espn_player_id": "7", "player_name": "Nikola Jović", "player_lookup": "nikolajovic"}]


@pytest.fixture
def measured(warehouse):
    ds.seed(warehouse)
    warehouse.load_rows("nba_raw.bp_player_props", EXTRA_BP)
    warehouse.load_rows("nba_raw.oddsa_player_props", [named_odds("Zed Nobody")])
    warehouse.load_rows("nba_raw.espn_rosters", EXTRA_ROSTER)
    UPCOMING.run(warehouse, DAY, DAY, NOW)
    jokic = warehouse.query("SELECT player_id FROM nba_reference.players WHERE player_lookup = 'nikolajokic'")
    record_alias(warehouse, "odds_api", "Nikola Jokovic", jokic[0]["player_id"], by="tester", note=None, now=NOW)
    UPCOMING.run(warehouse, DAY, DAY, NOW + timedelta(hours=1))  # records the coverage again
    return warehouse


def test_a_queued_spelling_of_a_player_who_reached_the_product_is_not_a_missing_player(measured):
    queued = {(r["source"], r["raw_name"]) for r in unresolved(measured, "open", None)}
    assert queued == {
        ("bettingpros", "Nikola Jokic"),
        ("bettingpros", "Nikola Jokovic"),
        ("bettingpros", "Zed Nobody"),
        ("odds_api", "Zed Nobody"),
    }
    [c] = measure(measured, DAY, DAY)
    # Jokic (Odds API reached; two BettingPros spellings queued), Murray (reached), Zed Nobody (only queued)
    assert (c.players_with_line, c.players_reached, c.players_queued, c.unresolved) == (3, 2, 1, 4)
    assert c.missing == ("Zed Nobody (bettingpros)",)
    assert c.spellings_queued == ("Nikola Jokic (bettingpros)", "Nikola Jokovic (bettingpros)")
    assert "2/3 players with a line" in str(c) and "spelling queued: Nikola Jokic (bettingpros)" in str(c)


def test_verify_and_the_page_show_the_same_counts(settings, measured):
    later = NOW + timedelta(hours=1)  # after the second measurement
    [verdict] = [v for v in gather(measured, Span(later, 24))[0].coverage if v.game_date == DAY]
    app = create_app(settings, warehouse=measured, clock=lambda: later, deploy_probe=lambda: NO_DEPLOY)
    page = app.test_client().get("/status.json").get_json()["players"]
    [row] = [r for r in page["coverage"] if r["game_date"] == DAY.isoformat()]
    assert (row["players_reached"], row["players_with_line"], row["unresolved"]) == (2, 3, 4)
    assert verdict.detail.startswith(f"{row['players_reached']}/{row['players_with_line']} lines reached")
    assert f"{row['unresolved']} unresolved" in verdict.detail and not verdict.ok
    assert row["missing"] == ["Zed Nobody (bettingpros)"]
    assert row["spellings_queued"] == ["Nikola Jokic (bettingpros)", "Nikola Jokovic (bettingpros)"]
    assert "missing: Zed Nobody (bettingpros)" in verdict.detail
    assert "spelling queued: Nikola Jokic (bettingpros), Nikola Jokovic (bettingpros)" in verdict.detail
    html = app.test_client().get("/status").get_data(as_text=True)
    assert "Nikola Jokovic (bettingpros)" in html and "Zed Nobody (bettingpros)" in html
