"""OpenAPI 3.1 documents built from the pydantic models the routes validate with, served at /openapi.json."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from flask import Flask, jsonify, request
from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from shared.errors import BadRequest
from shared.web import HEALTH_PATH, Health, field_name

OPENAPI_PATH = "/openapi.json"  # not ending in z, not under /_ah/: Cloud Run lets it through
REF = "#/components/schemas/{model}"
ERRORS = {
    400: "bad input; `field` names the parameter, body field or header at fault (a malformed X-Courtside-Deadline, "
    "on any route)",
    401: "no valid ID token (auth on): refused by Cloud Run, or by the service naming `Authorization` and why",
    403: "the caller may not call this (auth on): refused by Cloud Run IAM, or by the service naming the caller",
    404: "no such resource; `field` names the parameter that points at nothing",
    409: "conflicts with work in progress",
    413: "request body over 1 MiB",
    422: "every field valid on its own, together they break a rule the schema cannot state; `field` names one",
    500: "a bug in the service (code internal_error) or rows refused by a table's schema (schema_violation)",
    502: "an upstream API failed in a way retrying will not fix",
    503: "retry later: upstream, warehouse or executor busy (Retry-After when known)",
}
_FROM_FRONT_END = (401, 403)  # Cloud Run answers these itself; on a POST the service's own check answers them too


class ErrorDetail(BaseModel):
    """The project's error: a stable code, a message and the field at fault."""

    model_config = ConfigDict(extra="allow")
    code: str
    message: str
    field: str | None


class ErrorBody(BaseModel):
    """`{"error": {"code", "message", "field"}}`; `field` is null when no one input is at fault (5xx)."""

    error: ErrorDetail


class ClientErrorDetail(ErrorDetail):
    """A 4xx always names what is wrong."""

    field: str = Field(min_length=1)


class ClientErrorBody(BaseModel):
    """`{"error": {"code", "message", "field"}}` for 4xx answers, `field` always named."""

    error: ClientErrorDetail


class OpenApiDocument(BaseModel):
    """An OpenAPI 3.1 document (this one)."""

    model_config = ConfigDict(extra="allow")
    openapi: Literal["3.1.0"]
    paths: dict[str, Any]


@dataclass(frozen=True)
class Endpoint:
    """One route as documented: its body and query models, success answers and the errors it can give."""

    method: Literal["get", "post"]
    path: str
    summary: str
    responses: Mapping[int, type[BaseModel]]
    body: type[BaseModel] | None = None
    body_required: bool = True
    query: type[BaseModel] | None = None
    errors: Sequence[int] = field(default_factory=tuple)
    media_type: str = "application/json"  # of the success answers (a page is text/html)
    reasons: Mapping[int, str] = field(default_factory=dict)  # this route's own words for an error status


def _models(endpoints: Sequence[Endpoint]) -> list[tuple[type[BaseModel], JsonSchemaMode]]:
    inputs = {m for e in endpoints for m in (e.body, e.query) if m is not None}
    outputs = {m for e in endpoints for m in e.responses.values()} | {ErrorBody, ClientErrorBody}
    return [(m, "validation") for m in inputs] + [(m, "serialization") for m in outputs]


def _parameters(schema: dict[str, Any]) -> list[dict[str, Any]]:
    properties = schema.get("properties", {})
    return [
        {"name": name, "in": "query", "required": name in schema.get("required", []), "schema": _present(prop)}
        for name, prop in properties.items()
    ]


def _present(prop: dict[str, Any]) -> dict[str, Any]:
    """A query parameter's schema without pydantic's `null` branch: a parameter is given or left out, never null."""
    branches = [b for b in prop.get("anyOf", []) if b != {"type": "null"}]
    if len(branches) != 1:
        return prop
    outer = {k: v for k, v in prop.items() if k not in ("anyOf", "default") or k == "default" and v is not None}
    return {**branches[0], **outer}


def _operation(endpoint: Endpoint, refs: Mapping[Any, dict[str, Any]], defs: dict) -> dict:
    responses: dict[str, Any] = {
        str(status): {
            "description": model.__doc__ or "OK",
            "content": {endpoint.media_type: {"schema": refs[model, "serialization"]}},
        }
        for status, model in endpoint.responses.items()
    }
    statuses = {*endpoint.errors, *_FROM_FRONT_END, 400, 500, *((413,) if endpoint.body else ())}
    for status in sorted(statuses - set(endpoint.responses)):
        body = ClientErrorBody if status < 500 else ErrorBody
        described: dict[str, Any] = {"description": endpoint.reasons.get(status, ERRORS[status])}
        if status not in _FROM_FRONT_END or endpoint.method == "post":  # POSTs verify their callers (caller_guard)
            described["content"] = _json(refs[body, "serialization"])
        responses[str(status)] = described
    operation: dict[str, Any] = {"summary": endpoint.summary, "responses": responses}
    if endpoint.body is not None:
        content = _json(refs[endpoint.body, "validation"])
        operation["requestBody"] = {"required": endpoint.body_required, "content": content}
    if endpoint.query is not None:
        ref = refs[endpoint.query, "validation"]["$ref"].rsplit("/", 1)[-1]
        operation["parameters"] = _parameters(defs[ref])
    return operation


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def openapi_document(title: str, version: str, endpoints: Sequence[Endpoint]) -> dict[str, Any]:
    """The OpenAPI 3.1 document of `endpoints`, every schema generated from their pydantic models."""
    refs, top = models_json_schema(_models(endpoints), ref_template=REF)
    defs: dict[str, Any] = dict(top.get("$defs", {}))
    paths: dict[str, dict[str, Any]] = {}
    for endpoint in endpoints:
        paths.setdefault(endpoint.path, {})[endpoint.method] = _operation(endpoint, refs, defs)
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version},
        "paths": paths,
        "components": {"schemas": defs},
    }


def undeclared_query(endpoints: Sequence[Endpoint]) -> Any:
    """A before_request hook: a query parameter the route's model does not declare is a 400 naming it."""
    declared = {(e.method.upper(), e.path): set(e.query.model_fields) if e.query else set() for e in endpoints}

    def refuse() -> None:
        rule = request.url_rule.rule if request.url_rule else None
        allowed = declared.get((request.method, rule or ""))
        unknown = sorted(set(request.args) - allowed) if allowed is not None else []
        if unknown:
            expected = ", ".join(sorted(allowed or ())) or "none"
            names = ", ".join(field_name(name) for name in unknown)
            raise BadRequest(f"unknown parameter(s): {names}; expected {expected}", field=field_name(unknown[0]))

    return refuse


def add_openapi(app: Flask, service: str, version: str, endpoints: Sequence[Endpoint]) -> dict[str, Any]:
    """Serve the service's document at GET /openapi.json and refuse query parameters it does not declare."""
    own = [
        Endpoint("get", HEALTH_PATH, "Service, build commit, Cloud Run revision, warehouse reachable", {200: Health}),
        Endpoint("get", OPENAPI_PATH, "This document", {200: OpenApiDocument}),
    ]
    document = openapi_document(f"Courtside {service}", version, [*endpoints, *own])
    app.before_request(undeclared_query([*endpoints, *own]))

    @app.get(OPENAPI_PATH)
    def openapi():  # type: ignore[no-untyped-def]
        return jsonify(document)

    app.extensions["openapi"] = document
    return document
