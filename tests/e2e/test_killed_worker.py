"""kill -9 of the scrapers' gunicorn worker in the middle of the betting_lines props step: the next tick finds the
orphaned RUN decision, records it and runs it again; every table equals a control day's but for the prop lines
that moved between the killed fetch and its recovery."""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import requests

from local.gameday import PROPS_SOURCES, run_game_day
from shared.clock import SimulatedClock
from shared.eastern import ET
from shared.warehouse import Warehouse
from tests.e2e.gameday_services import GameDayServices, game_day_services
from tests.e2e.gunicorn_scrapers import gunicorn_scrapers
from tests.e2e.test_outage_replay import NO_FAULTS, content, pick, ticks

pytestmark = [pytest.mark.e2e, pytest.mark.long]
KILL_AT = (13, 5)  # ET: the first betting_lines run once the props arrive (13:00), slot 13:00-15:00
LAST = (15, 5)
DERIVED = {"nba_analytics.upcoming_player_game_context"}  # opening and current lines per player, from PROPS
PROPS = {"nba_raw.oddsa_player_props": ("event_id", "bookmaker", "player_lookup", "last_update"),
         "nba_raw.bp_player_props": ("event_id", "book_id", "player_lookup", "updated_at")}  # fmt: skip


def day_ticks(day: date) -> list[datetime]:
    return [t for t in ticks(day) if (t.astimezone(ET).hour, t.astimezone(ET).minute) <= LAST]


def post(url: str, body: dict[str, Any]) -> dict[str, Any]:
    response = requests.post(url, json=body, timeout=900)
    assert response.status_code == 200, response.text[:300]
    return dict(response.json())


def props_requests(upstream_url: str) -> int:
    stats = requests.get(f"{upstream_url}/__admin/stats", timeout=10).json()
    return sum(n for path, n in stats["requests"].items() if path.endswith("/odds") or path.startswith("/v3/offers"))


def tick(scrapers_url: str, clock: SimulatedClock, moment: datetime) -> dict[str, Any]:
    clock.set(moment)  # the one clock every process of the day reads, the upstream stand-in's too
    post(f"{scrapers_url}/evaluate", {})
    return post(f"{scrapers_url}/execute-workflows", {})


def killed_day(services: GameDayServices, url: str, day: date, kill: Any) -> list[dict[str, Any]]:
    """The game day's ticks against `url`, the worker killed mid props step at KILL_AT; the executions seen."""
    upstream = services.upstream.url
    post(f"{upstream}/__admin/faults", NO_FAULTS)
    post(f"{upstream}/__admin/reset", {})
    for source in PROPS_SOURCES:
        until = datetime.combine(day, datetime.min.time().replace(hour=13), tzinfo=ET).isoformat()
        post(f"{upstream}/__admin/holdback", {"upstream": source, "until": until})
    executions: list[dict[str, Any]] = []
    for moment in day_ticks(day):
        if (moment.astimezone(ET).hour, moment.astimezone(ET).minute) != KILL_AT:
            executions += tick(url, services.clock, moment)["executions"]
            continue
        before = props_requests(upstream)
        lost: list[BaseException] = []
        runner = threading.Thread(target=_catch, args=(lost, tick, url, services.clock, moment))
        runner.start()
        deadline = time.monotonic() + 120
        while props_requests(upstream) <= before + 3:  # a few props calls in: the step is under way
            assert time.monotonic() < deadline and runner.is_alive(), "the props step never started"
            time.sleep(0.01)
        kill()
        runner.join(60)
        assert lost, "the tick whose worker was killed answered anyway"
    for source in PROPS_SOURCES:
        post(f"{upstream}/__admin/holdback", {"upstream": source, "until": None})
    return executions


def _catch(into: list[BaseException], fn: Any, *args: Any) -> None:
    try:
        fn(*args)
    except (requests.RequestException, AssertionError) as exc:
        into.append(exc)


def moved(tables: dict[str, list[tuple]], since: datetime, until: datetime) -> set[tuple[str, tuple]]:
    """(table, line key) of the prop lines with a snapshot in (since, until]: the upstream value changed."""
    keys = set()
    for table, (*line, stamp) in PROPS.items():
        for row in tables[table]:
            values = dict(row)
            if since < eval(values[stamp], {"datetime": dt}) <= until:  # noqa: S307 (content()'s repr of a timestamp)
                keys.add((table, tuple(values[k] for k in line)))
    return keys


def test_a_killed_worker_is_recovered_on_the_next_tick(bq_endpoint, tmp_path):
    with game_day_services(bq_endpoint, f"t-{uuid.uuid4().hex[:10]}", tmp_path / "control") as control:
        day = pick(control)
        services_ticks = day_ticks(day)
        services_ticks_ok = run_game_day(
            control.scrapers_url, control.upstream.url, day, faults=NO_FAULTS, out=lambda line: None,
            ticks=services_ticks, clock=control.clock,
        )  # fmt: skip
        control.analytics.wait()
        expected = content(control.warehouse)
        control_names = resolved_names(control.warehouse)
        assert services_ticks_ok.executions

    with game_day_services(bq_endpoint, f"t-{uuid.uuid4().hex[:10]}", tmp_path / "killed") as killed:
        with gunicorn_scrapers(killed.settings, tmp_path / "gunicorn.log") as server:
            pids: list[int] = []

            def kill() -> None:
                pids.append(server.kill_worker())

            executions = killed_day(killed, server.url, day, kill)
            server.wait_ready()
            assert server.worker() != pids[0]  # the master started another worker
        killed.analytics.wait()
        got = content(killed.warehouse)
        check_records(killed.warehouse, executions)

    kill_at = datetime.combine(day, datetime.min.time().replace(hour=KILL_AT[0], minute=KILL_AT[1]), tzinfo=ET)
    # The second fetch runs during the next tick, on the one clock: its rows carry the tick's time plus its run's.
    refetched = kill_at + timedelta(hours=1, minutes=30)
    changed = moved(expected, kill_at, refetched) | moved(got, kill_at, refetched)
    differing = {}
    for table in expected:
        missing, extra = set(expected[table]) - set(got[table]), set(got[table]) - set(expected[table])
        if missing or extra:
            differing[table] = (missing, extra)
    players = moved_players(changed, [control_names, resolved_names(killed.warehouse)])
    unexplained = {t: [r for r in m | e if not explained(t, r, changed, players)] for t, (m, e) in differing.items()}
    assert all(expected[t] for t in PROPS) and all(got[t] for t in PROPS)
    sizes = {t: (len(m), len(e)) for t, (m, e) in differing.items()}
    print("\nkill -9 mid props step: tables differing from control (missing, extra):", sizes, "moved:", len(changed))
    shown = {t: [("missing" if r in differing[t][0] else "extra", dict(r)) for r in rows[:3]]
             for t, rows in unexplained.items() if rows}  # fmt: skip
    assert not shown, f"rows differ with no upstream change: {shown}"


def resolved_names(warehouse: Warehouse) -> dict[str, str]:
    """repr(name_lookup) -> repr(player_id) of every book spelling the registry resolved (content()'s repr form)."""
    rows = warehouse.query(
        "SELECT name_lookup, player_id FROM nba_reference.resolved_names WHERE player_id IS NOT NULL"
    )
    return {repr(r["name_lookup"]): repr(r["player_id"]) for r in rows}


def moved_players(changed: set[tuple[str, tuple]], maps: list[dict[str, str]]) -> set[str]:
    """The players (repr ids) whose book spelling had a line move: a book may spell them otherwise than the registry
    (an initial, "Last, First"), so their context rows are matched by player, not by spelling."""
    return {m[key[-1]] for _, key in changed for m in maps if key[-1] in m}


def explained(table: str, row: tuple, changed: set[tuple[str, tuple]], players: set[str]) -> bool:
    """Whether a differing row is a prop line that moved between the killed fetch and its recovery, or a player's
    context derived from such lines (its opening line is the first snapshot each fetch saw)."""
    values = dict(row)
    if table in DERIVED:
        return values["player_lookup"] in {key[-1] for _, key in changed} or values.get("player_id") in players
    return table in PROPS and (table, tuple(values[k] for k in PROPS[table][:-1])) in changed


def check_records(warehouse: Warehouse, executions: list[dict[str, Any]]) -> None:
    """The orphan recorded as a lost execution, its recovery decision saying so, and the recovery's execution."""
    lost = warehouse.query(
        "SELECT decision_id, workflow, status, error_message FROM nba_orchestration.workflow_executions "
        "WHERE STARTS_WITH(error_message, 'lost:')"
    )
    assert [(r["workflow"], r["status"]) for r in lost] == [("betting_lines", "failed")], lost
    recoveries = warehouse.query(
        "SELECT decision_id, reason FROM nba_orchestration.workflow_decisions WHERE STARTS_WITH(reason, 'recovery of')"
    )
    assert len(recoveries) == 1 and recoveries[0]["reason"].startswith(f"recovery of {lost[0]['decision_id']}: RUN")
    assert recoveries[0]["decision_id"] in lost[0]["error_message"]
    ran = [e for e in executions if e["decision_id"] == recoveries[0]["decision_id"]]
    assert len(ran) == 1 and ran[0]["workflow"] == "betting_lines" and ran[0]["status"] != "failed", ran
