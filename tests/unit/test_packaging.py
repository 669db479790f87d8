"""The lock agrees with pyproject, the wheel ships only what runs in production, and its CLI works there."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"
DIRECT = "courtside (pyproject.toml)"


def declared() -> dict[str, Requirement]:
    """Every requirement pyproject declares: runtime and every extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = [*project["dependencies"], *(r for extra in project["optional-dependencies"].values() for r in extra)]
    return {canonicalize_name(Requirement(line).name): Requirement(line) for line in lines}


def locked(text: str) -> tuple[dict[str, str], set[str]]:
    """(name -> pinned version, names the lock says pyproject asked for directly) from uv's annotated output."""
    pins: dict[str, str] = {}
    direct: set[str] = set()
    current = ""
    for line in text.splitlines():
        if match := re.match(r"^([A-Za-z0-9._-]+)==(\S+)", line):
            current = canonicalize_name(match[1])
            pins[current] = match[2]
        elif DIRECT in line and current:
            direct.add(current)
    return pins, direct


def disagreements(requirements: dict[str, Requirement], text: str) -> list[str]:
    """Why pyproject and the lock disagree (empty when they agree)."""
    pins, direct = locked(text)
    problems = [f"{name} is not in the lock" for name in requirements if name not in pins]
    problems += [
        f"{name}=={pins[name]} does not satisfy {req}"
        for name, req in requirements.items()
        if name in pins and not req.specifier.contains(pins[name], prereleases=True)
    ]
    problems += [
        f"{name} is locked as a direct dependency pyproject no longer declares" for name in direct - set(requirements)
    ]
    return problems


def test_lock_agrees_with_pyproject():
    text = LOCK.read_text()
    assert disagreements(declared(), text) == []
    assert "--all-extras" in text.splitlines()[1]  # the runtime and the local/dev extras are pinned together


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda reqs: {**reqs, "httpx-ws": Requirement("httpx-ws>=0.1")}, "httpx-ws is not in the lock"),
        (lambda reqs: {**reqs, "flask": Requirement("flask>=99")}, "does not satisfy flask>=99"),
        (lambda reqs: {k: v for k, v in reqs.items() if k != "tenacity"}, "tenacity is locked as a direct"),
    ],
)
def test_a_pyproject_edit_without_relocking_is_caught(change, complaint):
    problems = disagreements(change(declared()), LOCK.read_text())
    assert any(complaint in p for p in problems), problems


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    """The project's wheel, built from a copy of the checkout (the build writes beside its sources)."""
    source = tmp_path_factory.mktemp("src")
    shutil.copy(ROOT / "pyproject.toml", source / "pyproject.toml")
    for top in ("shared", "services", "courtside", "local", "bench", "tests"):
        shutil.copytree(ROOT / top, source / top, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(source),
        ],
        check=True,
        timeout=180,
    )
    [built] = out.glob("courtside-*.whl")
    return zipfile.ZipFile(built)


def test_the_wheel_ships_only_what_runs_in_production(wheel):
    tops = {name.split("/")[0] for name in wheel.namelist() if not name.split("/")[0].endswith(".dist-info")}
    assert tops == {"shared", "services", "courtside"}
    assert "services/scrapers/workflows.yaml" in wheel.namelist()  # package data travels with the code
    entry_points = next(n for n in wheel.namelist() if n.endswith("entry_points.txt"))
    assert "courtside = courtside.cli:main" in wheel.read(entry_points).decode()


def test_the_cli_works_without_the_local_package():
    probe = (
        "import json, sys\n"
        "sys.modules['local'] = sys.modules['bench'] = None  # as in an image: not installed\n"
        "from courtside.cli import build_parser\n"
        "parser = build_parser()\n"
        "print(json.dumps(sorted(parser._subparsers._group_actions[0].choices)))\n"
        "parser.parse_args(['verify', '--hours', '6'])\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    commands = set(json.loads(result.stdout.splitlines()[-1]))
    assert {"verify", "warehouse", "workflows", "freshness", "analytics"} <= commands
    assert not commands & {"stack", "run"}
