"""What the analytics service accepts and answers, as the pydantic models its OpenAPI document is built from."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, create_model

from services.analytics.inputs import CircuitReset, DateRange, PushEnvelope, TableUpdate
from services.analytics.processors import PROCESSORS, trigger_map
from services.analytics.status.routes import StatusQuery
from shared.openapi import Endpoint, ErrorBody


class CircuitOut(BaseModel):
    """A circuit as the API shows it."""

    key: str
    state: Literal["closed", "open", "half_open"]
    reason: str | None
    opened_at: str | None
    until: str | None
    failures: int


class RunOut(BaseModel):
    """One processor over one range: processed (rows), skipped (circuit open) or failed (retriable or not)."""

    model_config = ConfigDict(extra="allow")
    processor: str
    start_date: str
    end_date: str
    status: Literal["processed", "skipped", "failed"]
    rows: int | None = None
    retriable: bool | None = None
    error: str | None = None
    circuit: CircuitOut | None = None


class Processed(BaseModel):
    """The processors a table triggers with their results (503: one failed retriably), or `ignored` (a push)."""

    table: str
    game_date: str
    results: list[RunOut]
    ignored: str | None = Field(None, description="why nothing ran (only present then)")


class RangeProcessed(BaseModel):
    """The chosen processors over the range (503 when one failed retriably)."""

    start_date: str
    end_date: str
    results: list[RunOut]


_Processor: Any = Literal[tuple(PROCESSORS)]
DocumentedRange = create_model(
    "DateRange",
    __base__=DateRange,
    __doc__=DateRange.__doc__,
    processors=(list[_Processor] | None, Field(None, description="processors to run; none or empty: every one")),
)
_Table: Any = Literal[tuple(trigger_map())]
DocumentedUpdate = create_model(
    "TableUpdate",
    __base__=TableUpdate,
    __doc__=TableUpdate.__doc__,
    table=(_Table, Field(description=TableUpdate.model_fields["table"].description)),
)
_RANGE_RULE = "end_date before start_date, or a range longer than COURTSIDE_MAX_RANGE_DAYS (400 by default)"


class ProcessBody(RootModel[PushEnvelope | DocumentedUpdate]):  # type: ignore[valid-type]
    """A Pub/Sub push envelope, or the same TableUpdate JSON plainly."""


class ProcessedOrError(RootModel[Processed | ErrorBody]):
    """A retriable processor failure (redeliver), or the warehouse unreachable."""


class RangeOrError(RootModel[RangeProcessed | ErrorBody]):
    """A retriable processor failure, or the warehouse unreachable."""


class CircuitList(BaseModel):
    """Open and half-open circuits."""

    circuits: list[CircuitOut]


class ResetOut(BaseModel):
    """The circuit is closed; `changed` says whether it was not already."""

    key: str
    state: Literal["closed"]
    previous_state: str
    changed: bool
    actor: str


class StatusPage(RootModel[str]):
    """The status page: HTML rendered on the server, inline SVG charts, no external assets."""


class StatusBody(BaseModel):
    """What the status page shows, as JSON: the verdict with its reasons and every section."""

    model_config = ConfigDict(extra="allow")
    at: str
    days: int
    hours: float
    verdict: dict[str, Any]
    checks: list[dict[str, Any]]
    workflows: list[dict[str, Any]]
    circuits: dict[str, Any]


ENDPOINTS = [
    Endpoint("post", "/process", "Run what a table triggers", {200: Processed, 503: ProcessedOrError}, ProcessBody),
    Endpoint(
        "post",
        "/process-date-range",
        "Run over a range",
        {200: RangeProcessed, 503: RangeOrError},
        DocumentedRange,
        errors=(422,),
        reasons={422: _RANGE_RULE},
    ),
    Endpoint("get", "/circuits", "Open and half-open circuits", {200: CircuitList}, errors=(503,)),
    Endpoint("post", "/circuits/reset", "Close one circuit", {200: ResetOut}, CircuitReset, errors=(404, 503)),
    Endpoint(
        "get",
        "/status",
        "Is the pipeline healthy, and if not, why",
        {200: StatusPage},
        query=StatusQuery,
        errors=(503,),
        media_type="text/html",
    ),  # fmt: skip
    Endpoint("get", "/status.json", "The status page's data", {200: StatusBody}, query=StatusQuery, errors=(503,)),
]
