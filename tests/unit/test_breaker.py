"""The circuit breaker state machine, driven by a fake clock through scripted runs."""

from datetime import UTC, datetime, timedelta

import pytest

from shared.resilience.breaker import AUTO_RESET_REASON, Breaker, Circuit, State

T0 = datetime(2026, 11, 28, 18, tzinfo=UTC)


class FakeClock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def drive(script: str, threshold: int = 3, timeout_min: int = 30) -> tuple[list[str], State, Circuit]:
    """Steps: `ok`/`fail` = a run with that outcome (if admitted), `data` = upstream rows land, `waitN` = N minutes.

    Every step takes one second. Returns what each run did (ran, auto = auto-reset then ran, skip)."""
    clock = FakeClock()
    breaker = Breaker(threshold, timedelta(minutes=timeout_min), clock)
    circuit, upstream_at, seen = Circuit("upcoming_player_game_context:2026-11-28"), None, []
    for step in script.split():
        clock.now += timedelta(seconds=1)
        if step.startswith("wait"):
            clock.now += timedelta(minutes=int(step[4:]))
        elif step == "data":
            upstream_at = clock.now
        else:
            verdict = breaker.admit(circuit, upstream_at)
            if not verdict.run:
                seen.append("skip")
                continue
            if verdict.transition:
                circuit = verdict.transition.circuit
            seen.append("auto" if verdict.transition else "ran")
            transition = (
                breaker.succeeded(circuit) if step == "ok" else breaker.failed(circuit, "x", trial=verdict.trial)
            )
            circuit = transition.circuit if transition else circuit
    return seen, breaker.state(circuit), circuit


@pytest.mark.parametrize(
    ("script", "runs", "state", "failures"),
    [
        ("fail fail", "ran ran", State.CLOSED, 2),
        ("fail fail fail", "ran ran ran", State.OPEN, 3),
        ("fail fail ok fail fail", "ran ran ran ran ran", State.CLOSED, 2),  # success resets the count
        ("fail fail fail fail ok", "ran ran ran skip skip", State.OPEN, 3),
        ("fail fail fail wait28 ok", "ran ran ran skip", State.OPEN, 3),  # 28 min + seconds < 30 min
        ("fail fail fail wait30 ok", "ran ran ran ran", State.CLOSED, 0),  # half-open trial succeeds
        ("fail fail fail wait30 fail ok", "ran ran ran ran skip", State.OPEN, 4),  # half-open trial fails: reopens
        ("fail fail fail wait30 fail wait28 ok", "ran ran ran ran skip", State.OPEN, 4),  # new timeout from reopen
        ("data fail fail fail ok", "ran ran ran skip", State.OPEN, 3),  # data older than the opening
        ("fail fail fail data ok", "ran ran ran auto", State.CLOSED, 0),
        ("fail fail fail data ok ok", "ran ran ran auto ran", State.CLOSED, 0),
        # No flapping: the trial after an auto-reset fails → open at once, and the same data cannot reset it again.
        ("fail fail fail data fail ok ok", "ran ran ran auto skip skip", State.OPEN, 1),
        ("fail fail fail data fail data ok", "ran ran ran auto auto", State.CLOSED, 0),
    ],
)
def test_scripted_runs(script, runs, state, failures):
    seen, final_state, circuit = drive(script)
    assert " ".join(seen) == runs
    assert final_state is state
    assert circuit.failures == failures


@pytest.mark.parametrize("threshold", [1, 2, 5])
def test_opens_exactly_at_threshold(threshold):
    breaker = Breaker(threshold, timedelta(minutes=30), FakeClock())
    circuit = Circuit("k")
    for _ in range(threshold - 1):
        circuit = breaker.failed(circuit, "x").circuit
        assert breaker.state(circuit) is State.CLOSED
    opened = breaker.failed(circuit, "props missing")
    assert opened.kind == "opened"
    assert breaker.state(opened.circuit) is State.OPEN
    assert opened.circuit.reason == "props missing"


def test_until_is_opening_plus_timeout_and_half_open_from_then():
    clock = FakeClock()
    breaker = Breaker(5, timedelta(minutes=30), clock)
    opened = breaker.failed(Circuit("k"), "x", trial=True).circuit
    assert breaker.until(opened) == T0 + timedelta(minutes=30)
    clock.now = T0 + timedelta(minutes=30) - timedelta(microseconds=1)
    assert breaker.state(opened) is State.OPEN
    clock.now = T0 + timedelta(minutes=30)
    assert breaker.state(opened) is State.HALF_OPEN
    assert breaker.admit(opened).trial is True


@pytest.mark.parametrize(
    ("arrived_after_opening", "resets"),
    [(None, False), (timedelta(seconds=-5), False), (timedelta(0), False), (timedelta(microseconds=1), True)],
)
def test_auto_reset_only_on_data_newer_than_the_opening(arrived_after_opening, resets):
    clock = FakeClock()
    breaker = Breaker(1, timedelta(minutes=30), clock)
    opened = breaker.failed(Circuit("k"), "no props").circuit
    clock.now += timedelta(minutes=1)
    upstream_at = None if arrived_after_opening is None else T0 + arrived_after_opening
    verdict = breaker.admit(opened, upstream_at)
    assert verdict.run is resets
    if resets:
        assert verdict.transition is not None
        assert verdict.transition.kind == "auto_reset"
        assert verdict.transition.circuit.state is State.CLOSED
        assert verdict.transition.circuit.reason == AUTO_RESET_REASON


def test_clean_success_records_nothing_and_manual_reset_closes():
    breaker = Breaker(2, timedelta(minutes=30), FakeClock())
    assert breaker.succeeded(Circuit("k")) is None
    opened = breaker.failed(breaker.failed(Circuit("k"), "x").circuit, "x").circuit
    reset = breaker.reset(opened)
    assert (reset.kind, reset.circuit.state, reset.circuit.failures) == ("manual_reset", State.CLOSED, 0)


def test_threshold_must_be_positive():
    with pytest.raises(ValueError):
        Breaker(0, timedelta(minutes=30), FakeClock())
