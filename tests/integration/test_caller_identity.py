"""Auth on: every mutating endpoint of the three services verifies a Google-signed ID token with google-auth against a
locally served certificate set, and answers only the callers its list allows; GETs stay open."""

from __future__ import annotations

import base64
import json
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from pydantic import HttpUrl

from local.processes import free_port
from services.analytics.app import create_app as analytics_app
from services.freshness.app import create_app as freshness_app
from services.scrapers.app import create_app as scrapers_app
from shared.http.caller_guard import READS
from shared.settings import Settings
from shared.warehouse import Warehouse
from tests.google_signer import CertServer, Signer, google_certs, unsigned
from tests.standin_settings import fresh_settings

pytestmark = pytest.mark.integration

URLS = {name: f"https://courtside-{name}-x7k2p9-uc.a.run.app" for name in ("scrapers", "analytics", "freshness")}
SCHEDULER = "courtside-scheduler@proj-123.iam.gserviceaccount.com"
OPERATOR = "courtside-operator@proj-123.iam.gserviceaccount.com"
STRANGER = "courtside-analytics@proj-123.iam.gserviceaccount.com"  # a real account, not on any list here
CALLER_FIELDS = [name for name in Settings.model_fields if name.startswith("callers_")]
# The route each service's token cases go to, with a body it refuses (a 400 naming a field) once the caller passes.
TARGETS = {"scrapers": "/evaluate", "analytics": "/circuits/reset", "freshness": "/"}


def auth_on(settings: Settings, certs_url: str, **more: object) -> Settings:
    """`settings` with auth on: tokens checked against `certs_url`, each service's own URL, every list the same."""
    update: dict[str, object] = {f"{name}_url": HttpUrl(url) for name, url in URLS.items()}
    update |= {"auth_enabled": True, "auth_certs_url": HttpUrl(certs_url)}
    update |= {name: (SCHEDULER, OPERATOR) for name in CALLER_FIELDS}
    return settings.model_copy(update={**update, **more})


@dataclass
class Stack:
    certs: CertServer
    apps: dict[str, Flask]


@pytest.fixture(scope="module")
def stack(bq_endpoint: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The three apps with auth on, one certificate server, one warehouse project (no test here writes to it)."""
    with google_certs() as certs:
        settings = auth_on(fresh_settings(bq_endpoint, tmp_path_factory.mktemp("identity")), certs.url)
        warehouse = Warehouse.from_settings(settings)
        apps = {
            "scrapers": scrapers_app(settings, warehouse=warehouse),
            "analytics": analytics_app(settings, warehouse=warehouse),
            "freshness": freshness_app(settings, warehouse=warehouse),
        }
        yield Stack(certs, apps)


Header = Callable[[Signer, str], str | None]  # (the served signer, the service's audience) -> Authorization


def bearer(token: str) -> str:
    return f"Bearer {token}"


NOW = int(time.time())
CASES: list[tuple[str, Header, int, str]] = [
    ("missing", lambda s, aud: None, 401, "Authorization: missing; expected 'Bearer <Google-signed ID token>'"),
    ("basic scheme", lambda s, aud: "Basic dXNlcjpwYXNz", 401, "scheme 'Basic' is not Bearer"),
    ("bearer garbage", lambda s, aud: "Bearer garbage", 401, "the bearer token is not a JWT"),
    ("two spaces", lambda s, aud: "Bearer  " + s.token(audience=aud, email=SCHEDULER), 401, "not a JWT"),
    ("alg none", lambda s, aud: bearer(unsigned(audience=aud, email=SCHEDULER)), 401, "algorithm none"),
    (
        "no signature",
        lambda s, aud: bearer(unsigned(audience=aud, email=SCHEDULER, alg="RS256")),
        401,
        "Could not verify token signature",
    ),
    (
        "wrong key, same kid",
        lambda s, aud: bearer(Signer.new(s.kid).token(audience=aud, email=SCHEDULER)),
        401,
        "Could not verify token signature",
    ),
    (
        "wrong key, unknown kid",
        lambda s, aud: bearer(Signer.new("rogue-key").token(audience=aud, email=SCHEDULER)),
        401,
        "Certificate for key id rogue-key not found",
    ),
    (
        "expired",
        lambda s, aud: bearer(s.token(audience=aud, email=SCHEDULER, iat=NOW - 7200, exp=NOW - 3600)),
        401,
        "Token expired",
    ),
    (
        "wrong issuer",
        lambda s, aud: bearer(s.token(audience=aud, email=SCHEDULER, iss="https://evil.example.com")),
        401,
        "issuer 'https://evil.example.com' is not Google",
    ),
    (
        "wrong audience",
        lambda s, aud: bearer(s.token(audience=URLS["scrapers"] + ".evil.example.com", email=SCHEDULER)),
        401,
        "Token has wrong audience",
    ),
    ("no email", lambda s, aud: bearer(s.token(audience=aud, email=None)), 401, "carries no email"),
    (
        "email not verified",
        lambda s, aud: bearer(s.token(audience=aud, email=SCHEDULER, email_verified=False)),
        401,
        "is not marked verified",
    ),
    ("not on the list", lambda s, aud: bearer(s.token(audience=aud, email=STRANGER)), 403, f"{STRANGER} may not call"),
]


def post(app: Flask, path: str, header: str | None, body: dict | None = None):
    headers = {} if header is None else {"Authorization": header}
    return app.test_client().post(path, json={"bogus": 1} if body is None else body, headers=headers)


@pytest.mark.parametrize("service", list(TARGETS))
@pytest.mark.parametrize(("case", "header", "status", "says"), CASES, ids=[c[0] for c in CASES])
def test_a_refused_token_is_a_4xx_naming_authorization_and_why(stack, service, case, header, status, says):
    response = post(stack.apps[service], TARGETS[service], header(stack.certs.signer, URLS[service]))
    error = response.get_json()["error"]
    assert (response.status_code, error["field"]) == (status, "Authorization"), error
    assert error["code"] == ("unauthenticated" if status == 401 else "forbidden")
    assert says in error["message"], error["message"]
    if status == 403:
        assert error["caller"] == STRANGER


@pytest.mark.parametrize("service", list(TARGETS))
@pytest.mark.parametrize("caller", [SCHEDULER, OPERATOR.upper()])
def test_a_valid_token_of_a_listed_caller_reaches_the_endpoint(stack, service, caller):
    token = stack.certs.signer.token(audience=URLS[service], email=caller)
    response = post(stack.apps[service], TARGETS[service], bearer(token))
    assert response.status_code == 400 and response.get_json()["error"]["field"] in {"bogus", "key"}  # body checked


@pytest.mark.parametrize("service", list(TARGETS))
def test_every_mutating_route_refuses_a_call_without_a_token_and_reads_stay_open(stack, service):
    app = stack.apps[service]
    guarded = []
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) - READS):
            if "<" not in rule.rule:
                response = app.test_client().open(rule.rule, method=method, json={})
                assert response.status_code == 401, (method, rule.rule)
                guarded.append(f"{method} {rule.rule}")
    assert guarded  # every service has some
    for path in ("/health", "/openapi.json"):
        assert app.test_client().get(path).status_code == 200


def test_freshness_get_runs_a_check_so_it_is_guarded_too(stack):
    refused = stack.apps["freshness"].test_client().get("/?dry_run=true")
    assert refused.status_code == 401 and refused.get_json()["error"]["field"] == "Authorization"


def test_the_certificate_set_is_fetched_once_and_reused(stack, bq_endpoint, tmp_path):
    with google_certs() as certs:
        app = analytics_app(auth_on(fresh_settings(bq_endpoint, tmp_path), certs.url))
        token = bearer(certs.signer.token(audience=URLS["analytics"], email=OPERATOR))
        answers = {post(app, "/circuits/reset", token).status_code for _ in range(5)}
    assert answers == {400} and len(certs.requests) == 1


def test_an_unreachable_certificate_set_is_a_503_to_retry_not_a_401(bq_endpoint, tmp_path):
    signer = Signer.new("k")
    app = freshness_app(auth_on(fresh_settings(bq_endpoint, tmp_path), f"http://127.0.0.1:{free_port()}/certs"))
    response = post(app, "/", bearer(signer.token(audience=URLS["freshness"], email=SCHEDULER)))
    assert response.status_code == 503 and response.get_json()["error"]["code"] == "certificates_unavailable"


def _claims_only(email: str, audience: str) -> str:
    """A JWT that names `email` and is signed by no one Google knows (what anyone can write)."""
    part = base64.urlsafe_b64encode(json.dumps({"alg": "RS256", "kid": "x"}).encode()).decode().rstrip("=")
    claims = {"iss": "https://accounts.google.com", "aud": audience, "email": email, "email_verified": True}
    body = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    return f"{part}.{body}.c2lnbmF0dXJl"


def test_an_unverified_jwt_naming_mallory_is_refused_and_never_recorded(bq_endpoint, tmp_path: Path, caplog):
    from tests.integration import analytics_dataset as ds

    settings = fresh_settings(bq_endpoint, tmp_path)
    warehouse = Warehouse.from_settings(settings)
    warehouse.ensure_tables()
    ds.seed(warehouse)
    with google_certs() as certs:
        app = analytics_app(auth_on(settings, certs.url, breaker_threshold=1), warehouse=warehouse)
        operator = bearer(certs.signer.token(audience=URLS["analytics"], email=OPERATOR))
        span = {"start_date": "2026-11-25", "end_date": "2026-11-25", "processors": ["player_game_summary"]}
        opened = post(app, "/process-date-range", operator, span).get_json()["results"][0]
        assert opened["circuit"]["state"] == "open"
        key = "player_game_summary:2026-11-25"
        mallory = bearer(_claims_only("mallory@example.com", URLS["analytics"]))
        with caplog.at_level(logging.INFO):
            refused = post(app, "/circuits/reset", mallory, {"key": key})
        assert refused.status_code == 401 and "Authorization" in refused.get_json()["error"]["message"]
        # A valid operator token wins over every header or body that names someone else.
        pretender = {"Authorization": operator, "X-Goog-Authenticated-User-Email": "accounts.google.com:mallory@x.com"}
        with caplog.at_level(logging.INFO):
            reset = app.test_client().post("/circuits/reset", json={"key": key}, headers=pretender)
    assert reset.status_code == 200 and reset.get_json()["actor"] == OPERATOR
    facts = warehouse.query("SELECT actor FROM nba_orchestration.circuit_breaker_events WHERE actor IS NOT NULL")
    assert [f["actor"] for f in facts] == [OPERATOR]
    assert "mallory" not in caplog.text.lower()
