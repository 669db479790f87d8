"""Both processors on the hand-built week, against the stand-in: exact values, idempotence, failures."""

from datetime import UTC, date, datetime, timedelta

import pytest

from services.analytics.backfill import run_processors
from services.analytics.processors import PROCESSORS, UpstreamNotReady
from tests.integration import analytics_dataset as ds

pytestmark = pytest.mark.integration
NOW = datetime(2026, 11, 28, 23, tzinfo=UTC)
SUMMARY = PROCESSORS["player_game_summary"]
UPCOMING = PROCESSORS["upcoming_player_game_context"]


def rows(warehouse, table, day):
    found = warehouse.query(f"SELECT * FROM {table} WHERE game_date = @d ORDER BY player_lookup", d=day)
    return {r["player_lookup"]: r for r in found}


def pick(row, columns):
    return tuple(row[c] for c in columns.split())


def test_player_game_summary_exact_values(warehouse):
    ds.seed(warehouse)
    assert SUMMARY.run(warehouse, ds.YESTERDAY, ds.YESTERDAY, NOW) == 4
    got = rows(warehouse, SUMMARY.target, ds.YESTERDAY)
    assert sorted(got) == ["christianbraun", "lebronjames", "nikolajokic", "peytonwatson"]
    cols = "game_id team_tricode opponent_tricode is_home minutes points points_line line_source over_under_result"
    # Jokić: books close at 28.5 (draftkings, live 35.5 ignored), 27.5, 29.5 → median 28.5; he scored 28.
    assert pick(got["nikolajokic"], cols) == ("g4", "DEN", "LAL", True, 36.0, 28, 28.5, "odds_api", "UNDER")
    assert got["nikolajokic"]["ts_pct"] == pytest.approx(28 / (2 * (20 + 0.44 * 5)))
    assert got["nikolajokic"]["efg_pct"] == pytest.approx((11 + 0.5 * 2) / 20)
    # LeBron: no Odds API line, BettingPros closed at 24.0: a push.
    assert pick(got["lebronjames"], cols) == ("g4", "LAL", "DEN", False, 35.0, 24, 24.0, "bettingpros", "PUSH")
    assert got["lebronjames"]["ts_pct"] == pytest.approx(24 / (2 * (18 + 0.44 * 6)))
    # No shots: no percentages; did not play with a line: no result.
    assert pick(got["peytonwatson"], "ts_pct efg_pct points_line over_under_result") == (None, None, None, None)
    assert pick(got["christianbraun"], "points_line over_under_result") == (8.5, None)
    assert {r["processed_at"] for r in got.values()} == {NOW}


def test_upcoming_context_exact_values(warehouse):
    ds.seed(warehouse, late_props=True)
    assert UPCOMING.run(warehouse, ds.GAME_DAY, ds.GAME_DAY, NOW) == 5
    got = rows(warehouse, UPCOMING.target, ds.GAME_DAY)
    assert sorted(got) == ["jamalmurray", "julianstrawther", "lebronjames", "nikolajokic", "peytonwatson"]
    rest = "team_tricode opponent_tricode is_home days_rest is_back_to_back games_last_7_days games_last_14_days"
    assert pick(got["nikolajokic"], rest) == ("DEN", "PHX", False, 0, True, 3, 7)
    assert got["nikolajokic"]["points_avg_last_5"] == pytest.approx((28 + 20 + 25 + 30 + 18) / 5)
    assert got["nikolajokic"]["points_avg_last_10"] == pytest.approx((10 + 12 + 14 + 16 + 18 + 30 + 25 + 20 + 28) / 9)
    # Murray: DNP on 11-25 and absent on 11-27, so he last played 11-23.
    assert pick(got["jamalmurray"], rest) == ("DEN", "PHX", False, 4, False, 1, 2)
    assert got["jamalmurray"]["points_avg_last_5"] == pytest.approx(18.5)
    # LAL has no roster snapshot: LeBron comes from recent box scores.
    assert pick(got["lebronjames"], rest) == ("LAL", "BOS", True, 0, True, 2, 3)
    assert pick(got["julianstrawther"], rest) == ("DEN", "PHX", False, None, False, 0, 0)
    assert got["julianstrawther"]["points_avg_last_5"] is None
    lines = "current_points_line opening_points_line line_movement has_prop_line injury_status"
    # Odds API medians: current (27.5, 26.5, 27.5) → 27.5, opening (26.5, 25.5, 27.5) → 26.5; rebounds ignored.
    assert pick(got["nikolajokic"], lines) == (27.5, 26.5, 1.0, True, None)
    # BettingPros only: current (19.5, 20.5) and opening (18.5, 20.5) → lower middles; latest report ≤ D.
    assert pick(got["jamalmurray"], lines) == (19.5, 18.5, 1.0, True, "Questionable")
    assert pick(got["lebronjames"], lines) == (25.5, 25.5, 0.0, True, None)
    assert pick(got["peytonwatson"], lines) == (None, None, None, False, None)
    assert "reggiejackson" not in got  # only on an older DEN roster


@pytest.mark.parametrize("processor", [SUMMARY, UPCOMING], ids=lambda p: p.name)
def test_running_twice_gives_the_same_rows_and_drops_stale_ones(warehouse, processor):
    ds.seed(warehouse, late_props=True)
    day = ds.YESTERDAY if processor is SUMMARY else ds.GAME_DAY
    first = processor.run(warehouse, day, day, NOW)
    before = rows(warehouse, processor.target, day)
    stale = {"game_date": day, "player_lookup": "reggiejackson", "processed_at": NOW}
    warehouse.load_rows(processor.target, [stale, {**stale, "game_date": date(2026, 10, 1)}])
    assert processor.run(warehouse, day, day, NOW.replace(hour=23, minute=30)) == first
    after = rows(warehouse, processor.target, day)
    strip = lambda table: {k: {c: v for c, v in r.items() if c != "processed_at"} for k, r in table.items()}  # noqa: E731
    assert strip(after) == strip(before)
    outside = warehouse.query(f"SELECT COUNT(*) AS n FROM {processor.target} WHERE game_date = '2026-10-01'")
    assert outside == [{"n": 1}]  # outside the range: untouched


@pytest.mark.parametrize("processor", [SUMMARY, UPCOMING], ids=lambda p: p.name)
def test_a_re_run_writes_only_the_rows_whose_values_changed(warehouse, processor):
    ds.seed(warehouse, late_props=True)
    day = ds.YESTERDAY if processor is SUMMARY else ds.GAME_DAY
    processor.run(warehouse, day, day, NOW)
    before = rows(warehouse, processor.target, day)
    assert processor.run(warehouse, day, day, NOW.replace(hour=23)) == len(before)  # nothing new: nothing written
    assert rows(warehouse, processor.target, day) == before
    broken = {**before["nikolajokic"], "team_tricode": "XXX"}  # one row no longer what its upstream says
    warehouse.load_rows(processor.target, [broken])
    later = NOW.replace(hour=23, minute=30)
    processor.run(warehouse, day, day, later)
    after = rows(warehouse, processor.target, day)
    assert after["nikolajokic"] == {**before["nikolajokic"], "processed_at": later}
    assert {k: r for k, r in after.items() if k != "nikolajokic"} == {
        k: r for k, r in before.items() if k != "nikolajokic"
    }


@pytest.mark.parametrize(
    ("processor", "day", "message"),
    [
        (
            UPCOMING,
            ds.GAME_DAY,
            "no player points props yet for 2 of 2 games: 2026-11-28 DEN@PHX (g5), 2026-11-28 BOS@LAL (g6)",
        ),
        (SUMMARY, date(2026, 11, 25), "no box scores yet for 1 of 1 final games: 2026-11-25 BOS@DEN (g3)"),
    ],
    ids=["upcoming", "summary"],
)
def test_missing_upstream_for_every_game_fails_and_writes_nothing(warehouse, processor, day, message):
    ds.seed(warehouse, game_day_props=False)
    warehouse.calls.clear()
    with pytest.raises(UpstreamNotReady) as caught:
        processor.run(warehouse, day, day, NOW)
    assert caught.value.message == message
    assert warehouse.calls["query"] == 1  # the check alone
    assert rows(warehouse, processor.target, day) == {}


def test_one_game_without_props_does_not_block_the_other(warehouse):
    ds.seed(warehouse)
    done = UPCOMING.run_checked(warehouse, ds.GAME_DAY, ds.GAME_DAY, NOW)
    assert (done.rows, done.missing) == (5, ["2026-11-28 BOS@LAL (g6)"])
    assert len(rows(warehouse, UPCOMING.target, ds.GAME_DAY)) == 5


def test_readiness_marker_changes_when_rows_load_whatever_their_stamp(warehouse):
    ds.seed(warehouse, game_day_props=False)
    empty = UPCOMING.upstream_marker(warehouse, ds.GAME_DAY, ds.GAME_DAY)
    assert empty == "0 rows, newest -"
    ds.seed_game_day_props(warehouse, ds.LOADED - timedelta(hours=3))  # a scrape that started long ago
    assert UPCOMING.upstream_marker(warehouse, ds.GAME_DAY, ds.GAME_DAY) != empty
    assert UPCOMING.upstream_marker(warehouse, date(2026, 12, 1), date(2026, 12, 2)) == empty


def test_one_range_statement_equals_the_per_date_loop(warehouse):
    ds.seed(warehouse, late_props=True)
    start, end = ds.YESTERDAY, ds.GAME_DAY
    names = ["upcoming_player_game_context"]
    warehouse.calls.clear()
    loop = run_processors(warehouse, start, end, names, chunk_days=1, clock=lambda: NOW)
    # Loads (one load job + one MERGE each) depend on what is new; every other statement is fixed per run.
    per_run = (warehouse.calls["query"] - warehouse.calls["load"]) / 2
    assert [r["status"] for r in loop] == ["processed"] * 2
    by_day = {d: rows(warehouse, UPCOMING.target, d) for d in (start, end)}
    assert all(by_day.values())
    warehouse.calls.clear()
    ranged = run_processors(warehouse, start, end, names, clock=lambda: NOW)
    assert [(r["start_date"], r["end_date"], r["rows"]) for r in ranged] == [(start, end, sum(r["rows"] for r in loop))]
    # check, registry and name pass, MERGE, count, coverage: the same statements whatever the range
    assert warehouse.calls["query"] - warehouse.calls["load"] == per_run
    assert {d: rows(warehouse, UPCOMING.target, d) for d in by_day} == by_day
