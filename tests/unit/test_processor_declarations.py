"""Every processor declares tables and columns that exist in the schemas in code."""

import re

import pytest

from services.analytics.processors import PROCESSORS, select, trigger_map, triggered_by
from shared.errors import BadRequest
from shared.schemas import TABLES, table_spec


@pytest.mark.parametrize("processor", PROCESSORS.values(), ids=list(PROCESSORS))
def test_declared_tables_and_columns_exist(processor):
    assert table_spec(processor.target).key == ("game_date", "player_lookup")
    for table in processor.triggered_by:
        assert table.startswith("nba_raw.") and table in TABLES
    for table, column in processor.readiness_sources:
        assert column in table_spec(table).columns
        assert "processed_at" in table_spec(table).columns
    for sql in (processor.select_sql(), processor.check_sql(), processor.merge_sql(), processor.readiness_sql()):
        for name in re.findall(r"\bnba_\w+\.\w+", sql):
            assert name in TABLES, f"{processor.name} names unknown table {name}"
        # The stand-in binds parameters by regex, so a parameter inside a comment breaks the query.
        assert not re.search(r"--[^\n]*@", sql)


@pytest.mark.parametrize("processor", PROCESSORS.values(), ids=list(PROCESSORS))
def test_merge_writes_every_target_column_and_deletes_only_inside_the_range(processor):
    merge = processor.merge_sql()
    for field in table_spec(processor.target).fields:
        assert f"S.{field.name}" in merge
    assert merge.rstrip().endswith(
        "WHEN NOT MATCHED BY SOURCE AND T.game_date BETWEEN @start_date AND @end_date THEN DELETE"
    )


def test_trigger_map():
    assert trigger_map() == {
        "nba_raw.bdl_box_scores": ["player_game_summary", "upcoming_player_game_context"],
        "nba_raw.bdl_injuries": ["upcoming_player_game_context"],
        "nba_raw.bp_player_props": ["player_game_summary", "upcoming_player_game_context"],
        "nba_raw.espn_rosters": ["upcoming_player_game_context"],
        "nba_raw.nbac_schedule": ["player_game_summary", "upcoming_player_game_context"],
        "nba_raw.oddsa_player_props": ["player_game_summary", "upcoming_player_game_context"],
    }
    assert [(p.name, d) for p, d in triggered_by("nba_raw.bdl_box_scores")] == [
        ("player_game_summary", 0),
        ("upcoming_player_game_context", 1),
    ]
    assert triggered_by("nba_raw.nbac_referee_assignments") == []


def test_select_unknown_processor_lists_known_ones():
    with pytest.raises(BadRequest) as caught:
        select(["player_game_summary", "nope"])
    assert caught.value.field == "processors"
    assert "'nope'" in caught.value.message
    assert "player_game_summary, upcoming_player_game_context" in caught.value.message
    assert [p.name for p in select(None)] == list(PROCESSORS)


@pytest.mark.parametrize("processor", PROCESSORS.values(), ids=list(PROCESSORS))
def test_triggers_and_readiness_sources_are_tables_a_scraper_loads(processor):
    from services.scrapers.upstreams import SCRAPERS

    loaded = {scraper.table for scraper in SCRAPERS.values()}
    assert set(processor.triggered_by) <= loaded
    assert {table for table, _ in processor.readiness_sources} <= loaded
