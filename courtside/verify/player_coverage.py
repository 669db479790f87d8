"""Log each player-coverage WARN verify prints (event=player_coverage_alert): log-based alerting filters on it."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from shared.health.coverage import CoverageVerdict
from shared.log import log_event

logger = logging.getLogger(__name__)


def log_warnings(verdicts: Iterable[CoverageVerdict]) -> None:
    """Each WARN at WARNING, naming its game date."""
    for v in verdicts:
        if not v.ok:
            log_event(logger, str(v), event="player_coverage_alert", level=logging.WARNING, game_date=str(v.game_date))
