"""Two analytics instances share one circuit through the warehouse stand-in; the bad interleaving is forced."""

from datetime import date, timedelta

import pytest

from services.analytics.circuit_routes import reset
from services.analytics.guarded_runner import GuardedRunner
from services.analytics.processors import PROCESSORS
from shared.clock import sortable_id
from shared.orchestration import circuit_events
from tests.integration import analytics_dataset as ds

pytestmark = pytest.mark.integration
UPCOMING = PROCESSORS["upcoming_player_game_context"]
KEY = "upcoming_player_game_context:2026-11-28"


def instance(settings, warehouse) -> GuardedRunner:
    return GuardedRunner.build(settings.model_copy(update={"breaker_threshold": 3, "breaker_cache_s": 60}), warehouse)


def test_a_stale_failure_written_after_another_instance_opened_cannot_close_it(settings, warehouse):
    ds.seed(warehouse, game_day_props=False)
    day = date(2026, 11, 28)
    a, b = instance(settings, warehouse), instance(settings, warehouse)
    assert a.run(UPCOMING, day, day)["circuit"]["failures"] == 1

    real_record = a.store.record
    opened_by_b: list[str] = []

    def b_opens_then_a_writes(*args, **kwargs):
        # A has read the circuit (closed, 1 failure) and decided; before its fact lands, B fails twice and opens it.
        if not opened_by_b:
            opened_by_b.extend(b.run(UPCOMING, day, day)["circuit"]["state"] for _ in range(2))
        return real_record(*args, **kwargs)

    a.store.record = b_opens_then_a_writes  # type: ignore[method-assign]
    a.run(UPCOMING, day, day)
    assert opened_by_b == ["closed", "open"]

    third = instance(settings, warehouse)
    circuit = third.store.all(fresh=True)[KEY]
    assert (circuit.state.value, circuit.failures) == ("open", 3)  # A's stale "failure 2" changed nothing
    assert third.run(UPCOMING, day, day)["status"] == "skipped"


class OpensElsewhereWhileRunning:
    """The processor on instance A: while it runs (A has already read its circuit), B fails twice and opens it."""

    def __init__(self, b: GuardedRunner, day: date) -> None:
        self.name, self.b, self.day = UPCOMING.name, b, day
        self.states: list[str] = []

    def __getattr__(self, name):
        return getattr(UPCOMING, name)

    def _b_opens(self) -> None:
        if not self.states:
            self.states.extend(self.b.run(UPCOMING, self.day, self.day)["circuit"]["state"] for _ in range(2))

    def run(self, *args):
        self._b_opens()
        return UPCOMING.run(*args)

    def run_checked(self, *args):
        self._b_opens()
        return UPCOMING.run_checked(*args)


def test_a_failure_decided_from_a_view_older_than_the_opening_cannot_close_it(settings, warehouse):
    ds.seed(warehouse, game_day_props=False)
    day = date(2026, 11, 28)
    a, b = instance(settings, warehouse), instance(settings, warehouse)
    assert a.run(UPCOMING, day, day)["circuit"]["failures"] == 1
    slow = OpensElsewhereWhileRunning(b, day)
    a.run(slow, day, day)  # type: ignore[arg-type]
    assert slow.states == ["closed", "open"]
    circuit = instance(settings, warehouse).store.all(fresh=True)[KEY]
    assert circuit.state.value == "open"


def test_every_instance_sees_the_opening_and_the_readiness_close(settings, warehouse):
    ds.seed(warehouse, game_day_props=False)
    day = date(2026, 11, 28)
    a, b = instance(settings, warehouse), instance(settings, warehouse)
    for _ in range(3):
        a.run(UPCOMING, day, day)
    assert b.run(UPCOMING, day, day)["status"] == "skipped"  # b's first read already folds a's opening
    ds.seed_game_day_props(warehouse, ds.LOADED)  # loaded now, stamped with a scrape start before the opening
    assert b.run(UPCOMING, day, day)["status"] == "processed"
    assert a.store.all(fresh=True)[KEY].state.value == "closed"


def test_an_open_circuit_quiet_for_eight_days_behind_an_ignored_close_is_still_listed_and_can_be_reset(
    settings, warehouse
):
    ds.seed(warehouse, game_day_props=False)
    day, now = date(2026, 11, 28), [ds.LOADED]
    a = GuardedRunner.build(settings.model_copy(update={"breaker_threshold": 3}), warehouse, lambda: now[0])
    for _ in range(3):
        a.run(UPCOMING, day, day)
    # A stale instance, whose view predates the opening, records a close: the fold ignores it.
    now[0] += timedelta(minutes=1)
    stale_close = {"event_id": sortable_id(now[0]), "circuit_key": KEY, "processor": UPCOMING.name,
                   "scope": "2026-11-28", "kind": "succeeded", "state": "closed", "failures": 0,
                   "reason": "succeeded", "occurred_at": now[0], "observed": None}  # fmt: skip
    circuit_events.append(warehouse, stale_close)
    now[0] += timedelta(days=8)
    later = GuardedRunner.build(settings.model_copy(update={"breaker_threshold": 3}), warehouse, lambda: now[0])
    listed = later.store.all(fresh=True)
    assert KEY in listed and listed[KEY].state.value == "open"
    assert reset(later, KEY, "ops@example.com")["previous_state"] == "half_open"  # past its 30-minute timeout
    assert later.store.all(fresh=True)[KEY].state.value == "closed"


def test_a_closed_circuit_quiet_for_eight_days_is_no_longer_read(settings, warehouse):
    ds.seed(warehouse, game_day_props=False)
    day, now = date(2026, 11, 28), [ds.LOADED]
    a = GuardedRunner.build(settings.model_copy(update={"breaker_threshold": 3}), warehouse, lambda: now[0])
    for _ in range(3):
        a.run(UPCOMING, day, day)
    reset(a, KEY, "ops@example.com")
    now[0] += timedelta(days=8)
    assert KEY not in a.store.all(fresh=True)
