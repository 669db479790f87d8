"""The resolver's data: thresholds and nickname groups, read from the YAML files beside this module."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from shared.errors import ConfigError

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Rules:
    """Fuzzy threshold and margin, limits, known sources and first-name groups (each a frozenset)."""

    fuzzy_threshold: float
    fuzzy_margin: float
    max_name_length: int
    queue_candidates: int
    sources: frozenset[str]
    nickname_groups: tuple[frozenset[str], ...]

    def same_first_name(self, a: str, b: str) -> bool:
        """'herb' ~ 'herbert', 'pj' ~ 'pj'; initials match the name they abbreviate only via a group."""
        return a == b or any(a in group and b in group for group in self.nickname_groups)


def _read(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text())
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path.name}: cannot read: {exc}", field=path.name) from exc


@cache
def load_rules(data_dir: Path = DATA) -> Rules:
    """Rules from `resolution.yaml` and `nicknames.yaml`; a malformed file is a ConfigError naming it."""
    settings = _read(data_dir / "resolution.yaml")
    groups = _read(data_dir / "nicknames.yaml")
    if not isinstance(settings, dict) or not isinstance(groups, list):
        raise ConfigError("resolution.yaml must be a mapping and nicknames.yaml a list", field="resolution.yaml")
    try:
        return Rules(
            fuzzy_threshold=float(settings["fuzzy_threshold"]),
            fuzzy_margin=float(settings["fuzzy_margin"]),
            max_name_length=int(settings["max_name_length"]),
            queue_candidates=int(settings["queue_candidates"]),
            sources=frozenset(str(s) for s in settings["sources"]),
            nickname_groups=tuple(frozenset(str(n).lower() for n in group) for group in groups),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"resolution.yaml: missing or malformed setting {exc}", field="resolution.yaml") from exc
