"""`make run` on a fresh stack, then the product's own verdict on the simulated day it just played: `courtside
verify` and the status page both say healthy, every section filled, on the one simulated clock."""

import json
import os
import re
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests

from local.processes import free_port
from local.stack_members import DEFAULT_PORTS

pytestmark = [pytest.mark.e2e, pytest.mark.long]
COURTSIDE = str(Path(sys.executable).parent / "courtside")
DOCS = Path(__file__).resolve().parents[2] / "docs" / "warehouse-and-logs.md"


def courtside(args, env, timeout=900):
    return subprocess.run([COURTSIDE, *args], env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    """One fresh stack that played `courtside run` (the opening day and the next): its env, ports and output."""
    data_dir = tmp_path_factory.mktemp("demo")
    ports = {name: free_port() for name in DEFAULT_PORTS}
    env = {**os.environ, "COURTSIDE_DATA_DIR": str(data_dir),
           "COURTSIDE_STACK_PORTS": ",".join(f"{k}={v}" for k, v in ports.items())}  # fmt: skip
    run = courtside(["run"], env)
    try:
        yield env, ports, data_dir, run
    finally:
        courtside(["stack", "down"], env, timeout=120)


def test_make_run_then_verify_says_healthy_about_the_simulated_day(played):
    env, _, data_dir, run = played
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "fresh warehouse: the pipeline goes live on opening day" in run.stdout
    simulated = json.loads((data_dir / "run" / "clock.json").read_text())["now"]
    assert simulated.startswith("2026-10-2")  # the season's first days, not the machine's date
    verify = courtside(["verify"], env, timeout=120)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "verdict: healthy" in verify.stdout
    assert "FAIL" not in verify.stdout


def test_the_status_page_says_healthy_with_every_section_filled_for_that_day(played):
    _, ports, data_dir, run = played
    assert run.returncode == 0
    status = requests.get(f"http://127.0.0.1:{ports['analytics']}/status.json", timeout=30).json()
    assert status["verdict"] == {"level": "healthy", "reasons": []}
    at = datetime.fromisoformat(status["at"])
    simulated = datetime.fromisoformat(json.loads((data_dir / "run" / "clock.json").read_text())["now"])
    assert abs(at - simulated) < timedelta(minutes=30)  # the page's "now" is the simulation's
    day_runs = {d["day"]: d["runs"] for w in status["workflows"] for d in w["days"] if d["runs"]}
    assert set(day_runs) == {"2026-10-20", "2026-10-21"}
    closed = status["circuits"]["closed_24h"]
    assert status["circuits"]["open"] == [] and closed, "the day's late props open a circuit that closes again"
    assert closed[0]["why_opened"].startswith("no player points props yet")
    assert status["freshness"]["age_hours"] < 1 and status["freshness"]["checks"]
    coverage = {c["game_date"]: (c["players_reached"], c["players_with_line"]) for c in status["players"]["coverage"]}
    assert coverage["2026-10-21"][0] == coverage["2026-10-21"][1] > 100
    assert {u["upstream"] for u in status["upstreams"]["by_upstream"]} >= {"BettingPros", "ESPN", "Ball Don't Lie"}
    assert [s["service"] for s in status["deploy"]["services"]] == ["analytics", "scrapers", "freshness"]
    assert status["deploy"]["mismatch"] is False


def test_each_day_reports_conservation_and_limits_in_one_line(played):
    _, _, _, run = played
    lines = [line for line in run.stdout.splitlines() if line.startswith("2026-10-2")]
    assert len(lines) == 2
    for line in lines:
        assert " loaded + 0 refused" in line and "LOST" not in line and "OVER" not in line, line


def test_a_date_outside_the_season_is_one_line_naming_the_option(played):
    env, _, _, _ = played
    outside = courtside(["run", "--date", "2031-01-01"], env, timeout=120)
    assert outside.returncode == 1
    assert outside.stderr.strip().splitlines() == [
        "courtside: --date: 2031-01-01 is outside the season (2026-10-20 to 2027-04-11)"
    ]


# Each documented event and the rows it describes: after the day, the log holds exactly one line per row.
EVENT_ROWS = {
    "workflow_finished": "SELECT COUNT(*) AS n FROM nba_orchestration.workflow_executions",
    "retry_attempt": "SELECT SUM(retries) AS n FROM nba_orchestration.workflow_executions",
    "scrape_finished": "SELECT COUNT(*) AS n FROM nba_orchestration.scraper_runs WHERE replay_of IS NULL",
    "retry_skipped": "SELECT COUNT(*) AS n FROM nba_orchestration.upstream_budget_events WHERE kind = 'retry_skipped'",
    "upstream_short_circuit": "SELECT COUNT(*) AS n FROM nba_orchestration.upstream_budget_events "
    "WHERE kind = 'short_circuit'",
    "upstream_closed": "SELECT COUNT(*) AS n FROM nba_orchestration.upstream_budget_events "
    "WHERE kind IN ('exhausted', 'cooldown')",
    "circuit_auto_reset": "SELECT COUNT(*) AS n FROM nba_orchestration.circuit_breaker_events "
    "WHERE kind = 'closed_by_readiness'",
    "circuit_manual_reset": "SELECT COUNT(*) AS n FROM nba_orchestration.circuit_breaker_events "
    "WHERE kind = 'manual_reset'",
    "freshness_alert": "SELECT (SELECT COUNT(*) FROM nba_orchestration.freshness_checks WHERE status != 'OK') + "
    "(SELECT COUNT(DISTINCT CONCAT(check_id, source_table)) FROM nba_orchestration.missing_games_log) AS n",
}
CIRCUIT_STEPS = {"circuit_opened": ("opened", "reopened"), "circuit_closed": ("closed",)}  # by the fold of the facts
# Events with no row of their own: what they describe lives only in the log.
LOG_ONLY = {
    "page_retry", "page_hedged", "alert_webhook_retry", "warehouse_write", "circuit_skipped", "processor_run",
    "process_ignored", "notify_retry", "load_shed", "request_dropped",
}  # fmt: skip


def structured_lines(logs: Path) -> list[dict]:
    """Every structured (JSON) line in the stack's log files."""
    return [
        json.loads(line)
        for path in sorted(logs.glob("*.log"))
        for line in path.read_text(errors="replace").splitlines()
        if line.startswith("{")
    ]


def documented_events() -> set[str]:
    """The events the table in docs/warehouse-and-logs.md lists (first cell of each row)."""
    cells = re.findall(r"^\| (`[^|]*`) \|", DOCS.read_text(), re.M)
    return {event for cell in cells for event in re.findall(r"`(\w+)`", cell)}


def circuit_effects(warehouse) -> Counter:
    """How many facts had each effect in the one fold (opened, reopened, closed, ...), closes by readiness aside."""
    from shared.orchestration import circuit_events
    from shared.resilience.circuit_fold import Kind, steps
    from shared.resilience.circuit_history import READ_THRESHOLD

    facts = circuit_events.facts_since(warehouse, datetime(2000, 1, 1, tzinfo=UTC))
    effects: Counter = Counter()
    for key in {f.key for f in facts}:
        for step in steps(key, [f for f in facts if f.key == key], READ_THRESHOLD):
            if not (step.effect == "closed" and step.fact.kind in (Kind.READY, Kind.RESET)):
                effects[step.effect] += 1
    return effects


def test_every_documented_event_is_logged_once_per_row_it_describes(played):
    from local.stack_members import PROJECT
    from shared.orchestration import workflow_executions
    from shared.settings import load_settings
    from shared.warehouse import Warehouse

    _, ports, data_dir, run = played
    assert run.returncode == 0
    assert documented_events() == set(EVENT_ROWS) | set(CIRCUIT_STEPS) | LOG_ONLY
    warehouse = Warehouse.from_settings(
        load_settings(bq_endpoint=f"http://127.0.0.1:{ports['bigquery']}", gcp_project=PROJECT)
    )
    lines = structured_lines(data_dir / "logs")
    logged = Counter(line.get("event") for line in lines)
    rows = {event: int(warehouse.query(sql)[0]["n"] or 0) for event, sql in EVENT_ROWS.items()}
    effects = circuit_effects(warehouse)
    rows |= {event: sum(effects[e] for e in kinds) for event, kinds in CIRCUIT_STEPS.items()}
    assert {event: logged[event] for event in rows} == rows
    assert rows["retry_attempt"] and rows["circuit_opened"] and rows["workflow_finished"]  # the day had them
    by_scraper = workflow_executions.retries_by_scraper(warehouse, datetime(2000, 1, 1, tzinfo=UTC), datetime.now(UTC))
    assert Counter(line["scraper"] for line in lines if line.get("event") == "retry_attempt") == by_scraper
