"""The exception tree maps to one JSON error shape with the right status."""

import pytest
from flask import Flask
from pydantic import BaseModel

from shared.errors import (
    BadRequest,
    ConfigError,
    SchemaViolation,
    UpstreamFatal,
    UpstreamRetriable,
    WarehouseError,
)
from shared.web import json_body, parse, register_error_handlers


class Body(BaseModel):
    date: str
    count: int


def make_app(exc: Exception | None = None) -> Flask:
    app = Flask(__name__)
    register_error_handlers(app)

    @app.post("/boom")
    def boom():
        assert exc is not None
        raise exc

    @app.post("/parse")
    def parse_route():
        return {"ok": parse(Body, json_body()).count}

    return app


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (BadRequest("bad date", field="date"), 400, "bad_request"),
        (UpstreamRetriable("slow", retry_after_s=7), 503, "upstream_retriable"),
        (UpstreamFatal("quota"), 502, "upstream_fatal"),
        (WarehouseError("nba_raw.x: gone", table="nba_raw.x"), 503, "warehouse_error"),
        (SchemaViolation("bad col", field="pts"), 500, "schema_violation"),
        (ConfigError("COURTSIDE_X missing"), 500, "config_error"),
        (ZeroDivisionError("our bug"), 500, "internal_error"),
    ],
)
def test_errors_map_to_json_with_status(exc, status, code):
    response = make_app(exc).test_client().post("/boom")
    assert response.status_code == status
    error = response.get_json()["error"]
    assert error["code"] == code
    assert set(error) >= {"code", "message", "field"}


def test_retry_after_is_passed_on():
    response = make_app(UpstreamRetriable("slow", retry_after_s=7)).test_client().post("/boom")
    assert response.headers["Retry-After"] == "7"


def test_our_bug_does_not_leak_its_message():
    response = make_app(ZeroDivisionError("secret detail")).test_client().post("/boom")
    assert "secret detail" not in response.get_data(as_text=True)


def test_unknown_route_is_json_404():
    response = make_app().test_client().get("/nope")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("method", "path", "status", "field"), [("get", "/nope", 404, "path"), ("get", "/boom", 405, "method")]
)
def test_framework_4xx_names_what_it_is_about(method, path, status, field):
    response = getattr(make_app().test_client(), method)(path)
    assert (response.status_code, response.get_json()["error"]["field"]) == (status, field)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"date": "2026-01-01"}, "count"),
        ({"date": "2026-01-01", "count": "x"}, "count"),
        ([1, 2], "body"),
    ],
)
def test_body_validation_names_the_field(payload, field):
    response = make_app().test_client().post("/parse", json=payload)
    assert response.status_code == 400
    assert response.get_json()["error"]["field"] == field


def test_non_json_body_is_400():
    response = make_app().test_client().post("/parse", data="not json", content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["field"] == "body"
