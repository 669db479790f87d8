"""`courtside analytics backfill` against the stand-in: progress on stderr, totals on stdout, exit status."""

import re

import pytest

from courtside.cli import main
from tests.integration import analytics_dataset as ds

pytestmark = pytest.mark.integration


@pytest.fixture
def env(settings, monkeypatch):
    monkeypatch.setenv("COURTSIDE_BQ_ENDPOINT", str(settings.bq_endpoint))
    monkeypatch.setenv("COURTSIDE_GCP_PROJECT", settings.gcp_project)
    monkeypatch.setenv("COURTSIDE_BQ_RETRY_DEADLINE_S", "3")


def test_backfill_in_chunks_with_progress(env, warehouse, capsys):
    ds.seed(warehouse, late_props=True)
    argv = ["analytics", "backfill", "--start", "2026-11-27", "--end", "2026-11-28", "--chunk-days", "1"]
    assert main([*argv, "--processors", "player_game_summary"]) == 0
    out, err = capsys.readouterr()
    assert "[###############...............] 1/2" in err and "[##############################] 2/2" in err
    assert re.search(r"2/2 player_game_summary .* 4 rows [\d,]+ rows/s", err), err  # rows so far and their rate
    assert "player_game_summary processed 2 chunks, failed 0, 4 rows" in " ".join(out.split())
    assert warehouse.query("SELECT COUNT(*) AS n FROM nba_analytics.player_game_summary") == [{"n": 4}]


def test_backfill_reports_failed_chunks_and_exits_1(env, warehouse, capsys):
    ds.seed(warehouse)
    argv = [
        "analytics",
        "backfill",
        "--start",
        "2026-11-25",
        "--end",
        "2026-11-27",
        "--processors",
        "player_game_summary",
    ]
    assert main([*argv, "--chunk-days", "1"]) == 1
    out, err = capsys.readouterr()
    assert (
        "player_game_summary 2026-11-25..2026-11-25: no box scores yet for 1 of 1 final games: 2026-11-25 BOS@DEN (g3)"
        in err
    )
    assert "processed 2 chunks, failed 1" in " ".join(out.split())
