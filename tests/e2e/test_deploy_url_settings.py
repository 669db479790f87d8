"""Contract: a URL setting a service reads whose default is this machine (127.0.0.1) is set by its deploy script.

Both sides come from the code: the settings each service reads while its app is built with the environment its
deploy gives it (every URL is wired in create_app), and the variables deploy/<service>.sh sets when run against
the fake gcloud, on a first deploy and on a later one.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from services.analytics.app import create_app as create_analytics
from services.freshness.app import create_app as create_freshness
from services.scrapers.app import create_app as create_scrapers
from services.scrapers.archive.local import LocalArchive
from shared.settings import ENV_PREFIX, Settings, load_settings
from shared.warehouse import Warehouse
from tests.e2e.fake_cloud import FakeCloud, flag

pytestmark = pytest.mark.e2e

BASE = ("--project", "proj-123", "--region", "us-east1", "--commit", "3f9c2ab")
TARGETS = (("run", "deploy"), ("run", "services", "update"), ("functions", "deploy"))
Build = Callable[[Any, Warehouse, Path], object]
BUILDS: dict[str, Build] = {
    "scrapers": lambda s, wh, tmp: create_scrapers(s, warehouse=wh, archive=LocalArchive(tmp / "archive")),
    "analytics": lambda s, wh, tmp: create_analytics(s, warehouse=wh),
    "freshness": lambda s, wh, tmp: create_freshness(s, warehouse=wh),
}


def local_url_settings() -> dict[str, str]:
    """Settings naming a URL whose default points at this machine: right locally, wrong anywhere else."""
    found = {}
    for name, field in Settings.model_fields.items():
        host = urlsplit(str(field.default)).hostname or ""
        if name.endswith(("_url", "_endpoint")) and (host == "localhost" or _loopback(host)):
            found[name] = str(field.default)
    return found


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def deploy_sets(cloud: FakeCloud, service: str) -> dict[str, str]:
    """Variables deploy/<service>.sh gives its service on a first and on a later deploy (a secret's value: a URL)."""
    name = f"courtside-{service}"
    per_run = []
    for env in ({"FAKE_MISSING": name}, {}):
        result = cloud.run(f"{service}.sh", *BASE, FAKE_HEALTH_COMMIT="3f9c2ab", **env)
        assert result.returncode == 0, result.stderr
        calls = [c for t in TARGETS for c in result.commands("gcloud", *t, name)]
        plain = [p for c in calls for p in (flag(c, "--update-env-vars") or "").split(",") if "=" in p]
        secret = [p for c in calls for p in (flag(c, "--update-secrets") or "").split(",") if "=" in p]
        per_run.append(
            dict(p.split("=", 1) for p in plain) | {p.split("=", 1)[0]: "https://secret.invalid/x" for p in secret}
        )
    first, later = per_run
    return {k: v for k, v in later.items() if k in first}


class ReadRecorder:
    """Settings that remember which of their fields were read."""

    def __init__(self, settings: Settings) -> None:
        object.__setattr__(self, "_settings", settings)
        object.__setattr__(self, "read", set())

    def __getattr__(self, name: str) -> Any:
        if name in Settings.model_fields:
            self.read.add(name)
        return getattr(self._settings, name)


def settings_read(
    service: str, deployed: dict[str, str], warehouse: Warehouse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> set[str]:
    """Fields the service's app reads while it is built with exactly the variables its deploy sets."""
    for name in [n for n in os.environ if n.startswith(ENV_PREFIX)]:
        monkeypatch.delenv(name)
    for name, value in deployed.items():
        monkeypatch.setenv(name, value)
    recorder = ReadRecorder(load_settings(data_dir=tmp_path))
    BUILDS[service](recorder, warehouse, tmp_path)
    return set(recorder.read)


def test_the_contract_sees_the_service_urls():
    assert set(local_url_settings()) == {"scrapers_url", "analytics_url", "freshness_url"}


@pytest.mark.parametrize("service", sorted(BUILDS))
def test_every_local_url_setting_a_service_reads_is_set_by_its_deploy(service, warehouse, tmp_path, monkeypatch):
    deployed = deploy_sets(FakeCloud(tmp_path), service)
    read = settings_read(service, deployed, warehouse, tmp_path, monkeypatch) & set(local_url_settings())
    unset = sorted(f"{ENV_PREFIX}{f.upper()}" for f in read if f"{ENV_PREFIX}{f.upper()}" not in deployed)
    assert not unset, f"{service} reads {unset} but deploy/{service}.sh never sets them: production would use 127.0.0.1"
