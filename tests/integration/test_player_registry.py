"""The registry against the stand-in: names resolved or queued, a person's alias applied by the next run."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from services.analytics.processors import PROCESSORS
from services.analytics.registry.aliases import record_alias, unresolved
from services.analytics.registry.coverage import fold, measure, per_date_sql
from shared.errors import BadRequest
from tests.integration import analytics_dataset as ds

pytestmark = pytest.mark.integration
UPCOMING = PROCESSORS["upcoming_player_game_context"]
NOW = datetime(2026, 11, 28, 23, tzinfo=UTC)
DAY = ds.GAME_DAY


def named_bp(name: str, line: float) -> dict:
    from shared.names import player_lookup

    return {**ds.bp("2026-11-28", 50, "DEN", 12, player_lookup(name), line, "2026-11-28T15:00"), "player_name": name}


# 'Nikola Jokovic' is as far from Jokic as from Jović: queued. ('N. Jokic' resolves: one N. Jokic on the teams.)
EXTRA_BP = [named_bp("Nikola Jokovic", 26.5), named_bp("Peyton Watson Jr", 7.5), named_bp("...", 3.5)]
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
    assert set(queue) == {"Nikola Jokovic", "..."}
    assert queue["..."]["reason"] == "empty_name"
    candidates = json.loads(queue["Nikola Jokovic"]["candidates"])
    assert {c["name"] for c in candidates} >= {"Nikola Jokic", "Nikola Jović"}
    assert context(wh)["peytonwatson"]["current_points_line"] == 7.5  # 'Peyton Watson Jr' by the suffix rule
    first = measure(wh, DAY, DAY)[0]
    assert not first.complete and set(first.missing) == {"Nikola Jokovic (bettingpros)", "... (bettingpros)"}

    row, dates = record_alias(wh, "bettingpros", "Nikola Jokovic", jokic, by="tester", note="the Joker", now=NOW)
    assert (row["alias_lookup"], dates) == ("nikolajokovic", [DAY])
    UPCOMING.run(wh, DAY, DAY, NOW + timedelta(hours=1))
    closed = {r["raw_name"]: r for r in unresolved(wh, "resolved", None)}
    assert closed["Nikola Jokovic"]["resolved_player_id"] == jokic
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


JOKIC, NJ, MURRAY = "Nikola Jokic", "N. Jokic", "Jamal Murray"
BP_NJ, BP_JOKIC = f"{NJ} (bettingpros)", f"{JOKIC} (bettingpros)"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [  # rows: (who, raw name, source, queued, reached); expected: (with a line, reached, missing, spellings, queued)
        ([("a", JOKIC, "odds_api", 0, 1), ("a", JOKIC, "bettingpros", 0, 1), ("b", MURRAY, "odds_api", 0, 1)],
         (2, 2, (), (), 0)),
        ([("a", JOKIC, "odds_api", 0, 1), ("?njokic", NJ, "bettingpros", 1, 0)], (2, 1, (BP_NJ,), (), 1)),
        ([("a", JOKIC, "odds_api", 0, 0), ("a", JOKIC, "bettingpros", 0, 1)], (1, 1, (), (), 0)),
        # one book's spelling queued, the other's reached: one player, covered, the spelling listed
        ([("a", JOKIC, "odds_api", 0, 1), ("a", NJ, "bettingpros", 1, 1)], (1, 1, (), (BP_NJ,), 0)),
        # every spelling queued: one missing player, waiting in the queue
        ([("?njokic", NJ, "odds_api", 1, 0), ("?njokic", NJ, "bettingpros", 1, 0)], (1, 0, (BP_NJ,), (), 1)),
        # resolved but not in the product: missing, and not the queue's to explain
        ([("a", JOKIC, "odds_api", 0, 0), ("a", JOKIC, "bettingpros", 0, 0)], (1, 0, (BP_JOKIC,), (), 0)),
        ([], None),
    ],
)  # fmt: skip
def test_coverage_counts_players_once_whatever_the_sources(warehouse, rows, expected):
    literal = ", ".join(
        f"STRUCT(DATE '{DAY}' AS game_date, '{s}' AS source, '{raw}' AS raw_name, '{w}' AS who, {bool(q)} AS queued, "
        f"{bool(r)} AS reached)"
        for w, raw, s, q, r in rows
    )
    per_name = (
        f"SELECT * FROM UNNEST([{literal}])"
        if rows
        else (
            "SELECT DATE '2000-01-01' AS game_date, '' AS source, '' AS raw_name, '' AS who, FALSE AS queued, "
            "TRUE AS reached LIMIT 0"
        )
    )
    measured = fold(warehouse.query(per_date_sql(per_name)), {DAY: 1})
    if expected is None:
        assert measured == []
        return
    [c] = measured
    assert (c.players_with_line, c.players_reached, c.missing, c.spellings_queued, c.players_queued) == expected
    assert c.complete == (expected[0] == expected[1]) and c.unresolved == 1
    assert f"{expected[1]}/{expected[0]} players with a line" in str(c)


def test_resolution_skips_a_run_with_nothing_new_and_wakes_for_new_props_or_rosters(seeded):
    from services.analytics.registry.rebuild import prepare_players

    wh = seeded
    assert prepare_players(wh, DAY, DAY, NOW).steps == ("registry", "names")
    assert prepare_players(wh, DAY, DAY, NOW).steps == ()  # nothing landed since
    wh.load_rows("nba_raw.bp_player_props", [named_bp("Zeke Nnaji", 5.5)])
    woke = prepare_players(wh, DAY, DAY, NOW)
    assert woke.steps == ("names",) and "Zeke Nnaji" in {q["raw_name"] for q in woke.queued}
    assert prepare_players(wh, DAY, DAY, NOW).steps == ()
    wh.load_rows("nba_raw.espn_rosters", [{**EXTRA_ROSTER[0], "espn_player_id": "8", "player_name": "Zeke Nnaji",
                                          "player_lookup": "zekennaji"}])  # fmt: skip
    assert prepare_players(wh, DAY, DAY, NOW).steps == ("registry", "names")
    assert prepare_players(wh, DAY, DAY, NOW, force=True).steps == ("registry", "names")


def test_a_queued_name_that_a_new_roster_matches_exactly_is_closed_and_gets_its_line(seeded):
    wh = seeded
    wh.load_rows("nba_raw.bp_player_props", [named_bp("Zeke Nnaji", 5.5)])
    UPCOMING.run(wh, DAY, DAY, NOW)
    assert "Zeke Nnaji" in {r["raw_name"] for r in unresolved(wh, "open", None)}
    wh.load_rows("nba_raw.espn_rosters", [{**EXTRA_ROSTER[0], "espn_player_id": "8", "player_name": "Zeke Nnaji",
                                          "player_lookup": "zekennaji"}])  # fmt: skip
    UPCOMING.run(wh, DAY, DAY, NOW + timedelta(hours=1))
    closed = {r["raw_name"]: r for r in unresolved(wh, "resolved", None)}
    assert closed["Zeke Nnaji"]["resolved_player_id"] == player_id(wh, "espn", "8")
    assert context(wh)["zekennaji"]["current_points_line"] == 5.5
    assert "Zeke Nnaji" not in {r["raw_name"] for r in unresolved(wh, "open", None)}


def test_a_queued_name_the_map_no_longer_holds_is_closed_when_sql_maps_it_exactly(seeded):
    wh = seeded
    wh.load_rows("nba_raw.bp_player_props", [named_bp("Zeke Nnaji", 5.5)])
    UPCOMING.run(wh, DAY, DAY, NOW)
    wh.load_rows("nba_raw.espn_rosters", [{**EXTRA_ROSTER[0], "espn_player_id": "8", "player_name": "Zeke Nnaji",
                                          "player_lookup": "zekennaji"}])  # fmt: skip
    wh.execute("DELETE FROM nba_reference.resolved_names WHERE TRUE")  # the map emptied: names mapped afresh
    UPCOMING.run(wh, DAY, DAY, NOW + timedelta(hours=1))
    method = wh.query("SELECT method FROM nba_reference.resolved_names WHERE name_lookup = 'zekennaji'")
    assert [r["method"] for r in method] == ["exact"]
    closed = {r["raw_name"]: r for r in unresolved(wh, "resolved", None)}
    assert closed["Zeke Nnaji"]["resolved_player_id"] == player_id(wh, "espn", "8")
    assert "Zeke Nnaji" not in {r["raw_name"] for r in unresolved(wh, "open", None)}


def test_the_processors_of_one_trigger_share_its_preparation_and_the_next_trigger_sees_what_landed(seeded):
    from services.analytics.registry.rebuild import one_preparation_per_trigger, prepare_players

    wh = seeded
    with one_preparation_per_trigger():
        first = prepare_players(wh, DAY, DAY, NOW)
        calls = wh.calls.total()
        again = prepare_players(wh, DAY, DAY, NOW)
        assert first.steps == ("registry", "names") and again.steps == () and wh.calls.total() == calls
        wh.load_rows("nba_raw.bp_player_props", [named_bp("Zeke Nnaji", 5.5)])  # lands with a trigger of its own
        assert prepare_players(wh, DAY - timedelta(days=1), DAY, NOW).steps == ("registry", "names")  # another range
    with one_preparation_per_trigger():  # that load's trigger
        woke = prepare_players(wh, DAY, DAY, NOW)
        assert woke.steps == ("names",) and "Zeke Nnaji" in {q["raw_name"] for q in woke.queued}
    assert prepare_players(wh, DAY, DAY, NOW).steps == ()


def test_a_failed_preparation_is_not_trusted_by_the_next_processor_of_the_trigger(seeded, monkeypatch):
    from services.analytics.registry import rebuild

    wh = seeded
    real = rebuild.resolve_prop_names

    def fails_once(*args, **kwargs):
        monkeypatch.setattr(rebuild, "resolve_prop_names", real)
        raise RuntimeError("the warehouse went away mid-pass")

    monkeypatch.setattr(rebuild, "resolve_prop_names", fails_once)
    with rebuild.one_preparation_per_trigger():
        with pytest.raises(RuntimeError):
            rebuild.prepare_players(wh, DAY, DAY, NOW)
        assert rebuild.prepare_players(wh, DAY, DAY, NOW).steps == ("registry", "names")
