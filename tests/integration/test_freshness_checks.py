"""Freshness checks and missing games against the BigQuery stand-in (tables seeded with load_rows)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from google.cloud import bigquery

from services.freshness.config import BoxScoreSource, CheckSpec, MissingGamesSpec, load_config
from services.freshness.missing_games import find_missing_games
from services.freshness.probes import check_tables
from services.freshness.rules import Status
from shared.schemas import TABLES
from shared.schemas.spec import TableSpec, req

pytestmark = pytest.mark.integration
NOW = datetime(2026, 11, 28, 17, 0, tzinfo=UTC)  # Saturday 12:00 US/Eastern
TODAY = date(2026, 11, 28)


def injuries(hours_old: float, n: int = 2) -> list[dict]:
    return [
        {
            "report_date": TODAY,
            "bdl_player_id": i,
            "player_name": f"Player {i}",
            "player_lookup": f"player{i}",
            "status": "Out",
            "processed_at": NOW - timedelta(hours=hours_old),
        }
        for i in range(n)
    ]


def props(hours_old: float, market: str = "player_points") -> list[dict]:
    return [
        {
            "event_id": "e1",
            "game_date": TODAY,
            "bookmaker": "fanduel",
            "market_key": market,
            "player_name": "Nikola Jokić",
            "player_lookup": "nikolajokic",
            "points_line": 27.5,
            "last_update": NOW - timedelta(hours=hours_old),
            "processed_at": NOW - timedelta(hours=hours_old),
        }
    ]


def game(game_id: str, day: date, home: str, away: str, status: int = 3) -> dict:
    return {
        "game_id": game_id,
        "game_date": day,
        "game_status": status,
        "home_team_tricode": home,
        "away_team_tricode": away,
        "processed_at": NOW,
    }


def box(day: date, home: str, away: str, players: int) -> list[dict]:
    return [
        {
            "game_date": day,
            "team_tricode": home if i % 2 else away,
            "home_team_tricode": home,
            "away_team_tricode": away,
            "bdl_player_id": i,
            "player_name": f"P{i}",
            "player_lookup": f"p{i}",
            "processed_at": NOW,
        }
        for i in range(players)
    ]


CHECK = {"column": "processed_at", "warn_after": 12, "error_after": 24, "severity": "ERROR"}
INJURIES = CheckSpec.model_validate({"table": "nba_raw.bdl_injuries", **CHECK})
ODDS = CheckSpec.model_validate(
    {
        **CHECK,
        "table": "nba_raw.oddsa_player_props",
        "filter": "market_key = 'player_points'",
        "game_days_only": True,
        "warn_after": 8,
        "error_after": 12,
    }
)
ROSTER_DATE = CheckSpec(table="nba_raw.espn_rosters", column="roster_date", warn_after=30, error_after=48)


@pytest.mark.parametrize(("hours_old", "status"), [(30.0, Status.STALE), (2.5, Status.OK), (13.0, Status.WARN)])
def test_stale_and_fresh_tables_with_the_right_hours(warehouse, hours_old, status):
    warehouse.load_rows("nba_raw.bdl_injuries", injuries(hours_old))
    warehouse.calls.clear()
    [result], _ = check_tables(warehouse, [INJURIES], now=NOW)
    assert (result.verdict.status, result.verdict.hours_stale) == (status, hours_old)
    assert warehouse.calls["query"] == 1


def test_missing_table_or_column_fails_only_that_check_without_a_query(warehouse):
    warehouse.load_rows("nba_raw.bdl_injuries", injuries(1))
    bad_table = CheckSpec.model_validate({"table": "nba_raw.injuries", **CHECK})
    bad_column = CheckSpec(table="nba_raw.bdl_box_scores", column="updated_at", warn_after=1, error_after=2)
    warehouse.calls.clear()
    results, _ = check_tables(warehouse, [bad_table, INJURIES, bad_column], now=NOW)
    assert [r.verdict.status for r in results] == [Status.CHECK_FAILED, Status.OK, Status.CHECK_FAILED]
    assert results[0].verdict.reason == "table nba_raw.injuries is not in the schemas in code"
    assert results[2].verdict.reason == "column updated_at is not in table nba_raw.bdl_box_scores"
    assert warehouse.calls["query"] == 1


def test_a_warehouse_error_in_one_check_marks_only_that_check(warehouse):
    warehouse.load_rows("nba_raw.bdl_injuries", injuries(30))
    warehouse.load_rows("nba_raw.oddsa_player_props", props(1))
    warehouse.load_rows("nba_raw.nbac_schedule", [game("g1", TODAY - timedelta(days=1), "DEN", "LAL")])
    warehouse.client.delete_table(warehouse.table_id("nba_raw.espn_rosters"))  # in code, gone from the warehouse
    warehouse.calls.clear()
    results, game_days = check_tables(warehouse, [INJURIES, ROSTER_DATE, ODDS], now=NOW)
    assert [r.verdict.status for r in results] == [Status.STALE, Status.CHECK_FAILED, Status.OK]
    assert results[0].verdict.hours_stale == 30.0
    assert "warehouse error" in results[1].verdict.reason and "espn_rosters" in results[1].verdict.reason
    assert game_days is not None
    assert warehouse.calls["query"] == 1 + 4  # the combined query failed, then one per check and the schedule


def test_date_column_and_filter(warehouse):
    roster = {
        "team_tricode": "DEN",
        "espn_player_id": "1",
        "player_name": "A",
        "player_lookup": "a",
        "processed_at": NOW,
    }
    warehouse.load_rows("nba_raw.espn_rosters", [{**roster, "roster_date": TODAY - timedelta(days=1)}])
    warehouse.load_rows("nba_raw.oddsa_player_props", props(1, market="player_rebounds"))
    results, _ = check_tables(warehouse, [ROSTER_DATE, ODDS], now=NOW)
    assert (results[0].verdict.status, results[0].verdict.hours_stale) == (Status.WARN, 36.0)
    assert (results[1].verdict.status, results[1].verdict.reason) == (Status.NO_DATA, "no rows match the filter")


def test_datetime_column(warehouse, monkeypatch):
    spec = TableSpec("nba_raw", "dt_probe", (req("id", "INT64"), req("seen_at", "DATETIME")), key=("id",))
    monkeypatch.setitem(TABLES, spec.full_name, spec)
    warehouse.client.create_table(bigquery.Table(warehouse.table_id(spec.full_name), schema=list(spec.fields)))
    warehouse.query(
        "INSERT INTO nba_raw.dt_probe (id, seen_at) VALUES (1, DATETIME '2026-11-28 07:00:00'), "
        "(2, DATETIME '2026-11-27 07:00:00')"
    )
    check = CheckSpec(table=spec.full_name, column="seen_at", warn_after=6, error_after=24)
    [result], _ = check_tables(warehouse, [check], now=NOW)
    assert (result.verdict.status, result.verdict.hours_stale) == (Status.WARN, 10.0)


@pytest.mark.parametrize(("games_today", "status", "hours"), [(True, Status.STALE, 18.0), (False, Status.OK, 6.0)])
def test_game_day_versus_off_day_from_the_schedule(warehouse, games_today, status, hours):
    schedule = [game("g-fri", TODAY - timedelta(days=1), "DEN", "LAL")]
    if games_today:
        schedule.append(game("g-sat", TODAY, "BOS", "NYK", status=1))
    warehouse.load_rows("nba_raw.nbac_schedule", schedule)
    warehouse.load_rows("nba_raw.oddsa_player_props", props(18))  # Friday 18:00 ET
    warehouse.calls.clear()
    [result], game_days = check_tables(warehouse, [ODDS], now=NOW)
    assert (result.verdict.status, result.verdict.hours_stale) == (status, hours)
    assert game_days is not None and game_days.is_game_day(TODAY) is games_today
    assert warehouse.calls["query"] == 1  # the schedule rides in the same UNION ALL


def test_combined_and_per_check_modes_agree_and_count_round_trips(warehouse):
    warehouse.load_rows("nba_raw.bdl_injuries", injuries(30))
    warehouse.load_rows("nba_raw.nbac_schedule", [game("g1", TODAY - timedelta(days=1), "DEN", "LAL")])
    checks = load_config().enabled_checks
    warehouse.calls.clear()
    combined, _ = check_tables(warehouse, checks, now=NOW, mode="combined")
    assert warehouse.calls["query"] == 1
    warehouse.calls.clear()
    naive, _ = check_tables(warehouse, checks, now=NOW, mode="per_check")
    assert warehouse.calls["query"] == len(checks) + 1
    assert [r.verdict for r in combined] == [r.verdict for r in naive]
    assert {r.check.table: r.verdict.status for r in combined}["nba_raw.bdl_injuries"] is Status.STALE


def test_missing_and_incomplete_games_in_one_query(warehouse):
    d1, d2 = TODAY - timedelta(days=1), TODAY - timedelta(days=3)
    warehouse.load_rows(
        "nba_raw.nbac_schedule",
        [
            game("g-complete", d1, "DEN", "LAL"),
            game("g-incomplete", d1, "BOS", "NYK"),
            game("g-missing", d2, "MIA", "CHI"),
            game("g-live", d1, "PHX", "GSW", status=2),  # not final: not expected yet
            game("g-today", TODAY, "SAC", "POR"),  # today is excluded
            game("g-old", TODAY - timedelta(days=9), "UTA", "OKC"),  # outside the 7-day window
        ],
    )
    warehouse.load_rows("nba_raw.bdl_box_scores", box(d1, "DEN", "LAL", 20) + box(d1, "BOS", "NYK", 9))
    spec = MissingGamesSpec(sources=(BoxScoreSource(table="nba_raw.bdl_box_scores", min_players=16),))
    warehouse.calls.clear()
    games = find_missing_games(warehouse, spec, today=TODAY, lookback_days=7)
    assert [(g.game_id, g.players_found, g.issue) for g in games] == [
        ("g-missing", 0, "missing"),
        ("g-incomplete", 9, "incomplete"),
    ]
    assert games[0].to_json()["matchup"] == "CHI@MIA"
    assert warehouse.calls["query"] == 1
