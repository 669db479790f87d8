"""One upstream GET, classified where it arrives: JSON back, or UpstreamRetriable / UpstreamFatal."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import requests

from shared.errors import QuotaExhausted, UpstreamFatal, UpstreamRetriable
from shared.resilience.classify import parse_retry_after

QUOTA_CODES = {"OUT_OF_USAGE_CREDITS"}


@dataclass(frozen=True)
class Page:
    """One answered request: its status, headers and parsed JSON body."""

    status: int
    headers: Mapping[str, str]
    body: Any


def _detail(body: bytes) -> tuple[str, str | None]:
    """A short description of an error body and its error_code, if any."""
    try:
        data = json.loads(body)
    except ValueError:
        text = " ".join(body[:200].decode("utf-8", "replace").split())
        return (text or "empty body"), None
    if isinstance(data, dict):
        code = data.get("error_code")
        message = data.get("message") or data.get("error") or json.dumps(data)[:200]
        return (f"{code}: {message}" if code else str(message)), code
    return json.dumps(data)[:200], None


def classify(source: str, status: int, headers: Mapping[str, str], body: bytes) -> Any:
    """The parsed JSON of a good answer; otherwise the error class that says what went wrong."""
    if status >= 400 or status < 200:
        detail, code = _detail(body)
        if code in QUOTA_CODES:
            raise QuotaExhausted(f"{source}: quota exhausted (HTTP {status} {detail})", upstream_status=status)
        if status == 429 or status >= 500:
            wait = parse_retry_after(headers.get("Retry-After"))
            raise UpstreamRetriable(f"{source}: HTTP {status}: {detail}", retry_after_s=wait, upstream_status=status)
        raise UpstreamFatal(f"{source}: HTTP {status}: {detail}", upstream_status=status)
    if not body.strip():
        raise UpstreamFatal(f"{source}: empty body (HTTP {status})", upstream_status=status)
    try:
        return json.loads(body)
    except ValueError as exc:
        kind = headers.get("Content-Type", "unknown content type")
        if body.lstrip()[:1] == b"<" or "html" in kind.lower():
            raise UpstreamFatal(f"{source}: body is HTML, not JSON ({kind})", upstream_status=status) from None
        raise UpstreamFatal(f"{source}: malformed JSON body ({exc})", upstream_status=status) from None


def _scrub(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


def get_json(
    session: requests.Session,
    url: str,
    *,
    source: str,
    params: Mapping[str, Any],
    headers: Mapping[str, str],
    timeout_s: float,
    secrets: list[str],
    on_answer: Callable[[int, Mapping[str, str]], None] | None = None,
) -> Page:
    """GET url within timeout_s in total (a slow drip counts too); `on_answer` sees every answer's headers first."""
    deadline = time.monotonic() + timeout_s
    response: requests.Response | None = None
    try:
        response = session.get(url, params=dict(params), headers=dict(headers), timeout=timeout_s, stream=True)
        chunks = []
        for chunk in response.iter_content(64 * 1024):
            chunks.append(chunk)
            if time.monotonic() > deadline:
                raise requests.Timeout("body still arriving at the deadline")
        body = b"".join(chunks)
    except requests.Timeout:
        raise UpstreamRetriable(f"{source}: timeout (no complete answer within {timeout_s:g}s)") from None
    except requests.exceptions.ContentDecodingError as exc:
        raise UpstreamFatal(f"{source}: undecodable body ({_scrub(type(exc).__name__, secrets)})") from None
    except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
        reason = _scrub(str(exc), secrets)[:300]
        timed_out = "timed out" in reason.lower()
        what = "timeout" if timed_out else "connection error"
        raise UpstreamRetriable(f"{source}: {what} ({type(exc).__name__}: {reason})") from None
    finally:
        if response is not None:
            response.close()
    if on_answer is not None:
        on_answer(response.status_code, response.headers)
    return Page(response.status_code, response.headers, classify(source, response.status_code, response.headers, body))
