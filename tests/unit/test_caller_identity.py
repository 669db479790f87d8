"""The Authorization header's strict parse, the certificate cache, and the caller guard's wiring checks."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from flask import Flask
from google.auth.exceptions import TransportError

from shared.errors import ConfigError
from shared.http.caller_guard import guard_from_settings, install_caller_guard
from shared.http.caller_identity import Unauthenticated, bearer_token
from shared.http.google_certs import CachedCerts
from shared.settings import load_settings
from tests.fake_time import FakeTime

JWT = "eyJhbGciOiJSUzI1NiJ9.eyJlbWFpbCI6ImFAYi5jIn0.c2ln"


@pytest.mark.parametrize(
    ("header", "says"),
    [
        (None, "missing"),
        ("", "missing"),
        ("   ", "missing"),
        ("Basic dXNlcjpwYXNz", "scheme 'Basic' is not Bearer"),
        (JWT, "is not Bearer"),
        ("Bearer", "not a JWT"),
        ("Bearer ", "not a JWT"),
        ("Bearer garbage", "not a JWT"),
        ("Bearer a.b", "not a JWT"),
        ("Bearer a.b.c.d", "not a JWT"),
        (f"Bearer  {JWT}", "not a JWT"),
        (f"Bearer {JWT} ", "not a JWT"),
        (f"Bearer {JWT}\n", "not a JWT"),
        ("Bearer a+b.c/d.e=", "not a JWT"),
        ("Bearer " + "a" * 9000, "longer than 8192"),
    ],
)
def test_anything_but_bearer_and_a_jwt_is_a_401_naming_authorization(header, says):
    with pytest.raises(Unauthenticated) as caught:
        bearer_token(header)
    assert caught.value.field == "Authorization" and caught.value.status == 401
    assert caught.value.message.startswith("Authorization: ") and says in caught.value.message


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER"])
def test_a_bearer_jwt_is_taken_whatever_the_scheme_case(scheme):
    assert bearer_token(f"{scheme} {JWT}") == JWT
    assert bearer_token(f"{scheme} {JWT[: JWT.rindex('.') + 1]}") == JWT[: JWT.rindex(".") + 1]  # google-auth judges


@dataclass
class Reply:
    status: int = 200
    data: bytes = b'{"k1": "-----BEGIN CERTIFICATE-----"}'
    headers: dict = field(default_factory=lambda: {"cache-control": "public, max-age=600"})


@dataclass
class Transport:
    replies: list[Reply]
    calls: list[tuple[str, float]] = field(default_factory=list)

    def __call__(self, url, method="GET", timeout=None, **_):
        self.calls.append((url, timeout))
        return self.replies.pop(0)


URL = "https://certs.example/v1/certs"


def test_the_certificate_set_is_kept_for_its_max_age_and_fetched_with_the_short_timeout():
    time_, transport = FakeTime(), Transport([Reply(), Reply()])
    certs = CachedCerts(URL, timeout_s=2.5, clock=time_.clock, transport=transport)
    first = certs(URL)
    time_.sleep(599)
    assert certs(URL) is first and transport.calls == [(URL, 2.5)]
    time_.sleep(1)
    certs(URL)
    assert len(transport.calls) == 2


def test_max_age_is_capped_and_a_missing_one_uses_the_cap():
    time_, transport = FakeTime(), Transport([Reply(headers={"cache-control": "max-age=99999"}), Reply(headers={})])
    certs = CachedCerts(URL, max_ttl_s=100, clock=time_.clock, transport=transport)
    certs(URL)
    time_.sleep(100)
    certs(URL)
    time_.sleep(99)
    certs(URL)
    assert len(transport.calls) == 2


@pytest.mark.parametrize(
    ("reply", "says"),
    [(Reply(status=500), "answered 500"), (Reply(data=b"<html>"), "not a JSON object"), (Reply(data=b"{}"), "JSON")],
)
def test_a_bad_certificate_answer_is_a_transport_error_and_never_cached(reply, says):
    transport = Transport([reply, Reply()])
    certs = CachedCerts(URL, clock=FakeTime().clock, transport=transport)
    with pytest.raises(TransportError, match=says):
        certs(URL)
    assert certs(URL).status == 200 and len(transport.calls) == 2


def test_refresh_drops_the_set_only_once_it_is_a_minute_old_and_other_urls_are_refused():
    time_, transport = FakeTime(), Transport([Reply(), Reply()])
    certs = CachedCerts(URL, clock=time_.clock, transport=transport, min_refresh_s=60)
    assert certs.refresh() is False  # nothing cached yet
    certs(URL)
    time_.sleep(59)
    assert certs.refresh() is False
    time_.sleep(1)
    assert certs.refresh() is True
    certs(URL)
    assert len(transport.calls) == 2
    with pytest.raises(TransportError, match="only GET"):
        certs("https://elsewhere.example/")


def _app() -> Flask:
    app = Flask(__name__)
    app.add_url_rule("/run", "run", lambda: "ran", methods=["POST"])
    app.add_url_rule("/list", "list", lambda: "[]", methods=["GET"])
    return app


@pytest.mark.parametrize(
    ("callers", "says"),
    [
        ({}, "routes with none: ['POST /run']"),
        ({"POST /run": [], "POST /gone": []}, "lists for no route: ['POST /gone']"),
    ],
)
def test_a_mutating_route_without_a_caller_list_or_a_list_for_no_route_stops_the_start(callers, says):
    with pytest.raises(ConfigError, match=says.replace("[", r"\[").replace("]", r"\]")):
        install_caller_guard(_app(), None, callers)


def test_auth_on_in_production_with_a_loopback_own_url_stops_the_start_naming_the_variable():
    settings = load_settings(environment="production", auth_enabled=True)
    with pytest.raises(ConfigError) as caught:
        guard_from_settings(_app(), settings, "analytics_url", {"POST /run": "callers_backfill"})
    assert caught.value.message.startswith("COURTSIDE_ANALYTICS_URL: ") and caught.value.field == "analytics_url"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a@p.iam.gserviceaccount.com", ("a@p.iam.gserviceaccount.com",)),
        (" B@x.com  a@y.org ", ("a@y.org", "b@x.com")),
        ("a@y.org,b@x.com", ("a@y.org", "b@x.com")),
        ("", ()),
    ],
)
def test_caller_lists_are_emails_separated_by_spaces(monkeypatch, value, expected):
    monkeypatch.setenv("COURTSIDE_CALLERS_REPLAY", value)
    assert load_settings().callers_replay == expected


@pytest.mark.parametrize("value", ["scheduler", "a@b", '["a@b.com"]', "a@b.com;c@d.com"])
def test_a_caller_list_that_is_not_emails_stops_the_start_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv("COURTSIDE_CALLERS_CIRCUITS", value)
    with pytest.raises(ConfigError, match="COURTSIDE_CALLERS_CIRCUITS: .*expected email addresses"):
        load_settings()
