"""The resolver's data: thresholds from YAML, nicknames from the nicknames package plus the project's YAML."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from shared.errors import ConfigError
from shared.players.nicknames import Nicknames, package_pairs

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Rules:
    """Fuzzy threshold and margin, limits, known sources and the first names that mean one person."""

    fuzzy_threshold: float
    fuzzy_margin: float
    max_name_length: int
    queue_candidates: int
    sources: frozenset[str]
    nicknames: Nicknames

    def same_first_name(self, a: str, b: str) -> bool:
        """'herb' ~ 'herbert', 'ron' ~ 'ronald', 'pj' ~ 'pj'; a bare initial is the initials step's business."""
        return self.nicknames.same(a, b)


def _read(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text())
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path.name}: cannot read: {exc}", field=path.name) from exc


@cache
def load_rules(data_dir: Path = DATA) -> Rules:
    """Rules from `resolution.yaml`, the nicknames package and `nicknames.yaml`; a malformed file is a ConfigError
    naming it."""
    settings = _read(data_dir / "resolution.yaml")
    own = _read(data_dir / "nicknames.yaml")
    if not isinstance(settings, dict):
        raise ConfigError("resolution.yaml must be a mapping", field="resolution.yaml")
    nicknames = _nicknames(own)
    try:
        return Rules(
            fuzzy_threshold=float(settings["fuzzy_threshold"]),
            fuzzy_margin=float(settings["fuzzy_margin"]),
            max_name_length=int(settings["max_name_length"]),
            queue_candidates=int(settings["queue_candidates"]),
            sources=frozenset(str(s) for s in settings["sources"]),
            nicknames=nicknames,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"resolution.yaml: missing or malformed setting {exc}", field="resolution.yaml") from exc


def _nicknames(own: object) -> Nicknames:
    """The package's pairs with the project's `groups` added and its `distinct` pairs taken out."""
    if not isinstance(own, dict):
        raise ConfigError("nicknames.yaml must be a mapping of groups (and distinct)", field="nicknames.yaml")
    return Nicknames.of(package_pairs(), _name_lists(own.get("groups")), _name_lists(own.get("distinct", [])))


def _name_lists(value: object) -> list[list[str]]:
    if not isinstance(value, list) or not all(isinstance(group, list) for group in value):
        raise ConfigError("nicknames.yaml: groups and distinct must be lists of name lists", field="nicknames.yaml")
    return [[str(name) for name in group] for group in value]
