"""POST {scrapers_url}/scrape over real HTTP (ID token when auth is on); each answer classified for retry."""

from __future__ import annotations

from typing import Any

import requests
from requests.adapters import HTTPAdapter

from shared.group_commit.step import outgoing_headers
from shared.http.headers import DEADLINE_HEADER, deadline_value
from shared.http.id_tokens import TokenSource
from shared.resilience.classify import refused
from shared.resilience.outcomes import AttemptFailure
from shared.resilience.retrier import Attempt

LOAD_PENDING = "load_pending"  # /scrape's 503 code when the payload is archived and its load waits for a replay
OVERLOADED = "overloaded"  # the 429 code of a /scrape shed at once (shared/load_shedding.py): nothing was fetched


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
        headers = outgoing_headers()
        headers[DEADLINE_HEADER] = deadline_value(timeout_s)  # the scraper makes no upstream call after we give up
        if self.token_source is not None:
            try:
                headers["Authorization"] = f"Bearer {self.token_source(self.audience)}"
            except Exception as exc:  # google.auth raises several types; the cause goes into the record
                return Attempt(ok=False, status=AttemptFailure.AUTH, error=f"cannot get an ID token: {_short(exc)}")
        try:
            response = self.session.post(
                self.url, json={"scraper": scraper, **params}, headers=headers, timeout=timeout_s
            )
        except requests.Timeout:
            return Attempt(
                ok=False, status=AttemptFailure.TIMEOUT, error=f"no answer within {timeout_s:.1f}s", retriable=True
            )
        except requests.ConnectionError as exc:
            return Attempt(ok=False, status=AttemptFailure.CONNECTION, error=_short(exc), retriable=True)
        except requests.RequestException as exc:
            return Attempt(ok=False, status=AttemptFailure.REQUEST_ERROR, error=_short(exc))
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
        details = error if isinstance(error, dict) else {}
        value = {  # the data summary: later steps fan out on it; the run id: a replay's load settles this call
            "status": LOAD_PENDING,
            "message": message,
            "data_summary": details.get("data_summary") or {},
        }
        if details.get("run_id"):
            value["run_id"] = details["run_id"]
        return Attempt(ok=True, status=response.status_code, value=value)
    return refused(
        response.status_code,
        response.headers,
        _short(message or response.text or response.reason or "no body"),
        code=code,
        # Shed by our own service before any work: like waiting for a slot, not an upstream call (no retry token).
        called=code != OVERLOADED,
    )
