"""The upstreams section: calls, failures and no-data answers per upstream today from the scrapers' run records, and
the executor's retries as its runs recorded them (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

# Scraper names start with their source's prefix (services/scrapers/upstreams/): the page groups by it.
UPSTREAM_OF_PREFIX = {
    "nbac": "NBA.com",
    "oddsa": "The Odds API",
    "bp": "BettingPros",
    "espn": "ESPN",
    "bdl": "Ball Don't Lie",
}


# The budget facts name upstreams by the scrapers' source names.
UPSTREAM_OF_SOURCE = {"nbacom": "NBA.com", "oddsapi": "The Odds API", "bettingpros": "BettingPros", "espn": "ESPN",
                      "bdl": "Ball Don't Lie"}  # fmt: skip


def credits(budgets: dict[str, dict[str, Any]], day: date) -> list[dict[str, Any]]:
    """Credits used on `day` per upstream, from the budget facts' totals (only upstreams that charge credits)."""
    return [
        {"upstream": UPSTREAM_OF_SOURCE.get(source, source), "used": totals["credits_by_day"].get(day, 0),
         "remaining": totals.get("remaining")}
        for source, totals in budgets.items() if totals.get("credits_by_day")
    ]  # fmt: skip


def upstream_of(scraper: str) -> str:
    """The upstream a scraper calls, by its name's prefix; unknown prefixes stand for themselves."""
    prefix = scraper.split("_", 1)[0]
    return UPSTREAM_OF_PREFIX.get(prefix, prefix)


def section(
    rows: list[dict[str, Any]], retries: Mapping[str, int], budgets: list[dict[str, Any]] | None
) -> list[dict[str, Any]]:
    """Per upstream: calls, the executor's retries (`retries`: by scraper), failures, no-data answers, its scrapers,
    and quota used when recorded."""
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        name = upstream_of(row["scraper"])
        entry = found.setdefault(
            name, {"upstream": name, "calls": 0, "retries": 0, "failures": 0, "no_data": 0, "scrapers": []}
        )
        for field in ("calls", "failures", "no_data"):
            entry[field] += row[field] or 0
        entry["retries"] += retries.get(row["scraper"], 0)
        entry["scrapers"].append(row["scraper"])
    quota = {b["upstream"]: b for b in budgets or []}
    for entry in found.values():
        entry["failure_rate"] = round(entry["failures"] / entry["calls"], 4) if entry["calls"] else None
        entry["quota_used"] = quota.get(entry["upstream"], {}).get("used")
        entry["quota_remaining"] = quota.get(entry["upstream"], {}).get("remaining")
    return sorted(found.values(), key=lambda e: e["upstream"])
