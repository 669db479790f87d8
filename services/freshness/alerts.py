"""Alerts: one structured log line per finding (event=freshness_alert) and an optional Slack-style webhook."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import requests
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt, stop_before_delay
from tenacity.wait import wait_random_exponential

from shared.log import log_event

logger = logging.getLogger("courtside.freshness")
LEVELS = {"WARNING": logging.WARNING, "ERROR": logging.ERROR, "CRITICAL": logging.CRITICAL}
_SLACK_SECTION_MAX = 2900


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


class _Retriable(Exception):
    def __init__(self, message: str, retry_after_s: float | None = None) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


@dataclass(frozen=True)
class Delivery:
    """How the webhook POST ended."""

    sent: bool
    attempts: int
    error: str | None = None


class Webhook:
    """POST a JSON body, retrying 429/5xx/connection errors with jittered backoff; attempts and time bounded."""

    def __init__(
        self,
        url: str,
        *,
        attempts: int = 4,
        timeout_s: float = 5.0,
        deadline_s: float = 20.0,
        base_s: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._url = url  # a Slack webhook URL is a secret: never logged
        self._timeout_s = timeout_s
        self._jitter = wait_random_exponential(multiplier=base_s, max=max(base_s, deadline_s / 2))
        self._retrying = Retrying(
            stop=stop_after_attempt(attempts) | stop_before_delay(deadline_s),  # a too-long Retry-After fails fast
            wait=self._wait,
            retry=retry_if_exception_type(_Retriable),
            sleep=sleep,
            before_sleep=self._log_retry,
            reraise=True,
        )

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        hinted = getattr(exc, "retry_after_s", None)
        return float(hinted) if hinted is not None else float(self._jitter(state))

    def _log_retry(self, state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        log_event(
            logger,
            f"Retry attempt {state.attempt_number + 1} for alert webhook",
            event="retry_attempt",
            level=logging.WARNING,
            target="alert_webhook",
            attempt=state.attempt_number,
            wait_s=round(state.upcoming_sleep, 3),
            error=str(exc),
        )

    def _post(self, payload: dict) -> None:
        try:
            response = requests.post(self._url, json=payload, timeout=self._timeout_s)
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise _Retriable(f"webhook unreachable ({type(exc).__name__})") from None
        if response.status_code == 429 or response.status_code >= 500:
            after = response.headers.get("Retry-After", "")
            raise _Retriable(f"webhook answered {response.status_code}", float(after) if after.isdigit() else None)
        if response.status_code >= 300:
            raise RuntimeError(f"webhook answered {response.status_code}")

    def send(self, payload: dict) -> Delivery:
        """POST once or a few times; never raises."""
        attempts = 0
        try:
            for attempt in self._retrying:
                with attempt:
                    attempts = attempt.retry_state.attempt_number
                    self._post(payload)
        except (_Retriable, RuntimeError) as exc:
            return Delivery(False, attempts, str(exc))
        return Delivery(True, attempts)
