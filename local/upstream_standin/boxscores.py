"""Play a game: minutes to 240 per team, shots and free throws per player, pts = 2*fgm + fg3m + ftm."""

from __future__ import annotations

import math
import random
from collections.abc import Callable

from local.upstream_standin.model import BoxLine, Player
from local.upstream_standin.schedule import Fixture

# position → (share of shots from three, 2P%, 3P%, FT%, rebounding, assists, blocks)
_PROFILE = {
    "G": (0.45, 0.50, 0.36, 0.82, 0.7, 2.0, 0.4),
    "G-F": (0.40, 0.51, 0.36, 0.79, 1.0, 1.3, 0.6),
    "F": (0.36, 0.53, 0.35, 0.77, 1.4, 1.0, 1.0),
    "F-C": (0.22, 0.56, 0.33, 0.72, 1.9, 0.8, 1.8),
    "C": (0.10, 0.60, 0.30, 0.68, 2.4, 0.8, 2.6),
}
FT_SHARE = 0.17  # share of a player's points from free throws


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    limit, k, product = math.exp(-lam), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def _binomial(rng: random.Random, n: int, p: float) -> int:
    return sum(rng.random() < p for _ in range(n))


def _minutes(rng: random.Random, squad: list[Player]) -> list[tuple[Player, int]]:
    """Whole minutes summing to exactly 240 over those who play, nobody above 44 (unless too few play)."""
    cap = max(44.0, 240.0 / len(squad))
    minutes = [max(1.0, rng.gauss(p.mpg, 3.0)) for p in squad]
    for _ in range(len(squad)):  # scale the uncapped to fill 240, cap, repeat until nobody is over
        capped = [m >= cap for m in minutes]
        room = 240.0 - cap * sum(capped)
        free = sum(m for m, c in zip(minutes, capped, strict=True) if not c)
        minutes = [cap if c else min(cap, m * room / free) for m, c in zip(minutes, capped, strict=True)]
        if sum(minutes) >= 240.0 - 1e-6:
            break
    whole = [int(m) for m in minutes]
    by_fraction = sorted(range(len(minutes)), key=lambda i: minutes[i] - whole[i], reverse=True)
    for i in by_fraction[: 240 - sum(whole)]:
        whole[i] += 1
    return list(zip(squad, whole, strict=True))


def _attempts(rng: random.Random, weights: list[float], sd: float) -> list[int]:
    """Share a team total (mean = sum of weights) among players: usage is shared, so team scores stay tight."""
    total = max(0, round(rng.gauss(sum(weights), sd)))
    counts = [0] * len(weights)
    if total and sum(weights) > 0:
        for index in rng.choices(range(len(weights)), weights, k=total):
            counts[index] += 1
    return counts


def _team_lines(rng: random.Random, game_id: str, playing: list[tuple[Player, int]], form: float) -> list[dict]:
    """BoxLine fields per player (plus_minus comes once both teams have played)."""
    starters = {p.player_id for p, _ in sorted(playing, key=lambda pm: -pm[0].mpg)[:5]}
    rates = [p.ppg / p.mpg * max(0.3, rng.gauss(form, 0.2)) * m for p, m in playing]
    profiles = [_PROFILE[p.position] for p, _ in playing]
    per_shot = [2 * pr[1] * (1 - pr[0]) + 3 * pr[2] * pr[0] for pr in profiles]
    fgas = _attempts(rng, [r * (1 - FT_SHARE) / s for r, s in zip(rates, per_shot, strict=True)], 4.0)
    ftas = _attempts(rng, [r * FT_SHARE / pr[3] for r, pr in zip(rates, profiles, strict=True)], 3.0)
    lines = []
    for (player, minutes), (three, p2, p3, pft, reb, ast, blk), fga, fta in zip(
        playing, profiles, fgas, ftas, strict=True
    ):
        fg3a = _binomial(rng, fga, three)
        fg3m = _binomial(rng, fg3a, p3)
        fgm = fg3m + _binomial(rng, fga - fg3a, p2)
        ftm = _binomial(rng, fta, pft)
        lines.append(
            dict(
                game_id=game_id,
                player_id=player.player_id,
                team=player.team,
                starter=player.player_id in starters,
                minutes=minutes,
                fgm=fgm,
                fga=fga,
                fg3m=fg3m,
                fg3a=fg3a,
                ftm=ftm,
                fta=fta,
                oreb=_poisson(rng, minutes * 0.03 * reb),
                dreb=_poisson(rng, minutes * 0.09 * reb),
                ast=_poisson(rng, minutes * 0.07 * ast),
                stl=_poisson(rng, minutes * 0.025),
                blk=_poisson(rng, minutes * 0.015 * blk),
                tov=_poisson(rng, minutes * 0.04),
                pf=min(6, _poisson(rng, minutes * 0.06)),
                pts=2 * fgm + fg3m + ftm,
            )
        )
    return lines


def play(
    fixture: Fixture, rosters: dict[str, list[Player]], availability: Callable[[Player, random.Random], bool], seed: int
) -> tuple[int, int, int, list[BoxLine]]:
    """(home score, away score, periods, lines) for one game; who is available is the caller's rule."""
    rng = random.Random(f"game:{seed}:{fixture.game_id}")
    lines: dict[str, list[dict]] = {}
    for side, form in ((fixture.home, 1.02), (fixture.away, 0.98)):
        squad = [p for p in rosters[side] if availability(p, rng) and (p.mpg >= 10 or rng.random() < 0.55)]
        lines[side] = _team_lines(rng, fixture.game_id, _minutes(rng, squad), form)
    periods = 4
    while sum(b["pts"] for b in lines[fixture.home]) == sum(b["pts"] for b in lines[fixture.away]):
        periods += 1  # overtime: starters play five more minutes, someone hits a two
        for b in (b for side in lines.values() for b in side if b["starter"]):
            b["minutes"] += 5
        side = rng.choice((fixture.home, fixture.away))
        scorer = rng.choice([b for b in lines[side] if b["starter"]])
        scorer["fgm"], scorer["fga"], scorer["pts"] = scorer["fgm"] + 1, scorer["fga"] + 1, scorer["pts"] + 2
    home, away = (sum(b["pts"] for b in lines[s]) for s in (fixture.home, fixture.away))
    margin = {fixture.home: home - away, fixture.away: away - home}
    result = [
        BoxLine(**b, plus_minus=round(margin[side] * b["minutes"] / 48 + rng.gauss(0, 4)))
        for side in (fixture.home, fixture.away)
        for b in lines[side]
    ]
    return home, away, periods, result
