"""A flood of table-updated notices pushed the way Pub/Sub pushes them: each delivery waits at most the ack
deadline, anything but a 2xx (or no answer) is redelivered after an exponential backoff, until acked; /health is
probed throughout."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import requests

PROBE_PATIENCE_S = 10.0  # a /health probe waits this long; one that gets no answer counts as this long


@dataclass(frozen=True)
class Redelivery:
    """The subscription's side: ack deadline and retry policy (min and max backoff), and when the run stops."""

    ack_deadline_s: float
    min_backoff_s: float
    max_backoff_s: float
    give_up_s: float  # the flood's own end: notices not acked by then are reported, not waited for

    def backoff_s(self, failures: int, rng: random.Random) -> float:
        """Pub/Sub's exponential backoff between deliveries of one message (±20% so retries do not march in step)."""
        return min(self.max_backoff_s, self.min_backoff_s * 2 ** (failures - 1)) * rng.uniform(0.8, 1.2)


@dataclass
class Flood:
    """What one flood saw: deliveries and answers, which notices were acked, /health latencies, the time taken."""

    deliveries: int = 0
    answers: Counter[str] = field(default_factory=Counter)
    acked: set[int] = field(default_factory=set)
    health_s: list[float] = field(default_factory=list)
    unanswered_probes: int = 0
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def saw(self, answer: str) -> None:
        with self.lock:
            self.deliveries += 1
            self.answers[answer] += 1


def _deliver(url: str, n: int, envelope: dict[str, Any], policy: Redelivery, flood: Flood, ends_at: float) -> None:
    rng, failures = random.Random(n), 0
    while time.monotonic() < ends_at:
        try:
            answer = str(requests.post(url, json=envelope, timeout=policy.ack_deadline_s).status_code)
        except requests.Timeout:
            answer = "no answer within the ack deadline"
        except requests.RequestException as exc:
            answer = type(exc).__name__
        flood.saw(answer)
        if answer.startswith("2"):
            with flood.lock:
                flood.acked.add(n)
            return
        failures += 1
        time.sleep(min(policy.backoff_s(failures, rng), max(0.0, ends_at - time.monotonic())))


def _probe(url: str, flood: Flood, done: threading.Event, every_s: float) -> None:
    while not done.is_set():
        started = time.monotonic()
        try:
            requests.get(url, timeout=PROBE_PATIENCE_S)
            took = time.monotonic() - started
        except requests.RequestException:
            took, flood.unanswered_probes = PROBE_PATIENCE_S, flood.unanswered_probes + 1
        flood.health_s.append(took)
        done.wait(max(0.0, every_s - took))


def push(base_url: str, envelopes: list[dict[str, Any]], policy: Redelivery, *, probe_every_s: float = 0.2) -> Flood:
    """Push every envelope to base_url/process at once, redelivering as Pub/Sub does, probing base_url/health."""
    flood, done = Flood(), threading.Event()
    started = time.monotonic()
    prober = threading.Thread(target=_probe, args=(f"{base_url}/health", flood, done, probe_every_s))
    prober.start()
    with ThreadPoolExecutor(max_workers=len(envelopes)) as pool:
        ends_at = started + policy.give_up_s
        for n, envelope in enumerate(envelopes):
            pool.submit(_deliver, f"{base_url}/process", n, envelope, policy, flood, ends_at)
    flood.seconds = time.monotonic() - started
    done.set()
    prober.join()
    return flood
