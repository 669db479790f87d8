"""Turn a step's calls into concrete /scrape calls: templates filled, for_each fanned out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from services.scrapers.workflows.calls import TEAMS_SOURCE, Call
from shared.teams import TEAMS


@dataclass(frozen=True)
class PlannedCall:
    """One /scrape call to make, or one that cannot be made (`blocked` says why)."""

    scraper: str
    params: dict[str, str] = field(default_factory=dict)
    blocked: str | None = None


@dataclass(frozen=True)
class Output:
    """What an earlier call left for later steps: its status and data_summary."""

    scraper: str
    ok: bool
    summary: Mapping[str, Any]


def variables(execution_date: date) -> dict[str, str]:
    """The template variables every call can use."""
    return {"date": execution_date.isoformat(), "yesterday": (execution_date - timedelta(days=1)).isoformat()}


def _values(call: Call, outputs: Sequence[Output]) -> list[str] | str:
    """The for_each values, or the reason there are none to trust."""
    if call.source == TEAMS_SOURCE:
        return [t.tricode for t in TEAMS]
    scraper, _, key = (call.source or "").partition(".")
    mine = [o for o in outputs if o.scraper == scraper]
    if not any(o.ok for o in mine):
        return f"not run: {scraper} failed, so its {key} are unknown"
    values: list[str] = []
    for out in (o for o in mine if o.ok):
        found = out.summary.get(key, [])
        if not isinstance(found, list):
            return f"not run: {scraper} data_summary.{key} is not a list"
        values += [str(v) for v in found if str(v) not in values]
    return values


def expand(calls: Sequence[Call], variables: Mapping[str, str], outputs: Sequence[Output]) -> list[PlannedCall]:
    """Every concrete call of a step, in order."""
    planned: list[PlannedCall] = []
    for call in calls:
        if call.variable is None:
            planned.append(PlannedCall(call.scraper, {k: t.format(**variables) for k, t in call.params.items()}))
            continue
        values = _values(call, outputs)
        if isinstance(values, str):
            planned.append(PlannedCall(call.scraper, {}, blocked=values))
            continue
        for value in values:
            scope = {**variables, call.variable: value}
            planned.append(PlannedCall(call.scraper, {k: t.format(**scope) for k, t in call.params.items()}))
    return planned
