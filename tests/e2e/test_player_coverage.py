"""The make-run game day with the Odds API out of credits all day: BettingPros alone, every player's line arrives."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from local.processes import free_port
from local.stack_members import DEFAULT_PORTS, PROJECT
from shared.settings import load_settings
from shared.warehouse import Warehouse

pytestmark = [pytest.mark.e2e, pytest.mark.long]
COURTSIDE = str(Path(sys.executable).parent / "courtside")
DAY = "2026-10-27"  # the first game day `courtside run` picks on a fresh warehouse

REACHED_SQL = """
SELECT
  COUNT(DISTINCT p.player_lookup) AS with_line,
  COUNT(DISTINCT IF(c.player_id IS NOT NULL, p.player_lookup, NULL)) AS reached,
  COUNT(DISTINCT IF(c.current_points_line IS NOT NULL, p.player_lookup, NULL)) AS with_points_line
FROM nba_raw.bp_player_props AS p
LEFT JOIN nba_reference.resolved_names AS n
  ON n.source = 'bettingpros' AND n.game_date = p.game_date AND n.name_lookup = p.player_lookup
LEFT JOIN nba_analytics.upcoming_player_game_context AS c
  ON c.game_date = p.game_date AND c.player_id = n.player_id AND c.has_prop_line
WHERE p.game_date = @day AND p.points_line IS NOT NULL
"""


@pytest.fixture
def stack_env(tmp_path):
    ports = {name: free_port() for name in DEFAULT_PORTS}
    env = {
        **os.environ,
        "COURTSIDE_DATA_DIR": str(tmp_path),
        "COURTSIDE_STACK_PORTS": ",".join(f"{k}={v}" for k, v in ports.items()),
    }
    yield env, ports
    subprocess.run([COURTSIDE, "stack", "down"], env=env, capture_output=True, timeout=120)


def test_bettingpros_alone_brings_every_players_line_to_the_context_table(stack_env):
    env, ports = stack_env
    faults = json.dumps({"profile": "quota", "seed": 7})
    run = subprocess.run(
        [COURTSIDE, "run", "--date", DAY, "--faults", faults], env=env, capture_output=True, text=True, timeout=900
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    wh = Warehouse.from_settings(
        load_settings(bq_endpoint=f"http://127.0.0.1:{ports['bigquery']}", gcp_project=PROJECT, bq_retry_deadline_s=10)
    )
    day = {"day": date.fromisoformat(DAY)}
    odds = wh.query("SELECT COUNT(*) AS n FROM nba_raw.oddsa_player_props WHERE game_date = @day", **day)
    assert odds[0]["n"] == 0  # the Odds API answered 401 OUT_OF_USAGE_CREDITS all day
    counts = wh.query(REACHED_SQL, **day)[0]
    assert counts["with_line"] >= 80
    assert counts["reached"] == counts["with_line"] == counts["with_points_line"], counts
    line = f"Player coverage {DAY}: {counts['with_line']}/{counts['with_line']} players with a line reached"
    assert line in run.stdout
    queue = subprocess.run([COURTSIDE, "players", "unresolved"], env=env, capture_output=True, text=True, timeout=120)
    assert queue.returncode == 0 and "0 open unresolved names" in queue.stdout
