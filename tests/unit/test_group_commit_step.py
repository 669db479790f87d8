"""A fan-out step's siblings write once per table: held until every sibling waits or is done, never forever."""

import threading

import pytest

from shared.group_commit.step import Steps, leave_step, new_step
from shared.group_commit.writes import GroupCommit
from shared.http import headers


def _siblings(steps: Steps, header: str, work: list) -> list[BaseException | None]:
    """Run each sibling's work (a callable) as one request of the step, all at once; their errors."""
    errors: list[BaseException | None] = [None] * len(work)

    def request(n: int) -> None:
        with steps.member(headers.step(header)):
            try:
                work[n]()
            except Exception as exc:
                errors[n] = exc

    threads = [threading.Thread(target=request, args=(n,)) for n in range(len(work))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    return errors


@pytest.mark.parametrize("siblings", [2, 5, 30])
def test_every_sibling_writing_one_table_makes_one_write(siblings):
    written: list[list[dict]] = []
    table = GroupCommit(written.append)
    work = [lambda n=n: table.submit([{"id": n}]) for n in range(siblings)]
    assert _siblings(Steps(max_wait_s=30), new_step(siblings), work) == [None] * siblings
    assert len(written) == 1 and sorted(r["id"] for r in written[0]) == list(range(siblings))


def test_siblings_that_write_nothing_do_not_hold_the_others():
    written: list[list[dict]] = []
    table = GroupCommit(written.append)
    work = [lambda: None, lambda: table.submit([{"id": 1}]), lambda: None, lambda: table.submit([{"id": 3}])]
    _siblings(Steps(max_wait_s=30), new_step(4), work)
    assert [sorted(r["id"] for r in batch) for batch in written] == [[1, 3]]


def test_two_tables_one_write_each_and_a_failed_write_reaches_only_its_callers():
    good: list[list[dict]] = []

    def broken(rows):
        raise RuntimeError("load failed")

    runs, raw = GroupCommit(good.append), GroupCommit(broken)

    def raw_then_runs():
        raw.submit([{"id": 0}])
        runs.submit([{"run": 0}])

    work = [raw_then_runs, lambda: runs.submit([{"run": 1}])]
    errors = _siblings(Steps(max_wait_s=30), new_step(2), work)
    assert [str(e) if e else None for e in errors] == ["load failed", None]
    assert len(good) == 1 and good[0] == [{"run": 1}]


def test_a_sibling_that_never_arrives_holds_the_others_only_until_the_wait_runs_out():
    now = [0.0]
    written: list[list[dict]] = []
    table = GroupCommit(written.append)
    steps = Steps(clock=lambda: now[0], max_wait_s=3.0)

    def late_write():
        now[0] = 5.0  # past the step's deadline when it waits: released at once, not after 3 real seconds
        table.submit([{"id": 1}])

    assert _siblings(steps, new_step(3), [late_write]) == [None]
    assert written == [[{"id": 1}]]


def test_a_request_of_no_step_writes_at_once():
    written: list[list[dict]] = []
    with Steps(max_wait_s=30).member(headers.step(None)) as step:
        GroupCommit(written.append).submit([{"id": 1}])
    assert step is None and written == [[{"id": 1}]]


def test_a_retry_after_the_step_was_written_goes_out_alone():
    written: list[list[dict]] = []
    table, steps, header = GroupCommit(written.append), Steps(max_wait_s=30), new_step(2)
    _siblings(steps, header, [lambda: table.submit([{"id": 0}]), lambda: table.submit([{"id": 1}])])
    _siblings(steps, header, [lambda: table.submit([{"id": 2}])])
    assert [sorted(r["id"] for r in batch) for batch in written] == [[0, 1], [2]]


def test_a_sibling_that_left_its_step_writes_at_once_and_does_not_hold_the_others():
    written: list[list[dict]] = []
    table = GroupCommit(written.append)
    first_written = threading.Event()

    def failed_sibling() -> None:  # its fetch failed: it leaves the step, then records its run alone
        leave_step()
        table.submit([{"id": "failed"}])
        first_written.set()

    def slow_sibling() -> None:  # still fetching until the failed one has written
        assert first_written.wait(5), "the failed sibling's write was held for the step"
        table.submit([{"id": "ok"}])

    assert _siblings(Steps(max_wait_s=30), new_step(2), [failed_sibling, slow_sibling]) == [None, None]
    assert written == [[{"id": "failed"}], [{"id": "ok"}]]
