"""BettingPros v3: /events by date and /offers (market 156 = points) paged by `page`, x-api-key required."""

from __future__ import annotations

import hashlib
import statistics
import uuid
from typing import Any

from local.upstream_standin.bettingpros_events import bp_event_id, events, game_for
from local.upstream_standin.model import BOOKS, Game, LineMove, PropLine
from local.upstream_standin.props import american_to_prob, prob_to_american
from local.upstream_standin.replies import Context, Reply, Request, Route, json_reply
from local.upstream_standin.spelling import listed_team, name_parts, slug, spell

POINTS_MARKET = 156
DEFAULT_LIMIT, MAX_LIMIT = 10, 50
_BOOK_IDS = {book.key: book.bp_id for book in BOOKS}


def guard(request: Request) -> Reply | None:
    """x-api-key is required (BettingPros answers 403 otherwise)."""
    return None if (request.header("x-api-key") or "").strip() else json_reply({"message": "Forbidden"}, 403)


def _selection(side: str, current: list[tuple[int, LineMove]], opening: LineMove) -> dict[str, Any]:
    """One side of the market: book 0 is the consensus (median line, mean implied price)."""
    over = side == "over"

    def cost(move: LineMove) -> int:
        return move.over_price if over else move.under_price

    consensus = (
        statistics.median_low([m.line for _, m in current]),
        prob_to_american(statistics.mean(american_to_prob(cost(m)) for _, m in current)),
        max(m.at for _, m in current),
    )
    best = max(current, key=lambda bm: (-bm[1].line if over else bm[1].line, cost(bm[1])))[0]
    rows = [(0, *consensus), *[(book_id, m.line, cost(m), m.at) for book_id, m in current]]
    books = [
        {
            "id": book_id,
            "lines": [
                {
                    "id": hashlib.md5(f"{side}{book_id}{at}".encode()).hexdigest()[:8],
                    "line": line,
                    "cost": price,
                    "updated": at.strftime("%Y-%m-%d %H:%M:%S"),
                    "active": True,
                    "best": book_id == best,
                }
            ],
        }
        for book_id, line, price, at in rows
    ]
    return {
        "id": "1" if over else "2",
        "selection": side,
        "label": side.title(),
        "active": True,
        "opening_line": {"line": opening.line, "cost": cost(opening)},
        "books": books,
    }


def _offer(ctx: Context, game: Game, player_id: int, props: list[PropLine]) -> dict[str, Any] | None:
    current = [(_BOOK_IDS[p.book], m) for p in props if (m := p.at(ctx.now)) is not None]
    if not current:
        return None
    player = ctx.season.player(player_id)
    first, last = name_parts(player, "bettingpros")
    opening = min((p.opening for p in props), key=lambda m: m.at)
    return {
        "id": str(uuid.UUID(hashlib.md5(f"156:{game.game_id}:{player.bp_id}".encode()).hexdigest())),
        "event_id": bp_event_id(ctx.season, game),
        "market_id": POINTS_MARKET,
        "player_id": player.bp_id,
        "participants": [
            {
                "id": player.bp_id,
                "name": spell(player, "bettingpros"),
                "player": {
                    "first_name": first,
                    "last_name": last,
                    "position": player.position[0],
                    "team": listed_team(player, tuple(t.tricode for t in ctx.season.teams)),
                    "slug": slug(player),
                },
            }
        ],
        "selections": [_selection("over", current, opening), _selection("under", current, opening)],
        "link": f"/nba/props/{slug(player)}/points/",
        "active": True,
    }


def offers(request: Request, ctx: Context) -> Reply:
    given = {k: request.arg(k) for k in ("sport", "market_id", "event_id", "book_id", "limit", "page")}
    if not given["event_id"]:
        return json_reply({"message": "event_id is required"}, 400)
    limit, page = (given["limit"] or str(DEFAULT_LIMIT)), (given["page"] or "1")
    if not (limit.isdigit() and page.isdigit() and int(limit) >= 1 and int(page) >= 1):
        return json_reply({"message": f"limit and page must be positive integers, got {limit!r}, {page!r}"}, 400)
    per_page = min(int(limit), MAX_LIMIT)
    markets = [int(m) for m in (given["market_id"] or "").split(":") if m.isdigit()]
    all_offers: list[dict[str, Any]] = []
    if given["sport"] == "NBA" and POINTS_MARKET in markets and not ctx.state.held_back("bettingpros", ctx.now):
        for raw in given["event_id"].split(":"):
            game = game_for(ctx.season, int(raw)) if raw.isdigit() else None
            if game is None or ctx.now >= game.tipoff_utc:
                continue
            by_player: dict[int, list[PropLine]] = {}
            for prop in ctx.season.prop_lines(game.game_id):
                by_player.setdefault(prop.player_id, []).append(prop)
            all_offers += [o for pid, props in by_player.items() if (o := _offer(ctx, game, pid, props))]
    total_pages = max(1, -(-len(all_offers) // per_page))
    shown = all_offers[(int(page) - 1) * per_page : int(page) * per_page]
    params = {key: value if value is not None else "null" for key, value in given.items()}
    return json_reply(
        {
            "_parameters": params,
            "_pagination": {"page": int(page), "total_pages": total_pages},
            "markets": markets,
            "offers": shown,
        }
    )


ROUTES = [
    Route("bettingpros", r"/v3/events", events),
    Route("bettingpros", r"/v3/offers", offers),
]
