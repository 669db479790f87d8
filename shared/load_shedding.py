"""Load shedding for every service: past its bound of work in flight a request is refused at once (429 with
Retry-After, so Pub/Sub and our own retries back off instead of queueing), /health is never refused, and a request
whose caller gave up while it was queued is dropped instead of processed."""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterable
from typing import Any

from shared.errors import BadRequest
from shared.http.admission import ARRIVED_AT, Admission, Monotonic, Refusal, default_bound
from shared.http.headers import DEADLINE_HEADER, deadline_seconds
from shared.log import log_event

logger = logging.getLogger(__name__)
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
_DEADLINE_KEY = "HTTP_" + DEADLINE_HEADER.upper().replace("-", "_")
SHED_LOG_EVERY_S = 10.0  # under a flood, one load_shed line per this long (with the count), not one per request


def server_threads_from_env() -> int | None:
    """The server's threads per process: GUNICORN_THREADS, which shared/gunicorn_conf.py sets for its workers; None
    under another server (an in-process test server starts a thread per request; functions-framework its own)."""
    value = os.environ.get("GUNICORN_THREADS")
    return int(value) if value else None


def bound_for(service: str, settings: Any, threads: int | None = None) -> int | None:
    """The service's bound of work in flight: COURTSIDE_<SERVICE>_MAX_IN_FLIGHT, else the server's threads but
    /health's; None (no bound) when neither is known."""
    configured = getattr(settings, f"{service}_max_in_flight", None)
    if configured:
        return int(configured)
    threads = threads or server_threads_from_env()
    return default_bound(threads) if threads else None


class Shedding:
    """WSGI middleware: admits each request through an Admission, answers refusals itself in the JSON error shape."""

    def __init__(self, app: WSGIApp, admission: Admission, *, exempt: Iterable[str], service: str) -> None:
        self.app, self.admission, self.exempt, self.service = app, admission, frozenset(exempt), service
        self._logged_at: float | None = None
        self._refused_logged = 0

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") in self.exempt:
            return self.app(environ, start_response)
        refusal = self.admission.enter(environ.get(ARRIVED_AT), _caller_seconds(environ))
        if refusal is not None:
            self._note(refusal, environ)
            return _answer(refusal, start_response)
        try:  # Flask builds the whole body inside the call: the work is over when it returns
            return self.app(environ, start_response)
        finally:
            self.admission.leave()

    def _note(self, refusal: Refusal, environ: dict[str, Any]) -> None:
        """Log a dropped request each time; sheds once per SHED_LOG_EVERY_S with how many since the last line."""
        path = environ.get("PATH_INFO")
        if refusal.status != 429:
            log_event(logger, f"{path} dropped: {refusal.message}", event="request_dropped", level=logging.WARNING,
                      service=self.service, path=path)  # fmt: skip
            return
        now = self.admission.clock()
        if self._logged_at is not None and now - self._logged_at < SHED_LOG_EVERY_S:
            return
        refused = self.admission.refused
        since, self._refused_logged, self._logged_at = refused - self._refused_logged, refused, now
        log_event(logger, f"{self.service} shedding load: {refusal.message}", event="load_shed",
                  level=logging.WARNING, service=self.service, path=path, bound=self.admission.bound,
                  refused=since)  # fmt: skip


def _caller_seconds(environ: dict[str, Any]) -> float | None:
    """The seconds the caller said it waits, or None: a malformed header is the request's 400, answered by the app."""
    try:
        return deadline_seconds(environ.get(_DEADLINE_KEY))
    except BadRequest:
        return None


def _answer(refusal: Refusal, start_response: Callable[..., Any]) -> list[bytes]:
    """The refusal as the services' JSON error: {"error": {"code", "message", "field"}}, Retry-After when set."""
    body = json.dumps({"error": {"code": refusal.code, "message": refusal.message, "field": refusal.field}}).encode()
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    if refusal.retry_after_s is not None:
        headers.append(("Retry-After", str(max(0, round(refusal.retry_after_s)))))
    reason = "Too Many Requests" if refusal.status == 429 else "Service Unavailable"
    start_response(f"{refusal.status} {reason}", headers)
    return [body]


def install(
    app: WSGIApp, service: str, settings: Any, *, exempt: Iterable[str], clock: Monotonic = time.monotonic
) -> WSGIApp:
    """`app` behind load shedding with the service's bound; `app` itself when COURTSIDE_SHEDDING_ENABLED is false
    or the service has no bound (no setting, and not under shared/gunicorn_conf.py)."""
    bound = bound_for(service, settings)
    if not getattr(settings, "shedding_enabled", True) or bound is None:
        return app
    admission = Admission(bound, clock, deadline_field=DEADLINE_HEADER)
    return Shedding(app, admission, exempt=exempt, service=service)
