"""The executor's share of the server's threads: it can never exhaust them, nor its own service's shedding bound."""

import pytest

from services.scrapers.app import call_slots
from shared.settings import load_settings


@pytest.mark.parametrize(
    ("max_parallel", "threads", "slots"),
    [(8, 8, 5), (8, 16, 8), (4, 8, 4), (8, 3, 1), (8, 2, 1)],
)
def test_calls_in_flight_leave_a_thread_for_each_running_request_and_one_for_health(max_parallel, threads, slots):
    assert call_slots(load_settings(executor_max_parallel=max_parallel), server_threads=threads) == slots


@pytest.mark.parametrize(
    ("overrides", "slots"),
    [({"scrapers_max_in_flight": 5}, 3), ({"analytics_max_in_flight": 5}, 5), ({"shedding_enabled": False}, 6)],
)
def test_calls_fit_the_scrapers_bound_of_work_in_flight(overrides, slots):
    assert call_slots(load_settings(executor_max_parallel=16, **overrides), server_threads=8) == slots


def test_threads_default_to_gunicorns_setting(monkeypatch):
    monkeypatch.setenv("GUNICORN_THREADS", "12")
    assert call_slots(load_settings(executor_max_parallel=16)) == 9
