"""The production log source: the real google-cloud-logging client against a local entries.list twin."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from google.auth.credentials import AnonymousCredentials
from google.cloud import logging as cloud_logging

from courtside.verify.cloudlogs import CloudLogging
from courtside.verify.filters import event_filter

SINCE = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def entry(insert_id: str, payload: dict | str) -> dict:
    body = {"jsonPayload": payload} if isinstance(payload, dict) else {"textPayload": payload}
    return {
        "logName": "projects/p-1/logs/run.googleapis.com%2Fstdout",
        "resource": {"type": "cloud_run_revision", "labels": {"service_name": "courtside-scrapers"}},
        "timestamp": "2025-03-01T13:00:00Z",
        "insertId": insert_id,
        **body,
    }


PAGES = {
    None: {"entries": [entry("a", {"event": "retry_attempt", "scraper": "espn_roster"})], "nextPageToken": "p2"},
    "p2": {"entries": [entry("b", "plain text line"), entry("c", {"event": "retry_attempt", "scraper": "bdl"})]},
}


@pytest.fixture
def logging_api() -> Iterator[tuple[str, list[dict]]]:
    """POST /v2/entries:list answered page by page; yields the URL and the request bodies received."""
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            received.append({"path": self.path.split("?")[0], **body})
            data = json.dumps(PAGES[body.get("pageToken")]).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", received
    server.shutdown()


def test_list_entries_sends_the_filter_as_is_and_yields_structured_payloads(logging_api):
    url, received = logging_api
    client = cloud_logging.Client(
        project="p-1",
        credentials=AnonymousCredentials(),  # type: ignore[no-untyped-call]
        _use_grpc=False,
        client_options={"api_endpoint": url},
    )
    wanted = event_filter("retry_attempt", SINCE)
    payloads = list(CloudLogging("p-1", client).entries(wanted))
    assert payloads == [
        {"event": "retry_attempt", "scraper": "espn_roster"},
        {"event": "retry_attempt", "scraper": "bdl"},
    ]
    assert [r["path"] for r in received] == ["/v2/entries:list"] * 2
    assert received[0]["filter"] == wanted == 'jsonPayload.event="retry_attempt" AND timestamp>="2025-03-01T12:00:00Z"'
    assert received[0]["resourceNames"] == ["projects/p-1"] and received[1]["pageToken"] == "p2"
