"""Replay throughput: one game day's archive loaded by `courtside replay`'s Replayer vs the same day loaded live by
its workflows over the real HTTP path, side by side in one run (`python -m bench.replay [--quick]`)."""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import fresh_warehouse, standin, summary, table
from bench.stack import scrapers_stack
from services.scrapers.archive.ledger import FACTS, PAYLOADS
from services.scrapers.archive.local import LocalArchive
from services.scrapers.pipeline.notify import OffNotifier
from services.scrapers.replay.replayer import Replayer
from services.scrapers.replay.request import ReplayRequest
from services.scrapers.workflows.client import ScrapeClient
from services.scrapers.workflows.config import load_workflows
from services.scrapers.workflows.executor import Executor
from shared.resilience.policy import RetryPolicy
from shared.warehouse import Warehouse

DAY_WORKFLOWS = ["morning_operations", "betting_lines", "injury_discovery", "referee_discovery"]
QUICK_WORKFLOWS = ["betting_lines", "injury_discovery", "referee_discovery"]  # no 30 rosters


def _raw_content(warehouse: Warehouse, tables: set[str]) -> dict[str, list[tuple]]:
    lineage = {"processed_at", "archive_path"}

    def rows(name: str) -> list[tuple]:
        found = warehouse.query(f"SELECT * FROM {name}")
        return sorted(tuple(sorted((k, repr(v)) for k, v in r.items() if k not in lineage)) for r in found)

    return {name: rows(name) for name in sorted(tables)}


def _live_rows(archive: LocalArchive) -> int:
    return sum(
        int(json.loads(archive.get(k)).get("rows", 0)) for k in archive.list(FACTS) if k.endswith("-loaded.json")
    )


def _pending_copy(source: Path, target: Path) -> LocalArchive:
    """The payloads and their manifests without any load fact: every payload pending, as after an outage."""
    shutil.copytree(source, target, ignore=lambda folder, names: [n for n in names if n in ("facts", "records")])
    return LocalArchive(target)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.replay", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="skip the 30 roster scrapes")
    args = parser.parse_args(argv)
    workflows = QUICK_WORKFLOWS if args.quick else DAY_WORKFLOWS
    with standin() as bq, tempfile.TemporaryDirectory() as tmp:
        settings, live_wh = fresh_warehouse(bq)
        with scrapers_stack(settings, live_wh, Path(tmp)) as stack:
            stack.upstream.set_faults({"profile": "none"})
            client, policy = ScrapeClient(stack.url, pool_size=32), RetryPolicy.from_settings(stack.settings)
            executor = Executor(
                load_workflows(), client.scrape, policy, max_parallel=stack.settings.executor_max_parallel,
                rng=random.Random(1),
            )  # fmt: skip
            started = time.perf_counter()
            failed = sum(executor.run(name, stack.day).count("failed") for name in workflows)
            live_s = time.perf_counter() - started
            live_archive = LocalArchive(stack.settings.archive_dir)
            live_payloads, live_rows = len(live_archive.list(PAYLOADS)), _live_rows(live_archive)
        _, replay_wh = fresh_warehouse(bq)
        archive = _pending_copy(stack.settings.archive_dir, Path(tmp) / "replayed")
        started = time.perf_counter()
        replayed = Replayer(archive, replay_wh, OffNotifier()).run(ReplayRequest.model_validate({}))
        replay_s = time.perf_counter() - started
        tables = set(replayed.tables)
        same = _raw_content(live_wh, tables) == _raw_content(replay_wh, tables)
    measured = [
        ("live (workflows over HTTP, parallel steps)", live_payloads, live_rows, live_s),
        ("replay (archive, one payload at a time)", replayed.loaded, replayed.rows, replay_s),
    ]
    rows = [[name, n, r, s, n / s, r / s] for name, n, r, s in measured]
    print(table(["mode", "payloads", "rows", "seconds", "payloads/s", "rows/s"], rows))
    ratio = (replayed.rows / replay_s) / (live_rows / live_s)
    ok = summary(
        "replay",
        [
            (failed == 0 and replayed.status == "complete", f"{replayed.loaded}/{live_payloads} payloads replayed"),
            (same, "replayed tables equal the live ones" if same else "replayed tables differ from the live ones"),
            (
                True,
                f"replay {replayed.rows / replay_s:.0f} rows/s vs live {live_rows / live_s:.0f} rows/s ({ratio:.2f}x)",
            ),
        ],
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
