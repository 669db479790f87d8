"""The calls of a workflow step: which scraper, its parameters as templates, and for_each fan-out."""

from __future__ import annotations

import string

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from services.scrapers.upstreams import SCRAPERS

BASE_VARIABLES = frozenset({"date", "yesterday"})
TEAMS_SOURCE = "teams"
# Each scraper's /scrape parameters, read from the scrapers' own params models (one source of truth).
SCRAPER_PARAMS: dict[str, frozenset[str]] = {
    name: frozenset(scraper.params.model_fields) for name, scraper in SCRAPERS.items()
}


class Strict(BaseModel):
    """A frozen model that refuses unknown keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Call(Strict):
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


class Step(Strict):
    """Calls that run in parallel; steps run in order."""

    name: str
    calls: list[Call] = Field(min_length=1)
