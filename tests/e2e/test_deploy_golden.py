"""`--dry-run` of the whole first deploy, in docs/deploy.md order, against a golden file of every command it prints.

Regenerate after an intended change, then read the diff before committing it:
    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/e2e/test_deploy_golden.py
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.e2e.fake_cloud import ROOT, FakeCloud

pytestmark = pytest.mark.e2e

GOLDEN = Path(__file__).parent / "golden" / "deploy_dry_run.txt"
BASE = ("--project", "proj-123", "--region", "us-east1")
SHA = "3f9c2ab"
# docs/deploy.md's first deploy: bootstrap, accounts, storage, the three services (what cloudbuild.yaml runs),
# invokers, Pub/Sub, Scheduler. test_deploy_fresh_project.py runs the same for real against a fake fresh project.
SEQUENCE = [
    ("bootstrap.sh", BASE),
    ("iam.sh", (*BASE, "--phase", "accounts")),
    ("warehouse.sh", BASE),
    ("scrapers.sh", (*BASE, "--commit", SHA)),
    ("analytics.sh", (*BASE, "--commit", SHA)),
    ("freshness.sh", (*BASE, "--commit", SHA)),
    ("iam.sh", (*BASE, "--phase", "invokers")),
    ("pubsub.sh", BASE),
    ("scheduler.sh", BASE),
]


def dry_run_transcript(tmp_path: Path) -> str:
    """Every command the sequence prints under --dry-run, with this machine's paths replaced by names."""
    cloud = FakeCloud(tmp_path)
    stage = tmp_path / "stage"
    stage.mkdir()
    parts = []
    for script, args in SEQUENCE:
        result = cloud.run(script, *args, "--dry-run", TMPDIR=str(stage))
        assert result.returncode == 0, f"{script}: {result.stderr}"
        assert result.calls == []  # a dry run calls nothing
        parts.append(f"## deploy/{script} {' '.join(args)} --dry-run\n{result.stdout}")
    text = "\n".join(parts)
    for path, name in ((stage, "$TMPDIR"), (cloud.bin, "$PATH_BIN"), (ROOT, "$REPO")):
        text = text.replace(str(path), name)
    return re.sub(r"courtside-freshness\.\w{6}", "courtside-freshness.XXXXXX", text)  # mktemp's random suffix


def test_first_deploy_dry_run_matches_the_golden_file(tmp_path):
    transcript = dry_run_transcript(tmp_path)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(transcript)
    assert transcript == GOLDEN.read_text(), "the deploy commands changed: regenerate (see this file's docstring)"
