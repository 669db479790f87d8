"""The registry against the stand-in: names resolved or queued, a person's alias applied by the next run."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from services.analytics.processors import PROCESSORS
from services.analytics.registry.aliases import record_alias, unresolved
from services.analytics.registry.coverage import measure
from shared.errors import BadRequest
from tests.integration import analytics_dataset as ds

pytestmark = pytest.mark.integration
UPCOMING = PROCESSORS["upcoming_player_game_context"]
NOW = datetime(2026, 11, 28, 23, tzinfo=UTC)
DAY = ds.GAME_DAY


def named_bp(name: str, line: float) -> dict:
    from shared.names import player_lookup

    return {**ds.bp("2026-11-28", 50, "DEN", 12, player_lookup(name), line, "2026-11-28T15:00"), "player_name": name}


EXTRA_BP = [named_bp("N. Jokic", 26.5), named_bp("Peyton Watson Jr", 7.5), named_bp("...", 3.5)]
EXTRA_ROSTER = [{**ds.ROSTERS[1], "espn_player_id": "7", "player_name": "Nikola Jović", "player_lookup": "nikolajovic"}]


@pytest.fixture
def seeded(warehouse):
    ds.seed(warehouse, late_props=True)
    warehouse.load_rows("nba_raw.bp_player_props", EXTRA_BP)
    warehouse.load_rows("nba_raw.espn_rosters", EXTRA_ROSTER)
    return warehouse


def player_id(wh, source: str, source_id: str) -> str:
    rows = wh.query(
        "SELECT player_id FROM nba_reference.player_source_ids WHERE source = @s AND source_player_id = @i",
        s=source,
        i=source_id,
    )
    return rows[0]["player_id"]


def context(wh) -> dict[str, dict]:
    rows = wh.query("SELECT * FROM nba_analytics.upcoming_player_game_context WHERE game_date = @d", d=DAY)
    return {r["player_lookup"]: r for r in rows}


def test_unmatched_names_wait_in_the_queue_until_a_person_answers(seeded):
    wh = seeded
    UPCOMING.run(wh, DAY, DAY, NOW)
    jokic = player_id(wh, "espn", "1")
    assert player_id(wh, "bdl", "1") == jokic  # BDL's id mapped to the ESPN roster's player by team + name
    queue = {r["raw_name"]: r for r in unresolved(wh, "open", None)}
    assert set(queue) == {"N. Jokic", "..."}
    assert queue["..."]["reason"] == "empty_name"
    candidates = json.loads(queue["N. Jokic"]["candidates"])
    assert {c["name"] for c in candidates} >= {"Nikola Jokic", "Nikola Jović"}
    assert context(wh)["peytonwatson"]["current_points_line"] == 7.5  # 'Peyton Watson Jr' by the suffix rule
    first = measure(wh, DAY, DAY)[0]
    assert not first.complete and set(first.missing) == {"N. Jokic (bettingpros)", "... (bettingpros)"}

    row, dates = record_alias(wh, "bettingpros", "N. Jokic", jokic, by="tester", note="the Joker", now=NOW)
    assert (row["alias_lookup"], dates) == ("njokic", [DAY])
    UPCOMING.run(wh, DAY, DAY, NOW + timedelta(hours=1))
    closed = {r["raw_name"]: r for r in unresolved(wh, "resolved", None)}
    assert closed["N. Jokic"]["resolved_player_id"] == jokic
    still = {r["raw_name"]: r for r in unresolved(wh, "open", None)}
    assert set(still) == {"..."} and still["..."]["times_seen"] == 2 and still["..."]["first_seen"] == NOW
    after = measure(wh, DAY, DAY)[0]
    assert after.missing == ("... (bettingpros)",) and after.players_reached == first.players_reached
    history = wh.query("SELECT COUNT(*) AS n FROM nba_reference.player_coverage WHERE game_date = @d", d=DAY)
    assert history[0]["n"] == 2


def test_rebuilding_twice_keeps_every_id(seeded):
    wh = seeded
    UPCOMING.run(wh, DAY, DAY, NOW)
    ids_sql = "SELECT source, source_player_id, player_id FROM nba_reference.player_source_ids ORDER BY 1, 2"
    ids = wh.query(ids_sql)
    players = wh.query("SELECT player_id, player_name FROM nba_reference.players ORDER BY 1")
    UPCOMING.run(wh, DAY, DAY, NOW + timedelta(hours=1))
    assert (
        wh.query("SELECT source, source_player_id, player_id FROM nba_reference.player_source_ids ORDER BY 1, 2") == ids
    )
    assert wh.query("SELECT player_id, player_name FROM nba_reference.players ORDER BY 1") == players
    assert {r["player_id"] for r in context(wh).values()} <= {p["player_id"] for p in players}


@pytest.mark.parametrize(
    ("source", "raw", "player", "field"),
    [
        ("draftkings", "N. Jokic", "espn-1", "source"),
        ("bettingpros", "  ..  ", "espn-1", "raw_name"),
        ("bettingpros", "N. Jokic", "nobody", "player_id"),
    ],
)
def test_a_bad_alias_is_refused_naming_the_field(seeded, source, raw, player, field):
    UPCOMING.run(seeded, DAY, DAY, NOW)
    with pytest.raises(BadRequest) as caught:
        record_alias(seeded, source, raw, player, by="tester", note=None, now=NOW)
    assert caught.value.field == field
    assert seeded.query("SELECT COUNT(*) AS n FROM nba_reference.player_aliases")[0]["n"] == 0
