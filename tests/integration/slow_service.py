"""A service built by service_app with a slow route held shut by a file, served by the real gunicorn command in
tests/integration/test_load_shedding_gunicorn.py (`COURTSIDE_TEST_GATE`: the folder holding the gate)."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from flask import Flask, request

from shared.boot import boot
from shared.http.admission import ARRIVED_AT
from shared.settings import Settings
from shared.warehouse import Warehouse
from shared.web import service_app

GATE_ENV = "COURTSIDE_TEST_GATE"


def create_app(settings: Settings, gate: Path) -> Flask:
    """POST /slow marks that it entered, then waits until `gate`/open exists; GET /arrival says whether the server
    told the app when the request was queued."""
    app = service_app(__name__, "analytics", settings, Warehouse.from_settings(settings))

    @app.post("/slow")
    def slow():  # type: ignore[no-untyped-def]
        (gate / f"entered-{uuid.uuid4().hex}").touch()
        while not (gate / "open").exists():
            time.sleep(0.01)
        return {"done": True}

    @app.get("/arrival")
    def arrival():  # type: ignore[no-untyped-def]
        return {"stamped": isinstance(request.environ.get(ARRIVED_AT), float)}

    return app


app = boot(lambda settings: create_app(settings, Path(os.environ[GATE_ENV])))
