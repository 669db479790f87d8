"""nba_raw: one table per upstream endpoint, loaded by the scrapers (game dates are US/Eastern)."""

from shared.schemas.nba_raw import betting, games, players
from shared.schemas.nba_raw.common import DATASET

TABLES = [*games.TABLES, *betting.TABLES, *players.TABLES]

__all__ = ["DATASET", "TABLES"]
