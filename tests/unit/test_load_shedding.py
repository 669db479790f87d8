"""The shedding middleware: past the bound a 429 in the services' JSON error shape with Retry-After, /health never
refused, the place given back whatever the request did, a queued request whose caller gave up dropped."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.test import Client
from werkzeug.wrappers import Request, Response

from shared.http.admission import ARRIVED_AT
from shared.http.headers import DEADLINE_HEADER
from shared.load_shedding import bound_for, install
from shared.settings import load_settings


class Ticks:
    def __init__(self, now: float = 50.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def shedding_app(bound: int, clock: Ticks) -> tuple[Any, Client]:
    """A service whose /hold runs nested requests (given as ?then=) while it is itself in flight."""
    seen: dict[str, Any] = {}

    @Request.application
    def inner(request: Request) -> Response:
        if request.path == "/boom":
            raise RuntimeError("a bug")
        answers = [client.get(path) for path in request.args.getlist("then")]
        seen["answers"] = answers
        return Response("held" if request.path == "/hold" else "ok")

    settings = load_settings(analytics_max_in_flight=bound)
    app = install(inner, "analytics", settings, exempt={"/health"}, clock=clock)
    client = Client(app)
    return seen, client


def test_past_the_bound_work_is_refused_at_once_and_health_still_answers():
    seen, client = shedding_app(1, Ticks())
    outer = client.get("/hold?then=/work&then=/health")
    assert outer.status_code == 200
    shed, health = seen["answers"]
    assert shed.status_code == 429
    assert shed.headers["Retry-After"] == "1"
    assert shed.headers["Content-Type"] == "application/json"
    assert shed.json["error"]["code"] == "overloaded"
    assert set(shed.json["error"]) == {"code", "message", "field"}
    assert health.status_code == 200
    assert client.get("/work").status_code == 200  # the place was given back when /hold ended


def test_a_failing_request_gives_its_place_back():
    _, client = shedding_app(1, Ticks())
    with pytest.raises(RuntimeError, match="a bug"):
        client.get("/boom")
    assert client.get("/work").status_code == 200


def test_a_request_queued_past_its_callers_deadline_is_dropped_unprocessed():
    clock = Ticks(50.0)
    _, client = shedding_app(4, clock)
    environ = {ARRIVED_AT: 40.0}  # queued 10 s behind busy threads
    dropped = client.get("/work", headers={DEADLINE_HEADER: "8"}, environ_overrides=environ)
    assert dropped.status_code == 503
    error = dropped.get_json()["error"]
    assert (error["code"], error["field"]) == ("deadline_passed", DEADLINE_HEADER)
    assert client.get("/work", headers={DEADLINE_HEADER: "12"}, environ_overrides=environ).status_code == 200
    assert client.get("/work", environ_overrides=environ).status_code == 200  # no deadline: 10 s is fine
    # A malformed header is not a deadline: the app answers it (its 400 naming the header), shedding drops nothing.
    assert client.get("/work", headers={DEADLINE_HEADER: "soon"}, environ_overrides=environ).status_code == 200


def test_shedding_off_leaves_the_app_as_it_was():
    def inner(environ, start_response):  # type: ignore[no-untyped-def]
        start_response("200 OK", [])
        return [b""]

    assert install(inner, "analytics", load_settings(shedding_enabled=False), exempt=()) is inner


def test_the_bound_is_the_services_own_setting_else_the_threads_but_one(monkeypatch):
    settings = load_settings(scrapers_max_in_flight=3)
    monkeypatch.delenv("GUNICORN_THREADS", raising=False)
    assert bound_for("scrapers", settings) == 3
    assert bound_for("analytics", settings) is None  # not under gunicorn: the server's threads are unknown
    assert bound_for("freshness", settings, threads=4) == 3
    monkeypatch.setenv("GUNICORN_THREADS", "12")  # what shared/http/arrival.py's worker sets
    assert bound_for("analytics", settings) == 11


def test_without_a_bound_the_app_is_left_as_it_was(monkeypatch):
    def inner(environ, start_response):  # type: ignore[no-untyped-def]
        start_response("200 OK", [])
        return [b""]

    monkeypatch.delenv("GUNICORN_THREADS", raising=False)
    assert install(inner, "analytics", load_settings(), exempt=()) is inner
