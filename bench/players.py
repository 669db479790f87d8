"""Player resolution over a season of props, set-based, side by side in one run (`python -m bench.players`):
the processors' MERGEs alone vs the resolution pass every run adds (registry rebuild + one Python pass over the
distinct names + the mapping table written). Names spelled as each upstream spells them, every book."""

from __future__ import annotations

import argparse
import time
import zlib
from datetime import UTC, datetime
from typing import Any

from bench.analytics_season import load
from bench.harness import fresh_warehouse, standin, summary, table
from bench.standin_season import season_rows
from local.upstream_standin.model import BOOKS
from local.upstream_standin.spelling import spell
from services.analytics.processors import PROCESSORS
from services.analytics.registry.names import resolve_rows
from services.analytics.registry.rebuild import prepare_players
from services.analytics.registry.sql import PROP_NAMES_SQL
from services.analytics.registry.store import load_registry
from shared.names import player_lookup
from shared.players import Resolver, load_rules

GOAL = 0.20  # resolution may add at most this share to the processors' wall time


def spelled_rows(seed: int, year: int) -> tuple[Any, dict[str, list[dict[str, Any]]]]:
    """The stand-in's season with every book's props, names as the Odds API and BettingPros print them."""
    season, rows = season_rows(seed, year)
    by_lookup = {player_lookup(p.full_name): p for p in season.players}
    odds, bp = [], []
    for row in rows["odds"]:
        player = by_lookup[row["player_lookup"]]
        name = spell(player, "odds_api")
        for book in BOOKS:
            odds.append({**row, "bookmaker": book.key, "player_name": name, "player_lookup": player_lookup(name)})
        name = spell(player, "bettingpros")
        book_id = next(b.bp_id for b in BOOKS if b.key == row["bookmaker"])
        bp.append(
            {**row_bp(row, player), "book_id": book_id, "player_name": name, "player_lookup": player_lookup(name)}
        )
    return season, {**rows, "odds": odds, "bp": bp}


def row_bp(odds_row: dict[str, Any], player: Any) -> dict[str, Any]:
    return {"event_id": zlib.crc32(odds_row["event_id"].encode()), "game_date": odds_row["game_date"],
            "team_tricode": player.team, "points_line": odds_row["points_line"],
            "processed_at": odds_row["processed_at"], "updated_at": odds_row["last_update"]}  # fmt: skip


def timed(label: str, action: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - started
    print(f"  {label:52} {seconds:7.2f} s", flush=True)
    return seconds, result


def merges_alone(warehouse: Any, start: Any, end: Any) -> None:
    """What each processor runs besides resolution: the check, the MERGE and the count."""
    for processor in PROCESSORS.values():
        processor.check(warehouse, start, end)
        warehouse.query(processor.merge_sql(), start_date=start, end_date=end, processed_at=datetime.now(UTC))


def run(seed: int, year: int) -> bool:
    with standin() as url:
        _, wh = fresh_warehouse(url)
        season, rows = spelled_rows(seed, year)
        loaded = load(wh, rows)
        raw_names = loaded["nba_raw.oddsa_player_props"] + loaded["nba_raw.bp_player_props"]
        days = sorted({g.date_et for g in season.games})
        start, end = days[0], days[-1]
        print(f"season {season.label}: {raw_names} raw prop name rows ({loaded})")
        cold, first = timed(
            "resolution, first run (registry built)", lambda: prepare_players(wh, start, end, datetime.now(UTC))
        )
        steps = {k: round(v, 2) for k, v in first.seconds.items()}
        print(f"    of which: {steps}, registry and queue {cold - sum(first.seconds.values()):.2f} s")
        merge, _ = timed("processors without resolution (check + MERGE x2)", lambda: merges_alone(wh, start, end))
        warm, _ = timed("resolution, every later run", lambda: prepare_players(wh, start, end, datetime.now(UTC)))
        distinct = wh.query(PROP_NAMES_SQL, start_date=start, end_date=end)
        registry = load_registry(wh)
        pure, results = timed(
            "of which the Python pass alone", lambda: resolve_rows(distinct, registry, Resolver(load_rules()))
        )
    unresolved = sum(r.player_id is None for _, r, _ in results)
    share, later = cold / merge, warm / merge
    print(table(("measure", "value"), [
        ["raw prop name rows", raw_names], ["distinct (source, game, name)", len(distinct)],
        ["unresolved", unresolved], ["first run: exact in SQL", len(distinct) - first.seen],
        ["first run: Python pass, by method", str(first.by_method)],
        ["names/s, Python pass", len(distinct) / pure], ["raw rows/s, whole first run", raw_names / cold],
        ["first run / processors' wall time", f"{share:.0%}"], ["later run / processors' wall time", f"{later:.0%}"],
    ]))  # fmt: skip
    return summary(
        "players",
        [
            (raw_names >= 150_000, f"{raw_names} raw name rows (>= 150k)"),
            (unresolved == 0, f"{len(distinct)} distinct names, {unresolved} unresolved"),
            (
                share <= GOAL,
                f"resolving a whole season from scratch adds {share:.0%} to the processors' wall time "
                f"(goal <= {GOAL:.0%}); a later run over it adds {later:.0%}",
            ),
            (True, f"{len(distinct) / pure:.0f} names/s in the Python pass, {raw_names / cold:.0f} raw rows/s overall"),
        ],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.players", description=__doc__)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    return 0 if run(args.seed, 2026) else 1


if __name__ == "__main__":
    raise SystemExit(main())
