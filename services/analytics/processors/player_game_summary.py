"""player_game_summary: one row per player per final game, with shooting, closing line and over/under."""

from services.analytics.processors.base import Processor


class PlayerGameSummary(Processor):
    """Box scores of final games joined to the closing points line."""

    name = "player_game_summary"
    target = "nba_analytics.player_game_summary"
    triggered_by = {
        "nba_raw.bdl_box_scores": 0,
        "nba_raw.nbac_schedule": 0,
        "nba_raw.oddsa_player_props": 0,
        "nba_raw.bp_player_props": 0,
    }
    readiness_sources = (("nba_raw.bdl_box_scores", "game_date"),)
    missing_message = "no box scores yet for {missing} of {games} final games: {which}"
