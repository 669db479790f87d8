"""Check a freshness config against the table schemas in code: tables, columns, types, filter names."""

from __future__ import annotations

import re

from services.freshness.config import BoxScoreSource, CheckSpec, FreshnessConfig
from shared.schemas import TABLES

TIME_TYPES = ("TIMESTAMP", "DATETIME", "DATE")
_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_WORD = re.compile(r"`([^`]+)`|([A-Za-z_][A-Za-z0-9_]*)(\s*\()?")
_NUMBER = re.compile(r"\b\d+(?:\.\d*)?(?:[eE][+-]?\d+)?")
_FORBIDDEN = {"SELECT", "FROM", "UNION", "INSERT", "UPDATE", "DELETE", "MERGE", "DROP", "CREATE", "WITH"}
# Words a boolean filter may use that are not column names (functions are recognised by their "(").
_KEYWORDS = {
    "AND", "OR", "NOT", "IS", "NULL", "TRUE", "FALSE", "IN", "LIKE", "BETWEEN", "CASE", "WHEN", "THEN",
    "ELSE", "END", "AS", "INTERVAL", "DAY", "HOUR", "MINUTE", "SECOND", "WEEK", "MONTH", "YEAR", "DATE",
    "DATETIME", "TIMESTAMP", "STRING", "INT64", "FLOAT64", "BOOL", "NUMERIC", "CURRENT_DATE",
    "CURRENT_TIMESTAMP", "CURRENT_DATETIME", "UNNEST", "ESCAPE",
}  # fmt: skip


def filter_problems(table: str, expression: str) -> list[str]:
    """Problems in a filter: statements smuggled in, or names that are not columns of `table`."""
    if ";" in expression or "--" in expression or "/*" in expression:
        return [f"filter {expression!r}: must be one boolean expression (no ';' or comments)"]
    columns = TABLES[table].columns
    problems = []
    for quoted, word, call in _WORD.findall(_NUMBER.sub("0", _QUOTED.sub("''", expression))):
        name = quoted or word
        if call or (word and word.upper() in _KEYWORDS):
            continue
        if word.upper() in _FORBIDDEN:
            problems.append(f"filter {expression!r}: {word.upper()} is not allowed in a boolean filter")
        elif name not in columns:
            problems.append(f"filter of {table}: unknown column {name!r}")
    return problems


def check_problems(check: CheckSpec) -> list[str]:
    """Why this check cannot run against the schemas in code (empty when it can)."""
    spec = TABLES.get(check.table)
    if spec is None:
        return [f"table {check.table} is not in the schemas in code"]
    column = spec.columns.get(check.column)
    if column is None:
        return [f"column {check.column} is not in table {check.table}"]
    if column.field_type not in TIME_TYPES:
        return [f"column {check.table}.{check.column} is {column.field_type}, not TIMESTAMP, DATETIME or DATE"]
    return filter_problems(check.table, check.filter) if check.filter else []


def source_problems(source: BoxScoreSource) -> list[str]:
    """Why a box-score source cannot be matched to the schedule (empty when it can)."""
    spec = TABLES.get(source.table)
    if spec is None:
        return [f"table {source.table} is not in the schemas in code"]
    names = (source.date_column, source.home_column, source.away_column, source.player_column)
    problems = [f"column {name} is not in table {source.table}" for name in names if name not in spec.columns]
    date_type = spec.columns.get(source.date_column)
    if date_type is not None and date_type.field_type != "DATE":
        problems.append(f"column {source.table}.{source.date_column} is {date_type.field_type}, not DATE")
    return problems


def config_problems(config: FreshnessConfig) -> list[str]:
    """Every problem of the config, each naming its entry, table and column."""
    problems = []
    for index, check in enumerate(config.checks):
        problems += [f"checks[{index}] ({check.table}.{check.column}): {p}" for p in check_problems(check)]
    for index, source in enumerate(config.missing_games.sources):
        problems += [f"missing_games.sources[{index}] ({source.table}): {p}" for p in source_problems(source)]
    return problems
