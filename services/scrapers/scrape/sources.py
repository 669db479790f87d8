"""The upstream APIs: base URL setting, fixed headers and how each one takes its API key."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from shared.settings import Settings

BROWSER_UA = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
)


@dataclass(frozen=True)
class Source:
    """One upstream: `name` is its archive folder; the key goes in a header or a query parameter."""

    name: str
    url_setting: str
    headers: Mapping[str, str] = field(default_factory=dict)
    key_setting: str | None = None
    key_header: str | None = None
    key_query: str | None = None
    credits: bool = False  # bills each request in credits and reports them in x-requests-* headers

    def base_url(self, settings: Settings) -> str:
        """The configured base URL without a trailing slash."""
        return str(getattr(settings, self.url_setting)).rstrip("/")

    def api_key(self, settings: Settings) -> str:
        """The API key from settings ('' when unset or not needed)."""
        return getattr(settings, self.key_setting).get_secret_value() if self.key_setting else ""

    def auth(self, settings: Settings) -> tuple[dict[str, str], dict[str, str]]:
        """(headers, query parameters) of a request: fixed headers plus the key where this API wants it."""
        headers, query = {"Accept": "application/json", **self.headers}, {}
        key = self.api_key(settings)
        if key and self.key_header:
            headers[self.key_header] = key  # BDL wants the bare key, no "Bearer".
        if key and self.key_query:
            query[self.key_query] = key
        return headers, query


_NBA_BROWSER = {"User-Agent": BROWSER_UA, "Origin": "https://www.nba.com", "Referer": "https://www.nba.com/"}

NBACOM_CDN = Source("nbacom", "nbacom_cdn_url", _NBA_BROWSER)
NBACOM_OFFICIAL = Source("nbacom", "nbacom_official_url", _NBA_BROWSER)
ODDS_API = Source("oddsapi", "odds_api_url", key_setting="odds_api_key", key_query="apiKey", credits=True)
BDL = Source("bdl", "bdl_url", key_setting="bdl_api_key", key_header="Authorization")
ESPN = Source("espn", "espn_url", {"User-Agent": BROWSER_UA})
BETTINGPROS = Source(
    "bettingpros",
    "bettingpros_url",
    {
        "User-Agent": BROWSER_UA,
        "Origin": "https://www.bettingpros.com",
        "Referer": "https://www.bettingpros.com/",
        "Accept-Encoding": "gzip, deflate, br",
    },
    key_setting="bettingpros_api_key",
    key_header="x-api-key",
)
SOURCES = (NBACOM_CDN, NBACOM_OFFICIAL, ODDS_API, BDL, ESPN, BETTINGPROS)


def upstream_names() -> list[str]:
    """Every upstream's name (a budget's key), in order."""
    return list(dict.fromkeys(s.name for s in SOURCES))


def secrets(settings: Settings) -> list[str]:
    """Every configured API key, so messages can be scrubbed of them."""
    return [k for k in (s.api_key(settings) for s in SOURCES) if k]
