"""Decoding /process bodies (Pub/Sub push envelopes or plain JSON) and ranges."""

import base64
import json
from datetime import date

import pytest

from services.analytics.backfill import date_chunks
from services.analytics.inputs import DateRange, table_update
from shared.errors import BadRequest

NOTICE = {"table": "nba_raw.oddsa_player_props", "game_date": "2026-11-28"}


def envelope(data: str) -> dict:
    return {"message": {"data": data, "messageId": "1"}, "subscription": "projects/p/subscriptions/s"}


def b64(obj) -> str:
    raw = obj if isinstance(obj, bytes) else json.dumps(obj).encode()
    return base64.b64encode(raw).decode()


@pytest.mark.parametrize("payload", [NOTICE, envelope(b64(NOTICE)), {**envelope(b64(NOTICE)), "deliveryAttempt": 2}])
def test_envelope_or_plain_json(payload):
    update, pushed = table_update(payload)
    assert (update.table, update.game_date) == ("nba_raw.oddsa_player_props", date(2026, 11, 28))
    assert pushed is ("message" in payload)


@pytest.mark.parametrize(
    ("payload", "field", "says"),
    [
        (envelope("not base64!!"), "message.data", "not valid base64"),
        (envelope(b64(b"{not json")), "message.data", "not valid JSON"),
        (envelope(b64(b"\xff\xfe")), "message.data", "not valid JSON"),
        (envelope(b64(["a list"])), "message.data", "must be an object"),
        (envelope(b64({**NOTICE, "rows": 3})), "rows", "Extra inputs are not permitted"),
        ({"message": {"attributes": {}}}, "message.data", "needs message.data"),
        ({"message": "text"}, "message.data", "needs message.data"),
        (envelope(b64({"game_date": "2026-11-28"})), "table", "table"),
        ({"table": "nba_raw.x"}, "game_date", "game_date"),
        ({"table": "nba_raw.x", "game_date": "2026-13-01"}, "game_date", "game_date"),
    ],
)
def test_bad_bodies_name_what_was_wrong(payload, field, says):
    with pytest.raises(BadRequest) as caught:
        table_update(payload)
    assert caught.value.field == field
    assert says in caught.value.message


@pytest.mark.parametrize(
    ("start", "end", "field", "says"),
    [
        ("2026-11-28", "2026-11-27", "end_date", "before start_date"),
        ("2026-01-01", "2026-01-11", "end_date", "11 days"),
    ],
)
def test_reversed_or_long_range_is_rejected(start, end, field, says):
    with pytest.raises(BadRequest) as caught:
        DateRange.model_validate({"start_date": start, "end_date": end}).check(max_days=10)
    assert (caught.value.field, says in caught.value.message) == (field, True)


def test_range_at_the_limit_passes():
    span = DateRange.model_validate({"start_date": "2026-01-01", "end_date": "2026-01-10"})
    assert span.check(max_days=10).end_date == date(2026, 1, 10)


@pytest.mark.parametrize(
    ("start", "end", "days", "expected"),
    [
        ("2026-11-01", "2026-11-01", 7, [("2026-11-01", "2026-11-01")]),
        (
            "2026-11-01",
            "2026-11-10",
            4,
            [("2026-11-01", "2026-11-04"), ("2026-11-05", "2026-11-08"), ("2026-11-09", "2026-11-10")],
        ),
        (
            "2026-11-01",
            "2026-11-03",
            1,
            [("2026-11-01", "2026-11-01"), ("2026-11-02", "2026-11-02"), ("2026-11-03", "2026-11-03")],
        ),
    ],
)
def test_date_chunks(start, end, days, expected):
    chunks = date_chunks(date.fromisoformat(start), date.fromisoformat(end), days)
    assert [(a.isoformat(), b.isoformat()) for a, b in chunks] == expected


def test_date_chunks_reject_reversed_range():
    with pytest.raises(BadRequest):
        date_chunks(date(2026, 11, 2), date(2026, 11, 1), 7)
