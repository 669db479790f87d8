"""ID tokens are fetched once per audience and refreshed before they expire."""

from shared.http.id_tokens import CachedTokens


def test_tokens_are_reused_per_audience_until_their_ttl():
    now = [0.0]
    fetched: list[str] = []

    def fetch(audience: str) -> str:
        fetched.append(audience)
        return f"token-{len(fetched)}"

    tokens = CachedTokens(fetch, ttl_s=100, clock=lambda: now[0])
    assert tokens("https://scrapers") == tokens("https://scrapers") == "token-1"
    assert tokens("https://analytics") == "token-2"
    now[0] = 100.0
    assert tokens("https://scrapers") == "token-3"
    assert fetched == ["https://scrapers", "https://analytics", "https://scrapers"]
