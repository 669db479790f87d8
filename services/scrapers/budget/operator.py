"""An operator's hand on the budgets: each upstream's state in a line, and reopening one (a fact naming who, why)."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from services.scrapers.budget.upstream_budget import UpstreamBudget
from shared.errors import BadRequest
from shared.log import log_event
from shared.resilience import credits
from shared.resilience.budget import REOPENED, UpstreamState

logger = logging.getLogger(__name__)


class ReopenRequest(BaseModel):
    """POST /budgets/reopen: the upstream to reopen, why, and who asks (recorded in the fact)."""

    model_config = ConfigDict(extra="forbid")

    upstream: str = Field(min_length=1, max_length=64)
    reason: str = Field(min_length=1, max_length=500)
    by: str = Field("api", min_length=1, max_length=100)


class BudgetOut(BaseModel):
    """One upstream's budget: open, cooling_down or closed (until when, why), retry tokens, credits, last reopen."""

    upstream: str
    state: Literal["open", "cooling_down", "closed"]
    until: str | None
    reason: str | None
    tokens: float
    credits_remaining: int | None
    credits_used: int | None
    credits_held: int
    reopened_at: str | None
    reopened: str | None


class BudgetsOut(BaseModel):
    """Every upstream's budget."""

    upstreams: list[BudgetOut]


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat().replace("+00:00", "Z")


def describe(state: UpstreamState, now: datetime) -> dict[str, Any]:
    """One upstream's state as an operator reads it (open, cooling down until, closed until, tokens, credits)."""
    closed = state.closed_until is not None and state.closed_until > now
    status = "open" if not closed else ("closed" if state.closed_kind == "exhausted" else "cooling_down")
    return {
        "upstream": state.upstream,
        "state": status,
        "until": _iso(state.closed_until) if closed else None,
        "reason": state.closed_reason if closed else None,
        "tokens": round(state.tokens, 2),
        "credits_remaining": state.credits_remaining,
        "credits_used": credits.charged(state),
        "credits_held": credits.held(state),
        "reopened_at": _iso(state.reopened_at),
        "reopened": state.reopened_reason,
    }


def overview(budget: UpstreamBudget, upstreams: list[str]) -> list[dict[str, Any]]:
    """Every upstream's state, read fresh."""
    budget.store.facts.state(fresh=True)
    now = budget.store.clock()
    return [describe(budget.store.state(name), now) for name in upstreams]


def reopen(budget: UpstreamBudget, request: ReopenRequest, upstreams: list[str]) -> dict[str, Any]:
    """Reopen one upstream for every instance (an append-only fact): closures before it end, credits are read anew."""
    if request.upstream not in upstreams:
        raise BadRequest(
            f"unknown upstream {request.upstream!r}; known upstreams: {', '.join(upstreams)}", field="upstream"
        )
    who = f"{request.by}: {request.reason}"
    budget.store.record(request.upstream, REOPENED, reason=who, workflow="operator")
    log_event(
        logger,
        f"Upstream {request.upstream} reopened by {who}",
        event="upstream_reopened",
        level=logging.WARNING,
        upstream=request.upstream,
        by=request.by,
        reason=request.reason,
    )
    return describe(budget.store.state(request.upstream), budget.store.clock())
