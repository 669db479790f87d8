"""Fan-out steps: the writes of a step's sibling calls held until every sibling waits to write or is done,
then written together (one load + MERGE per table per step instead of one per early arrival)."""

from __future__ import annotations

import contextlib
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from shared.http.headers import STEP_HEADER, StepHeader
from shared.limits import MAX_WAIT_S

_step: ContextVar[str | None] = ContextVar("courtside_step", default=None)
_member: ContextVar[Step | None] = ContextVar("courtside_step_member", default=None)


def new_step(calls: int) -> str:
    """The header value announcing a step of `calls` sibling calls."""
    return f"{uuid.uuid4().hex[:16]};{calls}"


@contextlib.contextmanager
def calling(step: str | None) -> Iterator[None]:
    """Calls made inside this block (on this thread) carry `step` in STEP_HEADER."""
    token = _step.set(step)
    try:
        yield
    finally:
        _step.reset(token)


def outgoing_headers() -> dict[str, str]:
    """STEP_HEADER for the step being called, if any."""
    step = _step.get()
    return {STEP_HEADER: step} if step else {}


@dataclass
class Step:
    """One step's siblings on this instance: how many arrived, wait to write, are done; their held writes."""

    size: int
    deadline: float
    clock: Callable[[], float] = time.monotonic
    arrived: int = 0
    done: int = 0
    waiting: int = 0
    released: bool = False
    held: list[tuple[Any, Any]] = field(default_factory=list)  # (group, ticket) in arrival order
    cond: threading.Condition = field(default_factory=threading.Condition)

    def everyone_waiting(self) -> bool:
        """Every sibling has arrived, and each one still running is waiting to write."""
        return self.arrived >= self.size and self.waiting >= self.arrived - self.done

    def hold(self, group: Any, ticket: Any) -> bool | None:
        """Hold `ticket` for `group` until the step is released: None when it was released already (write
        alone), True when this caller released it (and must write everything held), False otherwise."""
        with self.cond:
            if self.released:
                return None
            self.held.append((group, ticket))
            self.waiting += 1
            while not self.released:
                left = self.deadline - self.clock()
                if self.everyone_waiting() or left <= 0:
                    self.released = True
                    return True
                self.cond.wait(left)
            return False

    def held_by_group(self) -> list[tuple[Any, list[Any]]]:
        """The held tickets, grouped by the group commit they are for, in arrival order."""
        groups: dict[int, tuple[Any, list[Any]]] = {}
        for group, ticket in self.held:
            groups.setdefault(id(group), (group, []))[1].append(ticket)
        return list(groups.values())

    def leave(self) -> None:
        with self.cond:
            self.done += 1
            self.cond.notify_all()


class Steps:
    """Steps in progress on this instance, by id; a step id seen before and released is not gathered again."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, max_wait_s: float = MAX_WAIT_S) -> None:
        self._clock, self._max_wait_s = clock, max_wait_s
        self._lock = threading.Lock()
        self._steps: OrderedDict[str, Step] = OrderedDict()

    @contextlib.contextmanager
    def member(self, header: StepHeader | None) -> Iterator[Step | None]:
        """The request with STEP_HEADER `header` (parsed) is one sibling of its step for the duration of the block."""
        step = self._join(header)
        token = _member.set(step)
        try:
            yield step
        finally:
            still_member = _member.get() is step  # False after leave_step(): it left already
            _member.reset(token)
            if step is not None and still_member:
                step.leave()

    def _join(self, header: StepHeader | None) -> Step | None:
        if header is None:
            return None
        with self._lock:
            step = self._steps.get(header.step_id)
            if step is None:
                deadline = self._clock() + self._max_wait_s
                step = self._steps[header.step_id] = Step(header.calls, deadline, self._clock)
                while len(self._steps) > 1000:
                    self._steps.popitem(last=False)
            if step.released:
                return None  # a retry after the step's write: on its own
        with step.cond:
            step.arrived += 1
        return step


def leave_step() -> None:
    """This request is done with its step (e.g. it failed): siblings stop waiting for it, and its own later
    writes go out alone instead of being held for the step."""
    step = _member.get()
    if step is not None:
        _member.set(None)
        step.leave()


def current_member() -> Step | None:
    """The step this request belongs to, if it was called as part of one."""
    return _member.get()
