"""A small hand-built week of raw rows whose analytics are worked out by hand in the tests."""

from __future__ import annotations

from datetime import UTC, date, datetime

from shared.warehouse import Warehouse

LOADED = datetime(2026, 11, 28, 12, tzinfo=UTC)
GAME_DAY = date(2026, 11, 28)
YESTERDAY = date(2026, 11, 27)


def ts(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _game(game_id: str, day: str, home: str, away: str, status: int, tip: str) -> dict:
    return {
        "game_id": game_id,
        "game_date": date.fromisoformat(day),
        "game_status": status,
        "game_datetime_utc": ts(tip),
        "home_team_tricode": home,
        "away_team_tricode": away,
        "processed_at": LOADED,
    }


SCHEDULE = [
    _game("g3", "2026-11-25", "DEN", "BOS", 3, "2026-11-26T01:00"),  # BOS box scores never arrive
    _game("g4", "2026-11-27", "DEN", "LAL", 3, "2026-11-28T01:00"),
    _game("g5", "2026-11-28", "PHX", "DEN", 1, "2026-11-29T02:00"),
    _game("g6", "2026-11-28", "LAL", "BOS", 1, "2026-11-29T03:30"),
]

# (day, team, opponent, player id, name, lookup, minutes, pts, fgm, fga, fg3m, fg3a, ftm, fta)
_BOX = [
    *[
        (f"2026-11-{d}", "DEN", "UTA", 1, "Nikola Jokić", "nikolajokic", 34.0, p, 5, 10, 0, 1, 0, 0)
        for d, p in (("10", 10), ("12", 12), ("14", 14), ("16", 16), ("18", 18), ("20", 30), ("23", 25))
    ],
    ("2026-11-25", "DEN", "BOS", 1, "Nikola Jokić", "nikolajokic", 33.0, 20, 8, 15, 1, 3, 3, 4),
    ("2026-11-27", "DEN", "LAL", 1, "Nikola Jokić", "nikolajokic", 36.0, 28, 11, 20, 2, 5, 4, 5),
    ("2026-11-20", "DEN", "LAL", 2, "Jamal Murray", "jamalmurray", 31.0, 15, 6, 14, 2, 6, 1, 2),
    ("2026-11-23", "DEN", "LAL", 2, "Jamal Murray", "jamalmurray", 30.0, 22, 8, 17, 3, 7, 3, 3),
    ("2026-11-25", "DEN", "BOS", 2, "Jamal Murray", "jamalmurray", None, 0, 0, 0, 0, 0, 0, 0),  # DNP, minutes blank
    ("2026-11-27", "DEN", "LAL", 4, "Peyton Watson", "peytonwatson", 4.0, 0, 0, 0, 0, 0, 0, 0),
    ("2026-11-27", "DEN", "LAL", 5, "Christian Braun", "christianbraun", 0.0, 0, 0, 0, 0, 0, 0, 0),  # DNP
    ("2026-11-20", "LAL", "DEN", 3, "LeBron James", "lebronjames", 35.0, 27, 10, 20, 2, 5, 5, 6),
    ("2026-11-23", "LAL", "DEN", 3, "LeBron James", "lebronjames", 36.0, 31, 12, 22, 3, 7, 4, 4),
    ("2026-11-27", "LAL", "DEN", 3, "LeBron James", "lebronjames", 35.0, 24, 9, 18, 1, 4, 5, 6),
]
BOX_SCORES = [
    {
        "game_date": date.fromisoformat(day),
        "team_tricode": team,
        "opponent_tricode": opp,
        "bdl_player_id": pid,
        "player_name": name,
        "player_lookup": lookup,
        "minutes": minutes,
        "pts": pts,
        "fgm": fgm,
        "fga": fga,
        "fg3m": fg3m,
        "fg3a": fg3a,
        "ftm": ftm,
        "fta": fta,
        "processed_at": LOADED,
    }
    for day, team, opp, pid, name, lookup, minutes, pts, fgm, fga, fg3m, fg3a, ftm, fta in _BOX
]


def _roster(day: str, pid: str, name: str, lookup: str) -> dict:
    return {
        "roster_date": date.fromisoformat(day),
        "team_tricode": "DEN",
        "espn_player_id": pid,
        "player_name": name,
        "player_lookup": lookup,
        "processed_at": LOADED,
    }


ROSTERS = [  # LAL and BOS have no roster snapshot: LAL falls back to recent box scores
    _roster("2026-11-01", "9", "Reggie Jackson", "reggiejackson"),  # traded since: older snapshot
    _roster("2026-11-27", "1", "Nikola Jokic", "nikolajokic"),
    _roster("2026-11-27", "2", "Jamal Murray", "jamalmurray"),
    _roster("2026-11-27", "4", "Peyton Watson", "peytonwatson"),
    _roster("2026-11-27", "6", "Julian Strawther", "julianstrawther"),  # no games yet
]


def _injury(day: str, pid: int, name: str, lookup: str, status: str) -> dict:
    return {
        "report_date": date.fromisoformat(day),
        "bdl_player_id": pid,
        "player_name": name,
        "player_lookup": lookup,
        "status": status,
        "processed_at": LOADED,
    }


INJURIES = [
    _injury("2026-11-26", 2, "Jamal Murray", "jamalmurray", "Out"),
    _injury("2026-11-26", 1, "Nikola Jokic", "nikolajokic", "Probable"),
    _injury("2026-11-27", 2, "Jamal Murray", "jamalmurray", "Questionable"),
    _injury("2026-11-29", 2, "Jamal Murray", "jamalmurray", "Out"),  # after the game day: ignored
]


def odds(day: str, event: str, home: str, away: str, tip: str, book: str, lookup: str, line: float, at: str) -> dict:
    return {
        "event_id": event,
        "game_date": date.fromisoformat(day),
        "commence_time": ts(tip),
        "home_team_tricode": home,
        "away_team_tricode": away,
        "bookmaker": book,
        "market_key": "player_points",
        "player_name": lookup,
        "player_lookup": lookup,
        "points_line": line,
        "last_update": ts(at),
        "processed_at": LOADED,
    }


def bp(day: str, event: int, team: str, book: int, lookup: str, line: float, at: str) -> dict:
    return {
        "event_id": event,
        "game_date": date.fromisoformat(day),
        "player_name": lookup,
        "player_lookup": lookup,
        "team_tricode": team,
        "book_id": book,
        "points_line": line,
        "updated_at": ts(at),
        "processed_at": LOADED,
    }


_G4 = ("2026-11-27", "e4", "DEN", "LAL", "2026-11-28T01:00")
_G5 = ("2026-11-28", "e5", "PHX", "DEN", "2026-11-29T02:00")
ODDS = [
    odds(*_G4, "draftkings", "nikolajokic", 27.5, "2026-11-27T18:00"),
    odds(*_G4, "draftkings", "nikolajokic", 28.5, "2026-11-28T00:30"),  # draftkings closes at 28.5
    odds(*_G4, "draftkings", "nikolajokic", 35.5, "2026-11-28T01:30"),  # live, after tip-off
    odds(*_G4, "fanduel", "nikolajokic", 27.5, "2026-11-27T19:00"),
    odds(*_G4, "betmgm", "nikolajokic", 29.5, "2026-11-27T20:00"),
    odds(*_G4, "draftkings", "christianbraun", 8.5, "2026-11-27T20:00"),
    odds(*_G5, "draftkings", "nikolajokic", 26.5, "2026-11-28T15:00"),
    odds(*_G5, "draftkings", "nikolajokic", 27.5, "2026-11-28T20:00"),
    odds(*_G5, "fanduel", "nikolajokic", 25.5, "2026-11-28T16:00"),
    odds(*_G5, "fanduel", "nikolajokic", 26.5, "2026-11-28T21:00"),
    odds(*_G5, "betmgm", "nikolajokic", 27.5, "2026-11-28T17:00"),
    {**odds(*_G5, "betmgm", "nikolajokic", 11.5, "2026-11-28T18:00"), "market_key": "player_rebounds"},
]
BETTINGPROS = [
    bp("2026-11-27", 40, "LAL", 12, "lebronjames", 24.5, "2026-11-27T20:00"),
    bp("2026-11-27", 40, "LAL", 12, "lebronjames", 24.0, "2026-11-28T00:00"),
    bp("2026-11-28", 50, "DEN", 12, "jamalmurray", 18.5, "2026-11-28T14:00"),
    bp("2026-11-28", 50, "DEN", 12, "jamalmurray", 19.5, "2026-11-28T18:00"),
    bp("2026-11-28", 50, "DEN", 10, "jamalmurray", 20.5, "2026-11-28T15:00"),
]
LATE_PROPS = [
    odds("2026-11-28", "e6", "LAL", "BOS", "2026-11-29T03:30", "fanduel", "lebronjames", 25.5, "2026-11-28T22:00")
]


def seed(warehouse: Warehouse, *, late_props: bool = False, game_day_props: bool = True) -> None:
    """Load the week into the raw tables (the LAL-BOS props only when `late_props`; none of the game day's props
    unless `game_day_props`)."""
    warehouse.load_rows("nba_raw.nbac_schedule", SCHEDULE)
    warehouse.load_rows("nba_raw.bdl_box_scores", BOX_SCORES)
    warehouse.load_rows("nba_raw.espn_rosters", ROSTERS)
    warehouse.load_rows("nba_raw.bdl_injuries", INJURIES)
    keep = lambda r: game_day_props or r["game_date"] != GAME_DAY  # noqa: E731
    warehouse.load_rows("nba_raw.oddsa_player_props", [r for r in ODDS + (LATE_PROPS if late_props else []) if keep(r)])
    warehouse.load_rows("nba_raw.bp_player_props", [r for r in BETTINGPROS if keep(r)])


def seed_game_day_props(warehouse: Warehouse, processed_at: datetime) -> None:
    """The game day's PHX-DEN props (not LAL-BOS), stamped `processed_at` (when their scrape started)."""
    stamp = lambda rows: [{**r, "processed_at": processed_at} for r in rows if r["game_date"] == GAME_DAY]  # noqa: E731
    warehouse.load_rows("nba_raw.oddsa_player_props", stamp(ODDS))
    warehouse.load_rows("nba_raw.bp_player_props", stamp(BETTINGPROS))


def seed_late_props(warehouse: Warehouse, processed_at: datetime) -> None:
    """The LAL-BOS props arriving late, stamped with when they were loaded."""
    warehouse.load_rows("nba_raw.oddsa_player_props", [{**r, "processed_at": processed_at} for r in LATE_PROPS])
