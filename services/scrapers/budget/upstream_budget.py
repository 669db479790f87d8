"""The upstream budget every upstream call goes through: /scrape's fetch path and the executor's retries."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from datetime import datetime, timedelta

from services.scrapers.budget.store import BudgetStore
from shared.errors import QuotaExhausted, UpstreamClosed
from shared.log import log_event
from shared.resilience import budget
from shared.resilience.quota import next_reset, read_quota

logger = logging.getLogger(__name__)


class UpstreamBudget:
    """Quota, cool-down and retry budget per upstream, shared by every instance through the BudgetStore."""

    def __init__(self, store: BudgetStore) -> None:
        self.store = store
        self.lock = threading.Lock()  # a token or a credit is taken (decided and held) by one thread at a time

    # The fetch path (/scrape): before and after each upstream request.

    def check(self, upstream: str, scraper: str) -> None:
        """Raise, without touching the network, when the upstream is closed (quota gone or cooling down)."""
        state = self.store.state(upstream)
        reason = budget.closed(state, self.store.clock())
        if reason is None:
            return
        self.short_circuit(upstream, reason, scraper=scraper)
        left = ((state.closed_until or self.store.clock()) - self.store.clock()).total_seconds()
        if state.closed_kind == "exhausted":
            raise QuotaExhausted(reason)
        raise UpstreamClosed(reason, retry_after_s=max(0.0, left))

    def observe_quota(
        self, upstream: str, headers: Mapping[str, str], scraper: str, reservation: str | None = None
    ) -> bool:
        """Record the credit headers of one answer (settling its reservation); bad ones are ignored with a warning;
        0 left closes it. False when no header could be read."""
        reading, warnings = read_quota(headers)
        for warning in warnings:
            log_event(
                logger,
                f"{upstream}: quota header {warning}",
                event="quota_header_invalid",
                level=logging.WARNING,
                upstream=upstream,
                scraper=scraper,
            )
        if reading is None:
            return False
        fact, row = self.store.hold(
            upstream,
            "quota",
            scraper=scraper,
            credits_remaining=reading.remaining,
            credits_used=reading.used,
            credits_last=reading.last,
            reason=reservation,
        )
        if reading.remaining == 0:  # closed here before anything is written: no request of ours goes out after
            self.exhausted(upstream, "x-requests-remaining: 0", scraper=scraper)
        self.store.write(row)
        return True

    def exhausted(self, upstream: str, reason: str, *, scraper: str | None = None) -> None:
        """The upstream's credits are gone: closed for every caller until the quota resets (recorded once)."""
        with self.lock:  # two threads seeing the last credit go close it once
            if self.store.state(upstream).closed_kind == "exhausted":
                return
            until = next_reset(self.store.clock(), self.store.reset_day)
            _, row = self.store.hold(upstream, "exhausted", until=until, reason=reason, scraper=scraper)
        self.store.write(row)
        self._log_closed(upstream, "exhausted", until, reason, scraper=scraper)

    # The executor: before a call, before each retry, after the call.

    def admit_call(self, upstream: str, *, priority: int, scraper: str, workflow: str) -> str | None:
        """None when the call may go; else the reason it is skipped (recorded as a short circuit)."""
        state = self.store.state(upstream)
        reason = budget.admit_call(state, self.store.rules, self.store.clock(), priority)
        if reason is not None:
            self.short_circuit(upstream, reason, scraper=scraper, workflow=workflow)
        return reason

    def admit_retry(self, upstream: str, *, scraper: str, workflow: str) -> str | None:
        """None (and a token taken) when a retry may go; else the reason it is skipped, recorded.

        The check and the take are one step under the lock: parallel callers never pass the check on one token.
        """
        with self.lock:
            reason = budget.admit_retry(self.store.state(upstream), self.store.rules)
            kind = "retry" if reason is None else "retry_skipped"
            _, row = self.store.hold(upstream, kind, scraper=scraper, workflow=workflow, reason=reason)
        self.store.write(row)
        if reason is None:
            return None
        log_event(
            logger,
            f"Retry skipped for {scraper}: {reason}",
            event="retry_skipped",
            level=logging.WARNING,
            upstream=upstream,
            scraper=scraper,
            workflow=workflow,
            reason=reason,
        )
        return reason

    def succeeded(self, upstream: str, *, scraper: str, workflow: str) -> None:
        """A call went through: the upstream's retry bucket refills a little."""
        self.store.record(upstream, "success", scraper=scraper, workflow=workflow)

    def cool_down(self, upstream: str, seconds: float, reason: str, *, scraper: str, workflow: str) -> None:
        """A Retry-After beyond the caller's deadline: closed for that long for every caller."""
        until = self.store.clock() + timedelta(seconds=seconds)
        self._close(upstream, "cooldown", until, reason, scraper=scraper, workflow=workflow)

    def _close(self, upstream: str, kind: str, until: datetime, reason: str, **who: str | None) -> None:
        self.store.record(upstream, kind, until=until, reason=reason, **who)
        self._log_closed(upstream, kind, until, reason, **who)

    def _log_closed(self, upstream: str, kind: str, until: datetime, reason: str, **who: str | None) -> None:
        when = until.isoformat().replace("+00:00", "Z")
        log_event(
            logger,
            f"Upstream {upstream} closed until {when}: {reason}",
            event="upstream_closed",
            level=logging.WARNING,
            upstream=upstream,
            kind=kind,
            until=when,
            reason=reason,
            **who,
        )

    def short_circuit(self, upstream: str, reason: str, **who: str | None) -> None:
        self.store.record(upstream, "short_circuit", reason=reason, **who)
        log_event(
            logger,
            f"Short-circuited call to {upstream}: {reason}",
            event="upstream_short_circuit",
            level=logging.WARNING,
            upstream=upstream,
            reason=reason,
            **who,
        )
