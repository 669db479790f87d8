"""A game day with the warehouse stopped for its middle third, restarted, then `courtside replay`: every nba_raw
and nba_analytics table equals a control day's; run records complete."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest

from courtside import cli
from local.gameday import GameDayResult, run_game_day
from services.scrapers.workflows.config import load_workflows
from services.scrapers.workflows.schedule import cron_ticks
from shared.eastern import ET
from shared.orchestration import scraper_runs, workflow_executions
from shared.schemas import TABLES
from shared.warehouse import Warehouse
from tests.e2e.gameday_services import PROJECT, GameDayServices, StandinProcess, game_day_services

pytestmark = [pytest.mark.e2e, pytest.mark.long]
LINEAGE = {"processed_at", "archive_path"}  # when and from which file: differ between two runs of the same day
FIRST, LAST = time(6), time(17)  # ticks 06:05-17:05 ET: three thirds of four ticks each
COMPARED = sorted(name for name in TABLES if name.split(".")[0] in ("nba_raw", "nba_analytics"))
NO_FAULTS = {"profile": "none"}
HOUR = timedelta(hours=1)


def content(warehouse: Warehouse) -> dict[str, list[tuple]]:
    """Every raw and analytics table's rows without lineage, sorted (duplicates stay visible)."""
    tables = {}
    for name in COMPARED:
        rows = warehouse.query(f"SELECT * FROM {name}")
        tables[name] = sorted(tuple(sorted((k, repr(v)) for k, v in r.items() if k not in LINEAGE)) for r in rows)
    return tables


def ticks(day: date) -> list[datetime]:
    return [t for t in cron_ticks(load_workflows().scheduler.cron, day) if FIRST <= t.astimezone(ET).time() <= LAST]


def play(services: GameDayServices, day: date, before_tick: Any = lambda moment: None) -> GameDayResult:
    services.upstream.set_faults(NO_FAULTS)
    return run_game_day(
        services.scrapers_url, services.upstream.url, day, faults=NO_FAULTS, out=lambda line: None,
        ticks=ticks(day), before_tick=before_tick, clock=services.clock,
    )  # fmt: skip


def records(warehouse: Warehouse, table: str, key: str, where: str = "TRUE") -> Counter[str]:
    return Counter(r[key] for r in warehouse.query(f"SELECT {key} FROM nba_orchestration.{table} WHERE {where}"))


def test_outage_then_replay_equals_the_control_day(bq_endpoint, tmp_path, monkeypatch, capsys):
    with game_day_services(bq_endpoint, f"t-{uuid.uuid4().hex[:10]}", tmp_path / "control") as control:
        day = pick(control)
        control_day = play(control, day)
        control.analytics.wait()
        expected = content(control.warehouse)
        expected_runs = Counter(e["workflow"] for e in control_day.executions)

    standin = StandinProcess(tmp_path / "bq")
    standin.start()
    outage_ticks = ticks(day)[4:8]
    try:
        with game_day_services(standin.url, PROJECT, tmp_path / "outage") as outage:

            def warehouse_outage(moment: datetime) -> None:
                if moment == outage_ticks[0]:
                    standin.stop()
                if moment == outage_ticks[-1] + HOUR:
                    standin.start()

            outage_day = play(outage, day, warehouse_outage)
            down = [e for e in outage_day.executions if outage_ticks[0] <= _started(e) < outage_ticks[-1] + HOUR]
            assert down and all(e["recorded"] is False for e in down)  # kept in the ledger, flushed by the replay
            assert {e["status"] for e in down} <= {"succeeded", "load_pending"}  # decided and run, nothing failed
            assert "load_pending" in {e["status"] for e in down}, "the outage left nothing to replay"

            for name, value in {
                "COURTSIDE_BQ_ENDPOINT": standin.url, "COURTSIDE_GCP_PROJECT": PROJECT,
                "COURTSIDE_ARCHIVE_DIR": str(outage.settings.archive_dir), "COURTSIDE_NOTIFY_MODE": "http",
                "COURTSIDE_ANALYTICS_URL": str(outage.settings.analytics_url), "COURTSIDE_BQ_RETRY_DEADLINE_S": "3",
            }.items():  # fmt: skip
                monkeypatch.setenv(name, value)
            assert cli.main(["replay"]) == 0, capsys.readouterr().err
            outage.analytics.wait()

            assert content(outage.warehouse) == expected  # same keys, same values: 0 lost, 0 duplicated
            assert sum(map(len, expected.values())) > 0 and all(expected[t] for t in ("nba_raw.oddsa_player_props",))
            executions = records(outage.warehouse, "workflow_executions", "execution_id")
            assert sorted(executions) == sorted(e["execution_id"] for e in outage_day.executions)
            assert set(executions.values()) == {1}
            assert Counter(e["workflow"] for e in outage_day.executions) == expected_runs
            runs = records(outage.warehouse, "scraper_runs", "run_id", "replay_of IS NULL")
            assert set(runs.values()) == {1} and sum(runs.values()) == outage_day.calls("attempts")
            # After the replay the run records say loaded: no scrape and no workflow run is left load_pending.
            since = _started(outage_day.executions[0]) - HOUR
            assert "load_pending" not in {r["status"] for r in scraper_runs.status_counts(outage.warehouse, since)}
            settled = workflow_executions.status_counts(outage.warehouse, since)
            assert "load_pending" not in {r["status"] for r in settled}
    finally:
        standin.stop()


def _started(execution: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(execution["started_at"])


def pick(services: GameDayServices) -> date:
    """A busy day a week into the stand-in's season, with games the day before (box scores to collect)."""
    per_day = Counter(g.date_et for g in services.upstream.season.games)
    return next(
        d for d in sorted(per_day) if per_day[d] >= 5 and per_day[d - HOUR * 24] and d >= min(per_day) + HOUR * 24 * 7
    )
