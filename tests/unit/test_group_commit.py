"""Concurrent writes share one write; each caller gets its own outcome; nothing is lost or written twice."""

import threading

import pytest

from shared.group_commit.writes import GroupCommit


def test_a_lone_write_goes_out_alone():
    written: list[list[dict]] = []
    GroupCommit(written.append).submit([{"id": 1}])
    assert written == [[{"id": 1}]]


def test_writes_arriving_during_a_write_go_out_together():
    release, started = threading.Event(), threading.Event()
    written: list[list[int]] = []

    def slow_write(rows):
        written.append([r["id"] for r in rows])
        started.set()
        release.wait(5)

    commit = GroupCommit(slow_write)
    first = threading.Thread(target=commit.submit, args=([{"id": 0}],))
    first.start()
    started.wait(5)
    followers = [threading.Thread(target=commit.submit, args=([{"id": i}],)) for i in range(1, 6)]
    for thread in followers:
        thread.start()
    while len(commit._queue) < 5:  # all five queued behind the write in flight
        threading.Event().wait(0.01)
    release.set()
    for thread in [first, *followers]:
        thread.join(5)
    assert written[0] == [0]
    assert sorted(written[1]) == [1, 2, 3, 4, 5] and len(written) == 2


def test_every_caller_of_a_failed_batch_sees_the_error_and_later_writes_still_run():
    calls = []

    def write(rows):
        calls.append(rows)
        if rows[0]["id"] == "bad":
            raise RuntimeError("warehouse down")

    commit = GroupCommit(write)
    with pytest.raises(RuntimeError, match="warehouse down"):
        commit.submit([{"id": "bad"}])
    commit.submit([{"id": "good"}])
    assert calls == [[{"id": "bad"}], [{"id": "good"}]]


def test_many_threads_lose_nothing_and_write_nothing_twice():
    written: list[int] = []
    lock = threading.Lock()

    def write(rows):
        with lock:
            written.extend(r["id"] for r in rows)

    commit = GroupCommit(write, max_rows=7)
    threads = [threading.Thread(target=commit.submit, args=([{"id": i * 3 + k} for k in range(3)],)) for i in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(written) == list(range(120))
    assert not commit._busy and not commit._queue
