"""`python -m bench` (`make bench`): the benchmarks in turn, each in a process of its own as if run alone,
then their checks together in one table."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.harness import CHECKS_FILE, table

BENCHMARKS = ("resilience", "fanout", "analytics", "freshness", "breaker", "budgets", "replay", "players")


def main() -> int:
    started, seen = time.perf_counter(), 0
    checks: list[list[Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        written = Path(tmp) / "checks.jsonl"
        written.touch()
        for name in BENCHMARKS:
            print(f"\n=== bench.{name} ===", flush=True)
            env = {**os.environ, CHECKS_FILE: str(written)}
            code = subprocess.run([sys.executable, "-m", f"bench.{name}"], env=env, check=False).returncode
            lines = written.read_text(encoding="utf-8").splitlines()[seen:]
            seen += len(lines)
            checks += [json.loads(line) for line in lines] or [[name, f"exited {code} before its verdict", "", False]]
    print(f"\n=== summary ({time.perf_counter() - started:.0f} s) ===")
    rows = [(name, text, baseline, "PASS" if ok else "MISSED") for name, text, baseline, ok in checks]
    print(table(("benchmark", "goal: measured", "baseline (same run)", "verdict"), rows))
    failed = sum(not ok for *_, ok in checks)
    print(f"bench: {len(checks) - failed}/{len(checks)} checks PASS")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
