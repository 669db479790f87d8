"""The declarative scraper: attributes say where and what; one transform turns a page into rows."""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

import requests

from services.scrapers.scrape import convert
from services.scrapers.scrape.fetch import Page
from services.scrapers.scrape.hedge import hedged
from services.scrapers.scrape.page_retry import PageRetry
from services.scrapers.scrape.paginate import Paginator, SinglePage
from services.scrapers.scrape.params import OptionalDateParams, ScrapeParams
from services.scrapers.scrape.sources import Source
from services.scrapers.scrape.upstream_call import get_page, retry_budget
from shared.eastern import day_bounds, eastern_today
from shared.errors import CourtsideError, NotFound, UpstreamFatal
from shared.settings import Settings

if TYPE_CHECKING:
    from services.scrapers.budget.upstream_budget import UpstreamBudget

MAX_PAGES = 200
_SHAPE_ERRORS = (KeyError, IndexError, TypeError, ValueError, AttributeError)


@dataclass(frozen=True)
class ScrapeContext:
    """What a transform may know besides the payload."""

    params: Any
    processed_at: datetime


class Scraper:
    """Subclasses set the attributes and write transform(); everything else is shared here."""

    name: ClassVar[str]
    source: ClassVar[Source]
    endpoint: ClassVar[str]  # archive folder: <source>/<endpoint>/<date>/<timestamp>.json
    path: ClassVar[str]  # formatted with the params (and day_start_utc/day_end_utc when there is a date)
    query: ClassVar[Mapping[str, Any]] = {}
    headers: ClassVar[Mapping[str, str]] = {}
    params: ClassVar[type[ScrapeParams]] = OptionalDateParams
    paginator: ClassVar[Paginator] = SinglePage()
    table: ClassVar[str]
    payload_type: ClassVar[type] = dict
    records_key: ClassVar[str | None] = None  # top-level key that must hold a list
    summary: ClassVar[Mapping[str, str]] = {}  # data_summary key → column whose distinct values it lists
    description: ClassVar[str] = ""

    def transform(self, payload: Any, ctx: ScrapeContext) -> list[dict[str, Any]]:
        """Rows for self.table from one page (processed_at and archive_path are added by the base)."""
        raise NotImplementedError

    def data_summary(self, rows: list[dict[str, Any]], params: Any) -> dict[str, Any]:
        """What later workflow steps need (e.g. event_ids): distinct values of the `summary` columns."""
        return {key: sorted({r[col] for r in rows if r.get(col) is not None}) for key, col in self.summary.items()}

    def run_date(self, params: Any, now: datetime) -> date:
        """The date a scrape is about: its `date` parameter, else the US/Eastern date at `now`."""
        return getattr(params, "date", None) or eastern_today(now)

    def _vars(self, params: Any) -> dict[str, Any]:
        values = params.model_dump(mode="json")
        if isinstance(getattr(params, "date", None), date):
            start, end = day_bounds(params.date)
            values |= {"day_start_utc": convert.iso_z(start), "day_end_utc": convert.iso_z(end)}
        return values

    def request(self, params: Any, settings: Settings) -> tuple[str, dict[str, Any], dict[str, str]]:
        """(url, query, headers): path and query templates filled from the params, auth from settings."""
        values = self._vars(params)
        auth_headers, auth_query = self.source.auth(settings)
        query = {k: v.format(**values) if isinstance(v, str) else v for k, v in self.query.items()}
        query = {k: v for k, v in query.items() if v is not None and v != ""}
        url = self.source.base_url(settings) + self.path.format(**values)
        return url, {**query, **auth_query}, {**auth_headers, **self.headers}

    def fetch(
        self,
        params: Any,
        settings: Settings,
        session: requests.Session,
        budget: UpstreamBudget | None = None,
        retry: PageRetry | None = None,
    ) -> list[Page]:
        """Every page of the answer, following the paginator; upstream trouble raises classified errors.

        Each page's retriable faults are retried under `retry`, which also ends every call at the caller's
        deadline; a page slower than COURTSIDE_UPSTREAM_HEDGE_AFTER_S is raced by a second request. With a
        budget, each request first asks it (a closed upstream raises without touching the network) and every
        answer's credit headers and an out-of-credits refusal are reported to it.
        """
        url, query, headers = self.request(params, settings)
        retry = retry or PageRetry(settings)
        pages: list[Page] = []
        next_query: dict[str, Any] | None = self.paginator.first(query)
        while next_query is not None:
            if len(pages) >= MAX_PAGES:
                raise UpstreamFatal(f"{self.source.name}: more than {MAX_PAGES} pages; pagination never ends")
            request = (url, next_query, headers)
            fields = {"scraper": self.name, "page": len(pages) + 1}
            may_retry = retry_budget(budget, self.source, self.name)
            fetch_page = hedged(
                partial(get_page, self.source, self.name, request, settings, session, budget),
                0.0 if self.source.credits else settings.upstream_hedge_after_s,  # a hedge would spend a credit
                may_retry,
            )
            try:
                page = retry.get(fetch_page, name=self.name, fields=fields, may_retry=may_retry)
            except UpstreamFatal as exc:
                raise self._unknown_resource(exc, params) from exc
            self._check_shape(page.body)
            pages.append(page)
            next_query = self.paginator.next(next_query, page.body)
        return pages

    def _unknown_resource(self, exc: UpstreamFatal, params: Any) -> CourtsideError:
        """An upstream 404 on a path built from one of the caller's parameters: that parameter names nothing."""
        named = [f for _, f, _, _ in string.Formatter().parse(self.path) if f and f in type(params).model_fields]
        if exc.upstream_status != 404 or not named:
            return exc
        value = getattr(params, named[0])
        return NotFound(f"{named[0]}: {self.source.name} knows no {value!r} ({exc.message})", field=named[0])

    def _check_shape(self, body: Any) -> None:
        kind = "object" if self.payload_type is dict else "array"
        if not isinstance(body, self.payload_type):
            raise UpstreamFatal(f"{self.name}: wrong shape: expected a JSON {kind}, got {type(body).__name__}")
        records = body.get(self.records_key) if self.records_key and isinstance(body, dict) else []
        if not isinstance(records, list):
            raise UpstreamFatal(f"{self.name}: wrong shape: '{self.records_key}' is missing or not a list")

    def rows(self, pages: list[Page], ctx: ScrapeContext, archive_path: str) -> list[dict[str, Any]]:
        """Transform every page and stamp lineage; shape problems are fatal (the warehouse validates the rows)."""
        rows: list[dict[str, Any]] = []
        try:
            for page in pages:
                rows.extend(self.transform(page.body, ctx))
        except _SHAPE_ERRORS as exc:
            raise UpstreamFatal(f"{self.name}: wrong shape: {type(exc).__name__} {exc}") from exc
        return [{**r, "processed_at": ctx.processed_at, "archive_path": archive_path} for r in rows]

    @classmethod
    def describe(cls) -> dict[str, Any]:
        """Name, table, source and parameters (from the params model), for GET /scrapers."""
        schema = cls.params.model_json_schema()
        return {
            "name": cls.name,
            "description": cls.description,
            "source": cls.source.name,
            "table": cls.table,
            "params": schema.get("properties", {}),
            "required": schema.get("required", []),
        }
