"""The ledger's fold (pending, loaded, failed) and the executor's reading of a 503 load_pending."""

from __future__ import annotations

import json

import pytest
import requests

from services.scrapers.archive.ledger import FACTS, LoadFact, fold_state, parse_fact
from services.scrapers.workflows.client import _classify


@pytest.mark.parametrize(
    ("states", "expected"),
    [
        ([], "pending"),
        (["failed"], "failed"),
        (["failed", "failed"], "failed"),
        (["failed", "loaded"], "loaded"),
        (["loaded", "failed"], "loaded"),  # a stale failure written after a load never undoes it
    ],
)
def test_fold_state(states, expected):
    assert fold_state(LoadFact("k", f"t{i}", s) for i, s in enumerate(states)) == expected


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (
            f"{FACTS}2026-01-05/20260105T1-abc/20260105T2-loaded.json",
            LoadFact("20260105T1-abc", "20260105T2", "loaded"),
        ),
        (
            f"{FACTS}2026-01-05/20260105T1-abc/20260105T2-failed.json",
            LoadFact("20260105T1-abc", "20260105T2", "failed"),
        ),
        (f"{FACTS}2026-01-05/20260105T1-abc/20260105T2-other.json", None),
        (f"{FACTS}2026-01-05/stray.json", None),
    ],
)
def test_parse_fact(key, expected):
    assert parse_fact(key) == expected


def _response(status: int, body: dict) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = json.dumps(body).encode()
    return response


def test_load_pending_is_not_a_failed_fetch_and_is_not_retried():
    error = {"code": "load_pending", "message": "archived at /a/x.json", "data_summary": {"event_ids": ["e1"]}}
    pending = _classify(_response(503, {"error": error}))
    assert pending.ok and pending.value == {
        "status": "load_pending",
        "message": "archived at /a/x.json",
        "data_summary": {"event_ids": ["e1"]},  # later steps still fan out on what was fetched
    }
    down = _classify(_response(503, {"error": {"code": "upstream_retriable", "message": "HTTP 503"}}))
    assert not down.ok and down.retriable
