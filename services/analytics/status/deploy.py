"""The deploy section: the commit and revision each service reports on its health route, asked over HTTP."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests

from shared.http.id_tokens import TokenSource
from shared.http.local_urls import on_this_machine
from shared.settings import ENV_PREFIX, Settings
from shared.web import HEALTH_PATH

Fetch = Callable[[str, dict[str, str], float], requests.Response]
PEER_SETTINGS = {"scrapers": "scrapers_url", "freshness": "freshness_url"}  # the services this page asks


def peers(settings: Settings) -> tuple[dict[str, str], dict[str, str]]:
    """The other services' URLs to ask, and why any is not asked: in production, a 127.0.0.1 URL is not that service."""
    urls, unknown = {}, {}
    for name, field in PEER_SETTINGS.items():
        url = str(getattr(settings, field))
        if settings.environment == "production" and on_this_machine(url):
            variable = f"{ENV_PREFIX}{field.upper()}"
            local = url.rstrip("/")
            unknown[name] = f"unknown: {variable} is not set, and its local default {local} is not {name} in production"
        else:
            urls[name] = url
    return urls, unknown


def _get(url: str, headers: dict[str, str], timeout_s: float) -> requests.Response:
    return requests.get(url, headers=headers, timeout=timeout_s)


def probe(base_url: str, token_source: TokenSource | None, timeout_s: float, fetch: Fetch = _get) -> dict[str, Any]:
    """{"commit", "revision"} from one service's health route, or {"error"} saying why it could not be read."""
    audience = base_url.rstrip("/")
    try:
        headers = {"Authorization": f"Bearer {token_source(audience)}"} if token_source else {}
    except Exception as exc:  # google.auth raises several types; the cause is shown on the page
        return {"error": f"cannot get an ID token: {type(exc).__name__}"}
    try:
        response = fetch(audience + HEALTH_PATH, headers, timeout_s)
    except requests.RequestException as exc:
        return {"error": f"{type(exc).__name__} on {HEALTH_PATH}"}
    if response.status_code != 200:
        return {"error": f"{HEALTH_PATH} answered {response.status_code}"}
    body = response.json() if "json" in response.headers.get("Content-Type", "") else {}
    return {"commit": body.get("commit"), "revision": body.get("revision")}


def section(
    own: dict[str, Any],
    others: Mapping[str, str],
    token_source: TokenSource | None,
    timeout_s: float = 3.0,
    unknown: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """This service's own commit and the others' (asked in parallel); a commit that differs is a mismatch.

    `unknown` names services not asked, with why (their commit shows as unknown, never as a match).
    """
    with ThreadPoolExecutor(max_workers=max(1, len(others))) as pool:
        answers = dict(
            zip(others, pool.map(lambda url: probe(url, token_source, timeout_s), others.values()), strict=True)
        )
    answers |= {name: {"error": why} for name, why in (unknown or {}).items()}
    services = [{"service": "analytics", "url": None, **own}] + [
        {"service": name, "url": others.get(name), **answer} for name, answer in answers.items()
    ]
    commits = {s["commit"] for s in services if s.get("commit")}
    for s in services:
        s["mismatch"] = len(commits) > 1
    return {
        "services": services,
        "commits": sorted(commits),
        "mismatch": len(commits) > 1,
        "unknown": sorted(unknown or {}),
    }
