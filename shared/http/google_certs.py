"""Google's ID-token certificate set, fetched with a short timeout and kept for as long as Google says (capped)."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from typing import Any

import google.auth.transport
import google.auth.transport.requests
from google.auth.exceptions import TransportError

GOOGLE_CERTS_URL = "https://www.googleapis.com/oauth2/v1/certs"
_MAX_AGE = re.compile(r"max-age=(\d+)")


class CachedCerts(google.auth.transport.Request):  # type: ignore[misc]
    """A google-auth transport that answers GET `url` from a cache; `verify_token` reads the certificates through it.

    Kept for the response's Cache-Control max-age, at most `max_ttl_s`; `refresh()` drops them early (a token signed
    by a key not in the set: Google may have rotated). A failed fetch or a body that is not JSON is never cached.
    """

    def __init__(
        self,
        url: str = GOOGLE_CERTS_URL,
        *,
        timeout_s: float = 5.0,
        max_ttl_s: float = 3600.0,
        min_refresh_s: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        transport: Callable[..., Any] | None = None,  # a google.auth transport Request
    ) -> None:
        self.url, self._timeout_s, self._max_ttl_s, self._min_refresh_s = url, timeout_s, max_ttl_s, min_refresh_s
        self._clock = clock
        self._transport: Callable[..., Any] = transport or google.auth.transport.requests.Request()
        self._lock = threading.Lock()
        self._cached: tuple[Any, float, float] | None = None  # (response, fetched at, expires at)
        self.fetches = 0

    def __call__(
        self, url: str, method: str = "GET", body: Any = None, headers: Any = None, timeout: Any = None, **_: Any
    ) -> Any:
        """The certificate set's response (fetched when the cache is empty or stale); any other request is refused."""
        if url != self.url or method != "GET":
            raise TransportError(f"only GET {self.url} goes through the certificate cache, not {method} {url}")
        with self._lock:
            now = self._clock()
            if self._cached is None or now >= self._cached[2]:
                response = self._fetch()
                self._cached = (response, now, now + self._ttl(response))
            return self._cached[0]

    def refresh(self) -> bool:
        """Forget the set unless it was fetched very recently; True when the next call fetches it again."""
        with self._lock:
            if self._cached is None or self._clock() - self._cached[1] < self._min_refresh_s:
                return False
            self._cached = None
            return True

    def _fetch(self) -> Any:
        try:
            response = self._transport(self.url, method="GET", timeout=self._timeout_s)
        except TransportError as exc:
            raise TransportError(f"could not fetch the ID-token certificates at {self.url}: {exc}") from None
        self.fetches += 1
        if response.status != 200:
            raise TransportError(f"the ID-token certificates at {self.url} answered {response.status}")
        try:
            certs = json.loads(response.data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            certs = None
        if not isinstance(certs, dict) or not certs:
            raise TransportError(f"the ID-token certificates at {self.url} are not a JSON object of keys")
        return response

    def _ttl(self, response: Any) -> float:
        found = _MAX_AGE.search(str(response.headers.get("cache-control", "")))
        return min(float(found.group(1)), self._max_ttl_s) if found else self._max_ttl_s
