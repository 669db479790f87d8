"""workflows.yaml validation, call planning (templates, fan-out) and result aggregation: pure logic."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml

from services.scrapers.workflows.config import DEFAULT_PATH, load_workflows
from services.scrapers.workflows.outcome import (
    ERROR_MESSAGE_LIMIT,
    CallResult,
    CallStatus,
    ExecutionResult,
    bounded_message,
)
from services.scrapers.workflows.plan import Output, expand, variables
from shared.errors import ConfigError

GOOD = yaml.safe_load(DEFAULT_PATH.read_text())


def write(tmp_path: Path, mutate) -> Path:
    data = json.loads(json.dumps(GOOD))
    mutate(data)
    path = tmp_path / "workflows.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def _wf(name):
    return lambda d: d["workflows"][name]


BAD = [
    (
        lambda d: _wf("injury_discovery")(d)["steps"][0]["calls"][0].update(scraper="bdl_injury"),
        "workflow 'injury_discovery', field steps.0.calls.0.scraper: Value error, unknown scraper 'bdl_injury'",
    ),
    (
        lambda d: _wf("betting_lines")(d)["steps"][0]["calls"][0].update(params={}),
        "workflow 'betting_lines', field steps.0.calls.0: Value error, params: oddsa_events takes ['date'], got []",
    ),
    (
        lambda d: _wf("betting_lines")(d)["steps"][1]["calls"][0]["params"].update(date="{today}"),
        "params.date: unknown template variable(s) ['today']",
    ),
    (
        lambda d: _wf("betting_lines")(d)["steps"].reverse(),
        "workflow 'betting_lines': Value error, steps.0.calls.0.for_each: 'oddsa_events.event_ids' is neither",
    ),
    (
        lambda d: _wf("referee_discovery")(d)["schedule"].update(window=[540, 840]),
        'workflow \'referee_discovery\', field schedule.window: Value error, expected ["HH:MM", "HH:MM"]',
    ),
    (
        lambda d: _wf("referee_discovery")(d)["schedule"].update(once_a_day=True),
        "field schedule: Value error, give exactly one of every_hours or once_a_day",
    ),
    (
        lambda d: _wf("morning_operations")(d)["schedule"].update(window=["12:00", "08:00"]),
        "window: start must be before end",
    ),
    (lambda d: _wf("betting_lines")(d)["schedule"].update(game_day="tomorrow"), "field schedule.game_day"),
    (lambda d: _wf("betting_lines")(d).update(retries=3), "workflow 'betting_lines', field retries: Extra inputs"),
    (lambda d: d.update(schedule_workflow="schedule"), "schedule_workflow: 'schedule' is not a workflow"),
]


@pytest.mark.parametrize(("mutate", "message"), BAD)
def test_a_bad_file_fails_at_load_naming_workflow_and_field(tmp_path, mutate, message):
    with pytest.raises(ConfigError) as caught:
        load_workflows(write(tmp_path, mutate))
    assert caught.value.message.startswith("workflows.yaml: ")
    assert message in caught.value.message


def test_unreadable_yaml_is_a_config_error(tmp_path):
    path = tmp_path / "workflows.yaml"
    path.write_text("workflows: [unclosed")
    with pytest.raises(ConfigError, match="workflows.yaml: cannot read"):
        load_workflows(path)


BETTING = load_workflows().workflows["betting_lines"]
MORNING = load_workflows().workflows["morning_operations"]


def test_templates_and_per_team_fan_out():
    scope = variables(date(2026, 12, 1))
    assert scope == {"date": "2026-12-01", "yesterday": "2026-11-30"}
    planned = expand(MORNING.steps[0].calls, scope, [])
    assert planned[0].scraper == "nbac_schedule" and planned[0].params == {"date": "2026-12-01"}
    teams = [p.params["team"] for p in planned[1:]]
    assert {p.params["date"] for p in planned[1:]} == {"2026-12-01"}
    assert len(teams) == len(set(teams)) == 30 and {"ATL", "WAS", "NOP"} <= set(teams)


def test_per_event_fan_out_from_an_earlier_steps_summary():
    outputs = [
        Output("oddsa_events", True, {"event_ids": ["e1", "e2"]}),
        Output("bp_events", False, {}),
    ]
    planned = expand(BETTING.steps[1].calls, variables(date(2026, 12, 1)), outputs)
    assert [(p.scraper, p.params, p.blocked) for p in planned] == [
        ("oddsa_player_props", {"event_id": "e1", "date": "2026-12-01"}, None),
        ("oddsa_player_props", {"event_id": "e2", "date": "2026-12-01"}, None),
        ("bp_player_props", {}, "not run: bp_events failed, so its event_ids are unknown"),
    ]


def test_no_events_means_no_calls():
    outputs = [Output("oddsa_events", True, {"event_ids": []}), Output("bp_events", True, {})]
    assert expand(BETTING.steps[1].calls, variables(date(2026, 12, 1)), outputs) == []


def result(*statuses: CallStatus, attempts: int = 2) -> ExecutionResult:
    calls = [
        CallResult(
            "espn_roster",
            {"team": f"T{i}"},
            s,
            200 if s != "failed" else 503,
            "boom" if s == "failed" else None,
            attempts,
        )
        for i, s in enumerate(statuses)
    ]
    t = datetime(2026, 12, 1, 14, tzinfo=UTC)
    return ExecutionResult("x-1", "morning_operations", "d1", date(2026, 12, 1), t, t, 1.5, calls)


@pytest.mark.parametrize(
    ("statuses", "status", "counts"),
    [
        (("success", "no_data"), "succeeded", (2, 1, 1, 0)),
        (("success", "failed"), "partial", (2, 1, 0, 1)),
        (("no_data", "failed"), "partial", (2, 0, 1, 1)),
        (("failed", "failed"), "failed", (2, 0, 0, 2)),
    ],
)
def test_status_and_counts(statuses, status, counts):
    row = result(*statuses).row()
    assert row["status"] == status
    assert (row["requested"], row["succeeded"], row["no_data"], row["failed"]) == counts
    assert (row["attempts"], row["retries"]) == (2 * len(statuses), len(statuses))
    failures = json.loads(row["errors_json"]) if row["errors_json"] else []
    assert len(failures) == counts[3] and all(f["message"] == "boom" for f in failures)


def test_error_message_names_each_failure_and_stays_bounded():
    failures: list[CallStatus] = ["failed"] * 200
    row = result(*failures).row()
    assert row["error_message"].startswith("espn_roster(team=T0) 503: boom (2 attempts); espn_roster(team=T1) 503")
    assert len(row["error_message"]) <= ERROR_MESSAGE_LIMIT
    assert row["error_message"].endswith("more in errors_json")
    assert len(json.loads(row["errors_json"])) == 200


def test_a_failure_without_a_message_still_gets_one():
    failure = CallResult("bdl_injuries", {}, "failed", 500, None, 1)
    assert bounded_message([failure.error()]) == "bdl_injuries() 500: failed with status 500 and no message (1 attempt)"
