"""Injury spells over a season: short Day-To-Day knocks and longer Out stretches, dated US/Eastern."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from local.upstream_standin.model import InjurySpell, Player
from shared.eastern import ET

BODY_PARTS = ("Ankle", "Knee", "Hamstring", "Back", "Hip", "Calf", "Groin", "Foot", "Shoulder", "Wrist", "Illness")
# BDL/ESPN detail location per body part
LOCATION = {
    "Ankle": "Leg",
    "Knee": "Leg",
    "Hamstring": "Leg",
    "Calf": "Leg",
    "Groin": "Leg",
    "Foot": "Leg",
    "Hip": "Torso",
    "Back": "Torso",
    "Shoulder": "Arm",
    "Wrist": "Arm",
    "Illness": "Other",
}


def spells(players: tuple[Player, ...], seed: int, first_day: date, last_day: date) -> tuple[InjurySpell, ...]:
    """About 1.5 spells per player per season, so 30–50 players are listed on a typical day."""
    rng = random.Random(f"injuries:{seed}:{first_day.year}")
    span = (last_day - first_day).days
    result = []
    for player in players:
        count = sum(rng.random() < 0.5 for _ in range(3))
        for _ in range(count):
            start = first_day + timedelta(days=rng.randint(-14, span))
            out = rng.random() < 0.35
            length = rng.randint(6, 40) if out else rng.randint(0, 4)
            reported = datetime.combine(start - timedelta(days=1), time(rng.randint(9, 22), rng.randint(0, 59)), ET)
            result.append(
                InjurySpell(
                    player_id=player.player_id,
                    team=player.team,
                    status="Out" if out else "Day-To-Day",
                    body_part=rng.choice(BODY_PARTS),
                    start=start,
                    end=start + timedelta(days=length),
                    reported_at=reported.astimezone(UTC),
                )
            )
    return tuple(sorted(result, key=lambda s: (s.start, s.player_id)))


def listed_on(all_spells: tuple[InjurySpell, ...], now: datetime) -> list[InjurySpell]:
    """Spells reported by `now` and not over by its ET date: one per player, the latest reported."""
    today = now.astimezone(ET).date()
    latest: dict[int, InjurySpell] = {}
    for spell in all_spells:
        if spell.reported_at <= now and spell.end >= today and spell.start <= today + timedelta(days=1):
            known = latest.get(spell.player_id)
            if known is None or spell.reported_at > known.reported_at:
                latest[spell.player_id] = spell
    return sorted(latest.values(), key=lambda s: (s.team, s.player_id))
