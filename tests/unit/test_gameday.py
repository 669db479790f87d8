"""Choosing the simulated game day for `make run`: busy, games the day before, after the last one simulated."""

from datetime import date, timedelta

import pytest

from local.gameday import pick_day

D = date(2026, 10, 20)
GAMES = {D + timedelta(days=i): n for i, n in enumerate([2, 5, 6, 0, 9, 3, 1, 8, 0, 7, 6, 5, 0, 12])}


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (None, 7),  # the season's first week is skipped; day 7 has 8 games and day 6 had one
        (D + timedelta(days=7), 10),  # day 9 is busy but day 8 had no games (no post-game work)
        (D + timedelta(days=10), 11),
        (D - timedelta(days=30), 7),  # an old simulated day never moves before the first week
    ],
)
def test_pick_day(after, expected):
    assert pick_day(GAMES, after) == D + timedelta(days=expected)


def test_no_day_left_says_so():
    with pytest.raises(RuntimeError, match="no game day left in the stand-in's season after 2026-11-01"):
        pick_day(GAMES, D + timedelta(days=11))
