"""checks.yaml as pydantic models; a malformed file raises ConfigError naming the entry and the field."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from shared.errors import ConfigError

DEFAULT_PATH = Path(__file__).resolve().parent / "checks.yaml"
Severity = Literal["WARNING", "ERROR", "CRITICAL"]
_TABLE = r"^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$"
_IDENT = r"^[A-Za-z_][A-Za-z0-9_]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CheckSpec(_Strict):
    """One freshness check: the newest value of `column` in `table` against warn/error hours."""

    table: str = Field(pattern=_TABLE)
    column: str = Field(pattern=_IDENT)
    warn_after: float = Field(gt=0)
    error_after: float = Field(gt=0)
    severity: Severity = "ERROR"
    filter: str | None = Field(default=None, min_length=1)
    game_days_only: bool = False
    enabled: bool = True

    @model_validator(mode="after")
    def _ordered(self) -> CheckSpec:
        if self.error_after < self.warn_after:
            raise ValueError(f"error_after ({self.error_after}) is below warn_after ({self.warn_after})")
        return self


class BoxScoreSource(_Strict):
    """A box-score table whose rows are matched to scheduled games on date and home/away tricodes."""

    table: str = Field(pattern=_TABLE)
    min_players: int = Field(ge=1)
    date_column: str = Field(default="game_date", pattern=_IDENT)
    home_column: str = Field(default="home_team_tricode", pattern=_IDENT)
    away_column: str = Field(default="away_team_tricode", pattern=_IDENT)
    player_column: str = Field(default="bdl_player_id", pattern=_IDENT)


class MissingGamesSpec(_Strict):
    """Final games whose box scores are missing or incomplete, per source table."""

    severity: Severity = "ERROR"
    sources: tuple[BoxScoreSource, ...] = Field(min_length=1)


class FreshnessConfig(_Strict):
    """The whole checks.yaml."""

    checks: tuple[CheckSpec, ...] = Field(min_length=1)
    missing_games: MissingGamesSpec
    game_day_window_days: int = Field(default=14, ge=1, le=60)

    @model_validator(mode="after")
    def _one_check_per_table(self) -> FreshnessConfig:
        seen: set[str] = set()
        for check in self.checks:
            if check.table in seen:
                raise ValueError(f"duplicate table {check.table} (history keeps one row per table per run)")
            seen.add(check.table)
        return self

    @property
    def enabled_checks(self) -> list[CheckSpec]:
        """The checks that run."""
        return [c for c in self.checks if c.enabled]


def _entry(data: Any, loc: tuple[Any, ...]) -> str:
    """`checks[2] (nba_raw.bdl_injuries): warn_after` from a pydantic error location."""
    parts: list[str] = []
    node = data
    for step in loc:
        if isinstance(step, int):
            parts[-1] += f"[{step}]"
            node = node[step] if isinstance(node, list) and step < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("table"), str):
                parts[-1] += f" ({node['table']})"
            continue
        parts.append(str(step))
        node = node.get(step) if isinstance(node, dict) else None
    if not parts:
        return "(top level)"
    return ".".join(parts[:-1]) + ": " + parts[-1] if len(parts) > 1 else parts[0]


def parse_config(data: Any, source: str = "checks.yaml") -> FreshnessConfig:
    """Validate parsed YAML; ConfigError names the entry and field at fault."""
    try:
        return FreshnessConfig.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = _entry(data, tuple(first["loc"]))
        message = first["msg"].removeprefix("Value error, ")
        raise ConfigError(f"{source}: {where}: {message}", field=where) from None


def load_config(path: Path | str | None = None) -> FreshnessConfig:
    """Read and validate checks.yaml (the one beside this module by default)."""
    path = Path(path or DEFAULT_PATH)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}", field="path") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark else ""
        raise ConfigError(f"{path.name}: not valid YAML{line}: {getattr(exc, 'problem', exc)}") from None
    return parse_config(data, path.name)
