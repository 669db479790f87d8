"""Untrusted JSON: depth is measured before parsing, brackets inside strings do not count, failures are 400s."""

import pytest

from shared.errors import BadRequest
from shared.http.json_input import MAX_JSON_DEPTH, load_json, nesting_depth


@pytest.mark.parametrize(
    ("raw", "deeper_than_limit"),
    [
        (b'{"a": [1, 2, {"b": []}]}', False),
        (b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH, False),
        (b"[" * (MAX_JSON_DEPTH + 1) + b"]" * (MAX_JSON_DEPTH + 1), True),
        (b'{"a": "' + b"[" * 5000 + b'"}', False),  # brackets inside a string are text
        (b'{"a": "\\"' + b"{" * 5000 + b'"}', False),  # ... after an escaped quote too
        (b"[]" * 5000, False),  # many, but side by side
        (b'{"a": ' * 1100 + b"1" + b"}" * 1100, True),
    ],
)
def test_nesting_depth_against_the_limit(raw, deeper_than_limit):
    assert (nesting_depth(raw) > MAX_JSON_DEPTH) is deeper_than_limit


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (b"[" * 1100 + b"]" * 1100, "nested deeper than"),
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe\xfd", "not valid JSON"),
    ],
)
def test_bad_json_is_a_400_naming_the_field(raw, says):
    with pytest.raises(BadRequest) as caught:
        load_json(raw, field="message.data")
    assert caught.value.field == "message.data" and says in caught.value.message


def test_good_json_parses():
    assert load_json(b'{"a": [1, {"b": "[["}]}') == {"a": [1, {"b": "[["}]}
