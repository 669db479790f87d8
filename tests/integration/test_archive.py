"""The archive adapters: a local folder, and GCS through the real client against a fake GCS endpoint."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from flask import Flask, request
from google.auth.credentials import AnonymousCredentials
from google.cloud import storage  # type: ignore[attr-defined]
from werkzeug.serving import make_server

from local.processes import free_port
from services.scrapers.archive import ArchiveError, GcsArchive, LocalArchive, archive_from_settings
from shared.settings import load_settings

pytestmark = pytest.mark.integration


@pytest.fixture
def fake_gcs():
    """A test double of the GCS JSON API's multipart upload: records (bucket, body) of each upload."""
    uploads: list[tuple[str, bytes]] = []
    app = Flask("fake_gcs")

    @app.post("/upload/storage/v1/b/<bucket>/o")
    def upload(bucket: str):  # type: ignore[no-untyped-def]
        uploads.append((bucket, request.get_data()))
        name = request.args.get("name", "object")
        return {"kind": "storage#object", "bucket": bucket, "name": name, "size": "1", "generation": "1"}

    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{port}", uploads
    server.shutdown()


def test_local_archive_writes_the_file(tmp_path):
    where = LocalArchive(tmp_path).put("bdl/box-scores/2024-01-15/20240115T000000000000Z-abcd1234.json", b'{"a": 1}')
    assert where == str(tmp_path / "bdl/box-scores/2024-01-15/20240115T000000000000Z-abcd1234.json")
    assert (tmp_path / "bdl/box-scores/2024-01-15").is_dir() and Path(where).read_bytes() == b'{"a": 1}'


def test_local_archive_failure_is_an_archive_error(tmp_path):
    (tmp_path / "blocked").write_text("a file where a folder should be")
    with pytest.raises(ArchiveError, match="archive write failed"):
        LocalArchive(tmp_path).put("blocked/x.json", b"{}")


def test_gcs_archive_uploads_through_the_client(fake_gcs):
    url, uploads = fake_gcs
    client = storage.Client(project="p", credentials=AnonymousCredentials(), client_options={"api_endpoint": url})
    where = GcsArchive("raw-bucket", client=client).put("oddsapi/events/2024-01-24/t.json", b'{"events": []}')
    assert where == "gs://raw-bucket/oddsapi/events/2024-01-24/t.json"
    [(bucket, body)] = uploads
    assert bucket == "raw-bucket" and b'{"events": []}' in body and b"oddsapi/events/2024-01-24/t.json" in body


def test_gcs_unreachable_is_an_archive_error():
    dead = f"http://127.0.0.1:{free_port()}"
    client = storage.Client(project="p", credentials=AnonymousCredentials(), client_options={"api_endpoint": dead})
    archive = GcsArchive("raw-bucket", client=client, deadline_s=1.0)
    with pytest.raises(ArchiveError, match="gs://raw-bucket/k.json"):
        archive.put("k.json", b"{}")


def test_bucket_setting_selects_gcs(tmp_path):
    assert isinstance(archive_from_settings(load_settings(archive_bucket="b")), GcsArchive)
    assert isinstance(archive_from_settings(load_settings(archive_dir=tmp_path)), LocalArchive)
