"""One upstream request under the upstream's budget: asked first, told the credits and an exhausted quota."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

import requests

from services.scrapers.scrape.fetch import Page, get_json
from services.scrapers.scrape.sources import Source, secrets
from shared.errors import QuotaExhausted
from shared.settings import Settings

if TYPE_CHECKING:
    from services.scrapers.budget.upstream_budget import UpstreamBudget


def retry_budget(budget: UpstreamBudget | None, source: Source, scraper: str) -> Callable[[], str | None] | None:
    """The upstream's retry budget, asked before a page retry (the executor asks it before a scrape retry)."""
    if budget is None:
        return None
    return partial(budget.admit_retry, source.name, scraper=scraper, workflow="page retry")


def get_page(
    source: Source,
    scraper: str,
    request: tuple[str, dict[str, Any], dict[str, str]],
    settings: Settings,
    session: requests.Session,
    budget: UpstreamBudget | None,
    timeout_s: float,
) -> Page:
    """GET one page; a closed upstream raises before the network, every answer's credit headers are reported."""
    url, query, headers = request
    if budget is not None:
        budget.check(source.name, scraper)
    observe = None
    if budget is not None and source.credits:
        observe = lambda _status, answer: budget.observe_quota(source.name, answer, scraper)  # noqa: E731
    try:
        return get_json(
            session,
            url,
            source=source.name,
            params=query,
            headers=headers,
            timeout_s=timeout_s,
            secrets=secrets(settings),
            on_answer=observe,
        )
    except QuotaExhausted as exc:
        if budget is not None:
            budget.exhausted(source.name, exc.message, scraper=scraper)
        raise
