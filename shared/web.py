"""Flask plumbing every service shares: JSON errors, request bodies validated by pydantic, the health route."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import IO, Any, TypeVar

from flask import Flask, jsonify, request
from pydantic import BaseModel, ValidationError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from shared import load_shedding, request_deadline
from shared.errors import BadRequest, CourtsideError
from shared.http.json_input import load_json
from shared.limits import HEALTH_WAREHOUSE_S

logger = logging.getLogger(__name__)
Model = TypeVar("Model", bound=BaseModel)
MAX_BODY_BYTES = 1024 * 1024  # every body we accept is under 1 KiB; larger ones are 413
# Read at most one byte past the limit, with or without Content-Length (chunked): that byte is what tells a body of
# exactly the limit from a longer one, which is never cut short and parsed as if it were whole.
READ_LIMIT = MAX_BODY_BYTES + 1
_HTTP_FIELDS = {404: "path", 405: "method", 413: "body", 415: "body"}  # what a framework 4xx is about

# Not /healthz: Cloud Run's front end answers paths ending in "z" (and under /_ah/) itself, never the container.
HEALTH_PATH = "/health"


def error_response(exc: CourtsideError) -> tuple[Any, int, dict[str, str]]:
    """The JSON body and status for one of our errors (Retry-After passed on when known)."""
    headers = {}
    retry_after_s = getattr(exc, "retry_after_s", None)
    if exc.status == 503 and retry_after_s is not None:
        headers["Retry-After"] = str(max(0, round(retry_after_s)))
    return jsonify(exc.to_json()), exc.status, headers


def register_error_handlers(app: Flask) -> None:
    """Map the exception tree, HTTP errors and our own bugs to {"error": {code, message, field}}."""

    @app.errorhandler(CourtsideError)
    def _ours(exc: CourtsideError):  # type: ignore[no-untyped-def]
        level = logging.WARNING if exc.status < 500 else logging.ERROR
        logger.log(
            level,
            "%s: %s",
            exc.code,
            exc.message,
            extra={"json_fields": {"event": "request_error", "code": exc.code, "field": exc.field}},
        )
        return error_response(exc)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):  # type: ignore[no-untyped-def]
        status = exc.code or 500
        code = (exc.name or "http_error").lower().replace(" ", "_")
        field = _HTTP_FIELDS.get(status, "request" if status < 500 else None)
        body = {"error": {"code": code, "message": exc.description, "field": field}}
        return jsonify(body), status, _allow(exc)

    @app.errorhandler(Exception)
    def _bug(exc: Exception):  # type: ignore[no-untyped-def]
        logger.exception("unhandled error: %s", exc, extra={"json_fields": {"event": "unhandled_error"}})
        return jsonify(
            {
                "error": {
                    "code": "internal_error",
                    "message": "internal error; see the service log",
                    "field": None,
                }
            }
        ), 500


def _allow(exc: HTTPException) -> dict[str, str]:
    """A 405's `Allow` header (the methods the route serves, RFC 9110); nothing for other errors."""
    allowed = dict(exc.get_headers()).get("Allow")
    return {"Allow": allowed} if allowed else {}


def read_limited(stream: IO[bytes], limit: int = MAX_BODY_BYTES) -> bytes:
    """At most `limit` + 1 bytes of `stream`, counted as they are read: more than `limit` means the body is too big."""
    chunks, size = [], 0
    while size <= limit:
        chunk = stream.read(min(64 * 1024, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def request_body() -> bytes:
    """The request's body, read once; over MAX_BODY_BYTES (declared or counted while reading) is a 413 naming it."""
    raw = read_limited(request.stream)
    if len(raw) > MAX_BODY_BYTES:
        raise RequestEntityTooLarge(f"request body over {MAX_BODY_BYTES} bytes")
    return raw


def json_body(optional: bool = False) -> dict[str, Any]:
    """The request's JSON object, whatever its Content-Type; 400 naming `body` when it is not one."""
    raw = request_body()
    if not raw and optional:
        return {}
    payload = load_json(raw) if raw else None
    if not isinstance(payload, dict):
        raise BadRequest("request body must be a JSON object", field="body")
    return payload


def field_name(name: object) -> str:
    """A parameter's name as an error's `field`; the empty name is written `""` so the field is never blank."""
    return str(name) or '""'


def refuse_repeated_query() -> None:
    """A query parameter given twice (`?date=a&date=b`) is a 400 naming it, never "the first one wins"."""
    for name in request.args:
        if len(request.args.getlist(name)) > 1:
            raise BadRequest(f"{field_name(name)}: query parameter given more than once", field=field_name(name))


def parse(model: type[Model], payload: dict[str, Any]) -> Model:
    """Validate `payload` into `model`; the first problem becomes a 400 naming its field."""
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(field_name(p) for p in first["loc"]) or "body"
        raise BadRequest(f"{field}: {first['msg']}", field=field) from None


class Health(BaseModel):
    """The service, its build commit, its Cloud Run revision and whether the warehouse answers."""

    service: str
    commit: str
    revision: str | None
    warehouse: bool


def add_health(
    app: Flask, service: str, commit: str, warehouse_ping: Callable[[], bool] | None, revision: str | None = None
) -> None:
    """GET HEALTH_PATH: service name, build commit, Cloud Run revision and whether the warehouse answers."""

    @app.get(HEALTH_PATH)
    def health():  # type: ignore[no-untyped-def]
        ping = bool(warehouse_ping and warehouse_ping())
        return jsonify({"service": service, "commit": commit, "revision": revision, "warehouse": ping})


def service_app(
    import_name: str, service: str, settings: Any, warehouse: Any, deadlines: Mapping[str, float] | None = None
) -> Flask:
    """A Flask app with a body limit, JSON errors, the health route (routes get their adapters from create_app)
    and per-request warehouse deadlines (`deadlines`: seconds per path; the caller's X-Courtside-Deadline)."""
    app = Flask(import_name)
    app.config["MAX_CONTENT_LENGTH"] = READ_LIMIT  # werkzeug's own bound; request_body() enforces the limit
    app.before_request(refuse_repeated_query)
    request_deadline.install(app, {HEALTH_PATH: HEALTH_WAREHOUSE_S, **(deadlines or {})})
    register_error_handlers(app)
    add_health(app, service, settings.build_commit, warehouse.ping, settings.revision)
    app.wsgi_app = load_shedding.install(app.wsgi_app, service, settings, exempt={HEALTH_PATH})  # type: ignore[method-assign,assignment]
    return app
