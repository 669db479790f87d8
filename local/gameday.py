"""`make run`'s simulated game day: at each Scheduler tick of one day, move the stack's one clock there and
POST /evaluate and /execute-workflows, as Cloud Scheduler would (time simulated, not waited)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

import requests

from services.scrapers.workflows.config import load_workflows
from services.scrapers.workflows.schedule import cron_ticks
from shared.clock import SimulatedClock
from shared.eastern import ET
from shared.resilience.policy import RetryPolicy
from shared.resilience.retrier import Attempt, Retrier

DEFAULT_FAULTS = {"profile": "mild", "seed": 7}  # the stand-in's mild profile: a few retries, rare failures
PROPS_LATE_UNTIL = time(13)  # ET: both props sources hold back their lines until then, so a circuit opens
PROPS_SOURCES = ("odds_api", "bettingpros")
SCHEDULE_PATH = "/static/json/staticData/scheduleLeagueV2.json"
TICK_TIMEOUT_S = 900.0


def post_json(url: str, body: dict[str, Any], timeout: float = 30.0) -> dict[str, Any]:
    """POST a JSON body to one of the stack's members; anything but a 200 is an error naming the answer."""
    response = requests.post(url, json=body, timeout=timeout)
    if response.status_code != 200:
        raise RuntimeError(f"POST {url} answered {response.status_code}: {response.text[:300]}")
    return dict(response.json())


SCHEDULE_RETRY = RetryPolicy(max_attempts=5, deadline_s=120.0, base_s=0.2, cap_s=2.0, attempt_timeout_s=20.0)


def _schedule_attempt(upstream_url: str, timeout_s: float) -> Attempt:
    """One GET of the stand-in's schedule: games per date, or a retriable failure saying why."""
    try:
        response = requests.get(f"{upstream_url}{SCHEDULE_PATH}", timeout=timeout_s)
        days = response.json()["leagueSchedule"]["gameDates"]
        games = {datetime.strptime(d["gameDate"][:10], "%m/%d/%Y").date(): len(d["games"]) for d in days}
    except (requests.RequestException, ValueError, KeyError, TypeError) as exc:
        return Attempt(ok=False, status=type(exc).__name__, error=str(exc)[:300], retriable=True)
    return Attempt(ok=True, status=response.status_code, value=games)


def schedule_days(upstream_url: str, retrier: Retrier | None = None) -> dict[date, int]:
    """Games per US/Eastern date, from the stand-in's NBA.com schedule (retried: faults are on)."""
    retrier = retrier or Retrier(SCHEDULE_RETRY, event="schedule_fetch_retry")
    outcome = retrier.call(
        lambda timeout_s: _schedule_attempt(upstream_url, timeout_s),
        name="the stand-in's schedule",
        deadline_at=retrier.deadline_from_now(),
    )
    if not outcome.last.ok:
        raise RuntimeError(f"no schedule from {upstream_url} after {outcome.attempts} attempts: {outcome.last.error}")
    return dict(outcome.last.value)


@dataclass
class GameDayResult:
    """What the day did: the day, each tick's executions, and the stand-in's request and fault counts."""

    day: date
    executions: list[dict[str, Any]] = field(default_factory=list)
    upstream_stats: dict[str, Any] = field(default_factory=dict)

    def runs(self) -> Counter[str]:
        """Workflow runs by status."""
        return Counter(e["status"] for e in self.executions)

    def calls(self, key: str) -> int:
        """A call count summed over the runs: requested, failed, attempts or retries."""
        return sum(int(e[key]) for e in self.executions)


def _line(moment: datetime, executions: list[dict[str, Any]]) -> str:
    clock = moment.astimezone(ET).strftime("%H:%M ET")
    if not executions:
        return f"{clock}  nothing due"
    runs = [
        f"{e['workflow']} {e['status']} ({e['succeeded'] + e['no_data']}/{e['requested']} ok, "
        f"{e['retries']} retries, {e['duration_s']:.1f}s)"
        for e in executions
    ]
    return f"{clock}  " + "; ".join(runs)


def run_game_day(
    scrapers_url: str,
    upstream_url: str,
    day: date,
    *,
    faults: dict[str, Any] | None = None,
    out: Callable[[str], None] = print,
    ticks: Sequence[datetime] | None = None,
    before_tick: Callable[[datetime], None] = lambda moment: None,
    after_tick: Callable[[datetime], None] = lambda moment: None,
    clock: SimulatedClock,
    reset_credits: bool = True,
) -> GameDayResult:
    """Evaluate and execute at every tick of the Scheduler cron on `day` (or at `ticks`), one line per tick, with
    the stack's `clock` moved to each tick; `before_tick` runs before each (a test stops or restarts a stand-in)."""
    config = load_workflows()
    post_json(f"{upstream_url}/__admin/faults", faults or DEFAULT_FAULTS)
    post_json(f"{upstream_url}/__admin/reset", {"credits": reset_credits})  # a month of days keeps its credits
    props_at = datetime.combine(day, PROPS_LATE_UNTIL, tzinfo=ET)
    for source in PROPS_SOURCES:
        post_json(f"{upstream_url}/__admin/holdback", {"upstream": source, "until": props_at.isoformat()})
    result = GameDayResult(day)
    out(
        f"Simulated game day {day} (US/Eastern): Scheduler ticks {config.scheduler.cron!r}, "
        f"upstream faults {faults or DEFAULT_FAULTS}; player props arrive late, at {PROPS_LATE_UNTIL:%H:%M} ET"
    )
    for moment in ticks if ticks is not None else cron_ticks(config.scheduler.cron, day):
        clock.set(moment)
        before_tick(moment)
        post_json(f"{scrapers_url}/evaluate", {})
        executed = post_json(f"{scrapers_url}/execute-workflows", {}, timeout=TICK_TIMEOUT_S)
        result.executions += executed["executions"]
        out(_line(moment, executed["executions"]))
        after_tick(moment)
    for source in PROPS_SOURCES:
        post_json(f"{upstream_url}/__admin/holdback", {"upstream": source, "until": None})
    result.upstream_stats = requests.get(f"{upstream_url}/__admin/stats", timeout=10).json()
    runs, stats = result.runs(), result.upstream_stats
    out(
        f"Day done: {len(result.executions)} workflow runs ({runs['succeeded']} succeeded, {runs['partial']} partial, "
        f"{runs['failed']} failed); {result.calls('requested')} scraper calls ({result.calls('failed')} failed), "
        f"{result.calls('attempts')} attempts, {result.calls('retries')} retries; upstream "
        f"{stats.get('requests_total', 0)} requests, {stats.get('faults_total', 0)} injected faults "
        f"{stats.get('faults', {})}"
    )
    return result
