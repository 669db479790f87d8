"""Every header the services read has one strict grammar: ours refuse a malformed value naming the header, the trace
headers ignore one; no value, however hostile, raises anything else."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.errors import BadRequest
from shared.group_commit.step import new_step
from shared.http import headers
from shared.http.headers import DEADLINE_HEADER, MAX_DEADLINE_S, MAX_STEP_CALLS, STEP_HEADER, StepHeader, Trace

CLOUD_RUN = {  # as Cloud Run's front end sends them (both forms of one trace)
    "X-Cloud-Trace-Context": "4bf92f3577b34da6a3ce929d0e0e4736/6952425287236531843;o=1",
    "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-607c9bb3a4c0e7b3-01",
}
TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"


@pytest.mark.parametrize("calls", [2, 3, 64, MAX_STEP_CALLS])
def test_what_the_executor_sends_is_a_step(calls):
    value = new_step(calls)
    assert headers.step(value) == StepHeader(value.split(";")[0], calls)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "abc",
        "abc;",
        ";3",
        "abc;1",
        "abc;0",
        f"abc;{MAX_STEP_CALLS + 1}",
        "abc;²",  # a digit to str.isdigit(), not to int()
        "abc;٣",  # a digit to int(), not ASCII
        "abc;" + "9" * 5000,
        "abc;+3",
        "abc; 3",
        "abc;3 ",
        "a b;3",
        "é;3",
        "a" * 65 + ";3",
        "abc;3;4",
        "abc\x00;3",
    ],
)
def test_a_malformed_step_is_a_400_naming_the_header(value):
    with pytest.raises(BadRequest) as caught:
        headers.step(value)
    assert caught.value.field == STEP_HEADER


def test_no_step_header_is_no_step():
    assert headers.step(None) is None


@pytest.mark.parametrize(("value", "seconds"), [("2.5", 2.5), ("0.0001", 0.0001), ("30.000", 30.0), ("3600", 3600.0)])
def test_a_deadline_in_decimal_seconds(value, seconds):
    assert headers.deadline_seconds(value) == seconds


@given(st.floats(min_value=0.001, max_value=MAX_DEADLINE_S))
def test_what_the_executor_client_sends_is_a_deadline(seconds):
    assert headers.deadline_seconds(headers.deadline_value(seconds)) == pytest.approx(seconds, abs=0.001)


@given(st.floats(allow_nan=False))
def test_any_time_left_is_sent_as_a_deadline_the_callee_accepts(seconds):
    # A caller with a few microseconds left, or a setting over Cloud Run's hour, still sends a valid header.
    sent = headers.deadline_seconds(headers.deadline_value(seconds))
    assert sent is not None and 0.001 <= sent <= MAX_DEADLINE_S


@pytest.mark.parametrize(
    "value",
    ["", "soon", "-1", "0", "0.000", "nan", "inf", "1e3", " 5", "5 ", ".5", "5.", "+5", "1_0", "٣", "3600.001",
     "1" + "0" * 400, "1e308", "0x10"],
)  # fmt: skip
def test_a_malformed_or_unbounded_deadline_is_a_400_naming_the_header(value):
    with pytest.raises(BadRequest) as caught:
        headers.deadline_seconds(value)
    assert caught.value.field == DEADLINE_HEADER


@settings(max_examples=300)
@given(st.text())
def test_no_text_raises_anything_but_a_400_naming_the_header(value):
    for parse, field in ((headers.step, STEP_HEADER), (headers.deadline_seconds, DEADLINE_HEADER)):
        try:
            parse(value)
        except BadRequest as exc:
            assert exc.field == field
    found = headers.trace(value, value)
    assert found is None or (len(found.trace_id) == 32 and set(found.trace_id) <= set("0123456789abcdef"))


def test_cloud_runs_trace_headers_in_both_forms():
    sampled = Trace(TRACE_ID, "607c9bb3a4c0e7b3", True)
    assert headers.trace(CLOUD_RUN["traceparent"], None) == sampled
    assert headers.trace(None, CLOUD_RUN["X-Cloud-Trace-Context"]) == Trace(
        TRACE_ID, f"{6952425287236531843:016x}", True
    )
    assert headers.trace(CLOUD_RUN["traceparent"], CLOUD_RUN["X-Cloud-Trace-Context"]) == sampled


@pytest.mark.parametrize(
    ("traceparent", "cloud_trace", "expected"),
    [
        (f"00-{TRACE_ID.upper()}-607c9bb3a4c0e7b3-01", None, None),  # W3C: lowercase only
        (f"00-{'0' * 32}-607c9bb3a4c0e7b3-01", None, None),
        (f"00-{TRACE_ID}-{'0' * 16}-01", None, None),
        (f"ff-{TRACE_ID}-607c9bb3a4c0e7b3-01", None, None),
        (f"00-{TRACE_ID}-607c9bb3a4c0e7b3-01-extra", None, None),  # version 00 has four parts
        (f"01-{TRACE_ID}-607c9bb3a4c0e7b3-00-extra", None, Trace(TRACE_ID, "607c9bb3a4c0e7b3", False)),
        (f"00-{TRACE_ID}-607c9bb3a4c0e7b3-01\u00e9", None, None),
        (None, f"{TRACE_ID}/1;o=0", Trace(TRACE_ID, "0000000000000001", False)),
        (None, TRACE_ID.upper(), Trace(TRACE_ID, None, False)),
        (None, f"{TRACE_ID}/0", Trace(TRACE_ID, None, False)),
        (None, f"{TRACE_ID}/{2**64}", Trace(TRACE_ID, None, False)),
        (None, f"{TRACE_ID}/1;o=2", None),
        (None, "héllo/1;o=1", None),  # the logging library's own parser would take "héllo" as a trace id
        (None, "0" * 32, None),
        ("garbage", f"{TRACE_ID}/1;o=1", Trace(TRACE_ID, "0000000000000001", True)),
    ],
)
def test_a_malformed_trace_header_is_ignored(traceparent, cloud_trace, expected):
    assert headers.trace(traceparent, cloud_trace) == expected
