"""'Table updated' messages to analytics: a port with http (push envelope), pubsub and off adapters."""

from __future__ import annotations

import base64
import json
import logging
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol

import requests

from shared.clock import Clock, system_now
from shared.http.headers import DEADLINE_HEADER, deadline_value
from shared.limits import (
    NOTIFY_HTTP_ATTEMPTS,
    NOTIFY_HTTP_DEADLINE_S,
    NOTIFY_HTTP_RETRY_BASE_S,
    NOTIFY_HTTP_RETRY_CAP_S,
    NOTIFY_HTTP_TIMEOUT_S,
    NOTIFY_PUBLISH_TIMEOUT_S,
)
from shared.log import log_event
from shared.resilience.classify import refused
from shared.resilience.outcomes import AttemptFailure
from shared.resilience.policy import RetryPolicy
from shared.resilience.retrier import Attempt, Retrier
from shared.settings import Settings

logger = logging.getLogger(__name__)


class Notifier(Protocol):
    """Tells analytics that `table` got rows for `game_date`; never raises."""

    def table_updated(self, table: str, game_date: str) -> bool | None: ...


def message(table: str, game_date: str) -> bytes:
    """The message data: {"table": "nba_raw.x", "game_date": "YYYY-MM-DD"} as JSON bytes."""
    return json.dumps({"table": table, "game_date": game_date}).encode()


def push_envelope(data: bytes, published_at: datetime, subscription: str = "local-http") -> dict[str, Any]:
    """The Pub/Sub push envelope analytics /process receives in production."""
    return {
        "message": {
            "data": base64.b64encode(data).decode(),
            "messageId": uuid.uuid4().hex,
            "publishTime": published_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "attributes": {},
        },
        "subscription": subscription,
    }


def _failed(table: str, error: str, game_date: str | None = None) -> None:
    log_event(
        logger,
        f"notify failed for {table}: {error}",
        event="notify_failed",
        level=logging.WARNING,
        table=table,
        game_date=game_date,
    )


class OffNotifier:
    """Notifications switched off."""

    def table_updated(self, table: str, game_date: str) -> None:
        return None


class HttpNotifier:
    """POST the push envelope to <analytics>/process from a background thread, tried again as Pub/Sub redelivers:
    a 429 or 5xx (analytics shedding load, or a retriable processor failure), a timeout or a reset is retried with
    backoff, waiting at least the answer's Retry-After; each try tells analytics how long it waits."""

    def __init__(
        self,
        url: str,
        timeout_s: float = NOTIFY_HTTP_TIMEOUT_S,
        clock: Clock = system_now,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.url, self.timeout_s, self.clock = url, timeout_s, clock
        policy = RetryPolicy(
            max_attempts=NOTIFY_HTTP_ATTEMPTS,
            deadline_s=NOTIFY_HTTP_DEADLINE_S,
            base_s=NOTIFY_HTTP_RETRY_BASE_S,
            cap_s=NOTIFY_HTTP_RETRY_CAP_S,
            attempt_timeout_s=timeout_s,
            name="notify",
        )
        self.retrier = Retrier(policy, sleep=sleep, event="notify_retry")

    def table_updated(self, table: str, game_date: str) -> None:
        body = push_envelope(message(table, game_date), self.clock())
        threading.Thread(target=self.deliver, args=(table, body), daemon=True, name="notify").start()

    def deliver(self, table: str, body: dict[str, Any]) -> bool:
        """Post one notice until analytics takes it or the tries run out (logged as notify_failed)."""
        outcome = self.retrier.call(
            lambda timeout_s: self._post(body, timeout_s),
            name=f"notify {table}",
            deadline_at=self.retrier.deadline_from_now(),
            fields={"table": table},
        )
        if not outcome.last.ok:
            tries = f"{outcome.attempts} tries" + (f", {outcome.gave_up}" if outcome.gave_up else "")
            _failed(table, f"{outcome.last.error} ({tries})")
        return outcome.last.ok

    def _post(self, body: dict[str, Any], timeout_s: float) -> Attempt:
        headers = {DEADLINE_HEADER: deadline_value(timeout_s)}  # a notice still queued when we give up is dropped there
        try:
            response = requests.post(self.url, json=body, headers=headers, timeout=timeout_s)
        except requests.Timeout:
            error = f"no answer from {self.url} within {timeout_s:.1f}s"
            return Attempt(ok=False, status=AttemptFailure.TIMEOUT, error=error, retriable=True)
        except requests.ConnectionError as exc:
            error = f"{type(exc).__name__} posting to {self.url}"
            return Attempt(ok=False, status=AttemptFailure.CONNECTION, error=error, retriable=True)
        except requests.RequestException as exc:
            error = f"{type(exc).__name__} posting to {self.url}"
            return Attempt(ok=False, status=AttemptFailure.REQUEST_ERROR, error=error)
        if response.status_code < 400:
            return Attempt(ok=True, status=response.status_code)
        return refused(response.status_code, response.headers, f"HTTP {response.status_code} from {self.url}")


class PubSubNotifier:
    """Publish to a Pub/Sub topic and wait for the server's ack before the scrape answers.

    On Cloud Run the CPU is throttled once the response is sent, so a publish left in the background may never
    leave. A failed or timed-out publish is logged (event=notify_failed); the raw payload is archived, so a replay
    announces the table again.
    """

    def __init__(
        self, project: str, topic: str, *, timeout_s: float = NOTIFY_PUBLISH_TIMEOUT_S, publisher: Any = None
    ) -> None:
        self.topic = topic if topic.startswith("projects/") else f"projects/{project}/topics/{topic}"
        self.timeout_s = timeout_s
        self._publisher: Any = publisher

    def table_updated(self, table: str, game_date: str) -> bool:
        """True once Pub/Sub acknowledged the message; False (logged) when it failed or timed out."""
        try:
            if self._publisher is None:
                from google.cloud import pubsub_v1  # type: ignore[attr-defined]

                self._publisher = pubsub_v1.PublisherClient()
            future = self._publisher.publish(
                self.topic, message(table, game_date), timeout=self.timeout_s, table=table, game_date=game_date
            )
            future.result(timeout=self.timeout_s)
            return True
        except Exception as exc:  # never fail a scrape over a notification
            _failed(table, f"publish to {self.topic} failed: {type(exc).__name__}: {exc}", game_date)
            return False


def notifier_from_settings(settings: Settings) -> Notifier:
    """The adapter COURTSIDE_NOTIFY_MODE names."""
    if settings.notify_mode == "http":
        return HttpNotifier(str(settings.analytics_url).rstrip("/") + "/process", clock=settings.clock())
    if settings.notify_mode == "pubsub":
        return PubSubNotifier(settings.gcp_project, settings.pubsub_topic)
    return OffNotifier()
