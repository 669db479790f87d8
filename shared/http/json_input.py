"""Untrusted JSON bytes to Python: nesting depth checked before the parser recurses, every failure a 400."""

from __future__ import annotations

import json
import re
from typing import Annotated, Any

from pydantic import BeforeValidator

from shared.errors import BadRequest

MAX_JSON_DEPTH = 32  # our bodies nest 3 deep; Python's parser recurses and dies near 1,000
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


def nesting_depth(raw: bytes, stop_at: int = MAX_JSON_DEPTH) -> int:
    """Deepest bracket nesting of `raw` outside strings (counting stops once past `stop_at`)."""
    if raw.count(b"[") + raw.count(b"{") <= stop_at:
        return raw.count(b"[") + raw.count(b"{")  # an upper bound, and already small enough
    depth = deepest = 0
    for bracket in _BRACKET.findall(_STRING.sub(b'""', raw)):
        depth += 1 if bracket in (b"[", b"{") else -1
        deepest = max(deepest, depth)
        if deepest > stop_at:
            break
    return deepest


def load_json(raw: bytes, field: str = "body") -> Any:
    """Parse `raw` as JSON; too deep, not UTF-8 or not JSON is a 400 naming `field`."""
    if nesting_depth(raw) > MAX_JSON_DEPTH:
        raise BadRequest(f"{field}: JSON nested deeper than {MAX_JSON_DEPTH} levels", field=field)
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadRequest(f"{field}: not valid JSON ({exc})", field=field) from None


def json_number(value: Any) -> Any:
    """`value` when JSON calls it a number (44 or 44.0, never "44" or true); a ValueError otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("expected a JSON number")
    return value


JSON_NUMBER = BeforeValidator(json_number)  # after a number's own constraints: Annotated[int, Field(ge=1), JSON_NUMBER]
JsonInt = Annotated[int, JSON_NUMBER]  # an integer in a JSON body: 44 and 44.0, not "44" or true
