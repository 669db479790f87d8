"""schemathesis against every service on the stand-ins: no 5xx, answers as documented, 4xx naming a field."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from shared.openapi import OPENAPI_PATH
from tests.fuzz.apps import SERVICES, service_apps
from tests.fuzz.harness import fuzz

pytestmark = pytest.mark.integration
EXAMPLES = {"scrapers": 6, "analytics": 6, "freshness": 3}  # per endpoint and mode; `make fuzz` runs many more
SEED = 19


@pytest.fixture(scope="module")
def apps(bq_endpoint, tmp_path_factory) -> Iterator[dict[str, Flask]]:
    with service_apps(bq_endpoint, tmp_path_factory.mktemp("fuzz")) as built:
        yield built


@pytest.mark.parametrize("service", SERVICES)
def test_fuzzing_finds_no_server_error_and_no_undocumented_answer(apps, service):
    campaign = fuzz(apps[service], examples=EXAMPLES[service], seed=SEED)
    assert campaign.problems == []
    document = apps[service].extensions["openapi"]
    operations = {f"{m.upper()} {p}" for p, item in document["paths"].items() for m in item if p != OPENAPI_PATH}
    assert {label.rsplit(" ", 1)[0] for label in campaign.tried} == operations
