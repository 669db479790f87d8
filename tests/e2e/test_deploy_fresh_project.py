"""The README's first deploy, run for real against a fake fresh project (APIs off, no repository, no identities):
it fails without deploy/bootstrap.sh and passes with it, every command matching a golden file.

Regenerate after an intended change, then read the diff before committing it:
    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/e2e/test_deploy_fresh_project.py
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from tests.e2e.fake_cloud import ROOT, SEP, FakeCloud, Result

pytestmark = pytest.mark.e2e

GOLDEN = Path(__file__).parent / "golden" / "fresh_project_deploy.txt"
P, R, SHA = "proj-123", "us-east1", "3f9c2ab"
BASE = ("--project", P, "--region", R)
SECRETS = ("odds-api-key", "bdl-api-key", "bettingpros-api-key", "alert-webhook-url")
FRESH = {"FAKE_FRESH": "1", "FAKE_HEALTH_COMMIT": SHA}
# The README's first deploy; cloudbuild.yaml's deploy steps run the three service scripts.
STEPS: list[tuple[str, tuple[str, ...]]] = [
    ("deploy/bootstrap.sh", BASE),
    *[("gcloud", ("secrets", "create", name, "--data-file=-", f"--project={P}")) for name in SECRETS],
    ("deploy/iam.sh", (*BASE, "--phase", "accounts")),
    ("deploy/warehouse.sh", BASE),
    (
        "gcloud",
        (
            "builds",
            "submit",
            "--config",
            "cloudbuild.yaml",
            f"--substitutions=COMMIT_SHA={SHA},_REGION={R}",
            f"--project={P}",
        ),
    ),  # fmt: skip
    ("deploy/scrapers.sh", (*BASE, "--commit", SHA)),
    ("deploy/analytics.sh", (*BASE, "--commit", SHA)),
    ("deploy/freshness.sh", (*BASE, "--commit", SHA)),
    ("deploy/iam.sh", (*BASE, "--phase", "invokers")),
    ("deploy/pubsub.sh", BASE),
    ("deploy/scheduler.sh", BASE),
]


def step(cloud: FakeCloud, what: str, args: tuple[str, ...], **env: str) -> Result:
    if what == "gcloud":
        return cloud.gcloud(*args, **FRESH, **env)
    return cloud.run(what.removeprefix("deploy/"), *args, **FRESH, **env)


def first_deploy(cloud: FakeCloud, steps: list[tuple[str, tuple[str, ...]]]) -> tuple[list[str], Result | None]:
    """Every command of the steps in order, and the failing step's result (None when all passed)."""
    lines: list[str] = []
    for what, args in steps:
        result = step(cloud, what, args)
        lines.append(f"## {what} {' '.join(args)}")
        lines += [" ".join(call).replace(str(ROOT), "$REPO") for call in result.calls]
        if result.returncode != 0:
            return lines, result
    return lines, None


def test_the_first_deploy_of_a_fresh_project_passes_after_bootstrap(tmp_path):
    lines, failed = first_deploy(FakeCloud(tmp_path), STEPS)
    assert failed is None, failed.stderr
    transcript = "\n".join(lines) + "\n"
    transcript = re.sub(r"/[^ ]*/courtside-freshness\.\w{6}", "$TMPDIR/courtside-freshness.XXXXXX", transcript)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(transcript)
    assert transcript == GOLDEN.read_text(), "the deploy commands changed: regenerate (see this file's docstring)"


@pytest.mark.parametrize(
    ("instead", "fails_at", "because"),
    [
        ([], "gcloud secrets create", "secretmanager.googleapis.com has not been used"),
        (  # the APIs alone: no Pub/Sub service agent to let mint push tokens
            [
                (
                    "gcloud",
                    (
                        "services",
                        "enable",
                        *(
                            f"{a}.googleapis.com"
                            for a in (
                                "secretmanager",
                                "iam",
                                "pubsub",
                                "run",
                                "cloudbuild",
                                "artifactregistry",
                                "cloudfunctions",
                                "cloudscheduler",
                            )
                        ),
                        f"--project={P}",
                    ),
                )
            ],
            "deploy/iam.sh",
            "service-123456789012@gcp-sa-pubsub.iam.gserviceaccount.com does not exist",
        ),  # fmt: skip
    ],
)
def test_without_bootstrap_the_first_deploy_fails_as_the_real_project_would(tmp_path, instead, fails_at, because):
    lines, failed = first_deploy(FakeCloud(tmp_path), [*instead, *STEPS[1:]])
    assert failed is not None, "a fresh project took the whole first deploy without deploy/bootstrap.sh"
    assert because in failed.stderr
    assert [x for x in lines if x.startswith("## ")][-1].startswith(f"## {fails_at}")


def test_without_the_build_identities_the_build_and_the_function_are_refused(tmp_path):
    cloud = FakeCloud(tmp_path)
    assert step(cloud, "deploy/bootstrap.sh", BASE).returncode == 0
    state = tmp_path / "state" / "project.json"
    project = json.loads(state.read_text())
    project["bindings"] = [b for b in project["bindings"] if "cloudbuild" not in b]  # no source access, no builder
    state.write_text(json.dumps(project))
    submit = step(cloud, *STEPS[7])
    assert submit.returncode == 1 and "cannot read the build's source" in submit.stderr
    for name in SECRETS:
        step(cloud, "gcloud", ("secrets", "create", name, "--data-file=-", f"--project={P}"))
    assert step(cloud, "deploy/iam.sh", (*BASE, "--phase", "accounts")).returncode == 0
    function = step(cloud, "deploy/freshness.sh", (*BASE, "--commit", SHA))
    assert function.returncode == 1 and "missing permission on the build service account" in function.stderr


def test_bootstrap_twice_changes_nothing(tmp_path):
    cloud = FakeCloud(tmp_path)
    first = step(cloud, "deploy/bootstrap.sh", BASE)
    assert first.returncode == 0, first.stderr
    state = (tmp_path / "state" / "project.json").read_text()
    again = step(cloud, "deploy/bootstrap.sh", BASE)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "state" / "project.json").read_text() == state
    verbs = {c[c.index(v)] for c in again.calls for v in ("create", "enable") if v in c}
    assert verbs == {"create"}  # only `services identity create`, which returns the existing identity
    assert [c for c in again.calls if "create" in c] == [
        ["gcloud", "beta", "services", "identity", "create", "--service=pubsub.googleapis.com", f"--project={P}",
         "--quiet"]
    ]  # fmt: skip
    assert not [c for c in again.calls if "enable" in c]
    assert SEP not in state
