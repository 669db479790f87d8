"""schemathesis' own CLI with every check against one served app's document; its summary and exit code kept."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from shared.openapi import OPENAPI_PATH

HOOKS = "tests.fuzz.hooks"
CONFIG = Path(__file__).with_name("schemathesis.toml")


@dataclass(frozen=True)
class Run:
    """One schemathesis run: its exit code and everything it printed."""

    service: str
    returncode: int
    output: str

    @property
    def summary(self) -> str:
        """schemathesis' closing summary (from its "SUMMARY" banner on)."""
        at = self.output.rfind("SUMMARY")
        return self.output[self.output.rfind("\n", 0, at) + 1 :] if at >= 0 else self.output[-3000:]


def command(base_url: str, *, examples: int, seed: int, report_dir: Path) -> list[str]:
    """The schemathesis CLI call: every check, every phase, one worker, the given seed and examples."""
    cli = Path(sys.executable).with_name("schemathesis")
    return [
        str(cli),
        "--no-color",
        "--config-file",
        str(CONFIG),
        "run",
        f"{base_url}{OPENAPI_PATH}",
        "--checks",
        "all",
        "--seed",
        str(seed),
        "--max-examples",
        str(examples),
        "--workers",
        "1",
        "--request-timeout",
        "60",
        "--suppress-health-check",
        "all",
        "--report",
        "ndjson",
        "--report-dir",
        str(report_dir),
        "--generation-database",
        "none",
    ]


def fuzz(service: str, base_url: str, *, examples: int, seed: int, report_dir: Path) -> Run:
    """Run schemathesis against `base_url` with the project's check added; the run's code and output."""
    env = {**os.environ, "SCHEMATHESIS_HOOKS": HOOKS, "PYTHONPATH": str(Path(__file__).parents[2])}
    report_dir = report_dir.resolve()
    (report_dir / service).mkdir(parents=True, exist_ok=True)  # also schemathesis' working folder: its crash cache
    done = subprocess.run(
        command(base_url, examples=examples, seed=seed, report_dir=report_dir / service),
        cwd=report_dir / service,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return Run(service, done.returncode, done.stdout + done.stderr)
