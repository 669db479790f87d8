"""`courtside run` and `courtside season` refuse bad options with one line naming the option, before any stack."""

from datetime import date, timedelta

import pytest

from courtside import cli
from local.day_plans import plan_days


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (["run", "--days", "0"], "courtside: --days: expected 1 to 200, got 0"),
        (["run", "--days", "-3"], "courtside: --days: expected 1 to 200, got -3"),
        (["run", "--days", "100000"], "courtside: --days: expected 1 to 200, got 100000"),
        (["run", "--days", "two"], "courtside: --days: expected a whole number of days, got 'two'"),
        (["run", "--date", "2026-13-01"], "courtside: --date: expected YYYY-MM-DD, got '2026-13-01'"),
        (["run", "--profile", "stormy"], "courtside: --profile: unknown 'stormy'; expected one of none, mild, hostile"),
        (
            ["season", "--profile", "stormy"],
            "courtside: --profile: unknown 'stormy'; expected one of none, mild, hostile",
        ),
        (["season", "--days", "0"], "courtside: --days: expected 1 to 200, got 0"),
    ],
)
def test_a_bad_option_is_one_line_naming_it(argv, line, capsys):
    assert cli.main(argv) == 1
    assert capsys.readouterr().err.strip().splitlines() == [line]


def test_the_hostile_profile_puts_one_warehouse_outage_and_one_upstream_down_in_a_run():
    opening = date(2026, 10, 20)
    days = [opening + timedelta(days=i) for i in range(30)]
    plans = plan_days("hostile", days, season_first=opening)
    assert [p.day for p in plans if p.warehouse_down] == [date(2026, 10, 22)]
    assert [p.day for p in plans if p.upstream_down] == [date(2026, 10, 24)]
    assert all(p.faults["odds_api_credits"] == 300 and p.faults["global"]["rate_malformed"] == 0.1 for p in plans)
    resumed = plan_days("hostile", days[3:], season_first=opening)
    assert resumed == plans[3:]  # a resumed run meets the same weather


def _local(tmp_path):
    from local.days import LocalDays
    from local.platform_limits import WriteLog
    from local.stack import Stack
    from shared.clock import SimulatedClock

    games = {date(2026, 10, 20) + timedelta(days=i): 5 for i in range(170)}
    stack = Stack(tmp_path, ports={})
    return LocalDays(stack, SimulatedClock(tmp_path / "clock.json"), None, games, WriteLog(tmp_path))  # type: ignore[arg-type]


def test_an_interrupted_run_resumes_at_the_tick_after_the_last_one_played(tmp_path):
    from datetime import UTC, datetime

    from local.playing import DayOptions, Progress, first_day

    last_tick = datetime(2026, 11, 3, 18, 5, tzinfo=UTC)
    Progress(tmp_path).tick(date(2026, 11, 3), last_tick)
    assert first_day(_local(tmp_path), DayOptions(None, 170, "hostile")) == (date(2026, 11, 3), 170, last_tick)
    Progress(tmp_path).done(date(2026, 11, 3))
    assert Progress(tmp_path).read() == {"day": "2026-11-03", "done": True}


def test_a_date_outside_the_season_is_refused_naming_the_option(tmp_path):
    from local.playing import DayOptions, first_day
    from shared.errors import BadRequest

    with pytest.raises(BadRequest) as refused:
        first_day(_local(tmp_path), DayOptions(date(2031, 1, 1), 1, "mild"))
    assert refused.value.field == "date" and "outside the season" in refused.value.message
