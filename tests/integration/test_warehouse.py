"""The real google-cloud-bigquery client against the local stand-in."""

from datetime import UTC, date, datetime

import pytest
from google.cloud import bigquery

from shared.errors import SchemaViolation, WarehouseError
from shared.schemas import TABLES
from shared.settings import load_settings
from shared.warehouse import Warehouse
from shared.warehouse.tables import table_definition

pytestmark = pytest.mark.integration
NOW = datetime(2026, 11, 28, 4, tzinfo=UTC)


def box_row(player_id, pts, name="Nikola Jokić"):
    return {
        "game_date": date(2026, 11, 27),
        "team_tricode": "DEN",
        "bdl_player_id": player_id,
        "player_name": name,
        "player_lookup": "nikolajokic",
        "pts": pts,
        "processed_at": NOW,
    }


def count(warehouse, table):
    return warehouse.query(f"SELECT COUNT(*) AS n FROM `{table}`")[0]["n"]


def test_ensure_tables_relaxes_a_column_the_code_made_nullable_and_adds_the_new_one(settings):
    wh = Warehouse.from_settings(settings)
    spec = TABLES["nba_reference.resolved_names"]
    old = table_definition(wh.table_id(spec.full_name), spec)
    old.schema = [
        bigquery.SchemaField(f.name, f.field_type, mode="REQUIRED") if f.name == "player_id" else f
        for f in spec.fields
        if f.name != "raw_name"
    ]
    wh.client.create_dataset(f"{wh.client.project}.{spec.dataset}", exists_ok=True)
    wh.client.create_table(old)
    wh.ensure_tables()
    modes = {f.name: f.mode for f in wh.client.get_table(wh.table_id(spec.full_name)).schema}
    assert modes["player_id"] == "NULLABLE" and modes["raw_name"] == "NULLABLE" and modes["source"] == "REQUIRED"
    waiting = {"source": "odds_api", "game_date": date(2026, 11, 27), "team_a": "DEN", "team_b": "LAL",
               "name_lookup": "nikolajokic", "raw_name": "Nikola Jokic", "processed_at": NOW}  # fmt: skip
    assert wh.load_rows(spec.full_name, [waiting]) == 1
    assert wh.ensure_tables() == []


def test_ensure_tables_creates_all_then_is_a_no_op(settings):
    warehouse = Warehouse.from_settings(settings)
    assert sorted(warehouse.ensure_tables()) == sorted(TABLES)
    assert warehouse.ensure_tables() == []
    table = warehouse.client.get_table(warehouse.table_id("nba_raw.bdl_box_scores"))
    assert table.time_partitioning.field == "game_date"
    assert table.clustering_fields == ["player_lookup"]


def test_load_rows_twice_leaves_one_copy_and_updates(warehouse):
    assert warehouse.load_rows("nba_raw.bdl_box_scores", [box_row(1, 30), box_row(2, 12, "Jamal Murray")]) == 2
    assert warehouse.load_rows("nba_raw.bdl_box_scores", [box_row(1, 31), box_row(2, 12, "Jamal Murray")]) == 2
    assert count(warehouse, "nba_raw.bdl_box_scores") == 2
    rows = warehouse.query("SELECT pts FROM nba_raw.bdl_box_scores WHERE bdl_player_id = @pid", pid=1)
    assert rows == [{"pts": 31}]
    leftovers = [t.table_id for t in warehouse.client.list_tables(f"{warehouse.project}.nba_raw")]
    assert not [t for t in leftovers if t.startswith("_stg_")]


def test_schema_violation_is_rejected_before_any_write(warehouse):
    bad = box_row(3, 10)
    bad["player_lookup"] = None
    with pytest.raises(SchemaViolation) as caught:
        warehouse.load_rows("nba_raw.bdl_box_scores", [box_row(1, 30), bad])
    assert caught.value.field == "player_lookup"
    assert count(warehouse, "nba_raw.bdl_box_scores") == 0
    assert warehouse.calls["load"] == 0


def test_named_parameters_of_each_type(warehouse):
    warehouse.load_rows("nba_raw.bdl_box_scores", [box_row(1, 30), box_row(2, 8, "Jamal Murray")])
    rows = warehouse.query(
        "SELECT player_name FROM nba_raw.bdl_box_scores WHERE game_date = @d AND pts >= @min_pts "
        "AND bdl_player_id IN UNNEST(@ids) AND processed_at <= @ts ORDER BY player_name",
        d=date(2026, 11, 27),
        min_pts=10,
        ids=[1, 2],
        ts=NOW,
    )
    assert rows == [{"player_name": "Nikola Jokić"}]


def test_execute_returns_affected_rows(warehouse):
    warehouse.load_rows("nba_raw.bdl_box_scores", [box_row(1, 30), box_row(2, 8, "Jamal Murray")])
    assert warehouse.execute("DELETE FROM nba_raw.bdl_box_scores WHERE pts < @p", p=10) == 1
    assert count(warehouse, "nba_raw.bdl_box_scores") == 1


def test_append_rows_writes_log_records(warehouse):
    record = {"run_id": "r1", "scraper": "bdl_box_scores", "status": "success", "rows": 2, "started_at": NOW}
    assert warehouse.append_rows("nba_orchestration.scraper_runs", [record]) == 1
    assert warehouse.query("SELECT status, `rows` FROM nba_orchestration.scraper_runs") == [
        {"status": "success", "rows": 2}
    ]


def test_missing_table_surfaces_as_warehouse_error(settings):
    warehouse = Warehouse.from_settings(settings)
    with pytest.raises(WarehouseError, match="nba_raw.bdl_box_scores"):
        warehouse.query("SELECT * FROM nba_raw.bdl_box_scores")
    with pytest.raises(WarehouseError) as caught:
        warehouse.load_rows("nba_raw.bdl_box_scores", [box_row(1, 30)])
    assert caught.value.table == "nba_raw.bdl_box_scores"


def test_unreachable_warehouse_is_a_warehouse_error_not_a_hang(tmp_path):
    from local.processes import free_port

    settings = load_settings(bq_endpoint=f"http://127.0.0.1:{free_port()}", bq_retry_deadline_s=1)
    warehouse = Warehouse.from_settings(settings)
    assert warehouse.ping() is False
    with pytest.raises(WarehouseError):
        warehouse.query("SELECT 1")


def test_concurrent_loads_into_one_table_share_writes_and_lose_nothing(warehouse):
    from concurrent.futures import ThreadPoolExecutor

    batches = [[box_row(i * 10 + k, k, f"Player {i}-{k}") for k in range(3)] for i in range(12)]
    for batch in batches:
        for row in batch:
            row["player_lookup"] = row["player_name"].lower().replace(" ", "")
    with ThreadPoolExecutor(max_workers=12) as pool:
        loaded = list(pool.map(lambda rows: warehouse.load_rows("nba_raw.bdl_box_scores", rows), batches))
    assert loaded == [3] * 12
    assert count(warehouse, "nba_raw.bdl_box_scores") == 36
    assert warehouse.calls["load"] < 12
