"""Child processes of the local stack: free-port checks, spawning, health waits, stopping our own."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import requests


class PortInUse(RuntimeError):
    """A port the stack needs is already taken by something else."""


def free_port() -> int:
    """An unused TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ensure_port_free(port: int, what: str) -> None:
    """Raise PortInUse naming the service when 127.0.0.1:port already accepts connections."""
    with socket.socket() as sock:
        sock.settimeout(0.5)
        if sock.connect_ex(("127.0.0.1", port)) == 0:
            raise PortInUse(
                f"port {port} for {what} is already in use; stop what holds it "
                f"or choose another port (COURTSIDE_STACK_PORTS={what}=PORT)"
            )


def spawn(argv: list[str], *, env: dict[str, str], log_path: Path, cwd: Path | None = None) -> subprocess.Popen:
    """Start argv in its own process group with stdout and stderr appended to log_path."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("ab") as log:
        return subprocess.Popen(
            argv,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **env},
            cwd=cwd,
            start_new_session=True,
        )


def wait_until(
    check: Callable[[], bool], *, timeout_s: float, what: str, alive: Callable[[], bool] = lambda: True
) -> None:
    """Poll `check` until true; raise naming `what` on timeout or when the process died."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if check():
            return
        if not alive():
            raise RuntimeError(f"{what} exited during start-up; see its log")
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not become ready within {timeout_s:.0f}s; see its log")


@contextlib.contextmanager
def serving(
    argv: list[str], *, env: dict[str, str], log_path: Path, ready_url: str, what: str, timeout_s: float = 60.0
) -> Iterator[subprocess.Popen]:
    """argv in its own process group for the block, once `ready_url` answers; its group stopped afterwards."""
    proc = spawn(argv, env=env, log_path=log_path)
    try:
        wait_until(lambda: http_ok(ready_url), timeout_s=timeout_s, what=what, alive=lambda: proc.poll() is None)
        yield proc
    finally:
        stop_group(proc.pid)


def http_ok(url: str) -> bool:
    """Whether GET url answers 2xx within a second."""
    try:
        return requests.get(url, timeout=1.0).ok
    except requests.RequestException:
        return False


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid exists (and is not a zombie)."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except (FileNotFoundError, IndexError):
        return False
    return status != "Z"


def stop_group(pid: int, *, timeout_s: float = 10.0) -> None:
    """SIGTERM the process group led by pid, SIGKILL if it lingers."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and pid_alive(pid):
            time.sleep(0.1)
        if not pid_alive(pid):
            return
