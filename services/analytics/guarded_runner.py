"""Run a processor over a date range behind its circuit breaker: processed, skipped or failed."""

from __future__ import annotations

import logging
import threading
import time
from datetime import date, timedelta
from typing import Any

from services.analytics.circuits import CircuitStore, circuit_key, scope_of
from services.analytics.processors import Processor
from services.analytics.run_log import is_retriable, log_run
from shared.clock import Clock, system_now
from shared.errors import CourtsideError
from shared.log import log_event
from shared.orchestration import circuit_events
from shared.resilience.breaker import AUTO_RESET_REASON, Breaker, Circuit, Kind, State
from shared.settings import Settings
from shared.warehouse import Warehouse

logger = logging.getLogger(__name__)


class GuardedRunner:
    """One per app: the warehouse, the shared circuit store and the breaker policy."""

    def __init__(self, warehouse: Warehouse, store: CircuitStore, breaker: Breaker) -> None:
        self.warehouse = warehouse
        self.store = store
        self.breaker = breaker
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._last: dict[str, tuple[float, dict[str, Any]]] = {}

    @classmethod
    def build(cls, settings: Settings, warehouse: Warehouse, clock: Clock = system_now) -> GuardedRunner:
        """Threshold, timeout and cache from settings."""
        breaker = Breaker(settings.breaker_threshold, timedelta(minutes=settings.breaker_timeout_minutes), clock)
        store = CircuitStore(
            warehouse,
            cache_s=settings.breaker_cache_s,
            lookback=circuit_events.DEFAULT_LOOKBACK,
            threshold=settings.breaker_threshold,
            clock=clock,
        )
        return cls(warehouse, store, breaker)

    def describe(self, circuit: Circuit) -> dict[str, Any]:
        """A circuit as the API shows it."""
        state = self.breaker.state(circuit)
        until = self.breaker.until(circuit)
        return {
            "key": circuit.key,
            "state": state.value,
            "reason": circuit.reason,
            "opened_at": circuit.since.isoformat() if circuit.state is State.OPEN and circuit.since else None,
            "until": until.isoformat() if until else None,
            "failures": circuit.failures,
        }

    def run(self, processor: Processor, start: date, end: date) -> dict[str, Any]:
        """Admit, run and record one processor for one range; retriable warehouse trouble is flagged, not counted."""
        key, arrived = circuit_key(processor.name, start, end), time.monotonic()
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:  # one run per circuit at a time in this instance: no lost failure counts, no duplicate MERGEs
            last = self._last.get(key)
            if last and last[0] > arrived:
                # A run that started after this request arrived already read the data this request announces.
                result = {**last[1], "coalesced": True}
            else:
                started = time.monotonic()
                result = self._run(processor, start, end, key)
                self._last[key] = (started, result)
        return {"processor": processor.name, "start_date": start.isoformat(), "end_date": end.isoformat(), **result}

    def _run(self, processor: Processor, start: date, end: date, key: str) -> dict[str, Any]:
        name, scope = processor.name, scope_of(start, end)
        circuit = self.store.get(key)
        marker = None
        if self.breaker.state(circuit) is not State.CLOSED or circuit.failures:
            # Read before the run: data landing while it runs must still count as news for the readiness check.
            marker = processor.upstream_marker(self.warehouse, start, end)
        verdict = self.breaker.admit(circuit, marker)
        if not verdict.run:
            log_event(logger, f"Skipping {name} for {scope}: circuit open", event="circuit_skipped", key=key)
            return {"status": "skipped", "circuit": self.describe(circuit)}
        if verdict.record:
            reason = AUTO_RESET_REASON if verdict.record is Kind.READY else "half-open trial"
            step = self.store.record(
                circuit, verdict.record, processor=name, scope=scope, reason=reason, upstream=marker
            )
            if verdict.record is Kind.READY:
                circuit = step.after
                message = f"Auto-resetting circuit breaker for {name}: {AUTO_RESET_REASON}"
                log_event(logger, message, event="circuit_auto_reset", key=key, processor=name, upstream=marker)
        started = time.monotonic()
        try:
            done = processor.run_checked(self.warehouse, start, end, self.breaker.clock())
        except Exception as exc:
            return self._failed(processor, (start, end), circuit, exc, trial=verdict.trial, marker=marker)
        duration = round(time.monotonic() - started, 3)
        self._succeeded(name, scope, circuit)
        detail = f"{done.rows} rows" + (f"; without upstream data: {', '.join(done.missing)}" if done.missing else "")
        log_run(name, scope, "processed", logging.INFO, detail, rows=done.rows, duration_s=duration)
        result: dict[str, Any] = {"status": "processed", "rows": done.rows, "duration_s": duration}
        return {**result, "partial": True, "missing": done.missing} if done.missing else result

    def _succeeded(self, name: str, scope: str, circuit: Circuit) -> None:
        kind = self.breaker.after_success(circuit)
        if kind is None:
            return  # the warm path: a closed circuit with nothing counted records nothing
        step = self.store.record(circuit, kind, processor=name, scope=scope, reason="succeeded")
        if step.effect == "closed":
            minutes = round((step.recovered_after_s or 0) / 60)
            message = f"Circuit closed for {name} ({scope}): recovered after {minutes} min"
            log_event(logger, message, event="circuit_closed", key=circuit.key, recovered_after_min=minutes)

    def _failed(
        self,
        processor: Processor,
        span: tuple[date, date],
        seen: Circuit,
        exc: Exception,
        *,
        trial: bool,
        marker: str | None = None,
    ) -> dict:
        message = exc.message if isinstance(exc, CourtsideError) else f"{type(exc).__name__}: {exc}"
        name, scope = processor.name, scope_of(*span)
        if is_retriable(exc):
            log_run(name, scope, "retriable", logging.WARNING, message, error=message)
            return {"status": "failed", "retriable": True, "error": message}
        if not isinstance(exc, CourtsideError):
            logger.exception("%s for %s crashed", name, scope, extra={"json_fields": {"event": "processor_crash"}})
        # A trial answers the opening it tried; any other failure counts in the period read fresh now.
        circuit = seen if trial else self.store.get(seen.key, fresh=True)
        kind = self.breaker.after_failure(circuit, trial=trial)
        if marker is None:  # a first failure on the warm path: the marker now
            marker = processor.upstream_marker(self.warehouse, *span)
        step = self.store.record(circuit, kind, processor=name, scope=scope, reason=message, upstream=marker)
        circuit = step.after
        log_run(name, scope, "failed", logging.WARNING, message, error=message, failures=circuit.failures)
        described = self.describe(circuit)
        if step.effect in ("opened", "reopened"):
            log_event(
                logger,
                f"Circuit breaker {step.effect} for {name} ({scope}) after {circuit.failures} failures: {message}",
                event="circuit_opened",
                level=logging.WARNING,
                key=circuit.key,
                processor=name,
                failures=circuit.failures,
                until=described["until"],
            )
        return {"status": "failed", "retriable": False, "error": message, "circuit": described}
