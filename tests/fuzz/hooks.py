"""Loaded by schemathesis through SCHEMATHESIS_HOOKS: every 4xx names its field; push data is base64 JSON."""

from __future__ import annotations

import base64
import json
from datetime import date
from typing import Any

import schemathesis
from hypothesis import strategies as st

from services.analytics.inputs import PUSH_DATA_FORMAT
from services.analytics.processors import trigger_map
from shared.http.request_dates import FIRST_DAY, LAST_DAY


def named_error(status: int, body: Any) -> str | None:
    """Why a 4xx body is not the project's error naming a field, or None when it is."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict) or not {"code", "message", "field"} <= set(error):
        return f"{status} without the JSON error body: {body!r:.200}"
    if not isinstance(error["field"], str) or not error["field"]:
        return f"{status} error names no field: {error!r:.200}"
    return None


@schemathesis.check
def client_error_names_a_field(ctx: Any, response: Any, case: Any) -> bool | None:
    """A 4xx answer is `{"error": {"code", "message", "field"}}` with `field` named."""
    if not 400 <= response.status_code < 500:
        return None
    try:
        body = response.json()
    except ValueError:
        body = None
    why = named_error(response.status_code, body)
    if why:
        raise AssertionError(why)
    return True


def _table_update(table: str, day: date) -> str:
    return base64.b64encode(json.dumps({"table": table, "game_date": day.isoformat()}).encode()).decode()


# message.data of a push envelope: base64 of a TableUpdate (its documented contentSchema), tables a processor knows
# as often as others.
schemathesis.openapi.format(
    PUSH_DATA_FORMAT,
    st.builds(
        _table_update,
        st.one_of(st.sampled_from(sorted(trigger_map())), st.text(min_size=1)),
        st.dates(FIRST_DAY, LAST_DAY),
    ),
)
