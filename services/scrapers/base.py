"""The declarative scraper: attributes say where and what; one transform turns a page into rows."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Annotated, Any, ClassVar

import requests
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from services.scrapers import convert
from services.scrapers.fetch import Page, get_json
from services.scrapers.page_retry import PageRetry
from services.scrapers.paginate import Paginator, SinglePage
from services.scrapers.sources import Source, secrets
from shared.eastern import day_bounds, eastern_today
from shared.errors import UpstreamFatal
from shared.settings import Settings

MAX_PAGES = 200
_SHAPE_ERRORS = (KeyError, IndexError, TypeError, ValueError, AttributeError)


def _iso_date(value: Any) -> Any:
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("expected a date as YYYY-MM-DD")
    if not isinstance(value, str | date):
        raise ValueError("expected a date as YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


class ScrapeParams(BaseModel):
    """Parameters of a scrape (the /scrape body minus "scraper")."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class DateParams(ScrapeParams):
    date: IsoDate = Field(description="US/Eastern game date, YYYY-MM-DD")


class OptionalDateParams(ScrapeParams):
    date: IsoDate = Field(default_factory=eastern_today, description="US/Eastern date; default today")


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

    def run_date(self, params: Any) -> date:
        """The date a scrape is about: its `date` parameter, else today in US/Eastern."""
        return getattr(params, "date", None) or eastern_today()

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
        self, params: Any, settings: Settings, session: requests.Session, retry: PageRetry | None = None
    ) -> list[Page]:
        """Every page of the answer, following the paginator, each page's transient faults retried under `retry`;
        upstream trouble raises classified errors."""
        url, query, headers = self.request(params, settings)
        retry = retry or PageRetry(settings)
        pages: list[Page] = []
        next_query: dict[str, Any] | None = self.paginator.first(query)
        while next_query is not None:
            if len(pages) >= MAX_PAGES:
                raise UpstreamFatal(f"{self.source.name}: more than {MAX_PAGES} pages; pagination never ends")
            page = retry.get(
                partial(
                    get_json,
                    session,
                    url,
                    source=self.source.name,
                    params=next_query,
                    headers=headers,
                    secrets=secrets(settings),
                ),  # fmt: skip
                name=self.name,
                fields={"scraper": self.name, "page": len(pages) + 1},
            )
            self._check_shape(page.body)
            pages.append(page)
            next_query = self.paginator.next(next_query, page.body)
        return pages

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
