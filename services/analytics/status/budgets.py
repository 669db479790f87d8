"""The budgets section: per upstream today, calls, the executor's and the pages' retries, skipped retries, short
circuits, credits, and each closure or reopen with until when and why (pure, from the budget facts)."""

from __future__ import annotations

from typing import Any

from services.analytics.status.upstreams import UPSTREAM_OF_SOURCE

CLOSURE_KINDS = ("exhausted", "cooldown", "reopened")


def section(totals: dict[str, dict[str, Any]], closures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per upstream with budget facts today, by name."""
    rows = []
    for source, t in sorted(totals.items()):
        counts = t["counts"]
        rows.append({
            "upstream": UPSTREAM_OF_SOURCE.get(source, source),
            "calls_ok": counts.get("success", 0),
            "retries": counts.get("retry", 0),
            "page_retries": counts.get("page_retry", 0),
            "retries_skipped": counts.get("retry_skipped", 0),
            "short_circuits": counts.get("short_circuit", 0),
            "credits_used": sum(t["credits_by_day"].values()) if t["credits_by_day"] else None,
            "credits_remaining": t.get("remaining"),
            "closures": [
                {"kind": c["kind"], "at": c["occurred_at"].isoformat(), "until": c["until"].isoformat() if c["until"]
                 else None, "why": c.get("reason") or ""}
                for c in closures if c["upstream"] == source
            ],
        })  # fmt: skip
    return rows
