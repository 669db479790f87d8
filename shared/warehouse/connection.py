"""The BigQuery client from settings, its retry deadlines, and one-line error causes."""

from __future__ import annotations

from dataclasses import dataclass

import google.auth
from google.api_core.client_options import ClientOptions
from google.api_core.retry import Retry
from google.auth.credentials import AnonymousCredentials, Credentials
from google.cloud import bigquery

from shared.settings import Settings
from shared.warehouse.transport import DeadlineSession


def connect(settings: Settings) -> bigquery.Client:
    """Production credentials by default; the local stand-in when COURTSIDE_BQ_ENDPOINT is set. Every HTTP
    request waits at most COURTSIDE_BQ_REQUEST_TIMEOUT_S (and never past its request path's deadline)."""
    if settings.bq_endpoint:
        credentials: Credentials = AnonymousCredentials()  # type: ignore[no-untyped-call]
        options = ClientOptions(api_endpoint=str(settings.bq_endpoint).rstrip("/"))
    else:
        credentials, _ = google.auth.default(scopes=list(bigquery.Client.SCOPE))  # type: ignore[no-untyped-call]
        options = None
    return bigquery.Client(
        project=settings.gcp_project,
        location=settings.bq_location,
        credentials=credentials,
        client_options=options,
        _http=DeadlineSession(credentials, settings.bq_request_timeout_s),
    )


@dataclass(frozen=True)
class Deadlines:
    """How long the client retries transport errors and waits for one job."""

    retry_deadline_s: float = 30.0
    job_timeout_s: float = 120.0
    upload_retries: int = 1

    @property
    def transport(self) -> Retry:
        """Retry of the client's own transport errors (the default would retry a 500 for 10 minutes)."""
        return Retry(deadline=self.retry_deadline_s)

    @property
    def dml_conflict(self) -> Retry:
        """Re-run a job that lost a concurrent-update race, within the same deadline."""
        return Retry(predicate=_is_concurrent_update, deadline=self.retry_deadline_s)


def _is_concurrent_update(exc: Exception) -> bool:
    # Only DML conflicts: transport errors are the inner `retry`'s job (nesting both multiplies deadlines).
    return "concurrent update" in str(exc).lower()


def cause(exc: BaseException) -> str:
    """The first line of an error's message, at most 500 characters."""
    message = getattr(exc, "message", None) or str(exc) or str(exc.__cause__ or "") or type(exc).__name__
    return (message.splitlines() or [type(exc).__name__])[0][:500]
