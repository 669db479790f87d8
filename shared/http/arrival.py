"""gunicorn's threaded worker, telling each request when it was queued for a thread (environ[ARRIVED_AT])."""

from __future__ import annotations

import os
import threading
import time
from typing import Any

from gunicorn.workers.gthread import ThreadWorker

from shared.http.admission import ARRIVED_AT

_handling = threading.local()  # the connection's queue time, from handle() (pool thread) to the app call inside it


class ArrivalThreadWorker(ThreadWorker):  # type: ignore[misc]
    """gthread, unchanged but for a stamp: a connection handed to the thread pool is stamped with time.monotonic(),
    and the application sees that stamp in environ[ARRIVED_AT], so time spent queued behind busy threads is known;
    the app is loaded knowing the thread count (GUNICORN_THREADS), whether it came from the environment or --threads."""

    def enqueue_req(self, conn: Any) -> None:
        conn.courtside_arrived_at = time.monotonic()
        super().enqueue_req(conn)

    def handle(self, conn: Any) -> Any:
        _handling.arrived_at = getattr(conn, "courtside_arrived_at", None)
        try:
            return super().handle(conn)
        finally:
            _handling.arrived_at = None

    def load_wsgi(self) -> None:
        os.environ["GUNICORN_THREADS"] = str(self.cfg.threads)  # the app's default bound of work follows it
        super().load_wsgi()
        app: Any = self.wsgi  # type: ignore[has-type]

        def stamped(environ: dict[str, Any], start_response: Any) -> Any:
            # Taken once: an HTTP/2 connection's later streams were not queued at the connection's stamp.
            environ[ARRIVED_AT], _handling.arrived_at = getattr(_handling, "arrived_at", None), None
            return app(environ, start_response)

        self.wsgi = stamped
