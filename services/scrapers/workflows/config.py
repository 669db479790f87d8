"""workflows.yaml as pydantic models, validated at load: a bad file fails at start naming workflow and field."""

from __future__ import annotations

import string
from datetime import time
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from services.scrapers.upstreams import SCRAPERS
from shared.errors import ConfigError

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "workflows.yaml"
BASE_VARIABLES = frozenset({"date", "yesterday"})
TEAMS_SOURCE = "teams"
# Each scraper's /scrape parameters, read from the scrapers' own params models (one source of truth).
SCRAPER_PARAMS: dict[str, frozenset[str]] = {
    name: frozenset(scraper.params.model_fields) for name, scraper in SCRAPERS.items()
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Call(_Strict):
    """One scraper call; with for_each, one call per value (per team, per event from an earlier step)."""

    scraper: str
    params: dict[str, str] = Field(default_factory=dict)
    for_each: dict[str, str] | None = None

    @field_validator("scraper")
    @classmethod
    def _known(cls, name: str) -> str:
        if name not in SCRAPER_PARAMS:
            raise ValueError(f"unknown scraper {name!r}; known: {', '.join(sorted(SCRAPER_PARAMS))}")
        return name

    @model_validator(mode="after")
    def _params_match(self) -> Call:
        if self.for_each is not None and len(self.for_each) != 1:
            raise ValueError("for_each: expected exactly one `variable: source` pair")
        wanted, given = SCRAPER_PARAMS[self.scraper], set(self.params)
        if given != wanted:
            raise ValueError(f"params: {self.scraper} takes {sorted(wanted)}, got {sorted(given)}")
        allowed = BASE_VARIABLES | set(self.for_each or {})
        for key, template in self.params.items():
            unknown = {v for _, v, _, _ in string.Formatter().parse(template) if v is not None} - allowed
            if unknown:
                raise ValueError(f"params.{key}: unknown template variable(s) {sorted(unknown)}; use {sorted(allowed)}")
        return self

    @property
    def variable(self) -> str | None:
        """The for_each variable name, if any."""
        return next(iter(self.for_each)) if self.for_each else None

    @property
    def source(self) -> str | None:
        """Where for_each values come from: `teams` or `<scraper>.<data_summary key>`."""
        return next(iter(self.for_each.values())) if self.for_each else None


class Step(_Strict):
    """Calls that run in parallel; steps run in order."""

    name: str
    calls: list[Call] = Field(min_length=1)


class Schedule(_Strict):
    """When a workflow is due: a window in US/Eastern, a cadence, game days, a daily cap for discovery."""

    window: tuple[time, time]
    every_hours: int | None = Field(None, ge=1, le=24)
    once_a_day: bool = False
    game_day: Literal["today", "yesterday"] | None = None
    max_attempts_per_day: int | None = Field(None, ge=1)

    @field_validator("window", mode="before")
    @classmethod
    def _hhmm(cls, value: object) -> object:
        if not isinstance(value, list | tuple) or len(value) != 2 or not all(isinstance(v, str) for v in value):
            raise ValueError('expected ["HH:MM", "HH:MM"] (quoted: YAML reads 10:00 as a number)')
        return value

    @model_validator(mode="after")
    def _cadence(self) -> Schedule:
        if (self.every_hours is None) == (not self.once_a_day):
            raise ValueError("give exactly one of every_hours or once_a_day")
        if self.window[0] >= self.window[1]:
            raise ValueError("window: start must be before end (same day, US/Eastern)")
        return self

    @property
    def discovery(self) -> bool:
        """Discovery workflows run each slot until one run finds data, at most max_attempts_per_day a day."""
        return self.max_attempts_per_day is not None


class Workflow(_Strict):
    """A named workflow: steps of scraper calls and when it is due."""

    description: str
    schedule: Schedule
    steps: list[Step] = Field(min_length=1)
    deadline_s: float | None = Field(None, gt=0)

    @model_validator(mode="after")
    def _sources_come_earlier(self) -> Workflow:
        earlier: set[str] = set()
        for i, step in enumerate(self.steps):
            for j, call in enumerate(step.calls):
                source = call.source
                if source is not None and source != TEAMS_SOURCE and source.split(".")[0] not in earlier:
                    raise ValueError(
                        f"steps.{i}.calls.{j}.for_each: {source!r} is neither {TEAMS_SOURCE!r} "
                        "nor `<scraper of an earlier step>.<data_summary key>`"
                    )
            earlier |= {c.scraper for c in step.calls}
        return self

    @property
    def scrapers(self) -> list[str]:
        """Every scraper the workflow calls, in order."""
        return [c.scraper for s in self.steps for c in s.calls]


class Scheduler(_Strict):
    """How Cloud Scheduler triggers /execute-workflows (the game-day driver simulates the same ticks)."""

    cron: str
    time_zone: Literal["America/New_York"] = "America/New_York"


class WorkflowsFile(_Strict):
    """The whole file."""

    scheduler: Scheduler
    schedule_workflow: str
    schedule_stale_after_hours: float = Field(gt=0)
    workflows: dict[str, Workflow] = Field(min_length=1)

    @model_validator(mode="after")
    def _schedule_workflow_exists(self) -> WorkflowsFile:
        if self.schedule_workflow not in self.workflows:
            raise ValueError(f"schedule_workflow: {self.schedule_workflow!r} is not a workflow")
        return self


def _describe(error: dict) -> str:
    loc = [str(p) for p in error["loc"]]
    if loc[:1] == ["workflows"] and len(loc) > 1:
        field = ".".join(loc[2:])
        return f"workflow {loc[1]!r}" + (f", field {field}" if field else "") + f": {error['msg']}"
    return f"{'.'.join(loc) or 'file'}: {error['msg']}"


def load_workflows(path: Path = DEFAULT_PATH) -> WorkflowsFile:
    """Read and validate workflows.yaml; ConfigError names the file, the workflow and the field."""
    try:
        raw = yaml.safe_load(path.read_text())
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path.name}: cannot read: {exc}", field=str(path)) from None
    try:
        return WorkflowsFile.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ConfigError(f"{path.name}: {_describe(dict(first))}", field=".".join(map(str, first["loc"]))) from None
