"""What the freshness service accepts and answers, as the pydantic models its OpenAPI document is built from."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, RootModel

from services.freshness.routes import CheckBody, CheckParams
from shared.openapi import Endpoint, ErrorBody


class AlertOut(BaseModel):
    """Where the alert went and whether it was delivered."""

    model_config = ConfigDict(extra="allow")
    channel: str | None
    sent: bool
    error: str | None


class CheckResult(BaseModel):
    """One run of every check: missing box scores, stale tables, the alert (503 when a check could not run)."""

    model_config = ConfigDict(extra="allow")
    status: Literal["ok", "alert_sent", "alert_failed", "error"]
    check_id: str
    checked_at: str
    game_day: bool | None
    lookback_days: int
    dry_run: bool
    missing_games_count: int
    stale_tables_count: int
    games: list[dict[str, Any]]
    stale_tables: list[dict[str, Any]]
    checks: list[dict[str, str]]
    alert: AlertOut
    duration_seconds: float
    errors: list[str] | None = None


class CheckResultOrError(RootModel[CheckResult | ErrorBody]):
    """A check that could not run (status error), or the warehouse unreachable."""


_RESULTS: dict[int, type[BaseModel]] = {200: CheckResult, 503: CheckResultOrError}
ENDPOINTS = [
    Endpoint("get", "/", "Run the checks (parameters in the query string)", _RESULTS, query=CheckParams),
    Endpoint(
        "post",
        "/",
        "Run the checks (query and JSON body; a name in both is a 422)",
        _RESULTS,
        CheckBody,
        False,
        query=CheckParams,
        errors=(422,),
        reasons={422: "a parameter given in both the query string and the body"},
    ),
]
