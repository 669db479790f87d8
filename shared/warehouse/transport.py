"""The BigQuery client's HTTP session: every request gets a timeout (the library's default is none at all)."""

from __future__ import annotations

from typing import Any

from google.auth.credentials import Credentials
from google.auth.transport.requests import AuthorizedSession

from shared.warehouse.deadline import bounded


class DeadlineSession(AuthorizedSession):
    """An authorized session whose requests wait at most `ceiling_s`, and never past the path's deadline.

    A warehouse that accepts connections and never answers (a network partition) then fails each request in
    seconds instead of holding the caller until the platform kills it.
    """

    def __init__(self, credentials: Credentials, ceiling_s: float) -> None:
        super().__init__(credentials)
        self.ceiling_s = ceiling_s

    def request(  # type: ignore[override]
        self,
        method: str,
        url: str,
        data: Any = None,
        headers: Any = None,
        max_allowed_time: float | None = None,
        timeout: Any = None,
        **kwargs: Any,
    ) -> Any:
        """AuthorizedSession.request with the timeout bounded (see shared/warehouse/deadline.py)."""
        bound = bounded(timeout, self.ceiling_s)
        return super().request(method, url, data, headers, max_allowed_time, timeout=bound, **kwargs)
