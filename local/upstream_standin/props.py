"""Player-points prop lines per book for one game: near the player's average, opened the day before, moving."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, time, timedelta

from local.upstream_standin.model import BOOKS, Game, LineMove, Player, PropLine
from shared.eastern import ET

_OVER_PRICES = (-135, -130, -125, -120, -118, -115, -112, -110, -110, -108, -105, 100, 102, 105, 110)
_COVERAGE = {
    "draftkings": 0.95,
    "fanduel": 0.95,
    "betmgm": 0.85,
    "williamhill_us": 0.8,
    "betrivers": 0.75,
    "espnbet": 0.7,
}
MIN_MPG = 17.0  # books only post points props for rotation players


def american_to_prob(price: int) -> float:
    return -price / (-price + 100) if price < 0 else 100 / (price + 100)


def prob_to_american(prob: float) -> int:
    price = -100 * prob / (1 - prob) if prob >= 0.5 else 100 * (1 - prob) / prob
    price = int(round(price))
    return 100 if -100 < price < 100 else price


def under_price(over: int, rng: random.Random) -> int:
    """The other side of a two-way market with 4–5% vig."""
    return prob_to_american(1.0 + rng.uniform(0.04, 0.05) - american_to_prob(over))


def half_point(value: float) -> float:
    """Nearest x.5 line, at least 0.5."""
    return max(0.5, math.floor(value) + 0.5)


def lines_for(
    game: Game,
    players: Iterable[Player],
    is_out: Callable[[Player], bool],
    average: Callable[[Player], float],
    seed: int,
) -> tuple[PropLine, ...]:
    """Every book's line for every posted player of one game, deterministic in (seed, game)."""
    rng = random.Random(f"props:{seed}:{game.game_id}")
    eve = datetime.combine(game.date_et - timedelta(days=1), time(19, 0), ET).astimezone(UTC)
    opens = {book.key: eve + timedelta(minutes=rng.randint(0, 16 * 60)) for book in BOOKS}
    last_move_by = game.tipoff_utc - timedelta(minutes=15)
    result = []
    for player in players:
        if player.mpg < MIN_MPG or is_out(player):
            continue
        consensus = half_point(average(player) + rng.gauss(0, 1.0))
        for book in BOOKS:
            if rng.random() > _COVERAGE[book.key]:
                continue
            line = max(0.5, consensus + rng.choice((0.0, 0.0, 0.0, 0.0, 1.0, -1.0)))
            at = min(opens[book.key] + timedelta(minutes=rng.randint(0, 20), seconds=rng.randint(0, 59)), last_move_by)
            over = rng.choice(_OVER_PRICES)
            moves = [LineMove(at, line, over, under_price(over, rng))]
            for _ in range(rng.choice((0, 0, 1, 1, 2))):
                at = at + (last_move_by - at) * rng.uniform(0.2, 0.7)
                line = max(0.5, line + rng.choice((-1.0, 1.0, -1.0, 1.0, -0.5, 0.5)))
                over = rng.choice(_OVER_PRICES)
                moves.append(LineMove(at.replace(microsecond=0), line, over, under_price(over, rng)))
            result.append(PropLine(game.game_id, player.player_id, book.key, tuple(moves)))
    return tuple(result)
