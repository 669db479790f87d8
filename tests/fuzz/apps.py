"""The three services on the stand-ins, as the fuzzer and the contract test use them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from flask import Flask
from pydantic import HttpUrl

from local.upstream_standin.server import serve_in_thread
from services.analytics.app import create_app as analytics_app
from services.freshness.app import create_app as freshness_app
from services.scrapers.app import create_app as scrapers_app
from shared.warehouse import Warehouse
from tests.integration.scrape.support import scrape_settings
from tests.integration.scrape_double import ScrapeDouble, serve
from tests.standin_settings import fresh_settings

SERVICES = ("scrapers", "analytics", "freshness")


@contextmanager
def service_apps(bq_endpoint: str, folder: Path) -> Iterator[dict[str, Flask]]:
    """Every service on one warehouse project with its tables; scrapers' upstreams at the upstream stand-in and its
    executor's /scrape calls at a double answering success at once (a workflow run stays a few warehouse writes)."""
    settings = fresh_settings(bq_endpoint, folder)
    warehouse = Warehouse.from_settings(settings)
    warehouse.ensure_tables()
    with ExitStack() as stack:
        upstream = serve_in_thread(seed=1)
        stack.callback(upstream.stop)
        executor_target = stack.enter_context(serve(ScrapeDouble({})))
        scraping = scrape_settings(settings, upstream.url, upstream_timeout_s=10, scrapers_url=HttpUrl(executor_target))
        yield {
            "scrapers": scrapers_app(scraping, warehouse=warehouse),
            "analytics": analytics_app(settings, warehouse=warehouse),
            "freshness": freshness_app(settings, warehouse=warehouse),
        }
