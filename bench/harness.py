"""What every benchmark shares: a throw-away warehouse stand-in, tables, percentiles and the one summary line."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from shared.settings import Settings, load_settings
from shared.warehouse import Warehouse

# environment: the file a benchmark appends each check to, one JSON list (benchmark, goal/measured, baseline, ok)
# per line, for the closing table of `python -m bench`
CHECKS_FILE = "COURTSIDE_BENCH_CHECKS"


@contextlib.contextmanager
def standin(*, ephemeral: bool = True) -> Iterator[str]:
    """A throw-away BigQuery stand-in on a free port (in memory unless told otherwise); yields its URL."""
    from local import bigquery_standin

    with tempfile.TemporaryDirectory() as tmp, bigquery_standin.serve(Path(tmp), "bench", ephemeral=ephemeral) as url:
        yield url


def fresh_warehouse(url: str, **overrides: Any) -> tuple[Settings, Warehouse]:
    """Settings for a new empty project on the stand-in at `url`, and its warehouse with every table created."""
    settings = load_settings(
        bq_endpoint=url,
        gcp_project=f"b-{uuid.uuid4().hex[:8]}",
        bq_retry_deadline_s=10,
        auth_enabled=False,
        **overrides,
    )
    warehouse = Warehouse.from_settings(settings)
    warehouse.ensure_tables()
    return settings, warehouse


def child_pids() -> list[int]:
    """Processes this one started (the BigQuery stand-in among them)."""
    pids: list[int] = []
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        with contextlib.suppress(OSError):
            pids += [int(p) for p in (task / "children").read_text().split()]
    return pids


def reset_peak_rss(pid: int | None = None) -> None:
    """Start a new peak-RSS window for a process (Linux: writing 5 to clear_refs resets VmHWM)."""
    with contextlib.suppress(OSError):
        Path(f"/proc/{pid or os.getpid()}/clear_refs").write_text("5")


def peak_rss_mib(pid: int | None = None) -> float:
    """Peak resident memory (VmHWM) of a process since start or since reset_peak_rss, in MiB."""
    for line in Path(f"/proc/{pid or os.getpid()}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100), nearest rank; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain text table: first column left-aligned, the rest right-aligned."""
    cells = [[str(h) for h in headers], *[[_cell(v) for v in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        parts = [row[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True))]
        lines.append("  ".join(parts).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def summary(name: str, checks: Sequence[tuple[bool, str]], baseline: str = "") -> bool:
    """Print the one summary line: PASS when every check holds, each check's text either way; `baseline` is
    what the same run measured for the alternative."""
    ok = all(passed for passed, _ in checks)
    details = "; ".join(f"{text}{'' if passed else ' [MISSED]'}" for passed, text in checks)
    line = f"{name}: {'PASS' if ok else 'FAIL'}: {details}" + (f" (baseline: {baseline})" if baseline else "")
    print(line, flush=True)
    if os.environ.get(CHECKS_FILE):
        with open(os.environ[CHECKS_FILE], "a", encoding="utf-8") as out:
            out.writelines(
                json.dumps([name, text, baseline if n == 0 else "", passed]) + "\n"
                for n, (passed, text) in enumerate(checks)
            )
    return ok
