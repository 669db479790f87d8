"""Registry build, queue folding and the coverage verdict of verify: the pure parts, table-driven."""

import json
from datetime import UTC, date, datetime

import pytest

from services.analytics.registry.names import queue_rows
from shared.health.coverage import judge
from shared.players import Resolution, Resolver, Scored, load_rules
from shared.players.normalise import parts
from shared.players.registry import Registry, Sighting, build, player_row

D1, D2 = date(2026, 11, 1), date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 18, tzinfo=UTC)


def sighting(source, sid, name, team, first=D1, last=D2):
    return Sighting(source, sid, name, team, first, last)


def test_bdl_ids_join_the_espn_players_of_their_team_and_unknown_ones_become_players():
    registry = Registry()
    seen = [
        sighting("espn", "3945274", "Luka Dončić", "DAL"),
        sighting("espn", "4066648", "P.J. Washington", "DAL"),
        sighting("bdl", "132", "Luka Doncic", "DAL", D2, D2),
        sighting("bdl", "666", "PJ Washington", "DAL", D2, D2),
        sighting("bdl", "901", "Brandon Williams", "DAL", D2, D2),  # two-way: no ESPN roster lists him
    ]
    changes = build(registry, seen, Resolver(load_rules()))
    ids = registry.source_ids
    assert ids[("bdl", "132")] == ids[("espn", "3945274")] == "espn-3945274"
    assert ids[("bdl", "666")] == ids[("espn", "4066648")]
    assert ids[("bdl", "901")] == "bdl-901" and changes.source_ids[("bdl", "901")][2] == "new"
    assert player_row(registry, "espn-3945274") | {"player_name": "Luka Dončić", "bdl_player_id": 132} == player_row(
        registry, "espn-3945274"
    )
    assert build(registry, seen, Resolver(load_rules())).source_ids == {}  # idempotent: nothing new the second time


def test_a_second_id_of_one_source_is_a_different_person_even_with_the_same_name():
    registry = Registry()
    build(registry, [sighting("espn", "1", "Jalen Williams", "OKC"), sighting("espn", "2", "Jalen Williams", "OKC")],
          Resolver(load_rules()))  # fmt: skip
    assert registry.source_ids[("espn", "1")] != registry.source_ids[("espn", "2")]


def test_an_ambiguous_new_id_is_queued_not_guessed():
    registry = Registry()
    resolver = Resolver(load_rules())
    build(registry, [sighting("espn", "1", "Jalen Williams", "OKC"), sighting("espn", "2", "Jaylin Williams", "OKC")],
          resolver)  # fmt: skip
    changes = build(registry, [sighting("bdl", "9", "J. Williams", "OKC")], resolver)
    assert ("bdl", "9") not in registry.source_ids and "bdl-9" not in registry.names
    [(queued, found)] = changes.queued
    assert queued.source_player_id == "9" and {c.name for c in found.candidates} == {
        "Jalen Williams",
        "Jaylin Williams",
    }


def test_a_traded_player_keeps_one_id_and_both_team_spans():
    registry = Registry()
    resolver = Resolver(load_rules())
    build(registry, [sighting("espn", "7", "Dennis Schröder", "BKN", D1, D1)], resolver)
    build(registry, [sighting("espn", "7", "Dennis Schröder", "GSW", D2, D2)], resolver)
    assert set(registry.teams) == {("espn-7", "BKN"), ("espn-7", "GSW")}
    assert player_row(registry, "espn-7")["team_tricode"] == "GSW"


def row(source="bettingpros", raw="N. Jokic"):
    return {"source": source, "game_date": D2, "team_a": "DEN", "team_b": "PHX", "name_lookup": parts(raw).lookup,
            "raw_name": raw}  # fmt: skip


def test_queue_rows_keep_first_seen_count_times_seen_and_close_when_resolved():
    unresolved = Resolution(None, "no_match", None, (Scored("espn-1", "Nikola Jokic", 71.4),))
    [first] = queue_rows([(row(), unresolved, None)], {}, NOW)
    assert (first["times_seen"], first["status"], json.loads(first["candidates"])[0]["score"]) == (1, "open", 71.4)
    key = tuple(row()[k] for k in ("source", "game_date", "team_a", "team_b", "name_lookup"))
    later = datetime(2026, 11, 21, tzinfo=UTC)
    [again] = queue_rows([(row(), unresolved, None)], {key: first}, later)
    assert (again["times_seen"], again["first_seen"], again["last_seen"]) == (2, NOW, later)
    [closed] = queue_rows([(row(), Resolution("espn-1", "alias", 100.0), "DEN")], {key: again}, later)
    assert (closed["status"], closed["resolved_player_id"]) == ("resolved", "espn-1")
    assert queue_rows([(row(), Resolution("espn-1", "exact", 100.0), "DEN")], {}, NOW) == []


def test_a_500_character_name_is_stored_cut_in_the_queue():
    [queued] = queue_rows([(row(raw="x" * 500), Resolution(None, "name_too_long"), None)], {}, NOW)
    assert len(queued["raw_name"]) == 200 and queued["reason"] == "name_too_long"


def history(day, newest, reached, total, queue, missing=(), spellings=None):
    return {"game_date": day, "newest": newest, "players_reached": reached, "players_with_line": total,
            "unresolved": queue, "missing": json.dumps(list(missing)),
            "spellings_queued": None if spellings is None else json.dumps(spellings)}  # fmt: skip


@pytest.mark.parametrize(
    ("rows", "ok", "says"),
    [
        ([history(D2, 1, 111, 111, 0)], True, "111/111"),
        ([history(D2, 1, 110, 111, 1, ["N. Jokic (bettingpros)"])], False, "missing: N. Jokic (bettingpros)"),
        ([history(D2, 1, 111, 111, 2), history(D2, 2, 111, 111, 1)], False, "2 unresolved (was 1)"),
        ([history(D2, 1, 111, 111, 1), history(D2, 2, 111, 111, 2)], True, "1 unresolved"),
        # a queued spelling of a player whose line arrived is listed, and is no WARN by itself
        (
            [history(D2, 1, 111, 111, 1, spellings=["N. Jokic (odds_api)"]), history(D2, 2, 111, 111, 1)],
            True,
            "111/111 lines reached the context table, 1 unresolved; spelling queued: N. Jokic (odds_api)",
        ),
    ],
)
def test_verify_warns_when_coverage_is_short_or_the_queue_grew(rows, ok, says):
    [verdict] = judge(rows)
    assert verdict.ok is ok and says in str(verdict)
    assert str(verdict).startswith("PASS" if ok else "WARN")


def test_every_input_the_skip_check_watches_is_a_table_with_those_columns():
    from services.analytics.registry.snapshot import INPUTS, SIGHTINGS
    from shared.schemas import table_spec

    for table, (day, written, _lookback) in INPUTS.items():
        columns = table_spec(table).columns
        assert written in columns and (day is None or day in columns), table
    assert set(SIGHTINGS) <= set(INPUTS)
