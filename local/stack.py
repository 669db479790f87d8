"""`courtside stack up|down|status`: start, stop and inspect the stack's processes, remembered in a state file."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from functools import partial
from pathlib import Path

from local import bigquery_standin, processes
from local.stack_members import MEMBERS, Member, configured_ports


def _running(proc: subprocess.Popen) -> bool:
    return proc.poll() is None


class Stack:
    """The processes `up` started, remembered in data_dir/run/stack.json so `down` stops only those."""

    def __init__(
        self,
        data_dir: Path,
        ports: dict[str, int] | None = None,
        members: list[Member] | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.ports = ports or configured_ports()
        self.members = members or MEMBERS
        self.env = env or {}  # on top of every member's own environment (a soak's shorter timeouts)
        self.state_path = data_dir / "run" / "stack.json"

    def up(self, *, report: Callable[[str], None] = print, timeout_s: float = 60.0) -> dict[str, dict]:
        """Start every member not already running, wait for each to be healthy."""
        state = self._read()
        bigquery_standin.install_extension()
        for member in self.members:
            known = state.get(member.name)
            if known and processes.pid_alive(known["pid"]):
                report(f"{member.name:10} already running (pid {known['pid']}, port {known['port']})")
                continue
            try:
                state[member.name] = self._start(member, state, timeout_s)
            except RuntimeError:
                self.down(report=lambda _line: None)
                raise
            pid, port = state[member.name]["pid"], self.ports[member.name]
            report(f"{member.name:10} healthy at http://127.0.0.1:{port} (pid {pid})")
        return state

    def _start(self, member: Member, state: dict[str, dict], timeout_s: float) -> dict:
        port = self.ports[member.name]
        processes.ensure_port_free(port, member.name)
        log_path = self.data_dir / "logs" / f"{member.name}.log"
        proc = processes.spawn(
            member.argv(self.ports, self.data_dir),
            env={**member.env(self.ports, self.data_dir), **self.env},
            log_path=log_path,
        )
        state[member.name] = {"pid": proc.pid, "port": port, "log": str(log_path)}
        self._write(state)
        url = f"http://127.0.0.1:{port}{member.health_path}"
        processes.wait_until(
            partial(processes.http_ok, url),
            timeout_s=timeout_s,
            what=f"{member.name} (log: {log_path})",
            alive=partial(_running, proc),
        )
        return state[member.name]

    def stop_member(self, name: str) -> None:
        """Stop one running member (a warehouse outage when it is the BigQuery stand-in)."""
        state = self._read()
        if name in state and processes.pid_alive(state[name]["pid"]):
            processes.stop_group(state[name]["pid"])
        state.pop(name, None)
        self._write(state)

    def start_member(self, name: str, timeout_s: float = 60.0) -> None:
        """Start one member again and wait until it is healthy."""
        state = self._read()
        self._start(next(m for m in self.members if m.name == name), state, timeout_s)

    def down(self, *, report: Callable[[str], None] = print) -> None:
        """Stop the processes this stack started, and nothing else."""
        state = self._read()
        for name, entry in reversed(list(state.items())):
            if processes.pid_alive(entry["pid"]):
                processes.stop_group(entry["pid"])
                report(f"{name:10} stopped (pid {entry['pid']})")
            else:
                report(f"{name:10} was not running")
        self.state_path.unlink(missing_ok=True)

    def status(self) -> dict[str, dict]:
        """Per member: pid, port, running and healthy."""
        state = self._read()
        result = {}
        for member in self.members:
            entry = state.get(member.name)
            running = bool(entry and processes.pid_alive(entry["pid"]))
            port = entry["port"] if entry else self.ports[member.name]
            healthy = running and processes.http_ok(f"http://127.0.0.1:{port}{member.health_path}")
            result[member.name] = {
                "pid": entry["pid"] if entry else None,
                "port": port,
                "running": running,
                "healthy": healthy,
            }
        return result

    def _read(self) -> dict[str, dict]:
        return json.loads(self.state_path.read_text()) if self.state_path.exists() else {}

    def _write(self, state: dict[str, dict]) -> None:
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        self.state_path.write_text(json.dumps(state, indent=2))
