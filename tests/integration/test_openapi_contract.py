"""Each service's OpenAPI document: every route Flask registers is in it and vice versa, and it is served."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask

from services.scrapers.api import workflow_bodies
from shared.openapi import OPENAPI_PATH
from tests.fuzz.apps import SERVICES, service_apps

pytestmark = pytest.mark.integration
IMPLICIT = {"HEAD", "OPTIONS"}


@pytest.fixture(scope="module")
def apps(bq_endpoint, tmp_path_factory) -> Iterator[dict[str, Flask]]:
    with service_apps(bq_endpoint, tmp_path_factory.mktemp("contract")) as built:
        yield built


def registered(app: Flask) -> set[tuple[str, str]]:
    """(method, OpenAPI path) of every route Flask serves."""
    return {
        (method.lower(), re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule))
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in (rule.methods or set()) - IMPLICIT
    }


def documented(document: dict) -> set[tuple[str, str]]:
    return {(method, path) for path, item in document["paths"].items() for method in item}


@pytest.mark.parametrize("service", SERVICES)
def test_every_route_is_documented_and_every_documented_route_exists(apps, service):
    app = apps[service]
    document = app.test_client().get(OPENAPI_PATH).get_json()
    assert document["openapi"] == "3.1.0"
    assert registered(app) == documented(document)


@pytest.mark.parametrize("service", SERVICES)
def test_every_error_answer_is_described_with_the_json_error_body(apps, service):
    document = apps[service].test_client().get(OPENAPI_PATH).get_json()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for status, answer in operation["responses"].items():
                if "content" not in answer and int(status) >= 400:  # Cloud Run's front end answers these itself
                    assert int(status) in (401, 403) and "Cloud Run" in answer["description"], (method, path, status)
                elif int(status) >= 400:
                    ref = answer["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
                    assert "ErrorBody" in ref + str(document["components"]["schemas"][ref]), (method, path, status)


def test_the_document_is_not_on_a_path_cloud_run_reserves():
    assert not OPENAPI_PATH.endswith("z") and not OPENAPI_PATH.startswith("/_ah/")


def test_scrape_body_is_described_per_scraper_from_its_params_model(apps):
    document = apps["scrapers"].test_client().get(OPENAPI_PATH).get_json()
    schemas = document["components"]["schemas"]
    roster = schemas["scrape_espn_roster"]
    assert roster["required"] == ["team", "scraper"] and roster["additionalProperties"] is False
    body = document["paths"]["/scrape"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    variants = schemas[body["$ref"].rsplit("/", 1)[-1]]
    assert len(variants["oneOf"]) == len(apps["scrapers"].extensions["scrape_service"].scrapers)


@pytest.mark.parametrize("service", SERVICES)
@pytest.mark.parametrize("method", ["TRACE", "PUT", "PATCH", "DELETE"])
def test_an_undeclared_method_is_405_with_allow_listing_the_documented_ones(apps, service, method):
    client = apps[service].test_client()
    for path, item in client.get(OPENAPI_PATH).get_json()["paths"].items():
        if method.lower() in item:
            continue
        response = client.open(path, method=method)
        assert response.status_code == 405, (method, path)
        allowed = {m.strip().lower() for m in response.headers["Allow"].split(",")}
        assert allowed - IMPLICIT_LOWER == set(item), (method, path, allowed)
        assert response.get_json()["error"]["field"] == "method"


IMPLICIT_LOWER = {m.lower() for m in IMPLICIT}


@pytest.mark.parametrize("service", SERVICES)
def test_every_operation_documents_a_400_and_a_500_and_every_body_a_413(apps, service):
    document = apps[service].test_client().get(OPENAPI_PATH).get_json()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            assert {"400", "500"} <= set(operation["responses"]), (method, path)
            bad_deadline = (
                apps[service].test_client().open(path, method=method, headers={"X-Courtside-Deadline": "soon"})
            )
            assert (bad_deadline.status_code, bad_deadline.get_json()["error"]["field"]) == (
                400,
                "X-Courtside-Deadline",
            )
            if "requestBody" in operation:
                assert {"400", "413"} <= set(operation["responses"]), (method, path)


def test_the_push_envelope_and_the_names_the_services_know_are_in_the_documents(apps):
    schemas = apps["analytics"].extensions["openapi"]["components"]["schemas"]
    data = schemas["PushMessage"]["properties"]["data"]
    assert data["contentEncoding"] == "base64" and data["contentSchema"] == {"$ref": "#/components/schemas/TableUpdate"}
    assert set(schemas["PushEnvelope"]["properties"]) >= {"message", "subscription", "deliveryAttempt"}
    processors = schemas["DateRange"]["properties"]["processors"]["anyOf"][0]["items"]["enum"]
    assert processors == ["player_game_summary", "upcoming_player_game_context"]
    replay = apps["scrapers"].extensions["openapi"]["components"]["schemas"]["ReplayRequest"]["properties"]
    scrapers = apps["scrapers"].extensions["scrape_service"].scrapers
    assert set(replay["scraper"]["anyOf"][0]["enum"]) == set(scrapers)
    assert set(replay["table"]["anyOf"][0]["enum"]) == {s.table for s in scrapers.values()}


def test_simulated_time_is_documented_only_where_the_service_accepts_it():
    for simulated, expected in ((True, {"now"}), (False, set())):
        many, one = workflow_bodies(["betting_lines"], simulated)
        assert set(many.model_fields) & {"now"} == expected and set(one.model_fields) & {"now"} == expected
        assert many.model_config.get("extra") == "forbid"
