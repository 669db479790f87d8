"""Every date and instant the documents allow validates and can be worked with; everything else is a clean refusal."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from shared.http.request_dates import (
    ERA_DATE,
    ERA_INSTANT,
    FIRST_DAY,
    LAST_DAY,
    IsoDate,
    RequestInstant,
    RequestInstantAnyZone,
)


class Dates(BaseModel):
    day: IsoDate | None = None
    at: RequestInstant | None = None
    since: RequestInstantAnyZone | None = None


def documented(name: str) -> re.Pattern[str]:
    """The pattern the OpenAPI documents carry for field `name`, as generated from the model."""
    branches = Dates.model_json_schema()["properties"][name]["anyOf"]
    return re.compile(next(b["pattern"] for b in branches if "pattern" in b))


OFFSETS = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(lambda m: timezone(timedelta(minutes=m)))
INSTANTS = st.datetimes(datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59, 59), timezones=OFFSETS)


def rfc3339(moment: datetime, zulu: bool) -> str:
    text = moment.isoformat()
    return text.replace("+00:00", "Z") if zulu else text


def test_the_documented_patterns_are_the_ones_the_types_use():
    assert documented("day").pattern == f"^{ERA_DATE}$" and documented("at").pattern == f"^{ERA_INSTANT}$"


@settings(max_examples=400, deadline=None)
@given(st.dates(date(1, 1, 1), date(9999, 12, 31)))
def test_a_date_is_accepted_exactly_when_the_document_allows_it(day):
    text = day.isoformat()
    allowed = bool(documented("day").fullmatch(text))
    assert allowed == (FIRST_DAY <= day <= LAST_DAY)
    try:
        parsed = Dates.model_validate({"day": text}).day
    except ValidationError:
        assert not allowed
        return
    assert allowed and parsed == day
    assert parsed - timedelta(days=400) < parsed + timedelta(days=400)  # range arithmetic never overflows


@settings(max_examples=400, deadline=None)
@given(INSTANTS, st.booleans())
def test_an_instant_is_accepted_exactly_when_the_document_allows_it(moment, zulu):
    text = rfc3339(moment, zulu)
    allowed = bool(documented("at").fullmatch(text))
    try:
        parsed = Dates.model_validate({"at": text}).at
    except ValidationError:
        assert not allowed, text
        return
    assert allowed, text
    assert parsed is not None and parsed.tzinfo is not None
    utc = parsed.astimezone(UTC)  # what the services do first: never overflows inside the era
    assert utc - timedelta(days=31) < utc + timedelta(days=31)


@settings(max_examples=300, deadline=None)
@given(INSTANTS, st.booleans(), st.booleans())
def test_an_instant_without_offset_is_read_as_utc_and_never_overflows(moment, naive, zulu):
    text = moment.replace(tzinfo=None).isoformat() if naive else rfc3339(moment, zulu)
    allowed = bool(documented("since").fullmatch(text))
    try:
        parsed = Dates.model_validate({"since": text}).since
    except ValidationError:
        assert not allowed, text
        return
    assert allowed and parsed is not None, text
    utc = parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    assert utc.year >= FIRST_DAY.year - 1


@given(st.sampled_from(["0", "1700000000", "2026-01-01 00:00:00Z", "2026-01-01T00:00Z", "2026-01-01T23:59:60Z"]))
def test_other_spellings_pydantic_would_read_are_refused(text):
    assert not documented("at").fullmatch(text)
    try:
        Dates.model_validate({"at": text})
    except ValidationError:
        return
    raise AssertionError(f"{text!r} accepted")
