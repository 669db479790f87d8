"""upcoming_player_game_context: one row per player expected to play on a date, with rest, form and lines."""

from datetime import date, datetime

from services.analytics.processors.base import Processor
from services.analytics.registry.coverage import record
from shared.warehouse import Warehouse


class UpcomingPlayerGameContext(Processor):
    """Who plays on D, how rested and in what form, and where their points line stands."""

    name = "upcoming_player_game_context"
    target = "nba_analytics.upcoming_player_game_context"
    triggered_by = {
        "nba_raw.nbac_schedule": 0,
        "nba_raw.oddsa_player_props": 0,
        "nba_raw.bp_player_props": 0,
        "nba_raw.espn_rosters": 0,
        "nba_raw.bdl_injuries": 0,
        # Yesterday's box scores change today's rest and form.
        "nba_raw.bdl_box_scores": 1,
    }
    readiness_sources = (("nba_raw.oddsa_player_props", "game_date"), ("nba_raw.bp_player_props", "game_date"))
    missing_message = "no player points props yet for {missing} of {games} games: {which}"

    def after(self, warehouse: Warehouse, start: date, end: date, now: datetime) -> None:
        """Coverage of the range (players with a line vs lines that arrived) into history."""
        record(warehouse, start, end, now)
