"""Fixtures of the /scrape tests: a fake upstream serving the real samples and a scrapers app pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from local.processes import free_port
from services.scrapers.app import create_app
from shared.settings import Settings, load_settings
from shared.warehouse import Warehouse
from tests.integration.fake_upstream import FakeUpstream
from tests.integration.scrape.support import scrape_settings


@pytest.fixture(scope="module")
def upstream() -> Iterator[FakeUpstream]:
    """A fake upstream serving the real samples, shared by a module's tests."""
    fake = FakeUpstream().start()
    yield fake
    fake.stop()


@pytest.fixture
def client(settings: Settings, warehouse: Warehouse, upstream: FakeUpstream) -> FlaskClient:
    """A scrapers app test client pointed at the fake upstream and the real warehouse stand-in."""
    upstream.clear()
    return create_app(scrape_settings(settings, upstream.url), warehouse=warehouse).test_client()


@pytest.fixture
def outage(settings, warehouse, upstream):
    """A scrapers app whose warehouse is down (nothing listens), archiving into the test's archive folder."""
    upstream.clear()
    down = Warehouse.from_settings(load_settings(bq_endpoint=f"http://127.0.0.1:{free_port()}"))
    return create_app(scrape_settings(settings, upstream.url), warehouse=down).test_client()
