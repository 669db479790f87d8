"""Warehouse outage then replay, through the real /scrape and /replay against the stand-in and a fake upstream."""

from __future__ import annotations

import dataclasses
import logging
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import HttpUrl

from courtside import cli
from services.scrapers.app import create_app
from services.scrapers.archive.ledger import Ledger
from services.scrapers.archive.local import LocalArchive
from shared.orchestration import scraper_runs
from shared.settings import load_settings
from shared.warehouse import Warehouse
from tests.google_signer import google_certs
from tests.integration.scrape.support import runs, scrape_settings
from tests.integration.scrape.test_scrape_endpoint import CASES

pytestmark = pytest.mark.integration
LINEAGE = {"processed_at", "archive_path"}  # when and from which file: differ between two fetches of the same data
TABLES = sorted({case[2] for case in CASES})


def _scrape_all(client: Any) -> list[Any]:
    return [client.post("/scrape", json={"scraper": s, **p}) for s, p, *_ in CASES]  # type: ignore[dict-item]


def _content(warehouse: Warehouse) -> dict[str, list[tuple]]:
    """Every scraped table's rows without lineage columns, sorted: what upstream said."""
    tables = {}
    for table in TABLES:
        rows = warehouse.query(f"SELECT * FROM {table}")
        tables[table] = sorted(tuple(sorted((k, repr(v)) for k, v in r.items() if k not in LINEAGE)) for r in rows)
    return tables


@pytest.fixture
def replay_client(settings, warehouse, upstream):
    """The same service with the warehouse back."""
    return create_app(scrape_settings(settings, upstream.url), warehouse=warehouse).test_client()


def test_warehouse_down_answers_503_load_pending_within_2s(outage, settings):
    started = time.monotonic()
    response = outage.post("/scrape", json={"scraper": "bdl_box_scores", "date": "2024-01-15"})
    elapsed = time.monotonic() - started
    error = response.get_json()["error"]
    assert (response.status_code, error["code"], error["load"]) == (503, "load_pending", "pending")
    assert elapsed < 2.0, f"took {elapsed:.2f}s"
    assert int(response.headers["Retry-After"]) > 0
    assert Path(error["archive_path"]).is_file() and error["archive_path"] in error["message"]
    [item] = Ledger(LocalArchive(settings.archive_dir)).items()
    assert (item.state, item.entry.scraper, item.entry.table) == ("pending", "bdl_box_scores", "nba_raw.bdl_box_scores")
    assert item.entry.archive_path == error["archive_path"]


def test_outage_then_replay_equals_a_control_day(outage, replay_client, warehouse, bq_endpoint, upstream, tmp_path):
    control_settings = load_settings(
        bq_endpoint=bq_endpoint, gcp_project=f"t-{uuid.uuid4().hex[:10]}", bq_retry_deadline_s=3,
        auth_enabled=False, archive_dir=tmp_path / "control-archive",
    )  # fmt: skip
    control = Warehouse.from_settings(control_settings)
    control.ensure_tables()
    control_app = create_app(scrape_settings(control_settings, upstream.url), warehouse=control).test_client()
    assert all(r.status_code == 200 for r in _scrape_all(control_app))

    answers = _scrape_all(outage)
    assert [r.get_json()["error"]["code"] for r in answers] == ["load_pending"] * len(CASES)
    assert all(not rows for rows in _content(warehouse).values())

    first = replay_client.post("/replay", json={}).get_json()
    assert (first["status"], first["payloads"], first["loaded"]) == ("complete", len(CASES), len(CASES))
    assert first["rows"] == sum(case[3] for case in CASES) and first["failures"] == []
    assert first["records_flushed"] == len(CASES)
    assert _content(warehouse) == _content(control)
    recorded = {r["run_id"]: r["status"] for r in runs(warehouse) if r["replay_of"] is None}
    assert sorted(recorded) == sorted(a.get_json()["error"]["run_id"] for a in answers)
    assert set(recorded.values()) == {"load_pending"}  # what the scrapes saw, kept as they recorded it
    replayed = {r["replay_of"]: r["status"] for r in runs(warehouse) if r["replay_of"] is not None}
    assert replayed == dict.fromkeys(recorded, "success")  # and the replay's fact naming each run it loaded
    since = min(r["started_at"] for r in runs(warehouse))
    assert {r["status"] for r in scraper_runs.status_counts(warehouse, since)} == {"success"}

    again = replay_client.post("/replay", json={}).get_json()
    assert (again["status"], again["payloads"]) == ("nothing_to_do", 0)
    assert _content(warehouse) == _content(control)


def _cli(monkeypatch, settings, *args: str) -> int:
    for name, value in {
        "COURTSIDE_BQ_ENDPOINT": str(settings.bq_endpoint), "COURTSIDE_GCP_PROJECT": settings.gcp_project,
        "COURTSIDE_ARCHIVE_DIR": str(settings.archive_dir), "COURTSIDE_NOTIFY_MODE": "off",
        "COURTSIDE_BQ_RETRY_DEADLINE_S": "3",
    }.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    return cli.main(["replay", *args])


def test_one_corrupt_file_fails_with_its_reason_and_the_rest_load(outage, settings, warehouse, monkeypatch, capsys):
    answers = [a.get_json()["error"] for a in _scrape_all(outage)]
    broken = Path(answers[1]["archive_path"])
    broken.write_text('{"truncated": ')
    assert _cli(monkeypatch, settings) == 3  # partial
    out, err = capsys.readouterr()
    assert f"{len(CASES) - 1}/{len(CASES)} payloads loaded" in out and "replay partial" in out
    assert str(broken) in err and "not the JSON that was fetched" in err
    assert [i.entry.archive_path for i in Ledger(LocalArchive(settings.archive_dir)).items()] == [str(broken)]
    assert warehouse.query(f"SELECT COUNT(*) AS n FROM {CASES[1][2]}")[0]["n"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scraper", "nope"], "unknown scraper 'nope'"),
        (["--table", "nba_raw.nope"], "unknown table 'nba_raw.nope'"),
        (["--since", "2024-02-01", "--until", "2024-01-01"], "must be before until"),
        (["--since", "yesterday"], "since"),
    ],
)
def test_bad_input_is_a_clear_error_and_loads_nothing(outage, settings, warehouse, monkeypatch, capsys, args, message):
    outage.post("/scrape", json={"scraper": "bdl_injuries"})
    assert _cli(monkeypatch, settings, *args) == 1
    assert message in capsys.readouterr().err
    assert [i.state for i in Ledger(LocalArchive(settings.archive_dir)).items()] == ["pending"]


def test_a_ledger_entry_pointing_outside_the_archive_loads_nothing(outage, replay_client, settings, warehouse):
    outage.post("/scrape", json={"scraper": "bdl_injuries"})
    ledger = Ledger(LocalArchive(settings.archive_dir))
    [item] = ledger.items()
    ledger.archived(dataclasses.replace(item.entry, run_id="x" * 32, archive_key="../../etc/x.json"))
    response = replay_client.post("/replay", json={})
    assert response.status_code == 400 and response.get_json()["error"]["field"] == "archive_path"
    assert [i.state for i in ledger.items()] == ["pending", "pending"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"scraper": "nope"}, "scraper"),
        ({"table": "x"}, "table"),
        ({"since": "soon"}, "since"),
        ({"extra": 1}, "extra"),
    ],
)
def test_replay_endpoint_bad_input_is_400_naming_the_field(replay_client, body, field):
    response = replay_client.post("/replay", json=body)
    assert response.status_code == 400 and response.get_json()["error"]["field"] == field


def test_replay_endpoint_wants_a_verified_token_when_auth_is_on(settings, warehouse, caplog):
    scheduler = "courtside-scheduler@proj-123.iam.gserviceaccount.com"
    with google_certs() as certs:
        update = {"auth_enabled": True, "auth_certs_url": HttpUrl(certs.url), "callers_replay": (scheduler,)}
        app = create_app(settings.model_copy(update=update), warehouse=warehouse, token_source=str)
        refused = app.test_client().post("/replay", json={})
        made_up = app.test_client().post("/replay", json={}, headers={"Authorization": "Bearer t"})
        token = certs.signer.token(audience=str(settings.scrapers_url).rstrip("/"), email=scheduler)
        since = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
        with caplog.at_level(logging.INFO):
            allowed = app.test_client().post(
                "/replay", json={"since": since}, headers={"Authorization": f"Bearer {token}"}
            )
    assert refused.status_code == 401 and refused.get_json()["error"]["code"] == "unauthenticated"
    assert refused.get_json()["error"]["field"] == "Authorization"  # a 4xx names what is missing
    assert made_up.status_code == 401 and "not a JWT" in made_up.get_json()["error"]["message"]
    assert allowed.status_code == 200 and allowed.get_json()["status"] == "nothing_to_do"
    asked = [r.json_fields for r in caplog.records if getattr(r, "json_fields", {}).get("event") == "replay_requested"]
    assert [a["actor"] for a in asked] == [scheduler]
