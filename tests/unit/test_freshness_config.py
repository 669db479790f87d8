"""checks.yaml: the real file matches the schemas in code; malformed or wrong entries are named."""

import copy
from pathlib import Path

import pytest
import yaml

from courtside.cli import main
from services.freshness.config import DEFAULT_PATH, load_config, parse_config
from services.freshness.schema_check import config_problems, filter_problems
from shared.errors import ConfigError

REAL = yaml.safe_load(DEFAULT_PATH.read_text())


def test_real_checks_yaml_matches_the_schemas_in_code():
    config = load_config()
    assert config_problems(config) == []
    tables = {c.table: c for c in config.checks}
    required = {
        "nba_raw.bdl_injuries": 24,
        "nba_raw.oddsa_player_props": 12,
        "nba_raw.bp_player_props": 12,
        "nba_analytics.player_game_summary": 24,
        "nba_analytics.upcoming_player_game_context": 24,
    }
    assert {t: tables[t].error_after for t in required} == required
    assert {"nba_raw.nbac_schedule", "nba_raw.espn_rosters"} <= set(tables)
    assert config.missing_games.sources[0].table == "nba_raw.bdl_box_scores"


def mutated(path: tuple, value: object) -> dict:
    data = copy.deepcopy(REAL)
    node = data
    for step in path[:-1]:
        node = node[step]
    if value is KeyError:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("checks", 2, "warn_after"), "soon", "checks[2] (nba_raw.bp_player_props): warn_after: Input should be"),
        (("checks", 0, "severity"), "HIGH", "checks[0] (nba_raw.bdl_injuries): severity: Input should be"),
        (("checks", 1, "column"), KeyError, "checks[1] (nba_raw.oddsa_player_props): column: Field required"),
        (("checks", 3, "colum"), "x", "checks[3] (nba_raw.nbac_schedule): colum: Extra inputs are not permitted"),
        (("checks", 4, "table"), "espn_rosters", "checks[4] (espn_rosters): table: String should match pattern"),
        (("checks", 0, "error_after"), 6, "checks[0] (nba_raw.bdl_injuries): error_after (6.0) is below warn_after"),
        (("checks", 1, "table"), "nba_raw.bdl_injuries", "duplicate table nba_raw.bdl_injuries"),
        (
            ("missing_games", "sources", 0, "min_players"),
            0,
            "missing_games.sources[0] (nba_raw.bdl_box_scores): min_players",
        ),
        (("checks",), [], "checks: Tuple should have at least 1 item"),
    ],
)
def test_malformed_config_names_entry_and_field(path, value, expected):
    with pytest.raises(ConfigError) as caught:
        parse_config(mutated(path, value))
    assert expected in caught.value.message


def test_yaml_syntax_error_names_the_line(tmp_path: Path):
    bad = tmp_path / "checks.yaml"
    bad.write_text("checks:\n  - table: nba_raw.bdl_injuries\n    column: [processed_at\n")
    with pytest.raises(ConfigError, match="not valid YAML at line"):
        load_config(bad)


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ({"table": "nba_raw.injuries"}, "table nba_raw.injuries is not in the schemas in code"),
        ({"column": "updated_at"}, "column updated_at is not in table nba_raw.bdl_injuries"),
        ({"column": "player_name"}, "nba_raw.bdl_injuries.player_name is STRING, not TIMESTAMP, DATETIME or DATE"),
        ({"filter": "stauts = 'Out'"}, "filter of nba_raw.bdl_injuries: unknown column 'stauts'"),
        ({"filter": "status = 'Out'; DROP TABLE x"}, "must be one boolean expression"),
    ],
)
def test_schema_mismatches_are_named(entry, expected):
    data = mutated(("checks", 0), {**REAL["checks"][0], **entry})
    problems = config_problems(parse_config(data))
    assert len(problems) == 1
    assert problems[0].startswith("checks[0]")
    assert expected in problems[0]


def test_box_score_source_columns_are_checked():
    data = mutated(("missing_games", "sources", 0, "player_column"), "player_id")
    assert config_problems(parse_config(data)) == [
        "missing_games.sources[0] (nba_raw.bdl_box_scores): column player_id is not in table nba_raw.bdl_box_scores"
    ]


@pytest.mark.parametrize(
    ("expression", "unknown"),
    [
        ("market_key = 'player_points' AND points_line >= 1.5e1", []),
        ("DATE(commence_time) >= CURRENT_DATE() - 1 AND `bookmaker` IN ('fanduel', 'draftkings')", []),
        ("market_key = 'x' OR makret_key LIKE 'player%'", ["makret_key"]),
    ],
)
def test_filter_names_are_columns(expression, unknown):
    problems = filter_problems("nba_raw.oddsa_player_props", expression)
    assert problems == [f"filter of nba_raw.oddsa_player_props: unknown column {u!r}" for u in unknown]


def test_validate_command_catches_a_wrong_column(tmp_path: Path, capsys):
    wrong = tmp_path / "checks.yaml"
    wrong.write_text(yaml.safe_dump(mutated(("checks", 1, "column"), "last_updated")))
    assert main(["freshness", "validate", "--config", str(wrong)]) == 1
    out, err = capsys.readouterr()
    assert "checks[1] (nba_raw.oddsa_player_props.last_updated)" in out
    assert "column last_updated is not in table nba_raw.oddsa_player_props" in out
    assert "1 problem(s)" in err
    assert main(["freshness", "validate", "--config", str(DEFAULT_PATH)]) == 0


def test_validate_command_names_a_malformed_entry(tmp_path: Path, capsys):
    wrong = tmp_path / "checks.yaml"
    wrong.write_text(yaml.safe_dump(mutated(("checks", 5, "warn_after"), -1)))
    assert main(["freshness", "validate", "--config", str(wrong)]) == 1
    assert "checks[5] (nba_analytics.player_game_summary): warn_after" in capsys.readouterr().err


def test_malformed_checks_yaml_stops_the_function_at_start(tmp_path, monkeypatch, capsys, restore_logging):
    from services.freshness.app import create_app
    from shared.boot import boot
    from shared.settings import settings_from_env

    bad = tmp_path / "checks.yaml"
    bad.write_text(yaml.safe_dump(mutated(("checks", 6, "severity"), "LOUD")))
    monkeypatch.setenv("COURTSIDE_FRESHNESS_CHECKS_PATH", str(bad))
    monkeypatch.setenv("COURTSIDE_BQ_ENDPOINT", "http://127.0.0.1:9")  # never contacted: start-up fails first
    settings_from_env.cache_clear()
    try:
        with pytest.raises(SystemExit) as stopped:
            boot(lambda settings: create_app(settings))
    finally:
        settings_from_env.cache_clear()
    assert stopped.value.code == 3  # gunicorn's worker boot error: the master stops
    line = [x for x in capsys.readouterr().out.splitlines() if "config_error" in x]
    assert len(line) == 1
    assert "checks[6] (nba_analytics.upcoming_player_game_context): severity" in line[0]
    assert '"severity": "CRITICAL"' in line[0]


def test_validate_command_reads_the_checks_path_setting(tmp_path: Path, capsys, monkeypatch):
    wrong = tmp_path / "checks.yaml"
    wrong.write_text(yaml.safe_dump(mutated(("checks", 1, "column"), "last_updated")))
    monkeypatch.setenv("COURTSIDE_FRESHNESS_CHECKS_PATH", str(wrong))
    assert main(["freshness", "validate"]) == 1
    assert "column last_updated is not in table nba_raw.oddsa_player_props" in capsys.readouterr().out
    assert main(["freshness", "validate", "--config", str(DEFAULT_PATH)]) == 0  # the option still wins
