"""A seeded synthetic stretch of season written straight into the raw tables, for the analytics benchmark."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from shared.warehouse import Warehouse

TEAMS = [f"T{n:02d}" for n in range(30)]
BOOKS = ("draftkings", "fanduel", "betmgm")
START = date(2026, 10, 21)


def _tip(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0, 30), UTC)


def season(days: int, *, seed: int = 7, final_days: int | None = None, props_through: int | None = None) -> dict:
    """Rows per raw table: `days` game days, the first `final_days` final, props for the first `props_through`."""
    rng = random.Random(seed)
    final_days = days - 1 if final_days is None else final_days
    props_through = days if props_through is None else props_through
    loaded = datetime(2026, 10, 1, tzinfo=UTC)
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in ("schedule", "box", "odds", "bp", "rosters", "injuries")}
    for team in TEAMS:
        out["rosters"] += [
            {"roster_date": START, "team_tricode": team, "espn_player_id": f"{team}{i}", "player_name": f"{team} {i}",
             "player_lookup": f"{team.lower()}p{i}", "processed_at": loaded}
            for i in range(13)
        ]  # fmt: skip
    for n in range(days):
        day = START + timedelta(days=n)
        teams = rng.sample(TEAMS, 2 * rng.randint(4, 7))
        for g in range(0, len(teams), 2):
            home, away = teams[g], teams[g + 1]
            game_id, final = f"{day:%Y%m%d}{home}{away}", n < final_days
            out["schedule"].append(
                {"game_id": game_id, "game_date": day, "game_status": 3 if final else 1, "game_datetime_utc": _tip(day),
                 "home_team_tricode": home, "away_team_tricode": away, "processed_at": loaded}
            )  # fmt: skip
            for team, opponent in ((home, away), (away, home)):
                for i in range(13):
                    lookup, pts = f"{team.lower()}p{i}", max(0, int(rng.gauss(22 - i * 1.5, 6)))
                    if final:
                        out["box"].append(_box(rng, day, team, opponent, i, lookup, pts, loaded))
                    if i < 9 and n < props_through:
                        line = max(2.5, round(22 - i * 1.5) + 0.5)
                        for b, book in enumerate(BOOKS):
                            for hours, move in ((14, 0.0), (20, rng.choice((-1.0, 0.0, 1.0)))):
                                out["odds"].append(
                                    {"event_id": game_id, "game_date": day, "commence_time": _tip(day),
                                     "home_team_tricode": home, "away_team_tricode": away, "bookmaker": book,
                                     "market_key": "player_points", "player_name": lookup, "player_lookup": lookup,
                                     "points_line": line + move + (b - 1), "processed_at": loaded,
                                     "last_update": datetime.combine(day, time(hours), UTC)}
                                )  # fmt: skip
                        out["bp"].append(
                            {"event_id": n * 100 + g, "game_date": day, "player_name": lookup, "player_lookup": lookup,
                             "team_tricode": team, "book_id": 12, "points_line": line, "processed_at": loaded,
                             "updated_at": datetime.combine(day, time(15), UTC)}
                        )  # fmt: skip
        for k, team in enumerate(rng.sample(TEAMS, 5)):
            out["injuries"].append(
                {"report_date": day, "bdl_player_id": n * 10 + k, "player_name": team, "status": "Questionable",
                 "player_lookup": f"{team.lower()}p{rng.randrange(13)}", "processed_at": loaded}
            )  # fmt: skip
    return out


def _box(rng: random.Random, day: date, team: str, opponent: str, i: int, lookup: str, pts: int, at: datetime) -> dict:
    dnp = rng.random() < 0.05
    fga = 0 if dnp else max(1, pts // 2 + rng.randint(-2, 4))
    return {
        "game_date": day,
        "team_tricode": team,
        "opponent_tricode": opponent,
        "bdl_player_id": TEAMS.index(team) * 20 + i,
        "player_name": lookup,
        "player_lookup": lookup,
        "minutes": 0.0 if dnp else float(rng.randint(8, 38)),
        "pts": 0 if dnp else pts,
        "fgm": min(fga, pts // 2),
        "fga": fga,
        "ftm": 0 if dnp else pts % 2,
        "fta": 0 if dnp else pts % 2 + 1,
        "processed_at": at,
    }


TABLES = {
    "schedule": "nba_raw.nbac_schedule",
    "box": "nba_raw.bdl_box_scores",
    "odds": "nba_raw.oddsa_player_props",
    "bp": "nba_raw.bp_player_props",
    "rosters": "nba_raw.espn_rosters",
    "injuries": "nba_raw.bdl_injuries",
}


def load(warehouse: Warehouse, rows: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    """One load per table; returns rows per table."""
    return {TABLES[k]: warehouse.load_rows(TABLES[k], v) for k, v in rows.items() if v}
