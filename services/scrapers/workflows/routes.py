"""POST /evaluate, /execute-workflows, /execute-workflow and GET /workflows on the scrapers app."""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
import time
from collections.abc import Callable, Sequence

from flask import Blueprint, Flask, jsonify
from pydantic import BaseModel, ConfigDict, field_validator

from services.scrapers.workflows.client import CachedTokens, ScrapeClient, TokenSource
from services.scrapers.workflows.config import WorkflowsFile, load_workflows
from services.scrapers.workflows.executor import Executor
from services.scrapers.workflows.service import MAX_CONCURRENT_RUNS, Moment, WorkflowService
from shared.eastern import game_date
from shared.errors import BadRequest
from shared.resilience.policy import RetryPolicy
from shared.settings import Settings
from shared.warehouse import Warehouse
from shared.web import json_body, parse


def call_slots(settings: Settings, server_threads: int | None = None) -> int:
    """How many /scrape calls this process may have in flight.

    The executor runs inside this service and POSTs its own /scrape: a workflow request holds one server
    thread while its calls need threads too. With at most MAX_CONCURRENT_RUNS requests running and at most
    threads - MAX_CONCURRENT_RUNS calls in flight (and never more than executor_max_parallel), every call
    finds a free thread, so the pool can never exhaust the server (gunicorn --threads, GUNICORN_THREADS).
    """
    threads = server_threads or int(os.environ.get("GUNICORN_THREADS", "8"))
    return max(1, min(settings.executor_max_parallel, threads - MAX_CONCURRENT_RUNS))


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: dt.date | None = None
    now: dt.datetime | None = None  # simulated time: local environment only

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, value: object) -> object:
        if value is not None and not (isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)):
            raise ValueError("expected a date as YYYY-MM-DD (US/Eastern)")
        return value

    @field_validator("now")
    @classmethod
    def _aware(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("expected an ISO timestamp with a timezone, e.g. 2026-11-28T14:05:00Z")
        return value


class ManyBody(_Body):
    """Body of /evaluate and /execute-workflows."""

    workflows: list[str] | None = None


class OneBody(_Body):
    """Body of /execute-workflow."""

    workflow: str


def _check_known(config: WorkflowsFile, names: Sequence[str], field: str) -> None:
    for name in names:
        if name not in config.workflows:
            known = ", ".join(config.workflows)
            raise BadRequest(f"unknown workflow {name!r}; known: {known}", field=field)


def _moment(body: _Body, settings: Settings) -> Moment:
    if body.now is None:
        now = dt.datetime.now(dt.UTC)
        return Moment(now, body.date or game_date(now), lambda: dt.datetime.now(dt.UTC))
    if settings.environment != "local":
        raise BadRequest("now: simulated time is accepted only when COURTSIDE_ENVIRONMENT=local", field="now")
    start, t0 = body.now.astimezone(dt.UTC), time.monotonic()
    return Moment(start, body.date or game_date(start), lambda: start + dt.timedelta(seconds=time.monotonic() - t0))


def register_workflow_routes(
    app: Flask,
    settings: Settings,
    warehouse: Warehouse,
    *,
    token_source: TokenSource | None = None,
    config: WorkflowsFile | None = None,
) -> WorkflowService:
    """Load workflows.yaml (a bad file stops the start), wire the executor over real HTTP, add the routes."""
    config = config or load_workflows()
    slots = call_slots(settings)
    client = ScrapeClient(
        str(settings.scrapers_url),
        token_source=token_source or (CachedTokens() if settings.auth_enabled else None),
        pool_size=slots,
    )
    policy, semaphore = RetryPolicy.from_settings(settings), threading.BoundedSemaphore(slots)

    def make_executor(wall_clock: Callable[[], dt.datetime]) -> Executor:
        return Executor(config, client.scrape, policy, max_parallel=slots, slots=semaphore, wall_clock=wall_clock)

    service = WorkflowService(config, warehouse, make_executor)
    blueprint = Blueprint("workflows", __name__)

    @blueprint.post("/evaluate")
    def evaluate():  # type: ignore[no-untyped-def]
        body = parse(ManyBody, json_body(optional=True))
        _check_known(config, body.workflows or [], "workflows")
        return jsonify(service.evaluate(_moment(body, settings), body.workflows))

    @blueprint.post("/execute-workflows")
    def execute_workflows():  # type: ignore[no-untyped-def]
        body = parse(ManyBody, json_body(optional=True))
        _check_known(config, body.workflows or [], "workflows")
        return jsonify(service.execute_due(_moment(body, settings), body.workflows))

    @blueprint.post("/execute-workflow")
    def execute_workflow():  # type: ignore[no-untyped-def]
        body = parse(OneBody, json_body())
        _check_known(config, [body.workflow], "workflow")
        return jsonify(service.execute_one(_moment(body, settings), body.workflow))

    @blueprint.get("/workflows")
    def workflows():  # type: ignore[no-untyped-def]
        return jsonify({"workflows": {name: w.model_dump(mode="json") for name, w in config.workflows.items()}})

    app.register_blueprint(blueprint)
    app.extensions["workflow_service"] = service
    return service
