"""POST /evaluate, /execute-workflows, /execute-workflow and GET /workflows on the scrapers app."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence

from flask import Blueprint, jsonify
from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.scrapers.workflows.config import WorkflowsFile
from services.scrapers.workflows.service import Moment, WorkflowService
from shared.clock import Clock, system_now
from shared.eastern import game_date
from shared.errors import BadRequest
from shared.http.request_dates import IsoDate, RequestInstant
from shared.web import json_body, parse


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: IsoDate | None = None
    now: RequestInstant | None = Field(None, description="simulated time: local environment only")

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


def _moment(body: _Body, simulated_time: bool, clock: Clock) -> Moment:
    if body.now is None:
        now = clock()
        return Moment(now, body.date or game_date(now), clock)
    if not simulated_time:
        raise BadRequest("now: simulated time is accepted only when COURTSIDE_ENVIRONMENT=local", field="now")
    start, t0 = body.now.astimezone(dt.UTC), time.monotonic()
    return Moment(start, body.date or game_date(start), lambda: start + dt.timedelta(seconds=time.monotonic() - t0))


def workflow_routes(
    service: WorkflowService, config: WorkflowsFile, *, simulated_time: bool, clock: Clock = system_now
) -> Blueprint:
    """The workflow routes over one WorkflowService at `clock`; `simulated_time` accepts a body's `now` (local
    only)."""
    blueprint = Blueprint("workflows", __name__)

    @blueprint.post("/evaluate")
    def evaluate():  # type: ignore[no-untyped-def]
        body = parse(ManyBody, json_body(optional=True))
        _check_known(config, body.workflows or [], "workflows")
        return jsonify(service.evaluate(_moment(body, simulated_time, clock), body.workflows))

    @blueprint.post("/execute-workflows")
    def execute_workflows():  # type: ignore[no-untyped-def]
        body = parse(ManyBody, json_body(optional=True))
        _check_known(config, body.workflows or [], "workflows")
        return jsonify(service.execute_due(_moment(body, simulated_time, clock), body.workflows))

    @blueprint.post("/execute-workflow")
    def execute_workflow():  # type: ignore[no-untyped-def]
        body = parse(OneBody, json_body())
        _check_known(config, [body.workflow], "workflow")
        return jsonify(service.execute_one(_moment(body, simulated_time, clock), body.workflow))

    @blueprint.get("/workflows")
    def workflows():  # type: ignore[no-untyped-def]
        return jsonify({"workflows": {name: w.model_dump(mode="json") for name, w in config.workflows.items()}})

    return blueprint
