"""The circuit breaker: the fold over facts, the policy, and the race between instances (pure, fake clock)."""

from datetime import UTC, datetime, timedelta

import pytest

from shared.orchestration.circuit_events import fact_of
from shared.resilience.breaker import Breaker, Kind, State, Verdict
from shared.resilience.circuit_fold import ANY_PERIOD, Circuit, Fact, apply, fold, steps

T0 = datetime(2026, 11, 28, 18, tzinfo=UTC)
KEY = "upcoming_player_game_context:2026-11-28"


class FakeClock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def fact(n: int, kind: Kind, observed: str | None, upstream: str | None = None) -> Fact:
    return Fact(f"f{n:03d}", KEY, kind, T0 + timedelta(minutes=n), observed, "why", upstream)


F, O, T, S, R, M = Kind.FAILURE, Kind.OPENED, Kind.TRIAL, Kind.SUCCEEDED, Kind.READY, Kind.RESET  # noqa: E741


@pytest.mark.parametrize(
    ("script", "state", "failures", "effects"),
    [
        ([(F, None), (F, None)], State.CLOSED, 2, "failure failure"),
        ([(F, None), (F, None), (F, None)], State.OPEN, 3, "failure failure opened"),  # threshold 3 by count
        ([(F, None), (O, None)], State.OPEN, 2, "failure opened"),  # the writer saw its threshold
        ([(F, None), (S, None)], State.CLOSED, 0, "failure counted reset"),
        ([(O, None), (S, "f001")], State.CLOSED, 0, "opened closed"),  # a trial answering the opening
        ([(O, None), (R, "f001")], State.CLOSED, 0, "opened closed"),
        ([(O, None), (M, "f001")], State.CLOSED, 0, "opened closed"),
        # The race: a writer that saw the closed period writes after the opening; nothing it says closes it.
        (
            [(O, None), (S, None), (R, None), (M, None), (F, None)],
            State.OPEN,
            1,
            "opened ignored ignored ignored ignored",
        ),
        ([(O, None), (T, "f001"), (O, "f001")], State.OPEN, 2, "opened trial reopened"),
        ([(O, None), (O, "f001"), (S, "f001")], State.OPEN, 2, "opened reopened ignored"),  # answers the old opening
        ([(O, None), (R, "f001"), (O, "f001")], State.CLOSED, 1, "opened closed failure"),  # stale trial: counted
        ([(O, None), (R, "f001"), (R, "f001")], State.CLOSED, 0, "opened closed ignored"),
        ([(F, None), (F, None), (M, None)], State.CLOSED, 0, "failure failure counted reset"),
        ([(O, ANY_PERIOD), (S, ANY_PERIOD)], State.CLOSED, 0, "opened closed"),  # rows from before facts
    ],
)
def test_fold(script, state, failures, effects):
    facts = [fact(n, kind, observed) for n, (kind, observed) in enumerate(script, start=1)]
    done = steps(KEY, facts, threshold=3)
    assert " ".join(s.effect for s in done) == effects
    assert (done[-1].after.state, done[-1].after.failures) == (state, failures)
    assert fold(KEY, reversed(facts), threshold=3) == done[-1].after  # log order, not arrival order


def test_closing_says_how_long_the_outage_lasted_across_reopenings():
    facts = [fact(1, O, None), fact(31, O, "f001"), fact(45, R, "f031")]
    done = steps(KEY, facts, threshold=3)
    assert [s.effect for s in done] == ["opened", "reopened", "closed"]
    assert done[-1].recovered_after_s == 44 * 60


@pytest.mark.parametrize(
    ("circuit", "minutes_later", "upstream_now", "verdict"),
    [
        (Circuit(KEY), 0, None, Verdict(run=True)),
        (Circuit(KEY, State.OPEN, 3, T0, period="o", upstream="5 rows"), 29, "5 rows", Verdict(run=False)),
        (Circuit(KEY, State.OPEN, 3, T0, period="o", upstream="5 rows"), 29, "9 rows", Verdict(True, record=R)),
        (Circuit(KEY, State.OPEN, 3, T0, period="o", upstream=None), 29, "9 rows", Verdict(run=False)),
        (Circuit(KEY, State.OPEN, 3, T0, period="o"), 30, None, Verdict(True, trial=True, record=T)),
    ],
)
def test_admit(circuit, minutes_later, upstream_now, verdict):
    clock = FakeClock()
    clock.now = T0 + timedelta(minutes=minutes_later)
    assert Breaker(3, timedelta(minutes=30), clock).admit(circuit, upstream_now) == verdict


@pytest.mark.parametrize(
    ("failures", "trial", "kind"), [(0, False, F), (1, False, F), (2, False, O), (0, True, O), (7, False, O)]
)
def test_after_failure_opens_at_the_threshold_or_on_a_failed_trial(failures, trial, kind):
    breaker = Breaker(3, timedelta(minutes=30), FakeClock())
    assert breaker.after_failure(Circuit(KEY, failures=failures), trial=trial) is kind
    opened_elsewhere = Circuit(KEY, State.OPEN, 3, T0, period="o")
    assert breaker.after_failure(opened_elsewhere, trial=trial) is (O if trial else F)


def test_warm_path_records_nothing_and_counted_failures_are_cleared():
    breaker = Breaker(3, timedelta(minutes=30), FakeClock())
    assert breaker.after_success(Circuit(KEY)) is None
    assert breaker.after_success(Circuit(KEY, failures=1)) is S
    assert breaker.after_success(Circuit(KEY, State.OPEN, 3, T0, period="o")) is S


def test_threshold_must_be_positive():
    with pytest.raises(ValueError):
        Breaker(0, timedelta(minutes=30), FakeClock())


def test_stale_instance_cannot_close_what_another_opened():
    """Instance A read the circuit closed with 2 failures; B opens it; A's success from its stale view follows."""
    breaker = Breaker(3, timedelta(minutes=30), FakeClock())
    a_view = fold(KEY, [fact(1, F, None), fact(2, F, None)], 3)
    log = [fact(1, F, None), fact(2, F, None), fact(3, O, None)]  # B's failure reached the threshold
    kind = breaker.after_success(a_view)
    assert kind is S
    log.append(Fact("f004", KEY, kind, T0 + timedelta(minutes=4), a_view.period))
    circuit = fold(KEY, log, 3)
    assert circuit.state is State.OPEN and circuit.period == "f003"
    assert apply(circuit, fact(5, S, "f003"), 3).after.state is State.CLOSED  # only an answer to f003 closes it


@pytest.mark.parametrize(
    ("rows", "state"),
    [
        ([("open", None, None), ("closed", None, None)], State.CLOSED),  # rows from before facts: latest state
        ([("open", "opened", None), ("closed", "succeeded", None)], State.OPEN),  # a fact from a stale view
        ([("open", "opened", None), ("closed", "succeeded", "r0")], State.CLOSED),
    ],
)
def test_rows_become_facts(rows, state):
    facts = [
        fact_of(
            {
                "event_id": f"r{n}",
                "circuit_key": KEY,
                "state": s,
                "kind": k,
                "observed": o,
                "failures": 0,
                "occurred_at": T0 + timedelta(minutes=n),
            }
        )  # fmt: skip
        for n, (s, k, o) in enumerate(rows)
    ]
    assert fold(KEY, facts, 3).state is state
