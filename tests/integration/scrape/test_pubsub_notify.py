"""The real PublisherClient against an in-process fake Publisher API: the message is acked before /scrape answers."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator

import grpc
import pytest
from google.api_core.client_options import ClientOptions
from google.auth.credentials import AnonymousCredentials
from google.cloud import pubsub_v1  # type: ignore[attr-defined]
from google.pubsub_v1.services.publisher.transports import PublisherGrpcTransport

from services.scrapers.app import create_app
from services.scrapers.pipeline.notify import PubSubNotifier
from tests.integration.fake_pubsub import FakePublisher
from tests.integration.scrape.support import scrape_settings

pytestmark = pytest.mark.integration
TOPIC = "projects/t-proj/topics/nba-raw-table-updated"


def publisher_client(fake: FakePublisher) -> pubsub_v1.PublisherClient:
    """The real client, its gRPC transport on the fake (plain text, anonymous)."""
    transport = PublisherGrpcTransport(channel=grpc.insecure_channel(fake.address), credentials=AnonymousCredentials())
    return pubsub_v1.PublisherClient(transport=transport, client_options=ClientOptions(api_endpoint=fake.address))


@pytest.fixture
def fake() -> Iterator[FakePublisher]:
    server = FakePublisher(ack_delay_s=0.3).start()
    yield server
    server.stop()


def test_scrape_answers_only_after_pubsub_acked_the_message(settings, warehouse, upstream, fake, monkeypatch):
    # The composition root builds its own PublisherClient; the emulator variable points its transport here.
    monkeypatch.setenv("PUBSUB_EMULATOR_HOST", fake.address)
    upstream.clear()
    app = create_app(
        scrape_settings(settings, upstream.url, notify_mode="pubsub", pubsub_topic="nba-raw-table-updated"),
        warehouse=warehouse,
    )
    response = app.test_client().post("/scrape", json={"scraper": "oddsa_events", "date": "2024-01-24"})
    returned_at = time.monotonic()
    assert response.status_code == 200 and response.get_json()["rows"] == 3
    [received] = fake.received  # no waiting: it is already there
    assert received.acked_at is not None and received.acked_at <= returned_at
    assert received.topic == f"projects/{settings.gcp_project}/topics/nba-raw-table-updated"
    assert json.loads(received.data) == {"table": "nba_raw.oddsa_events", "game_date": "2024-01-24"}
    assert received.attributes == {"table": "nba_raw.oddsa_events", "game_date": "2024-01-24"}


def test_no_rows_publish_nothing(settings, warehouse, upstream, fake, monkeypatch):
    monkeypatch.setenv("PUBSUB_EMULATOR_HOST", fake.address)
    upstream.clear()
    app = create_app(scrape_settings(settings, upstream.url, notify_mode="pubsub"), warehouse=warehouse)
    response = app.test_client().post("/scrape", json={"scraper": "oddsa_events", "date": "2024-01-26"})
    assert response.get_json()["status"] == "no_data"
    assert fake.received == []


@pytest.mark.parametrize(
    ("ack_delay_s", "fail_with", "why"),
    [
        (0.0, None, None),
        (0.0, grpc.StatusCode.PERMISSION_DENIED, "PermissionDenied"),
        (0.0, grpc.StatusCode.NOT_FOUND, "NotFound"),
        (3.0, None, "Timeout"),
    ],
)
def test_a_failed_or_slow_publish_is_recorded_as_a_failure(ack_delay_s, fail_with, why, caplog):
    fake = FakePublisher(ack_delay_s=ack_delay_s, fail_with=fail_with).start()
    try:
        notifier = PubSubNotifier("t-proj", "nba-raw-table-updated", timeout_s=0.5, publisher=publisher_client(fake))
        started = time.monotonic()
        with caplog.at_level(logging.WARNING, logger="services.scrapers.pipeline.notify"):
            published = notifier.table_updated("nba_raw.bdl_box_scores", "2026-10-27")
        took = time.monotonic() - started
    finally:
        fake.stop()
    assert [r.topic for r in fake.received] == [TOPIC]  # the message did reach the server each time
    failures = [r for r in caplog.records if getattr(r, "json_fields", {}).get("event") == "notify_failed"]
    if why is None:
        assert published is True and failures == []
        return
    assert published is False and took < 2.0  # bounded by the timeout, not by the server
    [failure] = failures
    assert why in failure.getMessage() and TOPIC in failure.getMessage()
    assert failure.json_fields["table"] == "nba_raw.bdl_box_scores"
    assert failure.json_fields["game_date"] == "2026-10-27"
