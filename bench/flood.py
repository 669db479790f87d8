"""A flood of table-updated notices on analytics (the real gunicorn command, on the warehouse stand-in): ten times
the notices it may run at once, pushed and redelivered as Pub/Sub does, with load shedding on and off side by side
in one run: /health p50/p99 during the flood, notices processed exactly once (by the processors' run records),
total time (`python -m bench.flood [--quick]`)."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.analytics_season import START, load, season
from bench.harness import fresh_warehouse, percentile, standin, summary, table
from bench.pubsub_push import PROBE_PATIENCE_S, Flood, Redelivery, push
from local import processes
from services.analytics.backfill import run_processors
from services.analytics.processors import triggered_by
from services.scrapers.pipeline.notify import message, push_envelope
from shared.clock import system_now
from shared.settings import ENV_PREFIX, Settings

ROOT = Path(__file__).resolve().parents[1]
TABLE = "nba_raw.bdl_box_scores"  # triggers player_game_summary for its date and the next day's context
# The push subscription's ack deadline (600 s in deploy/pubsub.sh) and its 10-600 s redelivery backoff, shortened so
# a run fits in minutes; 20 s is still twice the longest notice the stand-in runs alone (two processors, ~6 s).
POLICY = Redelivery(ack_deadline_s=20.0, min_backoff_s=1.0, max_backoff_s=8.0, give_up_s=75.0)


@contextlib.contextmanager
def analytics(settings: Settings, *, threads: int, shedding: bool, log_path: Path) -> Iterator[str]:
    """The analytics service under the image's gunicorn command with `threads` threads; yields its URL."""
    port = processes.free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(ENV_PREFIX)}
    env.update(
        {f"{ENV_PREFIX}{k.upper()}": v for k, v in {
            "bq_endpoint": str(settings.bq_endpoint), "gcp_project": settings.gcp_project, "auth_enabled": "false",
            "bq_retry_deadline_s": "10", "data_dir": str(log_path.parent), "shedding_enabled": str(shedding).lower(),
        }.items()},
        PORT=str(port),
        GUNICORN_THREADS=str(threads),
    )  # fmt: skip
    conf = str(ROOT / "shared" / "gunicorn_conf.py")
    argv = [str(Path(sys.executable).parent / "gunicorn"), "-c", conf, "services.analytics.wsgi:app"]
    url = f"http://127.0.0.1:{port}"
    with processes.serving(argv, env=env, log_path=log_path, ready_url=f"{url}/health", what="analytics"):
        yield url


def processed_runs(log_path: Path) -> tuple[Counter[tuple[str, str]], list[float]]:
    """(processor, scope) → processed runs, and each run's seconds, from the service's processor_run lines."""
    runs: Counter[tuple[str, str]] = Counter()
    seconds: list[float] = []
    for line in log_path.read_text(encoding="utf-8").splitlines():
        with contextlib.suppress(ValueError):
            entry = json.loads(line)
            if entry.get("event") == "processor_run" and entry.get("status") == "processed":
                runs[(entry["processor"], entry["scope"])] += 1
                seconds.append(float(entry.get("duration_s", 0.0)))
    return runs, seconds


def runs_per_notice(runs: Counter[tuple[str, str]], days: list[date]) -> list[list[int]]:
    """For each notice, the processed runs of each processor it triggers (exactly once: all ones)."""
    return [[runs[(p.name, (day + timedelta(days=o)).isoformat())] for p, o in triggered_by(TABLE)] for day in days]


def drained(log_path: Path, quiet_s: float = 3.0, at_most_s: float = 30.0) -> None:
    """Wait until the service has written no line for `quiet_s`: work queued before the flood ended has run."""
    ends, size, still_since = time.monotonic() + at_most_s, -1, time.monotonic()
    while time.monotonic() < ends:
        now, current = time.monotonic(), log_path.stat().st_size
        if current != size:
            size, still_since = current, now
        elif now - still_since >= quiet_s:
            return
        time.sleep(0.5)


def flood(bq_url: str, *, shedding: bool, threads: int, notices: int, folder: Path) -> dict[str, Any]:
    """One flood on a fresh project: its season loaded and processed once first, then `notices` notices at once."""
    settings, warehouse = fresh_warehouse(bq_url)
    days = [START + timedelta(days=n) for n in range(notices)]
    load(warehouse, season(notices + 2))
    run_processors(warehouse, START, days[-1] + timedelta(days=1))  # names resolved: each notice's runs are re-runs
    envelopes = [push_envelope(message(TABLE, day.isoformat()), system_now()) for day in days]
    log_path = folder / f"analytics-{'on' if shedding else 'off'}.log"
    with analytics(settings, threads=threads, shedding=shedding, log_path=log_path) as url:
        seen: Flood = push(url, envelopes, POLICY)
        drained(log_path)
    runs, run_seconds = processed_runs(log_path)
    counts = runs_per_notice(runs, days)
    return {
        "shedding": "on" if shedding else "off",
        "notices": notices,
        "acked": len(seen.acked),
        "deliveries": seen.deliveries,
        "answers": dict(seen.answers),
        "exactly_once": sum(all(c == 1 for c in per) for per in counts),
        "more_than_once": sum(any(c > 1 for c in per) for per in counts),
        "never": sum(any(c == 0 for c in per) for per in counts),
        "extra_runs": sum(max(0, c - 1) for per in counts for c in per),
        "health_p50": percentile(seen.health_s, 50),
        "health_p99": percentile(seen.health_s, 99),
        "probes": len(seen.health_s),
        "unanswered_probes": seen.unanswered_probes,
        "seconds": seen.seconds,
        "run_p50": percentile(run_seconds, 50),
        "run_max": max(run_seconds, default=0.0),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.flood", description=__doc__)
    # The stand-in runs one statement at a time: two notices at once take twice as long each, past the ack deadline.
    parser.add_argument("--threads", type=int, default=2, help="analytics' gunicorn threads (bound: threads - 1)")
    parser.add_argument("--times", type=int, default=10, help="notices per request it may run at once")
    parser.add_argument("--quick", action="store_true", help="5 times the notices it may run at once")
    args = parser.parse_args(argv)
    threads = args.threads
    notices = (5 if args.quick else args.times) * max(1, threads - 1)
    print(f"analytics: {threads} threads, bound {max(1, threads - 1)}; {notices} notices at once; {POLICY}")
    with standin() as bq_url, tempfile.TemporaryDirectory() as tmp:
        rows = [flood(bq_url, shedding=s, threads=threads, notices=notices, folder=Path(tmp)) for s in (True, False)]
    keys = ("shedding", "acked", "deliveries", "exactly_once", "more_than_once", "never", "extra_runs")
    print(table([*keys, "health p50 s", "health p99 s", "total s"],
                [[r[k] for k in keys] + [r["health_p50"], r["health_p99"], r["seconds"]] for r in rows]))  # fmt: skip
    for r in rows:
        print(f"  shedding {r['shedding']}: answers {r['answers']}, {r['probes']} /health probes "
              f"({r['unanswered_probes']} unanswered in {PROBE_PATIENCE_S:g} s), processor run "
              f"p50 {r['run_p50']:.2f} s, longest {r['run_max']:.2f} s")  # fmt: skip
    on, off = rows
    baseline = (
        f"shedding off: /health p99 {off['health_p99']:.2f} s, {off['exactly_once']}/{notices} exactly once, "
        f"{off['extra_runs']} extra runs, {off['acked']}/{notices} acked in {off['seconds']:.0f} s"
    )
    checks = [
        (on["health_p99"] < 1.0, f"/health p99 {on['health_p99']:.2f} s during the flood (goal < 1 s)"),
        (on["exactly_once"] == notices, f"{on['exactly_once']}/{notices} notices processed exactly once"),
        (on["acked"] == notices, f"{on['acked']}/{notices} acked in {on['seconds']:.0f} s"),
    ]
    return 0 if summary("flood", checks, baseline=baseline) else 1


if __name__ == "__main__":
    sys.exit(main())
