"""The check endpoint: GET or POST / with parameters in the query string or a JSON body."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from flask import Blueprint, jsonify, request
from pydantic import BaseModel, ConfigDict, Field

from services.freshness.alerts import Webhook
from services.freshness.check_run import RunOptions, run_check
from services.freshness.config import FreshnessConfig
from shared.errors import BadRequest, Unprocessable
from shared.http.json_input import JSON_NUMBER
from shared.warehouse import Warehouse
from shared.web import field_name, json_body, parse


class CheckParams(BaseModel):
    """Request parameters; anything else is a 400 naming it."""

    model_config = ConfigDict(extra="forbid")

    lookback_days: int | None = Field(default=None, ge=1, le=60)
    dry_run: bool = False


class CheckBody(CheckParams):
    """The same parameters as a JSON body: JSON types only (`"3"` is not a number, `"true"` not a boolean)."""

    lookback_days: Annotated[int, Field(ge=1, le=60), JSON_NUMBER] | None = None
    dry_run: bool = Field(default=False, strict=True)


def request_params() -> CheckParams:
    """Query string (GET), or query string and JSON body (POST): each validated (400); a name in both is a 422."""
    query = dict(request.args.items())
    body = json_body(optional=True) if request.method == "POST" else {}  # any Content-Type: Scheduler's octet-stream
    unknown = sorted(set(query) - set(CheckParams.model_fields)) or sorted(set(body) - set(CheckParams.model_fields))
    if unknown:
        raise BadRequest(
            f"unknown parameter(s): {', '.join(unknown)}; expected {', '.join(CheckParams.model_fields)}",
            field=field_name(unknown[0]),
        )
    params, given = parse(CheckParams, query), parse(CheckBody, body).model_dump(exclude_unset=True)
    for name in sorted(set(query) & set(body)):
        raise Unprocessable(f"{field_name(name)}: given in both the query string and the body", field=field_name(name))
    return params.model_copy(update=given)


def check_routes(
    config: FreshnessConfig,
    warehouse: Warehouse,
    webhook: Webhook | None,
    *,
    default_lookback_days: int,
    clock: Callable[[], datetime],
) -> Blueprint:
    """The check route over the given checks, warehouse, alert channel and clock."""
    routes = Blueprint("freshness", __name__)

    @routes.route("/", methods=["GET", "POST"])
    def check_completeness():  # type: ignore[no-untyped-def]
        params = request_params()
        options = RunOptions(params.lookback_days or default_lookback_days, params.dry_run)
        body = run_check(config, warehouse, options, now=clock(), webhook=webhook)
        return jsonify(body), 503 if body["status"] == "error" else 200

    return routes
