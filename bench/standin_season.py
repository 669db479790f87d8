"""A full season of the upstream stand-in's model (local.upstream_standin) as rows of the raw tables, for backfills."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from local.upstream_standin.season import Season, generate_season
from shared.names import player_lookup

BOOKS = {"draftkings": "draftkings", "fanduel": "fanduel"}  # two books keep the props table at ~35k rows a season


def season_rows(seed: int, start_year: int) -> tuple[Season, dict[str, list[dict[str, Any]]]]:
    """The season and its rows per raw table (keys as bench.analytics_season.TABLES), every game final."""
    season = generate_season(seed, start_year)
    loaded = datetime(start_year + 1, 7, 1, tzinfo=UTC)
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in ("schedule", "box", "odds", "bp", "rosters", "injuries")}
    first = min(g.date_et for g in season.games)
    name = {p.player_id: p.full_name for p in season.players}
    lookup = {pid: player_lookup(n) for pid, n in name.items()}
    for p in season.players:
        out["rosters"].append(
            {"roster_date": first, "team_tricode": p.team, "espn_player_id": p.espn_id,
             "player_name": name[p.player_id], "player_lookup": lookup[p.player_id], "processed_at": loaded}
        )  # fmt: skip
    for spell in season.injuries:
        out["injuries"].append(
            {"report_date": spell.start, "bdl_player_id": season.player(spell.player_id).bdl_id, "status": spell.status,
             "player_name": name[spell.player_id], "player_lookup": lookup[spell.player_id], "processed_at": loaded}
        )  # fmt: skip
    for n, g in enumerate(season.games):
        opponent = {g.home: g.away, g.away: g.home}
        out["schedule"].append(
            {"game_id": g.game_id, "game_date": g.date_et, "game_status": 3, "game_datetime_utc": g.tipoff_utc,
             "home_team_tricode": g.home, "away_team_tricode": g.away, "processed_at": loaded}
        )  # fmt: skip
        for b in season.box_scores[g.game_id]:
            out["box"].append(
                {"game_date": g.date_et, "team_tricode": b.team, "opponent_tricode": opponent[b.team],
                 "bdl_player_id": season.player(b.player_id).bdl_id, "player_name": name[b.player_id],
                 "player_lookup": lookup[b.player_id], "minutes": float(b.minutes), "pts": b.pts, "fgm": b.fgm,
                 "fga": b.fga, "ftm": b.ftm, "fta": b.fta, "processed_at": loaded}
            )  # fmt: skip
        _props(season, g, n, lookup, name, loaded, out)
    return season, out


def _props(season: Season, g: Any, n: int, lookup: dict, name: dict, loaded: datetime, out: dict) -> None:
    before_tip = g.tipoff_utc - timedelta(minutes=5)
    for prop in season.prop_lines(g.game_id):
        if prop.book not in BOOKS:
            continue
        move = prop.at(before_tip) or prop.opening
        common = {"game_date": g.date_et, "player_name": name[prop.player_id], "player_lookup": lookup[prop.player_id]}
        out["odds"].append(
            {**common, "event_id": g.game_id, "commence_time": g.tipoff_utc, "home_team_tricode": g.home,
             "away_team_tricode": g.away, "bookmaker": prop.book, "market_key": "player_points",
             "points_line": move.line, "processed_at": loaded, "last_update": move.at}
        )  # fmt: skip
        if prop.book == "draftkings":
            team = season.player(prop.player_id).team
            out["bp"].append(
                {**common, "event_id": season.start_year * 10_000 + n, "team_tricode": team, "book_id": 12,
                 "points_line": move.line, "processed_at": loaded, "updated_at": move.at}
            )  # fmt: skip
