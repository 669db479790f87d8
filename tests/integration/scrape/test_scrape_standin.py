"""Every scraper through POST /scrape against the project's upstream stand-in (local.upstream_standin)."""

from __future__ import annotations

import pytest

from local.upstream_standin.server import serve_in_thread
from services.scrapers.app import create_app
from tests.integration.scrape.support import count, runs, scrape_settings

pytestmark = pytest.mark.integration
NOW = "2026-11-28T17:00:00Z"  # Saturday noon ET: last night's games final, tonight's props posted


@pytest.fixture(scope="module")
def standin():
    running = serve_in_thread(seed=1, now=NOW)
    yield running
    running.stop()


def test_a_day_of_scrapes_from_the_standin(settings, warehouse, standin):
    client = create_app(scrape_settings(settings, standin.url, upstream_timeout_s=5), warehouse=warehouse).test_client()

    def scrape(scraper: str, **params):
        response = client.post("/scrape", json={"scraper": scraper, **params})
        body = response.get_json()
        assert response.status_code == 200 and body["status"] == "success", body
        table = f"nba_raw.{scraper.replace('espn_roster', 'espn_rosters')}"
        assert body["rows"] > 0 and count(warehouse, table) >= body["rows"]
        return body["data_summary"]

    schedule = scrape("nbac_schedule", date="2026-11-28")
    assert schedule["season"] == "2026-27" and schedule["games_on_date"]
    events = scrape("oddsa_events", date="2026-11-28")["event_ids"]
    assert len(events) == len(schedule["games_on_date"])
    assert scrape("oddsa_player_props", event_id=events[0], date="2026-11-28")["bookmakers"]
    bp_events = scrape("bp_events", date="2026-11-28")["event_ids"]
    assert scrape("bp_player_props", event_id=bp_events[0], date="2026-11-28")["players"]
    for team in schedule["teams_on_date"][:2]:
        assert scrape("espn_roster", team=team)["team"] == team
    scrape("bdl_injuries")
    assert scrape("bdl_box_scores", date="2026-11-27")["teams"]
    assert scrape("nbac_referee_assignments", date="2026-11-28")["game_ids"]
    assert {r["status"] for r in runs(warehouse)} == {"success"}
    # The sources spell names differently; player_lookup must still join most prop players to roster players (the
    # Odds API's initials, "Last, First" and middle initials are left to the player resolver).
    event = warehouse.query("SELECT * FROM nba_raw.oddsa_events WHERE event_id = @e", e=events[0])[0]
    for team in (event["home_team_tricode"], event["away_team_tricode"]):
        scrape("espn_roster", team=team)
    matched = warehouse.query(
        "SELECT COUNT(DISTINCT p.player_lookup) AS players, COUNT(DISTINCT r.player_lookup) AS matched "
        "FROM nba_raw.oddsa_player_props p LEFT JOIN nba_raw.espn_rosters r USING (player_lookup) "
        "WHERE p.event_id = @e",
        e=events[0],
    )[0]
    assert matched["matched"] >= 0.6 * matched["players"]
