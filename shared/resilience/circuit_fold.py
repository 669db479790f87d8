"""Circuit state as a pure fold over append-only facts; each fact names the period it observed, so a fact written
from a stale view cannot undo a newer one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

# `observed` of rows written before facts named a period: taken at their word, as they were read then.
ANY_PERIOD = "*"


class State(StrEnum):
    """A circuit's state; half_open is never stored, it is open past its timeout."""

    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class Kind(StrEnum):
    """What a fact says happened."""

    FAILURE = "failure"
    OPENED = "opened"
    TRIAL = "trial"
    SUCCEEDED = "succeeded"
    READY = "closed_by_readiness"
    RESET = "manual_reset"


@dataclass(frozen=True)
class Fact:
    """One appended fact; `observed` is the period (a fact id) its writer saw: the opening it answers, or the
    closed period it counted in (None before any fact)."""

    id: str
    key: str
    kind: Kind
    at: datetime
    observed: str | None = None
    reason: str | None = None
    upstream: str | None = None  # the upstream readiness marker its writer saw
    actor: str | None = None


@dataclass(frozen=True)
class Circuit:
    """A circuit folded from its facts (a key with no facts is closed with no failures)."""

    key: str
    state: State = State.CLOSED
    failures: int = 0
    since: datetime | None = None  # open: when it (re)opened; closed: when the current period began
    reason: str | None = None
    period: str | None = None  # the fact that began the current period: an opening or a closing
    upstream: str | None = None  # open: the upstream marker seen when it opened
    outage_from: datetime | None = None  # open: the first opening of this outage


@dataclass(frozen=True)
class Step:
    """What one fact did: the circuit after it and a word for the story (`ignored` facts change nothing)."""

    fact: Fact
    after: Circuit
    effect: str
    recovered_after_s: float | None = None


def apply(circuit: Circuit, fact: Fact, threshold: int) -> Step:
    """The circuit after `fact`: only a fact that observed the current period may close or reopen it."""
    current = fact.observed in (circuit.period, ANY_PERIOD)
    is_open = circuit.state is State.OPEN
    if fact.kind in (Kind.FAILURE, Kind.OPENED) and not is_open:
        if fact.kind is Kind.OPENED and current:
            return Step(fact, _opened(circuit, fact, circuit.failures + 1), "opened")
        failures = circuit.failures + 1
        if failures >= threshold:
            return Step(fact, _opened(circuit, fact, failures), "opened")
        return Step(fact, replace(circuit, failures=failures, reason=fact.reason), "failure")
    if fact.kind is Kind.OPENED and is_open and current:
        return Step(fact, _opened(circuit, fact, circuit.failures + 1), "reopened")
    if fact.kind is Kind.TRIAL and is_open and current:
        return Step(fact, circuit, "trial")
    if fact.kind in (Kind.SUCCEEDED, Kind.READY, Kind.RESET) and current:
        if is_open:
            began = circuit.outage_from or circuit.since or fact.at
            closed = Circuit(circuit.key, State.CLOSED, 0, fact.at, fact.reason, fact.id)
            return Step(fact, closed, "closed", (fact.at - began).total_seconds())
        if fact.kind is not Kind.READY:
            return Step(fact, Circuit(circuit.key, State.CLOSED, 0, fact.at, fact.reason, fact.id), "counted reset")
    return Step(fact, circuit, "ignored")


def _opened(circuit: Circuit, fact: Fact, failures: int) -> Circuit:
    outage_from = circuit.outage_from if circuit.state is State.OPEN else fact.at
    return Circuit(circuit.key, State.OPEN, failures, fact.at, fact.reason, fact.id, fact.upstream, outage_from)


def ordered(facts: Iterable[Fact]) -> list[Fact]:
    """Facts in log order: when they happened, ties broken by id."""
    return sorted(facts, key=lambda f: (f.at, f.id))


def steps(key: str, facts: Iterable[Fact], threshold: int) -> list[Step]:
    """Every fact of `key` in log order with what it did."""
    circuit, done = Circuit(key), []
    for fact in ordered(f for f in facts if f.key == key):
        step = apply(circuit, fact, threshold)
        circuit = step.after
        done.append(step)
    return done


def fold(key: str, facts: Iterable[Fact], threshold: int) -> Circuit:
    """The circuit `key` after all its facts."""
    done = steps(key, facts, threshold)
    return done[-1].after if done else Circuit(key)


def fold_all(facts: Iterable[Fact], threshold: int) -> dict[str, Circuit]:
    """Every circuit that has facts, by key."""
    by_key: dict[str, list[Fact]] = {}
    for fact in facts:
        by_key.setdefault(fact.key, []).append(fact)
    return {key: fold(key, group, threshold) for key, group in by_key.items()}
