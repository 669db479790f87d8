"""Each app factory builds without network at import time and answers the health route."""

import importlib

import pytest

from shared.web import HEALTH_PATH

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("service", ["scrapers", "analytics", "freshness"])
def test_health_reports_service_commit_and_warehouse(settings, warehouse, service):
    create_app = importlib.import_module(f"services.{service}.app").create_app
    client = create_app(settings, warehouse=warehouse).test_client()
    body = client.get(HEALTH_PATH).get_json()
    assert body == {"service": service, "commit": "dev", "warehouse": True}


def test_health_says_when_warehouse_does_not_answer(tmp_path):
    from local.processes import free_port
    from services.scrapers.app import create_app
    from shared.settings import load_settings

    settings = load_settings(bq_endpoint=f"http://127.0.0.1:{free_port()}", bq_retry_deadline_s=1)
    body = create_app(settings).test_client().get(HEALTH_PATH).get_json()
    assert body["warehouse"] is False
