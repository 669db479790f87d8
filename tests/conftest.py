"""Fixtures shared by every test: the real BigQuery stand-in, isolated projects, settings, app clients."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from local import bigquery_standin
from shared.settings import Settings
from shared.warehouse import Warehouse
from tests.standin_settings import fresh_settings


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Long modules first, then e2e, integration, unit: two workers (--dist loadscope) take modules in this order, so
    a minute-long module collected last would otherwise run alone at the end."""

    def tier(item: pytest.Item) -> int:
        if item.get_closest_marker("long"):
            return 0
        return 1 if item.get_closest_marker("e2e") else 2 if item.get_closest_marker("integration") else 3

    items.sort(key=tier)  # stable: each module keeps its own order


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """Put the root logger's handlers and level back after a test that configures logging."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture(scope="session")
def bq_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One in-memory stand-in process for the whole session on a free 127.0.0.1 port."""
    with bigquery_standin.serve(tmp_path_factory.mktemp("bq"), "courtside-test", ephemeral=True) as url:
        yield url


@pytest.fixture(scope="session")
def gcs_endpoint() -> Iterator[str]:
    """A GCS emulator (gcp-storage-emulator, in memory, in this process) on a free 127.0.0.1 port."""
    from gcp_storage_emulator.server import create_server

    from local.processes import free_port

    port = free_port()
    server = create_server("127.0.0.1", port, in_memory=True)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def settings(bq_endpoint: str, tmp_path: Path) -> Settings:
    """Settings for one test: its own project on the stand-in (an empty warehouse), auth off, short retries."""
    return fresh_settings(bq_endpoint, tmp_path)


@pytest.fixture
def warehouse(settings: Settings) -> Warehouse:
    """A warehouse with every table of the schemas in code created, empty."""
    wh = Warehouse.from_settings(settings)
    wh.ensure_tables()
    return wh
