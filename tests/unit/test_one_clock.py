"""One clock: no code outside shared/clock.py reads the system time; a simulated clock is local only."""

from __future__ import annotations

import ast
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from shared.clock import SimulatedClock, clock_for, system_now
from shared.errors import ConfigError
from shared.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
CODE = ("services", "shared", "local", "courtside", "bench")
# (module or class, attribute): calls that read the system's "now"; time.monotonic measures durations and stays.
SYSTEM_TIME = {("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"), ("date", "today"),
               ("time", "time"), ("time", "time_ns"), ("dt", "now")}  # fmt: skip
ONLY_READER = ROOT / "shared" / "clock.py"


def _system_time_reads(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", None)
            if (name, node.func.attr) in SYSTEM_TIME:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}.{node.func.attr}()")
    return found


def test_no_code_reads_the_system_time_but_the_clock_module():
    files = [p for d in CODE for p in (ROOT / d).rglob("*.py") if p != ONLY_READER]
    offenders = [hit for path in files for hit in _system_time_reads(path)]
    assert len(files) > 100
    assert offenders == [], "read the time from an injected Clock (shared/clock.py):\n" + "\n".join(offenders)


def test_the_rule_catches_each_spelling(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import datetime as dt, time\nfrom datetime import date\ndt.datetime.now()\ntime.time()\n"
                      "date.today()\n")  # fmt: skip
    assert len(_system_time_reads_at(sample, tmp_path)) == 3


def _system_time_reads_at(path: Path, root: Path) -> list[str]:
    global ROOT
    saved, ROOT = ROOT, root
    try:
        return _system_time_reads(path)
    finally:
        ROOT = saved


def test_a_simulated_clock_is_refused_in_production_naming_the_setting(tmp_path):
    with pytest.raises(ConfigError) as refused:
        load_settings(environment="production", simulated_clock_file=tmp_path / "clock.json")
    assert "COURTSIDE_SIMULATED_CLOCK_FILE" in refused.value.message
    assert load_settings(environment="production").clock() is system_now


def test_the_simulated_clock_flows_from_where_it_was_set_and_every_reader_sees_a_move(tmp_path):
    system = [datetime(2026, 12, 6, 15, 0, tzinfo=UTC)]
    path = tmp_path / "run" / "clock.json"
    writer, reader = SimulatedClock(path, lambda: system[0]), SimulatedClock(path, lambda: system[0])
    assert reader() == system[0]  # no file yet: the system's time
    day = datetime(2026, 11, 3, 14, 0, tzinfo=UTC)
    writer.set(day)
    system[0] += timedelta(seconds=90)
    assert reader() == day + timedelta(seconds=90)
    writer.set(day + timedelta(days=1))
    assert reader() == day + timedelta(days=1)
    assert isinstance(clock_for(path), SimulatedClock)


def test_a_naive_simulated_time_is_refused(tmp_path):
    with pytest.raises(ValueError, match="zone"):
        SimulatedClock(tmp_path / "c.json").set(datetime(2026, 11, 3, 14, 0))


def test_a_paused_simulated_clock_stands_still_until_it_is_set_again(tmp_path):
    system = [datetime(2026, 12, 6, 15, 0, tzinfo=UTC)]
    clock = SimulatedClock(tmp_path / "clock.json", lambda: system[0])
    day_end = datetime(2026, 10, 22, 3, 45, tzinfo=UTC)
    clock.set(day_end, paused=True)
    system[0] += timedelta(hours=2)
    assert clock() == day_end
    clock.set(day_end + timedelta(hours=5))
    system[0] += timedelta(seconds=30)
    assert clock() == day_end + timedelta(hours=5, seconds=30)
