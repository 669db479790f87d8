"""The images' real server commands with a bad setting or no credentials: the whole server stops, in one line."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
pytestmark = pytest.mark.e2e


def image_command(dockerfile: str) -> list[str]:
    """The CMD of a Dockerfile (its JSON form), with executables from this virtualenv."""
    line = next(x for x in (ROOT / dockerfile).read_text().splitlines() if x.startswith("CMD "))
    argv = json.loads(line[4:])
    return [str(BIN / argv[0]), *argv[1:]]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


COMMANDS = {
    "scrapers": image_command("Dockerfile.scrapers"),
    "analytics": image_command("Dockerfile.analytics"),
    # What the Cloud Functions Python runtime runs for a gen2 function (deploy/freshness.sh stages main.py).
    "freshness": [
        str(BIN / "functions-framework"),
        "--target=check_completeness",
        "--source=services/freshness/main.py",
    ],
}
CASES = {
    "bad setting": ({"COURTSIDE_ENVIRONMENT": "prod"}, "environment", "COURTSIDE_ENVIRONMENT"),
    "no credentials": ({"COURTSIDE_ENVIRONMENT": "production"}, "credentials", "no Google credentials"),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("service", sorted(COMMANDS))
def test_the_server_stops_within_10_s_naming_what_is_wrong(tmp_path, service, case):
    env_extra, field, words = CASES[case]
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("COURTSIDE_", "GOOGLE_", "CLOUDSDK_"))},
        "HOME": str(tmp_path),  # no gcloud configuration, no application default credentials
        "CLOUDSDK_CONFIG": str(tmp_path / "gcloud"),
        "PORT": str(port),
        **env_extra,
    }
    argv = COMMANDS[service] + ([f"--port={port}"] if service == "freshness" else [])
    started = time.monotonic()
    proc = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=30)
    took = time.monotonic() - started
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output
    assert took < 10, f"{service} took {took:.1f} s to stop"
    assert "Traceback" not in output
    errors = [json.loads(x) for x in output.splitlines() if '"config_error"' in x]
    assert len(errors) == 1, output
    assert errors[0]["severity"] == "CRITICAL" and errors[0]["field"] == field and words in errors[0]["message"]
    assert not [x for x in output.splitlines() if '"severity": "WARNING"' in x or '"severity": "ERROR"' in x]
    with socket.socket() as sock:  # the port never opened, so no startup probe could pass
        assert sock.connect_ex(("127.0.0.1", port)) != 0
