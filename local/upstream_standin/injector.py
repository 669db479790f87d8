"""The seeded fault injector: one RNG per upstream behind a lock, drawn once per request to that upstream."""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass

from local.upstream_standin.faults import RATES, FaultConfig, FaultProfile

SERVER_ERRORS = (503, 502, 500)


@dataclass(frozen=True)
class Fault:
    """One injected fault: kind is 429, 5xx, slow, reset or malformed."""

    kind: str
    status: int | None = None
    retry_after_s: float | None = None
    slow_s: float = 0.0
    variant: int = 0  # malformed: 0 truncated JSON, 1 an HTML page


class FaultInjector:
    """One RNG per upstream behind a lock: same seed, same faults for each upstream's requests in their order,
    however requests to different upstreams interleave (parallel steps would otherwise reshuffle the draws)."""

    def __init__(self, config: FaultConfig) -> None:
        self._lock = threading.Lock()
        self.configure(config)

    def configure(self, config: FaultConfig) -> None:
        with self._lock:
            self.config = config
            self._rngs: dict[str, random.Random] = {}

    def draw(self, upstream: str) -> Fault | None:
        """The fault (or None) for the next request to `upstream`."""
        with self._lock:
            profile = self.config.for_upstream(upstream)
            rng = self._rngs.setdefault(upstream, random.Random(f"{self.config.seed}:{upstream}"))
            roll = rng.random()
        low = 0.0
        for rate in RATES:
            width = getattr(profile, rate)
            if low <= roll < low + width:
                within = (roll - low) / width  # reuse the one draw to pick a variant
                return _fault(rate, profile, upstream, within)
            low += width
        return None


def _fault(rate: str, profile: FaultProfile, upstream: str, within: float) -> Fault:
    if rate == "rate_429":
        return Fault("429", 429, retry_after_s=profile.retry_after_for(upstream))
    if rate == "rate_5xx":
        return Fault("5xx", SERVER_ERRORS[min(2, int(within * 3))])
    if rate == "rate_slow":
        return Fault("slow", slow_s=profile.slow_s)
    if rate == "rate_reset":
        return Fault("reset")
    return Fault("malformed", variant=min(1, int(within * 2)))
