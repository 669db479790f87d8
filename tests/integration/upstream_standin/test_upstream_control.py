"""The stand-in over HTTP: auth, each fault kind, determinism, holdback, clock, admin API, stats, concurrency."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.fixtures.samples import sample
from tests.integration.upstream_standin.support import (
    BDL_AUTH,
    BP_AUTH,
    KEYS,
    ODDS,
    first_event_id,
    get,
    points_odds,
)

ESPN = "/apis/site/v2/sports/basketball/nba/teams/bos/roster"
INJURIES = "/v1/player_injuries"
SCHEDULE = "/static/json/staticData/scheduleLeagueV2.json"
# upstream name → (path, params, auth headers) of one cheap request
CALLS = {
    "espn": (ESPN, {}, {}),
    "bdl": (INJURIES, {}, BDL_AUTH),
    "odds_api": (f"{ODDS}/events", KEYS, {}),
    "bettingpros": ("/v3/events", {"sport": "NBA", "date": "2026-11-28"}, BP_AUTH),
    "nbacom": ("/wp-json/api/v1/get-game-officials", {"date": "2026-11-28"}, {}),
}


def call(up, name: str, timeout: float = 10) -> requests.Response:
    path, params, headers = CALLS[name]
    return get(up, path, params=params, headers=headers, timeout=timeout)


def admin(up, path: str, body: dict) -> requests.Response:
    return requests.post(up.url + path, json=body, timeout=10)


@pytest.mark.parametrize(
    ("name", "status", "body"),
    [("odds_api", 401, {"error_code": "MISSING_KEY"}), ("bdl", 401, {"error": "Unauthorized"}),
     ("bettingpros", 403, {"message": "Forbidden"})],
)  # fmt: skip
def test_missing_credentials_are_refused(upstream, name, status, body):
    path, params, _headers = CALLS[name]
    response = get(upstream, path, params={k: v for k, v in params.items() if k != "apiKey"})
    assert response.status_code == status
    assert body.items() <= response.json().items()


@pytest.mark.parametrize(
    ("name", "retry_after"),
    [("espn", "1"), ("nbacom", "1"), ("bettingpros", "1"), ("bdl", None), ("odds_api", None)],
)
def test_429_with_retry_after_only_where_the_real_upstream_sends_it(upstream, name, retry_after):
    upstream.set_faults({"global": {"rate_429": 1.0}})
    response = call(upstream, name)
    assert response.status_code == 429 and response.headers.get("Retry-After") == retry_after
    if name == "odds_api":
        assert set(response.json()) == set(sample("oddsapi_error_429_exceeded_freq_limit.json"))
        assert response.json()["error_code"] == "EXCEEDED_FREQ_LIMIT" and "x-requests-remaining" in response.headers


def test_explicit_retry_after_applies_to_bdl_too(upstream):
    upstream.set_faults({"upstreams": {"bdl": {"rate_429": 1.0, "retry_after_s": 7}}})
    assert call(upstream, "bdl").headers["Retry-After"] == "7"
    assert call(upstream, "espn").status_code == 200  # only bdl is faulty


def test_server_errors_are_500_502_503(upstream):
    upstream.set_faults({"seed": 4, "upstreams": {"espn": {"rate_5xx": 1.0}}})
    assert {call(upstream, "espn").status_code for _ in range(30)} == {500, 502, 503}


def test_slow_answers_outlast_the_client_timeout(upstream):
    upstream.set_faults({"global": {"rate_slow": 1.0, "slow_s": 0.6}})
    started = time.monotonic()
    with pytest.raises(requests.Timeout):
        call(upstream, "bdl", timeout=0.2)
    assert time.monotonic() - started < 0.5
    assert call(upstream, "bdl", timeout=5).status_code == 200  # patient clients get the answer


def test_reset_closes_the_connection_without_an_answer(upstream):
    upstream.set_faults({"global": {"rate_reset": 1.0}})
    with pytest.raises(requests.ConnectionError):
        call(upstream, "espn")


def test_malformed_bodies_do_not_parse(upstream):
    upstream.set_faults({"seed": 5, "global": {"rate_malformed": 1.0}})
    kinds = set()
    for _ in range(12):
        response = call(upstream, "bdl")
        assert response.status_code == 200
        with pytest.raises(ValueError):
            response.json()
        kinds.add(response.headers["Content-Type"].split(";")[0])
    assert kinds == {"application/json", "text/html"}  # truncated JSON and an HTML page


@pytest.mark.parametrize(
    ("name", "status"), [("bdl", 401), ("espn", 403), ("bettingpros", 403), ("nbacom", 403)]
)  # fmt: skip
def test_quota_exhaustion_on_other_upstreams(upstream, name, status):
    upstream.set_faults({"upstreams": {name: {"quota_exhausted": True}}})
    assert call(upstream, name).status_code == status


def test_odds_api_quota_exhausted_but_free_events_still_answer(upstream):
    event = first_event_id(upstream)
    upstream.set_faults("quota")
    odds = points_odds(upstream, event)
    assert odds.status_code == 401 and odds.json() == sample("oddsapi_error_401_out_of_usage_credits.json")
    assert odds.headers["x-requests-remaining"] == "0" and odds.headers["x-requests-last"] == "0"
    assert int(odds.headers["Retry-After"]) >= 3600
    assert call(upstream, "odds_api").status_code == 200


def test_odds_api_credits_run_out(upstream):
    event = first_event_id(upstream)
    upstream.set_faults({"odds_api_credits": 2})
    assert [points_odds(upstream, event).status_code for _ in range(3)] == [200, 200, 401]


def test_latency_is_added_to_every_answer(upstream):
    upstream.set_faults({"global": {"latency_s": 0.3}})
    started = time.monotonic()
    assert call(upstream, "espn").status_code == 200
    assert time.monotonic() - started >= 0.3


def statuses(up, seed: int) -> list[object]:
    admin(up, "/__admin/faults", {"profile": "standard", "seed": seed, "slow_s": 0.6})
    result: list[object] = []
    for _ in range(40):
        try:
            result.append(call(up, "espn", timeout=0.3).status_code)
        except requests.RequestException as exc:
            result.append(type(exc).__name__)
    return result


def test_faults_are_deterministic_under_a_seed(upstream):
    first = statuses(upstream, 21)
    assert first == statuses(upstream, 21)
    assert first != statuses(upstream, 22)
    assert {200, 429} <= set(first)


def test_holdback_hides_props_until_simulated_now_reaches_it(upstream):
    event = first_event_id(upstream)
    bp_event = get(upstream, "/v3/events", params={"sport": "NBA", "date": "2026-11-28"}, headers=BP_AUTH).json()
    offers_params = {"sport": "NBA", "market_id": "156", "event_id": str(bp_event["events"][-1]["id"])}
    for name in ("odds_api", "bettingpros"):
        assert admin(upstream, "/__admin/holdback", {"upstream": name, "until": "2026-11-28T19:00:00Z"}).ok
    held = points_odds(upstream, event)
    assert held.json()["bookmakers"] == [] and held.headers["x-requests-last"] == "0"
    assert get(upstream, "/v3/offers", params=offers_params, headers=BP_AUTH).json()["offers"] == []
    assert admin(upstream, "/__admin/clock", {"advance_s": 2 * 3600}).json()["now"] == "2026-11-28T19:00:00Z"
    assert points_odds(upstream, event).json()["bookmakers"]
    assert get(upstream, "/v3/offers", params=offers_params, headers=BP_AUTH).json()["offers"]


def test_the_clock_moves_games_from_scheduled_to_final_and_props_away(upstream):
    event = first_event_id(upstream)
    before = get(upstream, SCHEDULE).json()["leagueSchedule"]["gameDates"]
    tonight = next(d for d in before if d["gameDate"].startswith("11/28/2026"))["games"]
    assert {g["gameStatus"] for g in tonight} == {1}
    assert admin(upstream, "/__admin/clock", {"now": "2026-11-29T12:00:00Z"}).ok
    after = get(upstream, SCHEDULE).json()["leagueSchedule"]["gameDates"]
    assert {g["gameStatus"] for g in next(d for d in after if d["gameDate"].startswith("11/28/2026"))["games"]} == {3}
    assert points_odds(upstream, event).json()["error_code"] == "EVENT_NOT_FOUND"
    box = get(upstream, "/v1/box_scores", params={"date": "2026-11-28"}, headers=BDL_AUTH).json()
    assert len(box["data"]) == len(tonight)


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [("/__admin/faults", {"global": {"rate_429": 2}}, "global.rate_429"),
     ("/__admin/faults", {"profile": "apocalypse"}, "profile"),
     ("/__admin/faults", {"upstreams": {"nba_stats": {}}}, "upstreams.nba_stats"),
     ("/__admin/clock", {"now": "yesterday"}, "now"), ("/__admin/clock", {"now": "2026-11-28T10:00:00"}, "now"),
     ("/__admin/clock", {}, "now"), ("/__admin/holdback", {"upstream": "espn", "until": None}, "upstream"),
     ("/__admin/holdback", {"upstream": "odds_api", "until": 5}, "until")],
)  # fmt: skip
def test_admin_rejects_bad_input_naming_the_field(upstream, path, body, field):
    response = admin(upstream, path, body)
    assert response.status_code == 400 and response.json()["error"]["field"] == field


def test_stats_count_requests_per_path_and_faults_and_reset_zeroes_them(upstream):
    upstream.set_faults({"upstreams": {"bdl": {"rate_429": 1.0}}})
    for _ in range(3):
        call(upstream, "espn")
    call(upstream, "bdl")
    stats = requests.get(upstream.url + "/__admin/stats", timeout=5).json()
    assert stats["requests"] == {ESPN: 3, INJURIES: 1}
    assert stats["requests_by_upstream"] == {"espn": 3, "bdl": 1}
    assert stats["faults"] == {"429": 1} and stats["faults_by_upstream"] == {"bdl": {"429": 1}}
    assert admin(upstream, "/__admin/reset", {}).json()["requests_total"] == 0
    assert requests.get(upstream.url + "/healthz", timeout=5).json()["service"] == "upstream"


def test_thirty_concurrent_requests_are_served(upstream):
    names = list(CALLS) * 6
    with ThreadPoolExecutor(max_workers=30) as pool:
        codes = list(pool.map(lambda name: call(upstream, name).status_code, names))
    assert codes == [200] * 30
    assert upstream.stats()["requests_total"] == 30
