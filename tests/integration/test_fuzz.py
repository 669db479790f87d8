"""A short run of `make fuzz`: schemathesis' CLI with every check against each service, on the stand-ins."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from shared.openapi import OPENAPI_PATH
from tests.fuzz.apps import SERVICES, service_apps
from tests.fuzz.harness import fuzz
from tests.fuzz.serve import served

pytestmark = [pytest.mark.integration, pytest.mark.long]
# Per operation; analytics runs its processors on every valid request, so fewer. `make fuzz` runs many more.
EXAMPLES = {"scrapers": 5, "analytics": 3, "freshness": 5}
SEED = 19


@pytest.fixture(scope="module")
def apps(bq_endpoint, tmp_path_factory) -> Iterator[dict[str, Flask]]:
    with service_apps(bq_endpoint, tmp_path_factory.mktemp("fuzz")) as built:
        yield built


@pytest.mark.parametrize("service", SERVICES)
def test_schemathesis_with_every_check_finds_nothing(apps, service, tmp_path):
    with served(apps[service]) as url:
        run = fuzz(service, url, examples=EXAMPLES[service], seed=SEED, report_dir=tmp_path)
    assert run.returncode == 0, run.output[-6000:]
    tested = run.summary.split("Tested:", 1)[1].split()[0]
    document = apps[service].extensions["openapi"]  # schemathesis leaves out the document's own path
    assert int(tested) == sum(len(item) for path, item in document["paths"].items() if path != OPENAPI_PATH)
