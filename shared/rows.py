"""Validate rows against a TableSpec and turn them into JSON-ready dicts, before any write."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from shared.errors import SchemaViolation
from shared.schemas.spec import TableSpec


def _string(v: Any) -> str:
    if isinstance(v, str):
        return v
    raise TypeError("expected a string")


def _int(v: Any) -> int:
    if isinstance(v, bool) or not isinstance(v, int | float | Decimal | str):
        raise TypeError("expected an integer")
    as_int = int(v) if not isinstance(v, str) else int(v.strip())
    if not isinstance(v, str) and as_int != v:
        raise TypeError(f"expected an integer, got {v!r}")
    return as_int


def _float(v: Any) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float | Decimal):
        raise TypeError("expected a number")
    value = float(v)
    if math.isnan(value) or math.isinf(value):
        raise TypeError("expected a finite number")
    return value


def _bool(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    raise TypeError("expected true or false")


def _date(v: Any) -> str:
    if isinstance(v, datetime):
        raise TypeError("expected a date, got a datetime")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, str):
        return date.fromisoformat(v).isoformat()
    raise TypeError("expected a date (YYYY-MM-DD)")


def _timestamp(v: Any) -> str:
    if isinstance(v, str):
        v = datetime.fromisoformat(v.replace("Z", "+00:00"))
    if not isinstance(v, datetime):
        raise TypeError("expected a timestamp")
    if v.tzinfo is None:
        raise TypeError("expected a timezone-aware timestamp (store UTC)")
    return v.astimezone(UTC).isoformat()


_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "STRING": _string,
    "INT64": _int,
    "INTEGER": _int,
    "FLOAT64": _float,
    "FLOAT": _float,
    "BOOL": _bool,
    "BOOLEAN": _bool,
    "DATE": _date,
    "TIMESTAMP": _timestamp,
}


def validate_rows(spec: TableSpec, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Check every row against the spec; raise SchemaViolation naming table, row and column."""
    clean = []
    for index, row in enumerate(rows):
        unknown = sorted(set(row) - set(spec.columns))
        if unknown:
            raise SchemaViolation(
                f"{spec.full_name} row {index}: unknown column {unknown[0]!r}",
                table=spec.full_name,
                field=unknown[0],
            )
        out: dict[str, Any] = {}
        for name, column in spec.columns.items():
            value = row.get(name)
            if value is None:
                if column.mode == "REQUIRED":
                    raise SchemaViolation(
                        f"{spec.full_name} row {index}: column {name!r} is REQUIRED but null",
                        table=spec.full_name,
                        field=name,
                    )
                out[name] = [] if column.mode == "REPEATED" else None
                continue
            convert = _CONVERTERS[column.field_type]
            try:
                out[name] = [convert(v) for v in value] if column.mode == "REPEATED" else convert(value)
            except (TypeError, ValueError) as exc:
                raise SchemaViolation(
                    f"{spec.full_name} row {index}: column {name!r} ({column.field_type}): {exc}",
                    table=spec.full_name,
                    field=name,
                ) from None
        clean.append(out)
    return clean
