"""'Table updated' messages to analytics: a port with http (push envelope), pubsub and off adapters."""

from __future__ import annotations

import base64
import json
import logging
import threading
import uuid
from datetime import UTC, datetime
from typing import Any, Protocol

import requests

from shared.clock import Clock, system_now
from shared.limits import NOTIFY_HTTP_TIMEOUT_S, NOTIFY_PUBLISH_TIMEOUT_S
from shared.log import log_event
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
    """POST the push envelope to <analytics>/process from a background thread."""

    def __init__(self, url: str, timeout_s: float = NOTIFY_HTTP_TIMEOUT_S, clock: Clock = system_now) -> None:
        self.url, self.timeout_s, self.clock = url, timeout_s, clock

    def table_updated(self, table: str, game_date: str) -> None:
        body = push_envelope(message(table, game_date), self.clock())
        threading.Thread(target=self._post, args=(table, body), daemon=True, name="notify").start()

    def _post(self, table: str, body: dict[str, Any]) -> None:
        try:
            response = requests.post(self.url, json=body, timeout=self.timeout_s)
            if response.status_code >= 400:
                _failed(table, f"HTTP {response.status_code} from {self.url}")
        except requests.RequestException as exc:
            _failed(table, f"{type(exc).__name__} posting to {self.url}")


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
