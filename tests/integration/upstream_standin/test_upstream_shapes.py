"""The stand-in answers every real upstream path in the real shapes (key sets of the samples), by simulated now."""

from __future__ import annotations

from datetime import date, datetime

from shared.eastern import ET
from tests.fixtures.samples import sample
from tests.integration.upstream_standin.support import (
    BDL_AUTH,
    BP_AUTH,
    KEYS,
    NOW,
    ODDS,
    first_event_id,
    get,
    points_odds,
)

TODAY, YESTERDAY = "2026-11-28", "2026-11-27"


def test_schedule_has_the_real_game_shape_and_follows_now(upstream):
    body = get(upstream, "/static/json/staticData/scheduleLeagueV2.json").json()
    real = sample("nbacom_schedule_league_v2_final.json")
    assert set(body) == set(real) and set(body["leagueSchedule"]) == set(real["leagueSchedule"])
    real_game = real["leagueSchedule"]["gameDates"][0]["games"][0]
    games = [g for day in body["leagueSchedule"]["gameDates"] for g in day["games"]]
    assert len(games) == 1230 and body["leagueSchedule"]["seasonYear"] == "2026-27"
    now = datetime.fromisoformat(NOW.replace("Z", "+00:00"))
    for game in games:
        assert set(game) == set(real_game)
        assert set(game["homeTeam"]) == set(real_game["homeTeam"])
        tip = datetime.fromisoformat(game["gameDateTimeUTC"].replace("Z", "+00:00"))
        assert game["gameDateEst"] == f"{tip.astimezone(ET).date()}T00:00:00Z"
        if tip.timestamp() + 4 * 3600 < now.timestamp():
            assert game["gameStatus"] == 3 and game["gameStatusText"].startswith("Final")
            assert game["homeTeam"]["score"] != game["awayTeam"]["score"] and game["homeTeam"]["score"] > 50
            assert set(game["pointsLeaders"][0]) == set(real_game["pointsLeaders"][0])
        elif tip > now:
            assert game["gameStatus"] == 1 and game["homeTeam"]["score"] == 0 and game["pointsLeaders"] == []
            assert game["gameStatusText"].endswith(" ET")


def test_referee_assignments_real_shape_published_on_game_day(upstream):
    real = sample("nbacom_referee_game_officials.json")
    body = get(upstream, "/wp-json/api/v1/get-game-officials", params={"date": TODAY}).json()
    assert set(body) == set(real) == {"nba", "gl", "wnba"}
    rows = body["nba"]["Table"]["rows"]
    assert rows and all(set(row) == set(real["nba"]["Table"]["rows"][0]) for row in rows)
    assert body["nba"]["Table"]["columns"] == real["nba"]["Table"]["columns"]
    assert set(body["nba"]["Table1"]["rows"][0]) == set(real["nba"]["Table1"]["rows"][0])
    assert all(row["official4"] is None and isinstance(row["official1_code"], int) for row in rows)
    names = [row[f"official{n}"] for row in rows for n in (1, 2, 3)]
    assert len(names) == len(set(names))  # nobody works two games a day
    tomorrow = get(upstream, "/wp-json/api/v1/get-game-officials", params={"date": "2026-11-29"}).json()
    assert tomorrow["nba"]["Table"]["rows"] == [] and tomorrow["nba"]["Table1"]["rows"] == []
    assert get(upstream, "/wp-json/api/v1/get-game-officials").status_code == 400


def test_odds_api_events_and_player_points_in_the_real_shape(upstream):
    events = get(upstream, f"{ODDS}/events", params={**KEYS, "commenceTimeFrom": NOW,
                                                       "commenceTimeTo": "2026-11-29T12:00:00Z"})  # fmt: skip
    real_events = sample("oddsapi_events.json")
    assert isinstance(events.json(), list) and events.json()
    assert all(set(e) == set(real_events[0]) for e in events.json())
    assert events.headers["x-requests-last"] == "0"
    odds = points_odds(upstream, events.json()[0]["id"])
    real = sample("oddsapi_event_odds_player_points.json")
    body = odds.json()
    assert set(body) == set(real) and len(body["bookmakers"]) >= 3
    for book in body["bookmakers"]:
        assert set(book) == set(real["bookmakers"][0])
        market = book["markets"][0]
        assert set(market) == set(real["bookmakers"][0]["markets"][0]) and market["key"] == "player_points"
        assert all(set(o) == set(real["bookmakers"][0]["markets"][0]["outcomes"][0]) for o in market["outcomes"])
        assert [o["name"] for o in market["outcomes"][:2]] == ["Over", "Under"]
        assert all(isinstance(o["price"], int) for o in market["outcomes"])
    lines = {(b["key"], o["description"]): o["point"] for b in body["bookmakers"] for o in b["markets"][0]["outcomes"]}
    by_player: dict[str, set] = {}
    for (_book, player), point in lines.items():
        by_player.setdefault(player, set()).add(point)
    assert any(len(points) > 1 for points in by_player.values())  # books disagree a little
    assert int(odds.headers["x-requests-used"]) == 1 and odds.headers["x-requests-last"] == "1"


def test_odds_default_to_decimal_and_credits_count_down(upstream):
    event = first_event_id(upstream)
    decimal = get(upstream, f"{ODDS}/events/{event}/odds", params={**KEYS, "regions": "us",
                                                                    "markets": "player_points"})  # fmt: skip
    prices = [o["price"] for b in decimal.json()["bookmakers"] for o in b["markets"][0]["outcomes"]]
    assert all(1.0 < p < 3.5 for p in prices)
    again = points_odds(upstream, event)
    assert int(again.headers["x-requests-remaining"]) == int(decimal.headers["x-requests-remaining"]) - 1


def test_odds_api_error_bodies(upstream):
    real = sample("oddsapi_error_404_event_not_found.json")
    missing = points_odds(upstream, "0" * 32)
    assert missing.status_code == 404 and set(missing.json()) == set(real)
    assert missing.json()["error_code"] == "EVENT_NOT_FOUND"
    bad_market = points_odds(upstream, first_event_id(upstream), markets="player_free_throws")
    assert bad_market.status_code == 422 and bad_market.json()["error_code"] == "INVALID_MARKET"
    sport = get(upstream, "/v4/sports/curling/events", params=KEYS)
    assert sport.status_code == 404 and sport.json()["error_code"] == "UNKNOWN_SPORT"
    for response in (missing, bad_market, sport):
        assert {"x-requests-remaining", "x-requests-used", "x-requests-last"} <= set(response.headers)


def test_bdl_injuries_cursor_pages_until_next_cursor_is_absent(upstream):
    real, real_last = sample("bdl_player_injuries.json"), sample("bdl_player_injuries_last_page.json")
    everything = get(upstream, "/v1/player_injuries", params={"per_page": 100}, headers=BDL_AUTH).json()
    assert 10 <= len(everything["data"]) <= 100 and everything["meta"] == real_last["meta"]
    seen, cursor, pages = [], None, 0
    while True:
        params = {"per_page": 7, **({"cursor": cursor} if cursor else {})}
        page = get(upstream, "/v1/player_injuries", params=params, headers=BDL_AUTH).json()
        pages += 1
        seen += [row["player"]["id"] for row in page["data"]]
        assert all(set(row) == set(real["data"][0]) for row in page["data"])
        assert all(set(row["player"]) == set(real["data"][0]["player"]) for row in page["data"])
        if "next_cursor" not in page["meta"]:
            assert set(page["meta"]) == set(real_last["meta"])
            break
        assert set(page["meta"]) == set(real["meta"]) and page["meta"]["next_cursor"] > 1000
        cursor = page["meta"]["next_cursor"]
    assert pages > 1 and seen == [row["player"]["id"] for row in everything["data"]]
    assert {row["status"] for row in everything["data"]} <= {"Out", "Day-To-Day"}
    assert get(upstream, "/v1/player_injuries", params={"per_page": 0}, headers=BDL_AUTH).status_code == 400


def test_bdl_box_scores_by_date_final_games_only(upstream):
    real = sample("bdl_box_scores.json")
    body = get(upstream, "/v1/box_scores", params={"date": YESTERDAY}, headers=BDL_AUTH).json()
    assert set(body) == {"data"} and body["data"]
    real_game, real_line = real["data"][0], real["data"][0]["home_team"]["players"][0]
    for game in body["data"]:
        assert set(game) == set(real_game) and set(game["home_team"]) == set(real_game["home_team"])
        for line in game["home_team"]["players"] + game["visitor_team"]["players"]:
            assert set(line) == set(real_line) and set(line["player"]) == set(real_line["player"])
            assert line["pts"] == 2 * line["fgm"] + line["fg3m"] + line["ftm"]
        assert sum(p["pts"] for p in game["home_team"]["players"]) == game["home_team_score"]
    tonight = get(upstream, "/v1/box_scores", params={"date": TODAY}, headers=BDL_AUTH).json()
    assert tonight == {"data": []}  # nothing final yet at noon ET
    no_date = get(upstream, "/v1/box_scores", headers=BDL_AUTH)
    assert no_date.status_code == 400 and set(no_date.json()) == set(sample("bdl_error.json"))


def test_espn_roster_by_abbreviation_or_id(upstream):
    real = sample("espn_team_roster.json")
    by_abbr = get(upstream, "/apis/site/v2/sports/basketball/nba/teams/gs/roster").json()
    by_id = get(upstream, "/apis/site/v2/sports/basketball/nba/teams/9/roster").json()
    assert by_abbr == by_id and set(by_abbr) == set(real) and by_abbr["team"]["abbreviation"] == "GS"
    assert len(by_abbr["athletes"]) == 14  # GSW's deepest reserve is on a two-way contract: ESPN leaves him out
    real_keys = set().union(*(set(a) for a in real["athletes"]))
    for athlete in by_abbr["athletes"]:
        assert {"id", "fullName", "displayName", "jersey", "position", "injuries"} <= set(athlete) <= real_keys
    injured = [a for t in ("bos", "ny", "no", "sa", "utah", "wsh", "lal", "den", "mia", "phx")
               for a in get(upstream, f"/apis/site/v2/sports/basketball/nba/teams/{t}/roster").json()["athletes"]
               if a["injuries"]]  # fmt: skip
    assert injured and set(injured[0]["injuries"][0]) == set(real["athletes"][0]["injuries"][0])
    assert get(upstream, "/apis/site/v2/sports/basketball/nba/teams/xyz/roster").status_code == 404


def test_bettingpros_events_and_offers_paged(upstream):
    real_events, real_offers = sample("bettingpros_events.json"), sample("bettingpros_offers_points.json")
    events = get(upstream, "/v3/events", params={"sport": "NBA", "date": TODAY}, headers=BP_AUTH).json()
    assert set(events) == set(real_events) and events["events"]
    assert all(set(e) == set(real_events["events"][0]) for e in events["events"])
    multi_page = 0
    for event in events["events"]:
        params = {"sport": "NBA", "market_id": "156", "event_id": str(event["id"]), "book_id": "null", "limit": "10"}
        first = get(upstream, "/v3/offers", params={**params, "page": "1"}, headers=BP_AUTH).json()
        assert set(first) == set(real_offers)
        pages = first["_pagination"]["total_pages"]
        offers = list(first["offers"])
        for page in range(2, pages + 1):
            offers += get(upstream, "/v3/offers", params={**params, "page": str(page)}, headers=BP_AUTH).json()[
                "offers"
            ]
        multi_page += pages > 1
        assert len(offers) == len({o["player_id"] for o in offers}) and 10 * (pages - 1) < len(offers) <= 10 * pages
        offer = offers[0]
        real_offer = real_offers["offers"][0]
        assert set(offer) == set(real_offer)
        assert [s["selection"] for s in offer["selections"]] == ["over", "under"]
        assert set(offer["selections"][0]) == set(real_offer["selections"][0])
        line = offer["selections"][0]["books"][0]["lines"][0]
        assert set(line) == set(real_offer["selections"][0]["books"][0]["lines"][0])
        assert offer["selections"][0]["books"][0]["id"] == 0  # the consensus
    assert multi_page >= 1


def test_bettingpros_offers_need_an_event_and_date_defaults_to_today(upstream):
    assert get(upstream, "/v3/offers", params={"sport": "NBA", "market_id": "156"}, headers=BP_AUTH).status_code == 400
    default = get(upstream, "/v3/events", params={"sport": "NBA"}, headers=BP_AUTH).json()
    assert default["_parameters"]["date"] == TODAY
    assert date.fromisoformat(default["events"][0]["scheduled"][:10]) >= date(2026, 11, 28)
