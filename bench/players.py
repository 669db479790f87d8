"""Player resolution over a season of props, side by side in one run (`python -m bench.players`): the processors
run as production runs them, their resolution step timed inside. Production order: rosters and box scores load
first (and build the registry), then a season of props, names spelled as each upstream spells them, every book.

The verdict is resolution's share of the processors' wall time when the props arrive (the median of five rounds,
each from the moment before they land), and on a later run."""

from __future__ import annotations

import argparse
import time
import zlib
from datetime import datetime
from typing import Any

from bench.analytics_season import load
from bench.harness import fresh_warehouse, standin, summary, table
from bench.standin_season import season_rows
from local.upstream_standin.model import BOOKS
from local.upstream_standin.spelling import spell
from services.analytics.processors import PROCESSORS
from services.analytics.registry.names import resolve_rows
from services.analytics.registry.rebuild import one_preparation_per_trigger, prepare_players
from services.analytics.registry.sql import PROP_NAMES_SQL
from services.analytics.registry.store import load_registry
from shared.clock import system_now
from shared.names import player_lookup
from shared.players import Resolver, load_rules
from shared.schemas import TABLES
from shared.schemas.nba_analytics import DATASET as ANALYTICS

GOAL = 0.20  # resolution may add at most this share to the processors' wall time
ROUNDS = 5  # props arriving, measured this many times: one run of a few seconds is at the mercy of the machine
PROPS = ("nba_raw.oddsa_player_props", "nba_raw.bp_player_props")
FROM_PROPS = (*PROPS, "nba_reference.resolved_names", "nba_reference.player_coverage",
              *(n for n, spec in TABLES.items() if spec.dataset == ANALYTICS))  # fmt: skip


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
    print(f"  {label:58} {seconds:7.2f} s", flush=True)
    return seconds, result


def processors_run(wh: Any, start: Any, end: Any, label: str) -> tuple[float, float, int, int]:
    """Both processors over the range as one trigger runs them: (resolution seconds, the rest of their wall time),
    with the warehouse statements each part made."""
    started, calls = time.perf_counter(), wh.calls.total()
    with one_preparation_per_trigger():
        passes = [p.run_checked(wh, start, end, now()).players for p in PROCESSORS.values()]
    spent, statements = sum(p.wall_s for p in passes), sum(p.statements for p in passes)
    rest, rest_statements = time.perf_counter() - started - spent, wh.calls.total() - calls - statements
    print(
        f"  {label:46} {spent + rest:5.2f} s: resolution {spent:.2f} s in {statements} statements, "
        f"the rest {rest:.2f} s in {rest_statements}",
        flush=True,
    )
    return spent, rest, statements, rest_statements


def before_props(wh: Any, start: Any, end: Any) -> None:
    """Back to the moment before the season's props land: props, the names made from them and the processors'
    tables dropped (created again empty), the registry kept; one preparation then notes the inputs as they are."""
    for name in FROM_PROPS:
        wh.client.delete_table(wh.table_id(name))
    wh.ensure_tables()
    wh.execute("DELETE FROM nba_reference.unresolved_players WHERE source IN ('odds_api', 'bettingpros')")
    prepare_players(wh, start, end, now())


def run(seed: int, year: int, rounds: int) -> bool:
    with standin() as url:
        _, wh = fresh_warehouse(url)
        season, rows = spelled_rows(seed, year)
        props = {k: rows.pop(k) for k in ("odds", "bp")}
        load(wh, rows)
        days = sorted({g.date_et for g in season.games})
        start, end = days[0], days[-1]
        registry, _ = timed(
            "registry from the season's rosters and box scores", lambda: prepare_players(wh, start, end, now())
        )
        arrivals = []
        for n in range(1, rounds + 1):
            if n > 1:
                before_props(wh, start, end)
            loaded = load(wh, props)
            arrivals.append(processors_run(wh, start, end, f"props arrive ({n}/{rounds}): both processors"))
        raw_names = loaded["nba_raw.oddsa_player_props"] + loaded["nba_raw.bp_player_props"]
        print(f"season {season.label}: {raw_names} raw prop name rows ({loaded})")
        first, first_rest, first_n, rest_n = sorted(arrivals, key=lambda a: a[0] / a[1])[len(arrivals) // 2]
        later, later_rest, later_n, _ = processors_run(wh, start, end, "a later run, nothing new")
        distinct = wh.query(PROP_NAMES_SQL, start_date=start, end_date=end)
        loaded_registry = load_registry(wh)
        pure, results = timed(
            "the Python pass alone, over every distinct name",
            lambda: resolve_rows(distinct, loaded_registry, Resolver(load_rules())),
        )
        exact = wh.query("SELECT COUNT(*) AS n FROM nba_reference.resolved_names WHERE method = 'exact'")[0]["n"]
    unresolved = sum(r.player_id is None for _, r, _ in results)
    share, later_share = first / first_rest, later / later_rest
    scratch = (registry + first) / first_rest
    print(table(("measure", "value"), [
        ["raw prop name rows", raw_names], ["distinct (source, game, name)", len(distinct)],
        ["unresolved", unresolved], ["mapped in SQL (exact)", exact],
        ["names/s, Python pass", len(distinct) / pure], ["raw rows/s, resolution when props arrive", raw_names / first],
        ["props arrive: resolution / rest of the processors, each round",
         " ".join(f"{a[0] / a[1]:.0%}" for a in arrivals)],
        ["props arrive: resolution / rest of the processors, median", f"{share:.0%}"],
        ["later run: resolution / rest of the processors", f"{later_share:.0%}"],
        ["registry + resolution in one run from empty", f"{scratch:.0%}"],
    ]))  # fmt: skip
    return summary(
        "players",
        [
            (raw_names >= 150_000, f"{raw_names} raw name rows (>= 150k)"),
            (unresolved == 0, f"{len(distinct)} distinct names, {unresolved} unresolved"),
            (
                share <= GOAL and later_share <= GOAL,
                f"resolving a season's props adds {share:.0%} to the processors' wall time ({first_n} statements "
                f"beside their {rest_n}), a later run {later_share:.0%} ({later_n}) (goal <= {GOAL:.0%})",
            ),
            (
                True,
                f"{len(distinct) / pure:.0f} names/s in the Python pass; the registry built from empty "
                f"{registry:.2f} s, {scratch:.0%} with the props in the same run",
            ),
        ],
    )


def now() -> datetime:
    return system_now()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.players", description=__doc__)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="times the props arrive, measured")
    parser.add_argument("--quick", action="store_true", help="one round, for iterating")
    args = parser.parse_args(argv)
    return 0 if run(args.seed, 2026, 1 if args.quick else max(1, args.rounds)) else 1


if __name__ == "__main__":
    raise SystemExit(main())
