"""Random interleavings of two or three instances sharing one log of circuit facts: an opened circuit never reads as
closed unless a successful trial or upstream readiness answering that opening was recorded after it."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from shared.resilience.breaker import Breaker, Kind, State
from shared.resilience.circuit_fold import Fact, apply, fold

T0 = datetime(2026, 11, 28, 12, tzinfo=UTC)
KEY = "upcoming_player_game_context:2026-11-28"
THRESHOLD = 3


@dataclass
class Instance:
    seen: list[Fact] = field(default_factory=list)  # what its cache holds: the last read plus its own facts


@dataclass
class World:
    """The shared log, the clock, the upstream, and which facts were real answers (a trial that ran ok, data)."""

    log: list[Fact] = field(default_factory=list)
    now: datetime = T0
    upstream_rows: int = 0
    answers: set[str] = field(default_factory=set)

    def append(self, writer: Instance, kind: Kind, observed: str | None, *, answer: bool = False) -> None:
        before = fold(KEY, self.log, THRESHOLD)
        new = Fact(f"{len(self.log):04d}", KEY, kind, self.now, observed, None, f"{self.upstream_rows} rows")
        self.log.append(new)
        writer.seen.append(new)
        if answer:
            self.answers.add(new.id)
        after = fold(KEY, self.log, THRESHOLD)
        if before.state is State.OPEN and after.state is State.CLOSED:
            assert new.observed == before.period, f"{new} closed opening {before.period} it never saw"
            assert new.id in self.answers or new.kind is Kind.RESET, f"{new} closed without a trial or data"


def act(world: World, me: Instance, breaker: Breaker, ok: bool) -> None:
    """One processor call on `me`, deciding from its (maybe stale) view, as GuardedRunner does."""
    view = fold(KEY, me.seen, THRESHOLD)
    marker = f"{world.upstream_rows} rows"
    verdict = breaker.admit(view, marker if breaker.state(view) is State.OPEN else None)
    if not verdict.run:
        return
    if verdict.record:
        world.append(me, verdict.record, view.period, answer=verdict.record is Kind.READY)
        if verdict.record is Kind.READY:
            view = fold(KEY, me.seen, THRESHOLD)
    if ok:
        kind = breaker.after_success(view)
        if kind:
            world.append(me, kind, view.period, answer=verdict.trial)
    else:
        world.append(me, breaker.after_failure(view, trial=verdict.trial), view.period)


step = st.one_of(
    st.tuples(st.just("run"), st.integers(0, 2), st.booleans()),
    st.tuples(st.just("read"), st.integers(0, 2), st.just(False)),
    st.tuples(st.just("data"), st.just(0), st.just(False)),
    st.tuples(st.just("wait"), st.integers(1, 40), st.just(False)),
    st.tuples(st.just("reset"), st.integers(0, 2), st.just(False)),
)


@settings(max_examples=400, deadline=None)
@given(instances=st.integers(2, 3), script=st.lists(step, max_size=60))
def test_no_interleaving_closes_an_opening_without_an_answer(instances, script):
    world = World()
    breaker = Breaker(THRESHOLD, timedelta(minutes=30), lambda: world.now)
    crowd = [Instance() for _ in range(instances)]
    for what, n, ok in script:
        world.now += timedelta(seconds=1)
        me = crowd[n % instances]
        if what == "run":
            act(world, me, breaker, ok)
        elif what == "read":
            me.seen = list(world.log)
        elif what == "data":
            world.upstream_rows += 1
        elif what == "wait":
            world.now += timedelta(minutes=n)
        else:  # an operator resets what a fresh read shows open
            me.seen = list(world.log)
            view = fold(KEY, me.seen, THRESHOLD)
            if view.state is State.OPEN:
                world.append(me, Kind.RESET, view.period)


@settings(max_examples=200, deadline=None)
@given(script=st.lists(st.tuples(st.integers(0, 2), st.booleans()), max_size=40))
def test_fold_is_the_same_whatever_order_the_facts_arrive_in(script):
    world = World()
    breaker = Breaker(THRESHOLD, timedelta(minutes=30), lambda: world.now)
    crowd = [Instance(), Instance(), Instance()]
    for n, ok in script:
        world.now += timedelta(minutes=7)
        act(world, crowd[n], breaker, ok)
    folded = fold(KEY, world.log, THRESHOLD)
    assert fold(KEY, list(reversed(world.log)), THRESHOLD) == folded
    circuit = fold(KEY, [], THRESHOLD)
    for f in world.log:
        circuit = apply(circuit, f, THRESHOLD).after
    assert circuit == folded
