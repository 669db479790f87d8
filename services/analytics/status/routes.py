"""GET /status (HTML) and GET /status.json: the same data, read-only; bad query parameters are a 400."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, jsonify, render_template, request
from markupsafe import Markup, escape
from pydantic import BaseModel, ConfigDict, Field

from services.analytics.status.charts import runs_chart, share_chart
from services.analytics.status.gather import Window, read_all
from shared.errors import WarehouseError
from shared.evidence import STATUS_PAGE_HOURS
from shared.health.checks import Thresholds
from shared.http.request_dates import RequestInstant
from shared.warehouse import Warehouse
from shared.web import parse


class StatusQuery(BaseModel):
    """The page's query string; anything else is a 400 naming it."""

    model_config = ConfigDict(extra="forbid")

    days: int = Field(14, ge=1, le=30, description="days of charts, ending with today (US/Eastern)")
    hours: float = Field(
        STATUS_PAGE_HOURS, gt=0, le=168, description="the verdict's window, like `courtside verify --hours`"
    )
    at: RequestInstant | None = Field(None, description="show the pipeline as of this instant (default: now)")


def query() -> StatusQuery:
    """The request's query string as a StatusQuery (every service refuses a repeated parameter before this)."""
    return parse(StatusQuery, dict(request.args.items()))


def charts(body: dict[str, Any]) -> dict[str, Markup]:
    """The inline SVG of each workflow's chart and of player coverage."""
    drawn = {w["workflow"]: Markup(runs_chart(w["days"], f"{w['workflow']} runs per day")) for w in body["workflows"]}
    if body["players"]["available"]:
        points = [(c["game_date"], c["share"]) for c in body["players"]["coverage"]]
        drawn["__coverage__"] = Markup(share_chart(points, "player coverage per game date"))
    return drawn


def unanswered(exc: WarehouseError) -> str:
    """The page when its reads fail: the verdict is that the warehouse does not answer, and why."""
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Courtside status: failing</title></head><body>"
        f"<h1>failing</h1><p>{escape(exc.message)}</p></body></html>"
    )


def status_routes(
    warehouse: Warehouse,
    *,
    clock: Callable[[], datetime],
    waits_for: Callable[[str, str, datetime], str],
    deploy: Callable[[], dict[str, Any]],
    thresholds: Thresholds | None = None,
) -> Blueprint:
    """The status page over the given warehouse, clock, readiness descriptions and deploy probe."""
    routes = Blueprint("status", __name__, template_folder="templates")

    def read_answered() -> tuple[dict[str, Any], StatusQuery]:
        q = query()
        at = (q.at or clock()).astimezone(UTC)
        window = Window(at=at, days=q.days, hours=q.hours)
        return read_all(warehouse, window, waits_for, deploy, thresholds or Thresholds()), q

    def read() -> tuple[dict[str, Any], StatusQuery]:
        try:
            return read_answered()
        except WarehouseError as exc:
            raise WarehouseError(f"the warehouse does not answer: {exc.message}", table=exc.table) from exc

    @routes.get("/status.json")
    def status_json():  # type: ignore[no-untyped-def]
        return jsonify(read()[0])

    @routes.get("/status")
    def status_page():  # type: ignore[no-untyped-def]
        try:
            body, _ = read()
        except WarehouseError as exc:
            return unanswered(exc), 503, {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}
        json_url = "status.json" + (f"?{request.query_string.decode()}" if request.query_string else "")
        page = render_template("status.html", s=body, charts=charts(body), json_url=json_url)
        return page, 200, {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}

    return routes
