"""functions-framework entry point `check_completeness` (Cloud Run function / Cloud Functions gen2)."""

from __future__ import annotations

import io

import functions_framework
from flask import Flask, Request

from services.freshness.app import create_app
from shared.boot import boot
from shared.preflight import check_or_exit
from shared.web import READ_LIMIT, read_limited

_app: Flask | None = None
# At import, before functions-framework starts its server: a bad setting or no credentials stops the process.
check_or_exit()


@functions_framework.http
def check_completeness(request: Request):  # type: ignore[no-untyped-def]
    """Dispatch the request into the freshness Flask app (built once per instance)."""
    global _app
    if _app is None:
        _app = boot(lambda settings: create_app(settings))
    # The framework reads the body again after we return: hand the inner app its own copy of the stream, read with
    # or without Content-Length (chunked) up to one byte past the limit, so the inner app answers 413 for a body
    # too large instead of parsing its first MiB. Declared too large, read nothing: the inner app refuses the length.
    declared = request.content_length or 0
    body = b"" if declared > READ_LIMIT else read_limited(request.stream)
    length = declared if declared > READ_LIMIT else len(body)
    environ = {**request.environ, "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(length)}
    with _app.request_context(environ):
        return _app.full_dispatch_request()
