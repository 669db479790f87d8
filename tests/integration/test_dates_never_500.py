"""Any date or instant, over every year a calendar has: a 400 when the document refuses it, never a 500 when not."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.analytics.processors import trigger_map
from shared.http.request_dates import ERA_DATE, ERA_INSTANT, ERA_INSTANT_ANY_ZONE
from tests.fuzz.apps import service_apps

pytestmark = pytest.mark.integration
DAYS = st.dates(date(1, 1, 1), date(9999, 12, 31))
OFFSETS = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(lambda m: timezone(timedelta(minutes=m)))
INSTANTS = st.datetimes(datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59, 59), timezones=OFFSETS)
FEW = settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)


@pytest.fixture(scope="module")
def apps(bq_endpoint, tmp_path_factory) -> Iterator[dict[str, Flask]]:
    with service_apps(bq_endpoint, tmp_path_factory.mktemp("dates")) as built:
        yield built


def judged(response: Any, allowed: bool, field: str) -> None:
    """Allowed by the document: anything but a 5xx or a 400; refused by it: a 400 naming the field."""
    assert response.status_code < 500, response.get_data(as_text=True)[:300]
    if allowed:
        assert response.status_code != 400, response.get_json()
    else:
        assert (response.status_code, response.get_json()["error"]["field"]) == (400, field)


def allows(pattern: str, text: str) -> bool:
    return re.fullmatch(pattern, text) is not None


@FEW
@given(moment=INSTANTS)
def test_status_at_any_instant(apps, moment):
    text = moment.isoformat()
    response = apps["analytics"].test_client().get("/status.json", query_string={"at": text, "days": 30})
    judged(response, allows(ERA_INSTANT, text), "at")


@FEW
@given(day=DAYS)
def test_process_any_game_date(apps, day):
    body = {"table": sorted(trigger_map())[0], "game_date": day.isoformat()}
    judged(apps["analytics"].test_client().post("/process", json=body), allows(ERA_DATE, day.isoformat()), "game_date")


@FEW
@given(day=DAYS)
def test_process_date_range_any_day(apps, day):
    body = {"start_date": day.isoformat(), "end_date": day.isoformat(), "processors": ["player_game_summary"]}
    response = apps["analytics"].test_client().post("/process-date-range", json=body)
    judged(response, allows(ERA_DATE, day.isoformat()), "start_date")


@FEW
@given(day=DAYS, moment=INSTANTS)
def test_evaluate_any_date_and_now(apps, day, moment):
    client = apps["scrapers"].test_client()
    judged(client.post("/evaluate", json={"date": day.isoformat()}), allows(ERA_DATE, day.isoformat()), "date")
    judged(client.post("/evaluate", json={"now": moment.isoformat()}), allows(ERA_INSTANT, moment.isoformat()), "now")


@FEW
@given(moment=INSTANTS, naive=st.booleans())
def test_replay_since_any_instant(apps, moment, naive):
    text = (moment.replace(tzinfo=None) if naive else moment).isoformat()
    response = apps["scrapers"].test_client().post("/replay", json={"since": text, "dry_run": True})
    judged(response, allows(ERA_INSTANT_ANY_ZONE, text), "since")
