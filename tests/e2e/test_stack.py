"""`courtside stack up`, `status`, `down` as a user runs them, on free ports and a temporary data dir."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from local.processes import free_port, pid_alive
from local.stack_members import DEFAULT_PORTS
from shared.web import HEALTH_PATH

pytestmark = pytest.mark.e2e
COURTSIDE = str(Path(sys.executable).parent / "courtside")


def outside_addresses() -> set[str]:
    """This machine's IPv4 addresses other than loopback (empty when it has none)."""
    found = {str(info[4][0]) for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        try:
            udp.connect(("192.0.2.1", 9))  # picks the outgoing interface; a UDP connect sends nothing
            found.add(udp.getsockname()[0])
        except OSError:
            pass  # no route: loopback only
    return {a for a in found if not a.startswith("127.")}


def accepts(address: str, port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(2)
        return probe.connect_ex((address, port)) == 0


def run(args, env, timeout=120):
    return subprocess.run([COURTSIDE, *args], env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def stack_env(tmp_path):
    ports = {name: free_port() for name in DEFAULT_PORTS}
    env = {
        **os.environ,
        "COURTSIDE_DATA_DIR": str(tmp_path),
        "COURTSIDE_STACK_PORTS": ",".join(f"{k}={v}" for k, v in ports.items()),
    }
    yield env, ports, tmp_path
    run(["stack", "down"], env)


def test_up_status_down(stack_env):
    env, ports, data_dir = stack_env
    up = run(["stack", "up"], env)
    assert up.returncode == 0, up.stdout + up.stderr
    status = run(["stack", "status"], env)
    assert status.returncode == 0, status.stdout
    assert status.stdout.count("healthy") >= 4
    for service in ("scrapers", "analytics", "freshness"):
        body = requests.get(f"http://127.0.0.1:{ports[service]}{HEALTH_PATH}", timeout=5).json()
        assert body == {"service": service, "commit": "dev", "warehouse": True}
        records = [json.loads(line) for line in (data_dir / "logs" / f"{service}.log").read_text().splitlines()]
        assert all("severity" in record for record in records)
        # Auth is off locally: the services listen on loopback only, never on the machine's other addresses.
        assert [a for a in outside_addresses() if accepts(a, ports[service])] == []
        if service != "freshness":  # the function boots lazily, on its first request
            assert any(r.get("event") == "service_started" for r in records)

    pids = [entry["pid"] for entry in json.loads((data_dir / "run" / "stack.json").read_text()).values()]
    down = run(["stack", "down"], env)
    assert down.returncode == 0
    assert not any(pid_alive(pid) for pid in pids)
    assert run(["stack", "status"], env).returncode != 0


def test_port_in_use_is_a_clear_error_not_a_hang(stack_env):
    env, ports, _ = stack_env
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", ports["bigquery"]))
        squatter.listen()
        up = run(["stack", "up"], env, timeout=60)
    assert up.returncode != 0
    assert f"port {ports['bigquery']} for bigquery is already in use" in up.stdout + up.stderr
