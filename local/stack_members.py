"""The local stack's members: which processes, on which ports, with which environment and health path."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from local import bigquery_standin
from shared.web import HEALTH_PATH

DEFAULT_PORTS = {"bigquery": 9050, "upstream": 8090, "scrapers": 8080, "analytics": 8081, "freshness": 8082}
PROJECT = "courtside-local"

BREAKER_THRESHOLD = 3  # the game day's late props open a circuit before noon


@dataclass(frozen=True)
class Member:
    """One process of the stack: how to start it and how to know it is healthy."""

    name: str
    argv: Callable[[dict[str, int], Path], list[str]]
    health_path: str
    env: Callable[[dict[str, int], Path], dict[str, str]] = lambda ports, data_dir: {}


def _bin(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def _gunicorn(module: str, name: str) -> Callable[[dict[str, int], Path], list[str]]:
    conf = str(Path(__file__).resolve().parent.parent / "shared" / "gunicorn_conf.py")
    # Locally (auth off) only this machine may call the services; the container keeps 0.0.0.0:$PORT.
    return lambda ports, data_dir: [_bin("gunicorn"), "-c", conf, "--bind", f"127.0.0.1:{ports[name]}", f"{module}:app"]


def clock_file(data_dir: Path) -> Path:
    """The local stack's one clock: every member reads the simulated time from this file."""
    return (data_dir / "run" / "clock.json").resolve()


def service_env(ports: dict[str, int], data_dir: Path) -> dict[str, str]:
    """What every service process of the local stack is told (auth off, visibly, by setting)."""
    upstream = f"http://127.0.0.1:{ports['upstream']}"
    return {
        "COURTSIDE_ENVIRONMENT": "local",
        "COURTSIDE_AUTH_ENABLED": "false",
        "COURTSIDE_GCP_PROJECT": PROJECT,
        "COURTSIDE_BQ_ENDPOINT": f"http://127.0.0.1:{ports['bigquery']}",
        "COURTSIDE_BQ_RETRY_DEADLINE_S": "10",
        "COURTSIDE_DATA_DIR": str(data_dir.resolve()),
        "COURTSIDE_SIMULATED_CLOCK_FILE": str(clock_file(data_dir)),
        "COURTSIDE_ARCHIVE_DIR": str((data_dir / "archive").resolve()),
        "COURTSIDE_SCRAPERS_URL": f"http://127.0.0.1:{ports['scrapers']}",
        "COURTSIDE_ANALYTICS_URL": f"http://127.0.0.1:{ports['analytics']}",
        "COURTSIDE_FRESHNESS_URL": f"http://127.0.0.1:{ports['freshness']}",
        "COURTSIDE_NOTIFY_MODE": "http",
        "COURTSIDE_BREAKER_THRESHOLD": str(BREAKER_THRESHOLD),
        **{
            f"COURTSIDE_{name}_URL": upstream
            for name in ("NBACOM_CDN", "NBACOM_OFFICIAL", "ODDS_API", "BDL", "ESPN", "BETTINGPROS")
        },
        # The local upstream stand-in accepts any non-empty key; these only make the auth headers present.
        **{f"COURTSIDE_{name}_API_KEY": f"local-{name.lower()}-key" for name in ("ODDS", "BDL", "BETTINGPROS")},
    }


def _with_port(name: str, **extra: str) -> Callable[[dict[str, int], Path], dict[str, str]]:
    return lambda ports, data_dir: {**service_env(ports, data_dir), "PORT": str(ports[name]), **extra}


MEMBERS = [
    Member(
        "bigquery",
        lambda ports, data_dir: bigquery_standin.standin_argv(ports["bigquery"], data_dir, PROJECT),
        "/bigquery/v2/projects/courtside-local/datasets",
        lambda ports, data_dir: bigquery_standin.standin_env(data_dir),
    ),
    Member(
        "upstream",
        lambda ports, data_dir: [sys.executable, "-m", "local.upstream_standin", "--port", str(ports["upstream"])],
        "/healthz",
        lambda ports, data_dir: {
            "COURTSIDE_SIMULATED_CLOCK_FILE": str(clock_file(data_dir)),
            "COURTSIDE_UPSTREAM_FAULTS": os.environ.get("COURTSIDE_UPSTREAM_FAULTS", '{"profile": "mild"}'),
            "COURTSIDE_UPSTREAM_SEED": os.environ.get("COURTSIDE_UPSTREAM_SEED", "1"),
        },
    ),
    Member(
        "scrapers",
        _gunicorn("services.scrapers.wsgi", "scrapers"),
        HEALTH_PATH,
        _with_port("scrapers", GUNICORN_THREADS="20"),
    ),  # the executor calls its own /scrape
    Member("analytics", _gunicorn("services.analytics.wsgi", "analytics"), HEALTH_PATH, _with_port("analytics")),
    Member(
        "freshness",
        lambda ports, data_dir: [
            _bin("functions-framework"),
            "--target",
            "check_completeness",
            "--source",
            str(Path(__file__).resolve().parent.parent / "services" / "freshness" / "main.py"),
            "--host",
            "127.0.0.1",
            "--port",
            str(ports["freshness"]),
        ],
        HEALTH_PATH,
        _with_port("freshness"),
    ),
]


def configured_ports() -> dict[str, int]:
    """Default ports, overridden by COURTSIDE_STACK_PORTS="scrapers=18080,bigquery=19050"."""
    ports = dict(DEFAULT_PORTS)
    for item in filter(None, os.environ.get("COURTSIDE_STACK_PORTS", "").split(",")):
        name, _, port = item.partition("=")
        if name.strip() not in ports or not port.strip().isdigit():
            raise ValueError(f"COURTSIDE_STACK_PORTS: expected name=port with name in {sorted(ports)}, got {item!r}")
        ports[name.strip()] = int(port)
    return ports


# A soak's stack: its own ports beside `make run`'s, and the retries and timeouts shortened so a season of hostile
# days fits in minutes, not hours (the policies are the same; only the waits are scaled down).
SOAK_PORTS = {name: port + 100 for name, port in DEFAULT_PORTS.items()}
SOAK_ENV = {
    "COURTSIDE_UPSTREAM_TIMEOUT_S": "1",
    "COURTSIDE_UPSTREAM_PAGE_RETRY_BASE_S": "0.02",
    "COURTSIDE_RETRY_BASE_S": "0.05",
    "COURTSIDE_RETRY_CAP_S": "0.5",
    "COURTSIDE_RETRY_ATTEMPT_TIMEOUT_S": "10",
}
