"""Fault profiles (global and per upstream), named presets, and parsing the admin/env JSON into a FaultConfig."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

UPSTREAMS = ("nbacom", "odds_api", "bdl", "espn", "bettingpros")
RATES = ("rate_429", "rate_5xx", "rate_slow", "rate_reset", "rate_malformed")
NO_RETRY_AFTER = ("bdl", "odds_api")  # their real 429s carry no Retry-After
DEFAULT_RETRY_AFTER_S = 1.0


class FaultConfigError(ValueError):
    """A fault configuration that names a bad field."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message


@dataclass(frozen=True)
class FaultProfile:
    """Per-request fault rates (their sum at most 1) and fixed behaviours of one upstream."""

    rate_429: float = 0.0
    rate_5xx: float = 0.0
    rate_slow: float = 0.0
    rate_reset: float = 0.0
    rate_malformed: float = 0.0
    slow_s: float = 12.0  # past the scrapers' default 10 s timeout
    retry_after_s: float | None = None  # None: 1 s, except none at all for BDL and the Odds API
    quota_exhausted: bool = False
    latency_s: float = 0.0

    def retry_after_for(self, upstream: str) -> float | None:
        if self.retry_after_s is not None:
            return self.retry_after_s
        return None if upstream in NO_RETRY_AFTER else DEFAULT_RETRY_AFTER_S


PROFILES: dict[str, dict[str, Any]] = {
    "none": {},
    "mild": {"global": {"rate_429": 0.015, "rate_5xx": 0.02, "rate_slow": 0.005, "rate_reset": 0.01}},
    "standard": {"global": {"rate_429": 0.08, "rate_5xx": 0.08, "rate_slow": 0.07, "rate_reset": 0.07}},
    "quota": {"upstreams": {"odds_api": {"quota_exhausted": True, "retry_after_s": 3600}}},
    "outage": {"upstreams": {"espn": {"rate_5xx": 1.0}}},  # ESPN hard down: every request a 5xx
}
_OVERRIDES = ("slow_s", "latency_s", "retry_after_s")  # top-level keys applied to every profile


@dataclass(frozen=True)
class FaultConfig:
    """What the injector does: a seed, a global profile and per-upstream overrides of its fields."""

    seed: int = 0
    profile: str | None = None
    global_profile: FaultProfile = FaultProfile()
    upstreams: dict[str, FaultProfile] = field(default_factory=dict)
    odds_api_credits: int = 20_000  # the plan's credits per month of the stand-in's clock (reset on the 1st)

    def for_upstream(self, upstream: str) -> FaultProfile:
        return self.upstreams.get(upstream, self.global_profile)

    def to_json(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "profile": self.profile,
            "global": asdict(self.global_profile),
            "upstreams": {name: asdict(p) for name, p in self.upstreams.items()},
            "odds_api_credits": self.odds_api_credits,
        }


def _profile(raw: Any, base: FaultProfile, where: str) -> FaultProfile:
    if not isinstance(raw, dict):
        raise FaultConfigError(where, "expected an object of profile fields")
    known = {f.name for f in fields(FaultProfile)}
    for key, value in raw.items():
        if key not in known:
            raise FaultConfigError(f"{where}.{key}", f"unknown field; expected one of {sorted(known)}")
        if key == "quota_exhausted":
            if not isinstance(value, bool):
                raise FaultConfigError(f"{where}.{key}", "expected true or false")
        elif not (value is None and key == "retry_after_s"):
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise FaultConfigError(f"{where}.{key}", f"expected a number >= 0, got {value!r}")
            if key in RATES and value > 1:
                raise FaultConfigError(f"{where}.{key}", f"a rate is between 0 and 1, got {value!r}")
    profile = replace(base, **raw)
    if sum(getattr(profile, rate) for rate in RATES) > 1 + 1e-9:
        raise FaultConfigError(where, "the fault rates add up to more than 1")
    return profile


def parse_config(payload: Any, default_seed: int = 0) -> FaultConfig:
    """{"profile": "standard", "seed": 1, "slow_s": 2} or {"seed", "global": {...}, "upstreams": {...}}."""
    if isinstance(payload, str):
        payload = json.loads(payload) if payload.strip().startswith("{") else {"profile": payload.strip()}
    if not isinstance(payload, dict):
        raise FaultConfigError("body", "expected a JSON object")
    allowed = {"profile", "seed", "global", "upstreams", "odds_api_credits", *_OVERRIDES}
    for key in payload:
        if key not in allowed:
            raise FaultConfigError(key, f"unknown field; expected one of {sorted(allowed)}")
    name = payload.get("profile")
    if name is not None and name not in PROFILES:
        raise FaultConfigError("profile", f"unknown profile {name!r}; expected one of {sorted(PROFILES)}")
    preset = PROFILES.get(name or "none", {})
    seed = payload.get("seed", default_seed)
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise FaultConfigError("seed", f"expected an integer, got {seed!r}")
    credits = payload.get("odds_api_credits", 20_000)
    if isinstance(credits, bool) or not isinstance(credits, int) or credits < 0:
        raise FaultConfigError("odds_api_credits", f"expected an integer >= 0, got {credits!r}")
    overrides = {key: payload[key] for key in _OVERRIDES if key in payload}
    global_raw = {**preset.get("global", {}), **payload.get("global", {}), **overrides}
    global_profile = _profile(global_raw, FaultProfile(), "global")
    upstream_raw = {**preset.get("upstreams", {})}
    given = payload.get("upstreams", {})
    if not isinstance(given, dict):
        raise FaultConfigError("upstreams", "expected an object keyed by upstream name")
    for upstream, raw in given.items():
        if upstream not in UPSTREAMS:
            raise FaultConfigError(f"upstreams.{upstream}", f"unknown upstream; expected one of {list(UPSTREAMS)}")
        upstream_raw[upstream] = {**upstream_raw.get(upstream, {}), **raw} if isinstance(raw, dict) else raw
    upstreams = {
        upstream: _profile(
            {**raw, **overrides} if isinstance(raw, dict) else raw, global_profile, f"upstreams.{upstream}"
        )
        for upstream, raw in upstream_raw.items()
    }
    return FaultConfig(seed, name, global_profile, upstreams, credits)
