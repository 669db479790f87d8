"""One upstream request under the upstream's budget: asked first, told the credits and an exhausted quota."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

import requests

from services.scrapers.budget.reservations import reserve, unanswered
from services.scrapers.scrape.fetch import Page, get_json
from services.scrapers.scrape.sources import Source, secrets
from shared.errors import QuotaExhausted
from shared.orchestration.upstream_budget import PAGE_RETRY_WORKFLOW
from shared.settings import Settings

if TYPE_CHECKING:
    from services.scrapers.budget.upstream_budget import UpstreamBudget


def retry_budget(budget: UpstreamBudget | None, source: Source, scraper: str) -> Callable[[], str | None] | None:
    """The upstream's retry budget, asked before a page retry (the executor asks it before a scrape retry)."""
    if budget is None:
        return None
    return partial(budget.admit_retry, source.name, scraper=scraper, workflow=PAGE_RETRY_WORKFLOW)


def get_page(
    source: Source,
    scraper: str,
    request: tuple[str, dict[str, Any], dict[str, str]],
    settings: Settings,
    session: requests.Session,
    budget: UpstreamBudget | None,
    timeout_s: float,
) -> Page:
    """GET one page; a closed upstream raises before the network; a billable one's credits are reserved first and
    settled by the answer's credit headers (a request with no readable answer keeps its credit held)."""
    url, query, headers = request
    if budget is None:
        return _get(source, url, query, headers, settings, session, timeout_s, None)
    budget.check(source.name, scraper)
    if not source.credits:
        return _get(source, url, query, headers, settings, session, timeout_s, None)
    reservation = reserve(budget, source.name, scraper, patience_s=timeout_s)  # a first request finds out
    read: list[bool] = []

    def observe(_status: int, answer: Mapping[str, str]) -> None:
        read.append(budget.observe_quota(source.name, answer, scraper, reservation))

    try:
        return _get(source, url, query, headers, settings, session, timeout_s, observe)
    except QuotaExhausted as exc:
        budget.exhausted(source.name, exc.message, scraper=scraper)
        raise
    finally:
        if not any(read):
            unanswered(budget, source.name, reservation, scraper)


def _get(
    source: Source,
    url: str,
    query: dict[str, Any],
    headers: dict[str, str],
    settings: Settings,
    session: requests.Session,
    timeout_s: float,
    observe: Callable[[int, Mapping[str, str]], None] | None,
) -> Page:
    return get_json(session, url, source=source.name, params=query, headers=headers, timeout_s=timeout_s,
                    secrets=secrets(settings), on_answer=observe)  # fmt: skip
