"""Alerts: one structured log line per finding (event=freshness_alert) and an optional Slack-style webhook."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import requests

from shared.log import log_event
from shared.resilience.classify import refused
from shared.resilience.outcomes import AttemptFailure
from shared.resilience.policy import RetryPolicy
from shared.resilience.retrier import Attempt, Retrier

logger = logging.getLogger("courtside.freshness")
LEVELS = {"WARNING": logging.WARNING, "ERROR": logging.ERROR, "CRITICAL": logging.CRITICAL}
_SLACK_SECTION_MAX = 2900
RETRY_EVENT = "alert_webhook_retry"  # not retry_attempt: those count workflow retries
_REASONS = {requests.TooManyRedirects: "redirect loop", requests.exceptions.InvalidURL: "invalid URL"}


def _reason(exc: Exception) -> str:
    """What went wrong, without the URL (it carries the webhook's token)."""
    said = next((r for kind, r in _REASONS.items() if isinstance(exc, kind)), None)
    if said is None and isinstance(exc, requests.exceptions.MissingSchema | requests.exceptions.InvalidSchema):
        said = "invalid URL"
    return f"{said or 'request error'} ({type(exc).__name__})"


def log_alert(message: str, *, severity: str, check_id: str, **fields: object) -> None:
    """A freshness_alert entry at the finding's severity (what log-based alerting filters on)."""
    log_event(logger, message, event="freshness_alert", level=LEVELS[severity], check_id=check_id, **fields)


def slack_message(check_id: str, stale_tables: list[dict], games: list[dict]) -> dict:
    """Slack-compatible JSON: `text` for any webhook, `blocks` for Slack."""
    text = f"Courtside freshness {check_id}: {len(stale_tables)} stale table(s), {len(games)} missing game(s)"
    lines = [
        f"• [{t['severity']}] *{t['table']}*.{t['column']}: {t['issue']}"
        + (f" ({t['hours_stale']:.1f} h, error after {t['error_after']:g} h)" if t["hours_stale"] is not None else "")
        for t in stale_tables
    ]
    lines += [
        f"• {g['game_date']} {g['matchup']} ({g['game_id']}): {g['issue']} in {g['source_table']} "
        f"({g['players_found']}/{g['min_players']} players)"
        for g in games
    ]
    body = "\n".join(lines)
    if len(body) > _SLACK_SECTION_MAX:
        body = body[:_SLACK_SECTION_MAX].rsplit("\n", 1)[0] + "\n…"
    return {
        "text": text,
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": "Courtside data freshness"}},
            {"type": "section", "text": {"type": "mrkdwn", "text": f"{text}\n{body}"}},
        ],
    }


@dataclass(frozen=True)
class Delivery:
    """How the webhook POST ended."""

    sent: bool
    attempts: int
    error: str | None = None


class Webhook:
    """POST a JSON body under the shared retry loop: 429/5xx/connection errors retried, attempts and time bounded."""

    def __init__(
        self,
        url: str,
        *,
        attempts: int,
        timeout_s: float,
        deadline_s: float,
        base_s: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._url = url  # a Slack webhook URL is a secret: never logged
        policy = RetryPolicy(attempts, deadline_s, base_s, max(base_s, deadline_s / 2), timeout_s, "alert_webhook")
        self._retrier = Retrier(policy, clock=clock, sleep=sleep, event=RETRY_EVENT)

    def _post(self, payload: dict, timeout_s: float) -> Attempt:
        try:
            response = requests.post(self._url, json=payload, timeout=timeout_s)
        except (requests.ConnectionError, requests.Timeout) as exc:
            unreachable = f"webhook unreachable ({type(exc).__name__})"
            return Attempt(ok=False, status=AttemptFailure.CONNECTION, error=unreachable, retriable=True)
        except (requests.RequestException, ValueError) as exc:  # redirect loop, invalid URL: retrying cannot help
            return Attempt(ok=False, status="invalid", error=f"webhook failed: {_reason(exc)}")
        if response.status_code < 300:
            return Attempt(ok=True, status=response.status_code)
        return refused(response.status_code, response.headers, f"webhook answered {response.status_code}")

    def send(self, payload: dict) -> Delivery:
        """POST once or a few times; never raises."""
        outcome = self._retrier.call(
            lambda timeout_s: self._post(payload, timeout_s),
            name="alert webhook",
            deadline_at=self._retrier.deadline_from_now(),
            fields={"target": "alert_webhook"},
        )
        return Delivery(outcome.last.ok, outcome.attempts, outcome.last.error)
