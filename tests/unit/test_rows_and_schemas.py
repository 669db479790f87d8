"""Rows are checked against the schemas in code before any write; the schemas are consistent."""

from datetime import UTC, date, datetime

import pytest

from shared.errors import SchemaViolation
from shared.rows import validate_rows
from shared.schemas import TABLES, table_spec

SPEC = table_spec("nba_raw.bdl_box_scores")


def box_row(**changes):
    row = {
        "game_date": "2026-11-27",
        "team_tricode": "DEN",
        "bdl_player_id": 246,
        "player_name": "Nikola Jokić",
        "player_lookup": "nikolajokic",
        "pts": 31,
        "minutes": 35.5,
        "processed_at": datetime(2026, 11, 28, 4, tzinfo=UTC),
    }
    row.update(changes)
    return row


def test_valid_row_is_normalised_for_json():
    [row] = validate_rows(SPEC, [box_row(game_date=date(2026, 11, 27))])
    assert row["game_date"] == "2026-11-27"
    assert row["processed_at"] == "2026-11-28T04:00:00+00:00"
    assert row["reb"] is None


@pytest.mark.parametrize(
    ("changes", "column"),
    [
        ({"player_lookup": None}, "player_lookup"),
        ({"pts": "thirty"}, "pts"),
        ({"pts": 30.5}, "pts"),
        ({"pts": True}, "pts"),
        ({"minutes": float("nan")}, "minutes"),
        ({"game_date": "11/27/2026"}, "game_date"),
        ({"processed_at": datetime(2026, 11, 28, 4)}, "processed_at"),
        ({"plus_minus": 4}, "plus_minus"),
    ],
)
def test_violation_names_the_column(changes, column):
    with pytest.raises(SchemaViolation) as caught:
        validate_rows(SPEC, [box_row(), box_row(**changes)])
    assert caught.value.field == column
    assert "row 1" in caught.value.message
    assert "nba_raw.bdl_box_scores" in caught.value.message


def test_every_table_has_processed_or_event_time_and_declared_key():
    for name, spec in TABLES.items():
        assert spec.key, name
        assert all(spec.columns[k].mode == "REQUIRED" for k in spec.key), name


def test_unknown_table_lists_known_ones():
    with pytest.raises(KeyError, match="nba_raw.bdl_box_scores"):
        table_spec("nba_raw.nope")
