"""Load shedding through the real gunicorn command (shared/gunicorn_conf.py): with the bound full of slow requests
the next one is refused at once with 429 and Retry-After, /health still answers within a second, and work is
admitted again once the slow ones end; /health answers within a second with the warehouse frozen too."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from local import processes
from shared.settings import ENV_PREFIX, Settings
from tests.e2e.gunicorn_scrapers import settings_env
from tests.frozen_proxy import freezable
from tests.standin_settings import fresh_settings

GATE_ENV = "COURTSIDE_TEST_GATE"  # read by tests/integration/slow_service.py in the server
GUNICORN = [str(Path(sys.executable).parent / "gunicorn"), "-c", "shared/gunicorn_conf.py"]
THREADS = 4  # so the default bound is 3


@contextlib.contextmanager
def served(settings: Settings, folder: Path) -> Iterator[str]:
    """tests.integration.slow_service under gunicorn with THREADS threads on a free port; yields its URL."""
    port = processes.free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(ENV_PREFIX)}
    env.update(settings_env(settings), PORT=str(port), GUNICORN_THREADS=str(THREADS), **{GATE_ENV: str(folder)})
    argv = [*GUNICORN, "tests.integration.slow_service:app"]
    url = f"http://127.0.0.1:{port}"
    with processes.serving(argv, env=env, log_path=folder / "gunicorn.log", ready_url=f"{url}/health", what="slow"):
        yield url


def timed_get(url: str) -> tuple[requests.Response, float]:
    started = time.monotonic()
    response = requests.get(url, timeout=5)
    return response, time.monotonic() - started


def test_a_full_bound_sheds_at_once_health_answers_and_work_resumes(bq_endpoint, tmp_path):
    with served(fresh_settings(bq_endpoint, tmp_path), tmp_path) as url, ThreadPoolExecutor(THREADS) as pool:
        assert requests.get(f"{url}/arrival", timeout=5).json() == {"stamped": True}
        bound = THREADS - 1
        slow = [pool.submit(requests.post, f"{url}/slow", timeout=60) for _ in range(bound)]
        processes.wait_until(lambda: len(list(tmp_path.glob("entered-*"))) == bound, timeout_s=30, what="slow ones")

        started = time.monotonic()
        shed = requests.post(f"{url}/slow", timeout=5)
        took = time.monotonic() - started
        assert (shed.status_code, shed.json()["error"]["code"]) == (429, "overloaded"), shed.text
        assert int(shed.headers["Retry-After"]) >= 1
        assert took < 1.0, f"the refusal took {took:.2f} s"
        health, took = timed_get(f"{url}/health")
        assert health.status_code == 200 and took < 1.0, f"/health took {took:.2f} s"
        assert len(list(tmp_path.glob("entered-*"))) == bound  # the shed request never ran

        (tmp_path / "open").touch()
        assert [f.result().status_code for f in slow] == [200] * bound
        assert requests.post(f"{url}/slow", timeout=10).status_code == 200


def test_health_answers_within_a_second_with_the_warehouse_frozen(bq_endpoint, tmp_path):
    with freezable(bq_endpoint) as proxy, served(fresh_settings(proxy.url, tmp_path), tmp_path) as url:
        proxy.freeze()
        health, took = timed_get(f"{url}/health")
        assert health.status_code == 200
        assert health.json()["warehouse"] is False
        assert took < 1.0, f"/health took {took:.2f} s"
