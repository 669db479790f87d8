"""Callers back off from a shedding service: the executor retries a shed /scrape after its Retry-After without
counting it as an attempt at the upstream, and the local notifier retries a shed notice as Pub/Sub redelivers."""

from __future__ import annotations

import json
import logging
import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from services.scrapers.pipeline.notify import HttpNotifier, message, push_envelope
from services.scrapers.workflows.client import OVERLOADED, ScrapeClient
from services.scrapers.workflows.config import load_workflows
from services.scrapers.workflows.executor import Executor
from shared.clock import system_now
from shared.http.headers import DEADLINE_HEADER
from shared.limits import NOTIFY_HTTP_ATTEMPTS
from shared.resilience.policy import RetryPolicy
from tests.integration.scrape_double import Reply, ScrapeDouble, err, ok, serve

SHED = err(429, OVERLOADED, "7 requests already running", **{"Retry-After": "2"})


def test_a_shed_scrape_is_retriable_with_its_retry_after_and_not_an_upstream_call():
    with serve(ScrapeDouble({"bdl_injuries": [SHED]})) as url:
        attempt = ScrapeClient(url).scrape("bdl_injuries", {}, 5.0)
    assert (attempt.ok, attempt.status, attempt.retriable, attempt.retry_after_s) == (False, 429, True, 2.0)
    assert attempt.called is False


def test_the_executor_waits_out_each_shed_and_the_call_still_succeeds():
    policy = RetryPolicy(max_attempts=2, deadline_s=60, base_s=0.01, cap_s=0.01, attempt_timeout_s=5)
    sleeps: list[float] = []
    double = ScrapeDouble({"nbac_schedule": [SHED, SHED, SHED, ok("nbac_schedule")]})
    with serve(double) as url:
        executor = Executor(
            load_workflows(), ScrapeClient(url).scrape, policy, max_parallel=1, sleep=sleeps.append,
            rng=random.Random(1),
        )  # fmt: skip
        result = executor.run("schedule_dependency", date(2026, 12, 1))
    (call,) = result.calls
    assert (call.status, call.attempts, double.calls["nbac_schedule"]) == ("success", 1, 4)
    assert sleeps == [2.0, 2.0, 2.0]  # each Retry-After, longer than the policy's own backoff


@contextmanager
def analytics_double(replies: list[Reply]) -> Iterator[tuple[str, list[dict]]]:
    """POST /process answered from `replies` in order (the last repeated); yields the URL and what arrived."""
    seen: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
            seen.append({"body": body, "deadline": self.headers.get(DEADLINE_HEADER)})
            reply = replies.pop(0) if len(replies) > 1 else replies[0]
            data = json.dumps(reply.body or {}).encode()
            self.send_response(reply.status)
            for name, value in {"Content-Length": str(len(data)), **reply.headers}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/process", seen
    finally:
        server.shutdown()
        server.server_close()


def notice() -> dict:
    return push_envelope(message("nba_raw.bdl_box_scores", "2026-12-01"), system_now())


def failures(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if getattr(r, "json_fields", {}).get("event") == "notify_failed"]


def test_a_shed_notice_is_posted_again_after_its_retry_after(caplog):
    body = notice()
    with analytics_double([SHED, Reply(503, {}), Reply(200, {"results": []})]) as (url, seen):
        sleeps: list[float] = []
        assert HttpNotifier(url, timeout_s=4.0, sleep=sleeps.append).deliver("nba_raw.bdl_box_scores", body)
    assert [s["body"] for s in seen] == [body] * 3  # the same message, as a redelivery carries it
    assert {s["deadline"] for s in seen} == {"4.000"}  # analytics drops a notice still queued when we give up
    assert sleeps[0] == 2.0 and 0 <= sleeps[1] <= 2.0  # the Retry-After, then the policy's own backoff
    assert failures(caplog) == []


@pytest.mark.parametrize(("reply", "posts"), [(Reply(400, {}), 1), (SHED, NOTIFY_HTTP_ATTEMPTS)])
def test_a_notice_refused_for_good_or_shed_every_time_is_logged_failed(caplog, reply, posts):
    with analytics_double([reply]) as (url, seen):
        assert not HttpNotifier(url, sleep=lambda _s: None).deliver("nba_raw.bdl_box_scores", notice())
    assert len(seen) == posts
    (failed,) = failures(caplog)
    assert f"HTTP {reply.status}" in failed.getMessage()
