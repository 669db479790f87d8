"""The caller's deadline reaches the scraper: no upstream call once the caller has given up, pagination included."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from services.scrapers.workflows.client import ScrapeClient
from shared.http.headers import DEADLINE_HEADER
from tests.integration.fake_upstream import Fault

pytestmark = pytest.mark.integration
PROPS = {"scraper": "bp_player_props", "event_id": 20879, "date": "2021-10-21"}  # two pages upstream


def test_a_deadline_already_past_makes_no_upstream_call(client, upstream):
    response = client.post("/scrape", json=PROPS, headers={DEADLINE_HEADER: "0.0001"})
    assert response.status_code == 503
    assert "no time left for the page (the deadline passed" in response.get_json()["error"]["message"]
    assert upstream.requests == []


def test_a_slow_upstream_is_cut_at_the_deadline_and_pagination_stops(client, upstream):
    upstream.fault = Fault(slow_s=1.0)
    started = time.monotonic()
    response = client.post("/scrape", json=PROPS, headers={DEADLINE_HEADER: "0.3"})
    assert response.status_code == 503 and "timeout" in response.get_json()["error"]["message"]
    assert time.monotonic() - started < 0.9  # the upstream timeout (10 s) was cut to the 0.3 s the caller waits
    time.sleep(1.2)
    assert len(upstream.requests) == 1  # page 2 was never asked for


def test_without_the_header_every_page_is_fetched(client, upstream):
    assert client.post("/scrape", json=PROPS).status_code == 200
    assert [r["args"]["page"] for r in upstream.requests] == ["1", "2"]


@pytest.mark.parametrize("value", ["soon", "-1", "0", "nan", "inf"])
def test_a_bad_deadline_header_is_400_naming_it(client, upstream, value):
    response = client.post("/scrape", json=PROPS, headers={DEADLINE_HEADER: value})
    assert response.status_code == 400
    assert response.get_json()["error"]["field"] == DEADLINE_HEADER
    assert upstream.requests == []


def test_the_executor_client_sends_the_seconds_it_will_wait():
    seen: list[str | None] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            seen.append(self.headers.get(DEADLINE_HEADER))
            body = json.dumps({"status": "success", "rows": 1}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        attempt = ScrapeClient(f"http://127.0.0.1:{server.server_address[1]}").scrape("espn_roster", {}, 4.25)
    finally:
        server.shutdown()
        server.server_close()
    assert attempt.ok and seen == ["4.250"]
