"""Pure parts of scraping: request building with auth, response classification, paginators, conversions."""

from __future__ import annotations

from datetime import date

import pytest

from services.scrapers.scrape import convert
from services.scrapers.scrape.fetch import classify
from services.scrapers.scrape.paginate import CursorPages, NumberedPages
from services.scrapers.upstreams import SCRAPERS
from shared.eastern import game_date
from shared.errors import UpstreamFatal, UpstreamRetriable
from shared.settings import load_settings
from shared.web import parse
from tests.fixtures.samples import sample, sample_bytes

SETTINGS = load_settings(odds_api_key="odds-key", bdl_api_key="bdl-key", bettingpros_api_key="bp-key")


def request(name: str, **params):
    scraper = SCRAPERS[name]
    return scraper.request(parse(scraper.params, params), SETTINGS)


def test_odds_api_key_is_a_query_param_and_the_day_is_eastern():
    url, query, headers = request("oddsa_events", date="2024-01-24")
    assert url == "https://api.the-odds-api.com/v4/sports/basketball_nba/events"
    assert query["apiKey"] == "odds-key" and "apiKey" not in headers
    assert (query["commenceTimeFrom"], query["commenceTimeTo"]) == ("2024-01-24T05:00:00Z", "2024-01-25T05:00:00Z")
    _, summer, _ = request("oddsa_events", date="2024-07-04")
    assert summer["commenceTimeFrom"] == "2024-07-04T04:00:00Z"  # EDT


def test_odds_props_query():
    url, query, _ = request("oddsa_player_props", event_id="abc123", date="2024-02-22")
    assert url.endswith("/v4/sports/basketball_nba/events/abc123/odds")
    assert {k: query[k] for k in ("markets", "oddsFormat", "regions")} == {
        "markets": "player_points",
        "oddsFormat": "american",
        "regions": "us",
    }


def test_bdl_authorization_is_the_bare_key():
    url, query, headers = request("bdl_box_scores", date="2024-01-15")
    assert headers["Authorization"] == "bdl-key"
    assert query == {"date": "2024-01-15"} and url == "https://api.balldontlie.io/v1/box_scores"


def test_bettingpros_key_and_browser_headers():
    url, query, headers = request("bp_player_props", event_id=20879, date="2021-10-21")
    assert headers["x-api-key"] == "bp-key"
    assert headers["Origin"] == "https://www.bettingpros.com" and "Mozilla" in headers["User-Agent"]
    assert query == {"sport": "NBA", "market_id": 156, "event_id": "20879", "book_id": "null"}


@pytest.mark.parametrize("name", ["nbac_schedule", "nbac_referee_assignments"])
def test_nbacom_sends_browser_headers(name):
    _, _, headers = request(name, date="2025-01-08")
    assert headers["Referer"] == "https://www.nba.com/" and "Mozilla" in headers["User-Agent"]


def test_espn_path_uses_espn_abbreviation():
    url, _, _ = request("espn_roster", team="UTA")
    assert url == "https://site.api.espn.com/apis/site/v2/sports/basketball/nba/teams/utah/roster"


@pytest.mark.parametrize(
    ("status", "headers", "body", "error", "match", "retry_after"),
    [
        (429, {"Retry-After": "7"}, sample_bytes("oddsapi_error_429_exceeded_freq_limit.json"), UpstreamRetriable,
         "HTTP 429: EXCEEDED_FREQ_LIMIT", 7.0),
        (429, {}, b'{"error": "Too Many Requests"}', UpstreamRetriable, "HTTP 429", None),
        (500, {}, b"", UpstreamRetriable, "HTTP 500: empty body", None),
        (503, {"Retry-After": "1.5"}, b"<html>busy</html>", UpstreamRetriable, "HTTP 503: <html>busy</html>", 1.5),
        (401, {"x-requests-remaining": "0"}, sample_bytes("oddsapi_error_401_out_of_usage_credits.json"),
         UpstreamFatal, "quota exhausted", None),
        (429, {"Retry-After": "60"}, sample_bytes("oddsapi_error_401_out_of_usage_credits.json"), UpstreamFatal,
         "quota exhausted", None),
        (401, {}, sample_bytes("bdl_error.json"), UpstreamFatal, "HTTP 401: Unauthorized", None),
        (404, {}, sample_bytes("oddsapi_error_404_event_not_found.json"), UpstreamFatal, "EVENT_NOT_FOUND", None),
        (403, {}, b"", UpstreamFatal, "HTTP 403: empty body", None),
        (200, {"Content-Type": "text/html"}, b"<!DOCTYPE html><p>Access Denied</p>", UpstreamFatal, "HTML, not JSON",
         None),
        (200, {}, sample_bytes("oddsapi_events.json")[:300], UpstreamFatal, "malformed JSON", None),
        (200, {}, b"  ", UpstreamFatal, "empty body", None),
    ],
)  # fmt: skip
def test_classify(status, headers, body, error, match, retry_after):
    with pytest.raises(error, match=match) as caught:
        classify("src", status, headers, body)
    assert caught.value.upstream_status == status
    if error is UpstreamRetriable:
        assert caught.value.retry_after_s == retry_after


def test_classify_good_json():
    assert classify("src", 200, {}, sample_bytes("oddsapi_events.json"))[0]["home_team"] == "Dallas Mavericks"


def test_bdl_cursor_until_next_cursor_is_absent():
    pages = CursorPages(per_page=100)
    first = pages.first({"x": 1})
    assert first == {"x": 1, "per_page": 100}
    second = pages.next(first, sample("bdl_player_injuries.json"))
    assert second == {"x": 1, "per_page": 100, "cursor": 4082934}
    assert pages.next(second, sample("bdl_player_injuries_last_page.json")) is None
    assert pages.next(second, {"data": [], "meta": {"next_cursor": 4082934}}) is None  # no progress: stop


def test_bettingpros_pages_until_total_pages():
    pages = NumberedPages(limit=10)
    first = pages.first({})
    body = sample("bettingpros_offers_points.json")
    assert first == {"limit": 10, "page": 1}
    second = pages.next(first, body)
    assert second == {"limit": 10, "page": 2}
    body["_pagination"]["page"] = 2
    assert pages.next(second, body) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2024-01-25T01:40:00Z", date(2024, 1, 24)), ("2024-01-26T00:10:00Z", date(2024, 1, 25)),
     ("2024-07-05T03:59:00Z", date(2024, 7, 4)), ("2024-07-05T04:00:00Z", date(2024, 7, 5)),
     ("2021-10-22 00:00:00", date(2021, 10, 21))],
)  # fmt: skip
def test_eastern_game_date(text, expected):
    assert game_date(convert.utc(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [("38", 38.0), ("06", 6.0), ("28:30", 28.5), ("", None), (None, None)])
def test_minutes(text, expected):
    assert convert.minutes(text) == expected


@pytest.mark.parametrize(
    ("body", "field"),
    [({"scraper": "oddsa_events"}, "date"), ({"date": "01/24/2024"}, "date"), ({"date": "2024-02-30"}, "date"),
     ({"date": 20240124}, "date")],
)  # fmt: skip
def test_dates_are_strict_iso(body, field):
    from shared.errors import BadRequest

    with pytest.raises(BadRequest) as caught:
        parse(SCRAPERS["oddsa_events"].params, {k: v for k, v in body.items() if k != "scraper"})
    assert caught.value.field == field
