"""Every transform against the real upstream samples, asserting specific values."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from services.scrapers.scrape.base import ScrapeContext
from services.scrapers.scrape.fetch import Page
from services.scrapers.upstreams import SCRAPERS
from services.scrapers.upstreams.espn import RosterParams
from shared.errors import UpstreamFatal
from shared.web import parse
from tests.fixtures.samples import sample

NOW = datetime(2025, 1, 9, 12, 0, tzinfo=UTC)


def run(scraper: str, *payloads: Any, **params: Any) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Rows (with lineage; the warehouse validates them) and data_summary of `scraper` over one page per payload."""
    s = SCRAPERS[scraper]
    parsed = parse(s.params, params)
    rows = s.rows([Page(200, {}, p) for p in payloads], ScrapeContext(parsed, NOW), "/archive/x.json")
    return rows, s.data_summary(rows, parsed)


def by(rows: list[dict[str, Any]], **match: Any) -> dict[str, Any]:
    found = [r for r in rows if all(r[k] == v for k, v in match.items())]
    assert len(found) == 1, f"{match}: {len(found)} rows"
    return found[0]


def test_schedule_final_with_the_overtime_game():
    rows, summary = run("nbac_schedule", sample("nbacom_schedule_league_v2_final.json"), date="2024-10-23")
    assert len(rows) == 3
    ot = by(rows, game_id="0022400071")
    assert (ot["game_status"], ot["game_status_text"]) == (3, "Final/OT")
    assert (ot["away_team_tricode"], ot["away_score"], ot["home_team_tricode"], ot["home_score"]) == (
        "PHX",
        116,
        "LAC",
        113,
    )
    assert ot["game_date"] == date(2024, 10, 23)  # tips 02:00 UTC on the 24th: an Eastern game of the 23rd
    assert ot["game_datetime_utc"] == datetime(2024, 10, 24, 2, 0, tzinfo=UTC)
    assert ot["home_team_id"] == 1610612746 and ot["season"] == "2024-25"
    assert ot["processed_at"] == NOW and ot["archive_path"] == "/archive/x.json"
    assert summary["season"] == "2024-25"
    assert [g["game_id"] for g in summary["games_on_date"]] == ["0022400063", "0022400064", "0022400071"]
    assert summary["teams_on_date"] == ["ATL", "BKN", "DET", "IND", "LAC", "PHX"]


def test_schedule_upcoming_has_no_scores_and_summary_only_for_the_date():
    rows, summary = run("nbac_schedule", sample("nbacom_schedule_league_v2_upcoming.json"), date="2025-10-03")
    assert len(rows) == 3
    assert all(r["home_score"] is None and r["away_score"] is None for r in rows)
    melbourne = by(rows, game_id="0012500009")
    assert (melbourne["away_team_tricode"], melbourne["game_status_text"]) == ("MEL", "5:30 am ET")
    assert summary["games_on_date"] == [
        {"game_id": "0012500001", "home_team_tricode": "LAL", "away_team_tricode": "PHX", "game_status": 1},
        {"game_id": "0012500009", "home_team_tricode": "NOP", "away_team_tricode": "MEL", "game_status": 1},
    ]


@pytest.mark.parametrize(
    ("day", "event_ids"),
    [
        ("2024-01-24", ["071ee3e84d6e3ecce12d8c5e4ab4da0b", "cd0bc7d0c238f4446ce1c03d0cea7ec4",
                        "f137689983933840bf2f2a91278eb03b"]),
        ("2024-01-25", ["b0884a7a89675d96158f7920d9509af5"]),
        ("2024-01-26", []),
    ],
)  # fmt: skip
def test_odds_events_keep_the_eastern_day(day, event_ids):
    rows, summary = run("oddsa_events", sample("oddsapi_events.json"), date=day)
    assert summary == {"event_ids": event_ids}
    assert all(r["game_date"] == date.fromisoformat(day) for r in rows)


def test_odds_events_map_full_names_to_tricodes():
    rows, _ = run("oddsa_events", sample("oddsapi_events.json"), date="2024-01-24")
    gsw = by(rows, event_id="cd0bc7d0c238f4446ce1c03d0cea7ec4")
    assert (gsw["home_team"], gsw["home_team_tricode"], gsw["away_team_tricode"]) == (
        "Golden State Warriors",
        "GSW",
        "ATL",
    )
    assert gsw["commence_time"] == datetime(2024, 1, 25, 3, 20, 30, tzinfo=UTC)


def test_odds_player_points_one_row_per_book_and_player_with_int_american_odds():
    rows, summary = run(
        "oddsa_player_props",
        sample("oddsapi_event_odds_player_points.json"),
        event_id="f54c4a22568ce9dc33fb410d1b0e75e9",
    )
    assert len(rows) == 7
    dk = by(rows, bookmaker="draftkings", player_lookup="carislevert")
    assert (dk["points_line"], dk["over_price"], dk["under_price"]) == (11.5, -130, 100)
    assert isinstance(dk["over_price"], int) and isinstance(dk["under_price"], int)
    fd = by(rows, bookmaker="fanduel", player_lookup="carislevert")
    assert (fd["points_line"], fd["over_price"], fd["under_price"]) == (12.5, 106, -130)
    assert fd["last_update"] == datetime(2024, 2, 22, 23, 54, 24, tzinfo=UTC)
    assert dk["game_date"] == date(2024, 2, 22)  # 00:00 UTC on the 23rd is 19:00 Eastern on the 22nd
    assert (dk["home_team_tricode"], dk["away_team_tricode"]) == ("CLE", "ORL")
    assert summary["bookmakers"] == ["draftkings", "fanduel", "mybookieag"]
    assert summary["players"] == ["carislevert", "coleanthony", "dariusgarland", "paolobanchero"]


def test_odds_player_name_with_accent_keeps_the_name_and_folds_the_lookup():
    payload = sample("oddsapi_event_odds_player_points.json")
    for outcome in payload["bookmakers"][0]["markets"][0]["outcomes"][:2]:
        outcome["description"] = "Nikola Jokić"
    rows, _ = run("oddsa_player_props", payload, event_id="f54c4a22568ce9dc33fb410d1b0e75e9")
    jokic = by(rows, bookmaker="draftkings", player_lookup="nikolajokic")
    assert jokic["player_name"] == "Nikola Jokić"


def test_odds_empty_bookmakers_is_no_rows():
    rows, summary = run(
        "oddsa_player_props",
        sample("oddsapi_event_odds_empty_bookmakers.json"),
        event_id="a37e80a2e3cf3aaa3ae84a9124987058",
    )
    assert rows == [] and summary == {"bookmakers": [], "players": []}


def test_odds_decimal_prices_are_a_shape_error():
    payload = sample("oddsapi_event_odds_player_points.json")
    payload["bookmakers"][0]["markets"][0]["outcomes"][0]["price"] = 1.77
    with pytest.raises(UpstreamFatal, match="not american odds"):
        run("oddsa_player_props", payload, event_id="f54c4a22568ce9dc33fb410d1b0e75e9")


def test_bettingpros_events_eastern_dates_and_teams():
    rows, summary = run("bp_events", sample("bettingpros_events.json"), date="2021-10-21")
    assert summary == {"event_ids": [20879, 20880]}
    late = by(rows, event_id=20880)
    assert late["game_date"] == date(2021, 10, 21)  # scheduled 00:00 UTC on the 22nd
    assert (late["home_team_tricode"], late["away_team_tricode"], late["status"]) == ("MIA", "MIL", "closed")
    assert by(rows, event_id=20879)["scheduled"] == datetime(2021, 10, 21, 23, 30, tzinfo=UTC)


def test_bettingpros_offers_one_row_per_book():
    rows, summary = run("bp_player_props", sample("bettingpros_offers_points.json"), event_id=20879, date="2021-10-21")
    assert sorted(r["book_id"] for r in rows) == [0, 10, 12]
    dk = by(rows, book_id=12)
    assert (dk["player_name"], dk["player_lookup"], dk["team_tricode"]) == ("Trae Young", "traeyoung", "ATL")
    assert (dk["points_line"], dk["over_odds"], dk["under_odds"], dk["opening_line"]) == (25.5, -110, -110, 25.5)
    assert dk["updated_at"] == datetime(2021, 10, 21, 18, 5, 40, tzinfo=UTC)
    fd = by(rows, book_id=10)
    assert (fd["points_line"], fd["over_odds"], fd["under_odds"]) == (26.5, -120, -102)
    assert summary == {"book_ids": [0, 10, 12], "players": ["traeyoung"]}


@pytest.mark.parametrize("variant", ["espn_team_roster.json", "espn_team_enable_roster.json"])
def test_espn_roster_with_injury_status(variant):
    rows, summary = run("espn_roster", sample(variant), team="BOS", date="2025-07-15")
    assert len(rows) == 4
    brown = by(rows, player_lookup="jaylenbrown")
    assert (brown["espn_player_id"], brown["jersey"], brown["position"], brown["injury_status"]) == (
        "3917376",
        "7",
        "SG",
        "Out",
    )
    assert (brown["team_tricode"], brown["espn_team_abbr"], brown["roster_date"]) == ("BOS", "BOS", date(2025, 7, 15))
    assert by(rows, player_lookup="torreycraig")["injury_status"] is None
    assert summary == {"team": "BOS", "players": 4, "injured": ["jaylenbrown", "jaysontatum"]}


@pytest.mark.parametrize(
    ("team", "path_team"), [("BOS", "bos"), ("GSW", "gs"), ("UTA", "utah"), ("WAS", "wsh"), ("ny", "ny")]
)
def test_espn_team_param_maps_to_espn_abbreviation(team, path_team):
    params = parse(RosterParams, {"team": team})
    assert params.espn_team == path_team
    assert SCRAPERS["espn_roster"].params is RosterParams


def test_bdl_injuries_pages_and_teams():
    rows, summary = run(
        "bdl_injuries",
        sample("bdl_player_injuries.json"),
        sample("bdl_player_injuries_last_page.json"),
        date="2025-07-16",
    )
    assert len(rows) == 6  # Tatum is on both pages; the warehouse merge keeps one
    assert summary == {"players": 5}
    tatum = by(rows, player_lookup="jaysontatum", description=rows[1]["description"])
    assert (tatum["bdl_player_id"], tatum["team_tricode"], tatum["status"], tatum["return_date"]) == (
        434,
        "BOS",
        "Out",
        "Feb 1",
    )
    toppin = by(rows, player_lookup="jacobtoppin")
    assert (toppin["bdl_team_id"], toppin["team_tricode"], toppin["report_date"]) == (1, "ATL", date(2025, 7, 16))


def test_bdl_box_scores_players_with_tricodes_and_minutes():
    rows, summary = run("bdl_box_scores", sample("bdl_box_scores.json"), date="2024-01-15")
    assert len(rows) == 8
    zion = by(rows, player_lookup="zionwilliamson")
    assert (zion["pts"], zion["minutes"], zion["team_tricode"], zion["opponent_tricode"]) == (30, 32.0, "NOP", "DAL")
    assert (zion["home_team_tricode"], zion["away_team_tricode"], zion["game_date"]) == (
        "DAL",
        "NOP",
        date(2024, 1, 15),
    )
    holiday = by(rows, player_lookup="aaronholiday")
    assert (holiday["minutes"], holiday["team_tricode"], holiday["fga"]) == (6.0, "HOU", 1)
    assert summary == {"teams": ["DAL", "HOU", "NOP", "PHI"]}


def test_bdl_box_scores_empty_day():
    rows, summary = run("bdl_box_scores", sample("bdl_box_scores_empty.json"), date="2024-07-01")
    assert rows == [] and summary == {"teams": []}


def test_referee_assignments_one_row_per_official():
    rows, summary = run("nbac_referee_assignments", sample("nbacom_referee_game_officials.json"), date="2025-01-08")
    assert len(rows) == 9 and {r["position"] for r in rows} == {1, 2, 3}
    goble = by(rows, game_id="0022400509", position=1)
    assert (goble["official_name"], goble["official_code"], goble["jersey_num"]) == ("John Goble", 101284, "10")
    assert (goble["home_team_tricode"], goble["away_team_tricode"], goble["game_date"]) == (
        "CLE",
        "OKC",
        date(2025, 1, 8),
    )
    assert summary == {"game_ids": ["0022400509", "0022400510", "0022400511"]}


@pytest.mark.parametrize(
    ("scraper", "payload", "params", "message"),
    [
        ("bdl_box_scores", {"data": [{"date": "2024-01-15"}]}, {"date": "2024-01-15"}, "KeyError 'home_team'"),
        ("nbac_schedule", {"meta": {}}, {}, "KeyError 'leagueSchedule'"),
        ("oddsa_events", [{"id": "x", "commence_time": "not a time"}], {"date": "2024-01-24"}, "ValueError"),
    ],
)  # fmt: skip
def test_wrong_shapes_are_fatal_and_name_the_problem(scraper, payload, params, message):
    with pytest.raises(UpstreamFatal, match=message):
        run(scraper, payload, **params)
