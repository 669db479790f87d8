"""POST {scrapers_url}/scrape over real HTTP (ID token when auth is on); each answer classified for retry."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from services.scrapers.page_retry import TIMEOUT_HEADER
from shared.group_commit_step import outgoing_headers
from shared.resilience.classify import is_retriable, parse_retry_after
from shared.resilience.retrier import Attempt

LOAD_PENDING = "load_pending"  # /scrape's 503 code when the payload is archived and its load waits for a replay
TokenSource = Callable[[str], str]  # audience -> Google-signed ID token


def google_id_token(audience: str) -> str:
    """An ID token for `audience` from the runtime's credentials (the metadata server on Cloud Run)."""
    import google.auth.transport.requests
    import google.oauth2.id_token

    return str(google.oauth2.id_token.fetch_id_token(google.auth.transport.requests.Request(), audience))  # type: ignore[no-untyped-call]


class CachedTokens:
    """Reuse each audience's ID token until shortly before its hour runs out (one fetch, not one per call)."""

    def __init__(
        self,
        fetch: TokenSource = google_id_token,
        *,
        ttl_s: float = 50 * 60,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._fetch, self._ttl_s, self._clock = fetch, ttl_s, clock
        self._tokens: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()

    def __call__(self, audience: str) -> str:
        with self._lock:
            token, expires = self._tokens.get(audience, ("", 0.0))
            if not token or self._clock() >= expires:
                token = self._fetch(audience)
                self._tokens[audience] = (token, self._clock() + self._ttl_s)
            return token


def _short(text: object, limit: int = 300) -> str:
    return " ".join(str(text).split())[:limit]


class ScrapeClient:
    """Calls /scrape; never raises for HTTP trouble: every outcome becomes an Attempt."""

    def __init__(self, base_url: str, *, token_source: TokenSource | None = None, pool_size: int = 8) -> None:
        self.audience = base_url.rstrip("/")
        self.url = f"{self.audience}/scrape"
        self.token_source = token_source
        self.session = requests.Session()
        self.session.mount("http://", HTTPAdapter(pool_connections=1, pool_maxsize=pool_size))
        self.session.mount("https://", HTTPAdapter(pool_connections=1, pool_maxsize=pool_size))

    def scrape(self, scraper: str, params: dict[str, str], timeout_s: float) -> Attempt:
        """One attempt at one scrape, bounded by timeout_s."""
        headers = {**outgoing_headers(), TIMEOUT_HEADER: f"{timeout_s:.3f}"}  # /scrape's page retries fit in it
        if self.token_source is not None:
            try:
                headers["Authorization"] = f"Bearer {self.token_source(self.audience)}"
            except Exception as exc:  # google.auth raises several types; the cause goes into the record
                return Attempt(ok=False, status="auth", error=f"cannot get an ID token: {_short(exc)}")
        try:
            response = self.session.post(
                self.url, json={"scraper": scraper, **params}, headers=headers, timeout=timeout_s
            )
        except requests.Timeout:
            return Attempt(ok=False, status="timeout", error=f"no answer within {timeout_s:.1f}s", retriable=True)
        except requests.ConnectionError as exc:
            return Attempt(ok=False, status="connection", error=_short(exc), retriable=True)
        except requests.RequestException as exc:
            return Attempt(ok=False, status="request_error", error=_short(exc))
        return _classify(response)


def _classify(response: requests.Response) -> Attempt:
    try:
        body: Any = response.json()
    except ValueError:
        body = None
    if response.status_code == 200:
        if isinstance(body, dict) and body.get("status") in {"success", "no_data"}:
            return Attempt(ok=True, status=200, value=body)
        return Attempt(ok=False, status=200, error=f"unreadable /scrape answer: {_short(response.text, 200)!r}")
    error = body.get("error") if isinstance(body, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    message = error.get("message") if isinstance(error, dict) else None
    if code == LOAD_PENDING:  # fetched and archived: re-fetching would replace what upstream said then
        return Attempt(ok=True, status=response.status_code, value={"status": LOAD_PENDING, "message": message})
    return Attempt(
        ok=False,
        status=response.status_code,
        error=_short(message or response.text or response.reason or "no body"),
        retriable=is_retriable(response.status_code, code=code),
        retry_after_s=parse_retry_after(response.headers.get("Retry-After")),
    )
