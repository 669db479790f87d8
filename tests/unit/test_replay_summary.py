"""The replay summary's status and line when payloads were skipped: leased by another load, or loaded meanwhile."""

from __future__ import annotations

import pytest

from services.scrapers.replay.summary import ReplaySummary


@pytest.mark.parametrize(
    ("payloads", "loaded", "skipped", "failed", "status"),
    [
        (3, 1, ["leased", "loaded"], 0, "complete"),  # nothing left to this replay
        (2, 0, ["leased", "leased"], 0, "complete"),  # the live loads hold them all
        (3, 1, ["leased"], 1, "partial"),
        (2, 0, ["leased"], 1, "failed"),
    ],
)
def test_skipped_payloads_count_as_settled_not_failed(payloads, loaded, skipped, failed, status):
    summary = ReplaySummary(payloads=payloads, loaded=loaded)
    outcomes = [summary.add_skipped(why) for why in skipped]
    summary.failures += [{"archive_path": "x", "scraper": "s", "reason": "r"}] * failed
    assert summary.status == status
    assert outcomes == ["already_loaded" if w == "loaded" else "leased" for w in skipped]
    body = summary.to_json()
    assert (body["leased"], body["already_loaded"]) == (skipped.count("leased"), skipped.count("loaded"))
    assert f"{skipped.count('leased')} skipped as leased by another load" in summary.line()
