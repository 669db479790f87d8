"""Google-signed ID tokens for calls between services (audience = the callee's URL), cached per audience."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

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
