"""What the scrapers service accepts and answers, as the pydantic models its OpenAPI document is built from."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, RootModel, create_model

from services.scrapers.budget.operator import BudgetOut, BudgetsOut, ReopenRequest
from services.scrapers.replay.request import ReplayRequest
from services.scrapers.scrape.base import Scraper
from services.scrapers.scrape.sources import upstream_names
from services.scrapers.workflows.models import Workflow
from services.scrapers.workflows.routes import ManyBody, OneBody
from shared.openapi import ClientErrorBody, Endpoint


class _Out(BaseModel):
    model_config = ConfigDict(extra="allow")


class ScrapeResult(_Out):
    """The scrape ran: rows loaded (success) or none to load (no_data)."""

    status: Literal["success", "no_data"]
    run_id: str
    scraper: str
    rows: int = Field(ge=0)
    archive_path: str | None
    data_summary: dict[str, Any]


class ScraperInfo(_Out):
    """A scraper and the parameters its /scrape body takes."""

    name: str
    description: str
    source: str
    table: str
    params: dict[str, Any]
    required: list[str]


class ScraperList(BaseModel):
    """Every scraper."""

    scrapers: list[ScraperInfo]


class DecisionOut(_Out):
    """RUN or SKIP for one workflow, with the reason."""

    decision_id: str
    workflow: str
    action: Literal["RUN", "SKIP"]
    reason: str
    execution_date: str
    evaluated_at: str


class ExecutionOut(_Out):
    """One workflow run: counts of its calls, every failure's cause, whether the row was recorded."""

    execution_id: str
    workflow: str
    decision_id: str | None
    status: Literal["succeeded", "partial", "failed"]
    requested: int
    succeeded: int
    no_data: int
    failed: int
    attempts: int
    retries: int
    retries_by_scraper: dict[str, int]
    errors: list[dict[str, Any]]
    recorded: bool | None


class SkippedOut(BaseModel):
    """A due workflow not run, and why."""

    workflow: str
    decision_id: str
    reason: str


class Evaluation(BaseModel):
    """The decisions, recorded in workflow_decisions."""

    evaluated_at: str
    execution_date: str
    decisions: list[DecisionOut]
    recorded: bool


class DueRuns(BaseModel):
    """What ran and what was skipped for the latest decisions."""

    now: str
    execution_date: str
    decisions: list[DecisionOut]
    executions: list[ExecutionOut]
    skipped: list[SkippedOut]


class ManualRun(BaseModel):
    """The manual RUN decision and its execution."""

    decision: DecisionOut
    execution: ExecutionOut


class ReplayOut(_Out):
    """What the replay loaded: payloads, rows per table, failures with reasons (planned only on a dry run)."""

    status: str
    payloads: int
    loaded: int
    rows: int
    tables: dict[str, int]
    failures: list[dict[str, Any]]
    warehouse_down: str | None
    records_flushed: int
    leased: int = Field(description="payloads skipped: another load (a live scrape, another replay) held their lease")
    already_loaded: int = Field(description="payloads skipped: loaded by someone else since the replay planned")
    planned: list[dict[str, Any]]


class WorkflowList(BaseModel):
    """The workflows of workflows.yaml."""

    workflows: dict[str, Workflow]


def scrape_body(scrapers: Mapping[str, Scraper]) -> type[BaseModel]:
    """The /scrape body: one variant per scraper, `scraper` naming it and its params model's fields beside it."""
    variants = tuple(
        create_model(f"scrape_{name}", __base__=scraper.params, scraper=(Literal[name], Field(description=name)))  # type: ignore[arg-type]
        for name, scraper in scrapers.items()
    )
    union = Annotated[Union[variants], Field(discriminator="scraper")]  # type: ignore[valid-type]  # noqa: UP007
    return create_model("ScrapeBody", __base__=RootModel[union])  # type: ignore[valid-type]


def workflow_bodies(names: Sequence[str], simulated_time: bool = True) -> tuple[type[BaseModel], type[BaseModel]]:
    """ManyBody and OneBody as documented: workflow names from workflows.yaml, `now` only if simulated time is on."""
    known: Any = Literal[tuple(names)]
    many_base, one_base = _without_now(ManyBody, simulated_time), _without_now(OneBody, simulated_time)
    many = create_model("ManyBody", __base__=many_base, workflows=(list[known] | None, None))
    one = create_model("OneBody", __base__=one_base, workflow=(known, ...))
    return many, one


def _without_now(model: type[BaseModel], simulated_time: bool) -> type[BaseModel]:
    if simulated_time:
        return model
    fields = {name: (f.annotation, f) for name, f in model.model_fields.items() if name != "now"}
    return create_model(model.__name__, __config__=model.model_config, __doc__=model.__doc__, **fields)  # type: ignore[call-overload]


def replay_body(scrapers: Mapping[str, Scraper]) -> type[BaseModel]:
    """ReplayRequest as documented: `scraper` and `table` limited to the scrapers and the tables they load."""
    names: Any = Literal[tuple(scrapers)]
    tables: Any = Literal[tuple(sorted({s.table for s in scrapers.values()}))]
    fields = ReplayRequest.model_fields
    return create_model(
        "ReplayRequest",
        __base__=ReplayRequest,
        __doc__=ReplayRequest.__doc__,
        scraper=(names | None, Field(None, description=fields["scraper"].description)),
        table=(tables | None, Field(None, description=fields["table"].description)),
    )


def reopen_body() -> type[BaseModel]:
    """ReopenRequest as documented: `upstream` limited to the upstreams that have a budget."""
    names: Any = Literal[tuple(upstream_names())]
    field = ReopenRequest.model_fields["upstream"]
    return create_model(
        "ReopenRequest",
        __base__=ReopenRequest,
        __doc__=ReopenRequest.__doc__,
        upstream=(names, Field(description=field.description or "the upstream to reopen")),
    )


def endpoints(scrapers: Mapping[str, Scraper], workflows: Sequence[str], simulated_time: bool = True) -> list[Endpoint]:
    """Every route of the scrapers app (`simulated_time`: whether the workflow bodies take `now`)."""
    many_body, one_body = workflow_bodies(workflows, simulated_time)
    many: dict[str, Any] = {"body": many_body, "body_required": False}
    return [
        Endpoint(
            "post", "/scrape", "Run one scraper", {200: ScrapeResult}, scrape_body(scrapers), errors=(404, 502, 503)
        ),
        Endpoint("get", "/scrapers", "The scrapers and their parameters", {200: ScraperList}),
        Endpoint("post", "/evaluate", "Decide RUN or SKIP per workflow", {200: Evaluation}, errors=(503,), **many),
        Endpoint("post", "/execute-workflows", "Run what is due", {200: DueRuns}, errors=(503,), **many),
        Endpoint("post", "/execute-workflow", "Run one workflow now", {200: ManualRun}, one_body, errors=(409, 503)),
        Endpoint("get", "/workflows", "The workflows of workflows.yaml", {200: WorkflowList}),
        Endpoint(
            "post",
            "/replay",
            "Load pending archived payloads",
            {200: ReplayOut, 401: ClientErrorBody},
            replay_body(scrapers),
            False,
            errors=(422, 503),
            reasons={422: "since is not before until"},
        ),  # fmt: skip
        Endpoint("get", "/budgets", "Each upstream's budget", {200: BudgetsOut}),
        Endpoint(
            "post",
            "/budgets/reopen",
            "Reopen one upstream (an operator's fact)",
            {200: BudgetOut, 401: ClientErrorBody},
            reopen_body(),
        ),  # fmt: skip
    ]
