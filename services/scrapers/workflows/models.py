"""workflows.yaml as pydantic models: when each workflow is due, its steps, the Scheduler trigger."""

from __future__ import annotations

from datetime import time
from typing import Literal

from pydantic import Field, field_serializer, field_validator, model_validator

from services.scrapers.workflows.calls import TEAMS_SOURCE, Step, Strict


class Schedule(Strict):
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

    @field_serializer("window")
    def _as_hhmm(self, window: tuple[time, time]) -> tuple[str, str]:
        # Written as read: "HH:MM" US/Eastern (an RFC 3339 "time" would need an offset these wall times lack).
        return (window[0].strftime("%H:%M"), window[1].strftime("%H:%M"))

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


class Workflow(Strict):
    """A named workflow: steps of scraper calls and when it is due."""

    description: str
    schedule: Schedule
    steps: list[Step] = Field(min_length=1)
    deadline_s: float | None = Field(None, gt=0)
    priority: int = Field(3, ge=1, le=5)  # 1 most important; lower priorities stop earlier on a daily credit budget

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


class Scheduler(Strict):
    """How Cloud Scheduler triggers /execute-workflows (the game-day driver simulates the same ticks)."""

    cron: str
    time_zone: Literal["America/New_York"] = "America/New_York"


class WorkflowsFile(Strict):
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
