"""The check endpoint: GET or POST / with parameters in the query string or a JSON body."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

from flask import Flask, jsonify, request
from pydantic import BaseModel, ConfigDict, Field

from services.freshness.alerts import Webhook
from services.freshness.check_run import RunOptions, run_check
from services.freshness.config import FreshnessConfig, load_config
from shared.errors import BadRequest
from shared.settings import Settings
from shared.warehouse import Warehouse
from shared.web import parse


class CheckParams(BaseModel):
    """Request parameters; anything else is a 400 naming it."""

    model_config = ConfigDict(extra="forbid")

    lookback_days: int | None = Field(default=None, ge=1, le=60)
    dry_run: bool = False


def request_params() -> CheckParams:
    """Query string merged with a JSON body (body wins); unknown names → 400."""
    payload: dict = dict(request.args.items())
    if request.get_data():
        body = request.get_json(force=True, silent=True)  # Scheduler may send JSON as octet-stream
        if not isinstance(body, dict):
            raise BadRequest("request body must be a JSON object", field="body")
        payload.update(body)
    unknown = sorted(set(payload) - set(CheckParams.model_fields))
    if unknown:
        raise BadRequest(
            f"unknown parameter(s): {', '.join(unknown)}; expected {', '.join(CheckParams.model_fields)}",
            field=unknown[0],
        )
    return parse(CheckParams, payload)


def webhook_from(settings: Settings, sleep: Callable[[float], None]) -> Webhook | None:
    """The alert webhook when one is configured."""
    if settings.alert_webhook_url is None:
        return None
    return Webhook(
        settings.alert_webhook_url.get_secret_value(),
        attempts=settings.alert_webhook_attempts,
        timeout_s=settings.alert_webhook_timeout_s,
        deadline_s=settings.alert_webhook_deadline_s,
        sleep=sleep,
    )


def register_routes(
    app: Flask,
    settings: Settings,
    warehouse: Warehouse,
    *,
    config: FreshnessConfig | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Load checks.yaml now (a malformed file stops start-up) and add the check route."""
    config = config or load_config(settings.freshness_checks_path)
    webhook = webhook_from(settings, sleep)

    @app.route("/", methods=["GET", "POST"])
    def check_completeness():  # type: ignore[no-untyped-def]
        params = request_params()
        options = RunOptions(params.lookback_days or settings.freshness_lookback_days, params.dry_run)
        body = run_check(config, warehouse, options, now=clock(), webhook=webhook)
        return jsonify(body), 503 if body["status"] == "error" else 200
