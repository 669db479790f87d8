"""Paginators: given the query and the page just read, the next page's query or None when done."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


class Paginator(Protocol):
    """How an endpoint pages: the first query, then one query per further page."""

    def first(self, query: dict[str, Any]) -> dict[str, Any]: ...

    def next(self, query: dict[str, Any], body: Any) -> dict[str, Any] | None: ...


class SinglePage:
    """The whole answer in one response."""

    def first(self, query: dict[str, Any]) -> dict[str, Any]:
        return query

    def next(self, query: dict[str, Any], body: Any) -> dict[str, Any] | None:
        return None


@dataclass(frozen=True)
class CursorPages:
    """Ball Don't Lie: send meta.next_cursor back as `cursor` until the key is absent."""

    per_page: int = 100

    def first(self, query: dict[str, Any]) -> dict[str, Any]:
        return {**query, "per_page": self.per_page}

    def next(self, query: dict[str, Any], body: Any) -> dict[str, Any] | None:
        meta = body.get("meta") if isinstance(body, dict) else None
        cursor = meta.get("next_cursor") if isinstance(meta, dict) else None
        if cursor is None or str(cursor) == str(query.get("cursor")):
            return None
        return {**query, "cursor": cursor}


@dataclass(frozen=True)
class NumberedPages:
    """BettingPros: page=1..N, reading N from _pagination.total_pages, until page == total_pages."""

    limit: int = 10

    def first(self, query: dict[str, Any]) -> dict[str, Any]:
        return {**query, "limit": self.limit, "page": 1}

    def next(self, query: dict[str, Any], body: Any) -> dict[str, Any] | None:
        info = body.get("_pagination") if isinstance(body, dict) else None
        if not isinstance(info, dict):
            return None
        page = int(info.get("page") or query["page"])
        total = int(info.get("total_pages") or page)
        return {**query, "page": page + 1} if page < total else None
