"""Schemathesis over one app's own OpenAPI document: valid and invalid cases per endpoint, every problem kept."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from flask import Flask
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as fixed_seed
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from shared.openapi import OPENAPI_PATH

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@dataclass
class Campaign:
    """Cases tried per endpoint and mode, and every problem found (the case as curl, what failed)."""

    tried: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)


def named_error(status: int, body: Any) -> str | None:
    """Why a 4xx body is not the project's error naming a field, or None when it is."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict) or not {"code", "message", "field"} <= set(error):
        return f"{status} without the JSON error body: {body!r:.200}"
    if not isinstance(error["field"], str) or not error["field"]:
        return f"{status} error names no field: {error!r:.200}"
    return None


def _check(case: Any, campaign: Campaign, label: str) -> None:
    response = case.call()
    campaign.statuses[f"{label} {response.status_code}"] += 1
    problems: list[str] = []
    try:
        case.validate_response(response, checks=CHECKS)
    except (AssertionError, BaseExceptionGroup) as exc:  # schemathesis: Failure, FailureGroup
        failures = exc.exceptions if isinstance(exc, BaseExceptionGroup) else [exc]
        problems += [f"{getattr(f, 'title', type(f).__name__)}: {str(f).strip()[:600]}" for f in failures]
        problems += [f"answered {response.status_code}: {response.text[:400]}"] if response.status_code >= 500 else []
    if 400 <= response.status_code < 500:
        why = named_error(response.status_code, response.json() if response.content else None)
        problems += [why] if why else []
    campaign.problems += [f"{label}: {p}\n    {case.as_curl_command()}" for p in problems]


def _runner(operation: Any, mode: GenerationMode, campaign: Campaign, examples: int, seed: int) -> Any:
    label = f"{operation.method.upper()} {operation.path} {mode.value}"

    @fixed_seed(seed)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        campaign.tried[label] += 1
        _check(case, campaign, label)

    return run


def fuzz(app: Flask, *, examples: int, seed: int = 19, campaign: Campaign | None = None) -> Campaign:
    """Run `examples` valid and `examples` invalid cases against every endpoint of `app`'s document."""
    campaign = campaign or Campaign()
    schema = schemathesis.openapi.from_wsgi(OPENAPI_PATH, app)
    for result in schema.get_all_operations():
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _runner(result.ok(), mode, campaign, examples, seed)()  # type: ignore[union-attr]
            except Unsatisfiable:  # nothing to make invalid (no parameters, no body): no negative cases exist
                continue
    return campaign
