"""A hostile caller against the real servers (gunicorn as deployed, functions-framework for the freshness function):
no header value is a 500, and the body limit holds on a chunked body (no Content-Length) as on a declared one."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared.errors import BadRequest
from shared.http import headers
from shared.openapi import OPENAPI_PATH
from shared.warehouse import Warehouse
from shared.web import MAX_BODY_BYTES
from tests.e2e.served_images import Answer, exchange, served_images
from tests.standin_settings import fresh_settings

pytestmark = pytest.mark.e2e
OURS = {headers.STEP_HEADER: headers.step, headers.DEADLINE_HEADER: headers.deadline_seconds}
HEADER_NAMES = [*OURS, headers.TRACEPARENT_HEADER, headers.CLOUD_TRACE_HEADER, "Authorization",
                "X-Goog-Authenticated-User-Email", "User-Agent"]  # fmt: skip
# Per service, requests that reach the code reading each header and are answered without real work.
PROBES = [
    ("scrapers", "POST", "/scrape", b"{}"),  # reads the deadline and the step, then refuses the body
    ("scrapers", "POST", "/replay", b'{"nope": 1}'),
    ("scrapers", "GET", "/health", None),
    ("analytics", "POST", "/process", b"{}"),
    ("analytics", "POST", "/circuits/reset", b'{"key": "nope:x"}'),  # reads who asked (Authorization, IAP's email)
    ("analytics", "GET", "/health", None),
    ("freshness", "POST", "/", b'{"lookback_days": 0}'),
    ("freshness", "GET", "/health", None),
]
READERS = [p for p in PROBES if p[2] in ("/scrape", "/circuits/reset", "/")]  # per service, the one reading most
HOSTILE = [  # the values (a superscript two is one byte in latin-1, as servers decode headers), and worse
    b"abc;\xb2", b"abc;\xc2\xb2", b"abc;" + b"9" * 5000, b"1e308", b"inf", b"\xff\xfe", b"\x00", b"abc;1", b" ",
    b"\x7f", b"00-" + b"f" * 32 + b"-" + b"f" * 16 + b"-01-\xe9", b"x" * 7000,
]  # fmt: skip


@pytest.fixture(scope="module")
def urls(bq_endpoint, tmp_path_factory) -> Iterator[dict[str, str]]:
    """The three services on their real servers over one warehouse project with its tables."""
    folder = tmp_path_factory.mktemp("hostile")
    settings = fresh_settings(bq_endpoint, folder)
    Warehouse.from_settings(settings).ensure_tables()
    with served_images(settings, folder / "logs") as served:
        yield served


def header_bytes() -> st.SearchStrategy[bytes]:
    """Any text (as UTF-8) or any bytes, as one header line's value: everything but CR and LF, which end it."""
    raw = st.one_of(st.text(max_size=100).map(str.encode), st.binary(max_size=100), st.sampled_from(HOSTILE))
    return raw.map(lambda value: value.replace(b"\r", b"").replace(b"\n", b""))


def check(urls: dict[str, str], probe: tuple, name: str, value: bytes) -> None:
    """Never a 500; our 4xx names a field; a value our parser refuses, where the route reads it, is a 400 naming it."""
    service, method, path, body = probe
    answer = exchange(urls[service], method, path, headers=[(name.encode(), value)], body=body)
    assert answer.status < 500, (name, value, answer)
    field = answer.error_field()
    assert answer.status < 400 or field is None or field, answer  # our 4xx always names a field
    if field is not None and _refused(name, value) and (name != headers.STEP_HEADER or path == "/scrape"):
        assert (answer.status, field) == (400, name), (value, answer)


@pytest.mark.parametrize("name", HEADER_NAMES)
def test_the_hostile_callers_values_are_never_a_500(urls, name):
    for probe in READERS:
        for value in HOSTILE:
            check(urls, probe, name, value)


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(probe=st.sampled_from(PROBES), name=st.sampled_from(HEADER_NAMES), value=header_bytes())
def test_no_header_value_is_a_500_and_ours_malformed_are_a_400_naming_them(urls, probe, name, value):
    check(urls, probe, name, value)


def _refused(name: str, value: bytes) -> bool:
    """Whether our parser refuses `value` as the servers hand it over (latin-1, without surrounding blanks)."""
    parse = OURS.get(name)
    try:
        parse and parse(value.decode("latin-1").strip(" \t"))
    except BadRequest:
        return True
    return False


def post_routes(url: str) -> list[str]:
    document = exchange(url, "GET", OPENAPI_PATH)
    return [path for path, item in json.loads(document.body)["paths"].items() if "post" in item]


def every_post(urls: dict[str, str]) -> Iterator[tuple[str, str]]:
    for service in ("scrapers", "analytics", "freshness"):
        for path in post_routes(urls[service]):
            yield urls[service], path


def padded(size: int, json_text: bytes = b'{"nope": 1}') -> bytes:
    """`json_text` after blanks: a valid JSON body of exactly `size` bytes, which every route refuses for `nope`."""
    return b" " * (size - len(json_text)) + json_text


def test_every_service_has_post_routes_to_test(urls):
    routes = list(every_post(urls))
    assert len(routes) >= 10 and {path for _, path in routes} >= {"/scrape", "/replay", "/process", "/"}


@pytest.mark.parametrize("chunked", [True, False], ids=["chunked", "content-length"])
def test_a_body_at_the_limit_is_read_whole_on_every_post_route(urls, chunked):
    for url, path in every_post(urls):
        answer = exchange(url, "POST", path, body=padded(MAX_BODY_BYTES), chunked=chunked)
        assert answer.status in (400, 422) and answer.error_field() not in ("body", None), (path, answer)


@pytest.mark.parametrize("chunked", [True, False], ids=["chunked", "content-length"])
@pytest.mark.parametrize(
    "body",
    [padded(MAX_BODY_BYTES + 1), padded(MAX_BODY_BYTES) + b"\x00garbage" * (MAX_BODY_BYTES // 8)],
    ids=["one-byte-over", "valid-json-then-garbage"],
)
def test_a_body_over_the_limit_is_413_naming_body_on_every_post_route(urls, body, chunked):
    for url, path in every_post(urls):
        answer: Answer = exchange(url, "POST", path, body=body, chunked=chunked)
        assert (answer.status, answer.error_field()) == (413, "body"), (url, path, answer.body[:300])
