"""Settings for every service, read from COURTSIDE_* environment variables and validated at start."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AliasChoices,
    BeforeValidator,
    Field,
    HttpUrl,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from shared.clock import Clock, clock_for
from shared.errors import ConfigError

ENV_PREFIX = "COURTSIDE_"
GOOGLE_CERTS_URL = "https://www.googleapis.com/oauth2/v1/certs"  # Google's ID-token signing certificates
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def email_list(value: Any) -> Any:
    """Email addresses separated by spaces or commas (or a list of them), lower-cased; a ValueError otherwise."""
    items = value.replace(",", " ").split() if isinstance(value, str) else value
    if not isinstance(items, list | tuple | set | frozenset):
        raise ValueError("expected email addresses separated by spaces")
    for item in items:
        if not isinstance(item, str) or not _EMAIL.fullmatch(item):
            raise ValueError(f"expected email addresses separated by spaces, not {str(item)[:60]!r}")
    return tuple(sorted({item.lower() for item in items}))


# Who may call one endpoint when auth is on: verified ID-token emails (shared/http/caller_guard.py).
Callers = Annotated[tuple[str, ...], NoDecode, BeforeValidator(email_list)]


class Settings(BaseSettings):
    """Every setting of the three services; the README's settings table lists them all."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", frozen=True)

    # Runtime
    environment: Literal["local", "production"] = "local"
    build_commit: str = Field("dev", validation_alias=AliasChoices("BUILD_COMMIT", "COURTSIDE_BUILD_COMMIT"))
    revision: str | None = Field(None, validation_alias=AliasChoices("K_REVISION"))  # set by Cloud Run
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    data_dir: Path = Path(".courtside")
    # The local stack's one simulated clock (shared/clock.py); refused in production, where the system's rules.
    simulated_clock_file: Path | None = None

    # Warehouse
    gcp_project: str = "courtside-local"
    bq_location: str = "US"
    bq_endpoint: HttpUrl | None = None
    bq_retry_deadline_s: float = Field(30.0, gt=0)
    bq_job_timeout_s: float = Field(120.0, gt=0)
    bq_request_timeout_s: float = Field(30.0, gt=0, le=600)  # one HTTP request to BigQuery, at most
    scrape_load_deadline_s: float = Field(2.0, gt=0, le=600)  # /scrape's load: then 503 load_pending, archived

    # Service-to-service
    auth_enabled: bool = True
    scrapers_url: HttpUrl = HttpUrl("http://127.0.0.1:8080")
    analytics_url: HttpUrl = HttpUrl("http://127.0.0.1:8081")
    freshness_url: HttpUrl = HttpUrl("http://127.0.0.1:8082")
    # Verified callers (auth on): each service's own URL above is the audience its callers' tokens must name.
    auth_certs_url: HttpUrl = HttpUrl(GOOGLE_CERTS_URL)
    auth_certs_timeout_s: float = Field(5.0, gt=0, le=30)
    callers_scrape: Callers = ()  # scrapers POST /scrape: the executor (the scrapers' own account)
    callers_workflows: Callers = ()  # scrapers POST /evaluate, /execute-workflows, /execute-workflow
    callers_replay: Callers = ()  # scrapers POST /replay
    callers_budgets: Callers = ()  # scrapers POST /budgets/reopen
    callers_process: Callers = ()  # analytics POST /process: Pub/Sub's push account
    callers_backfill: Callers = ()  # analytics POST /process-date-range
    callers_circuits: Callers = ()  # analytics POST /circuits/reset
    callers_freshness: Callers = ()  # freshness GET and POST / (a check run records history and alerts)

    # Scrapers: archive and upstreams
    archive_dir: Path = Path(".courtside/archive")
    archive_bucket: str | None = None
    nbacom_cdn_url: HttpUrl = HttpUrl("https://cdn.nba.com")
    nbacom_official_url: HttpUrl = HttpUrl("https://official.nba.com")
    odds_api_url: HttpUrl = HttpUrl("https://api.the-odds-api.com")
    bdl_url: HttpUrl = HttpUrl("https://api.balldontlie.io")
    espn_url: HttpUrl = HttpUrl("https://site.api.espn.com")
    bettingpros_url: HttpUrl = HttpUrl("https://api.bettingpros.com")
    odds_api_key: SecretStr = SecretStr("")
    bdl_api_key: SecretStr = SecretStr("")
    bettingpros_api_key: SecretStr = SecretStr("")
    upstream_timeout_s: float = Field(10.0, gt=0)
    upstream_page_attempts: int = Field(3, ge=1, le=10)  # tries per page inside one scrape (not for 429)
    upstream_page_retry_base_s: float = Field(0.25, ge=0)
    # A page request not answered within this long is raced by a second one (0: never); not for credit-charged APIs.
    upstream_hedge_after_s: float = Field(5.0, ge=0)
    notify_mode: Literal["off", "http", "pubsub"] = "off"
    pubsub_topic: str = "nba-raw-table-updated"

    # Load shedding (shared/load_shedding.py): work in flight per process; unset = the server's threads but one
    shedding_enabled: bool = True
    scrapers_max_in_flight: int | None = Field(None, ge=1, le=1000)
    analytics_max_in_flight: int | None = Field(None, ge=1, le=1000)
    freshness_max_in_flight: int | None = Field(None, ge=1, le=1000)

    # Executor retry policy (see shared/resilience)
    retry_max_attempts: int = Field(7, ge=1, le=20)  # 0.3^7 per call: <0.1% failed 4-call workflows at 30% faults
    retry_base_s: float = Field(0.5, ge=0)
    retry_cap_s: float = Field(8.0, gt=0)
    retry_attempt_timeout_s: float = Field(30.0, gt=0)
    workflow_deadline_s: float = Field(120.0, gt=0)
    executor_max_parallel: int = Field(16, ge=1, le=64)
    # A partial workflow run that lost more than this share of its calls counts as failed (verify, status page).
    calls_lost_share: float = Field(0.10, ge=0, le=1)

    # Upstream budgets (shared/resilience/budget.py): quota, cool-down, retry budget
    budget_enabled: bool = True
    retry_budget_ratio: float = Field(0.8, gt=0, le=1)  # tokens a success adds; a retry costs one
    retry_budget_reserve: float = Field(10.0, ge=1, le=1000)  # bucket capacity: retries with no recent success
    retry_budget_window_minutes: float = Field(60.0, gt=0, le=1440)
    odds_api_daily_credits: int = Field(600, ge=1, le=10_000_000)
    odds_api_reset_day: int = Field(1, ge=1, le=28)
    budget_cache_s: float = Field(5.0, ge=0, le=300)

    # Analytics circuit breaker
    breaker_threshold: int = Field(5, ge=1)
    breaker_timeout_minutes: float = Field(30.0, gt=0)
    breaker_cache_s: float = Field(5.0, ge=0)
    max_range_days: int = Field(400, ge=1)

    # Freshness
    freshness_lookback_days: int = Field(7, ge=1, le=60)
    alert_webhook_url: SecretStr | None = None  # a Slack webhook URL carries its token: never logged
    freshness_checks_path: Path | None = None
    alert_webhook_attempts: int = Field(4, ge=1, le=10)
    alert_webhook_timeout_s: float = Field(5.0, gt=0)
    alert_webhook_deadline_s: float = Field(20.0, gt=0)

    @field_validator("simulated_clock_file")
    @classmethod
    def _simulated_is_local(cls, value: Path | None, info: ValidationInfo) -> Path | None:
        if value is not None and info.data.get("environment") == "production":
            raise ValueError("a simulated clock is for the local stack only; unset it in production")
        return value

    def clock(self) -> Clock:
        """The one clock of this process: the simulation's when COURTSIDE_SIMULATED_CLOCK_FILE is set."""
        return clock_for(self.simulated_clock_file)

    @field_validator("alert_webhook_url")
    @classmethod
    def _webhook_is_http(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        if value is None:
            return value
        if info.data.get("environment") == "production" and not value.get_secret_value().startswith("https://"):
            raise ValueError("expected an https:// URL in production")
        if not value.get_secret_value().startswith(("http://", "https://")):
            raise ValueError("expected an http(s) URL")
        return value

    def secret_values(self) -> list[str]:
        """Every secret's value, for the log redaction."""
        secrets = [self.odds_api_key, self.bdl_api_key, self.bettingpros_api_key, self.alert_webhook_url]
        return [s.get_secret_value() for s in secrets if s is not None]


def _describe(error: dict) -> str:
    """One line naming the variable and the expected form (a secret's value is never echoed)."""
    field = str(error["loc"][0]) if error.get("loc") else "?"
    name = "BUILD_COMMIT" if field == "build_commit" else f"{ENV_PREFIX}{field.upper()}"
    secret = field in Settings.model_fields and "SecretStr" in str(Settings.model_fields[field].annotation)
    got = "<hidden>" if secret else repr(error.get("input"))
    return f"{name}: {error['msg']} (got {got})"


def load_settings(**overrides: object) -> Settings:
    """Read and validate settings; a bad value raises ConfigError naming the variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ConfigError(f"invalid setting {_describe(dict(first))}", field=str(first["loc"][0])) from None


@lru_cache(maxsize=1)
def settings_from_env() -> Settings:
    """The process-wide settings, read once."""
    return load_settings()
