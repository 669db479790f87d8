"""Fixtures of the /scrape tests: a fake upstream serving the real samples and a scrapers app pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from services.scrapers.app import create_app
from shared.settings import Settings
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
