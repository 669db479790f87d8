"""What an injected fault looks like on the wire, per upstream: bodies and headers as each one sends them."""

from __future__ import annotations

from local.upstream_standin import odds_api
from local.upstream_standin.replies import Reply, html_reply, json_reply

_REASONS = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}


def _retry_after(reply: Reply, seconds: float | None) -> Reply:
    if seconds is not None:
        reply.headers["Retry-After"] = str(max(0, round(seconds)))
    return reply


def too_many_requests(upstream: str, retry_after_s: float | None) -> Reply:
    """429 as each upstream words it; Retry-After only when the profile says so."""
    if upstream == "odds_api":
        reply = odds_api.error(429, "EXCEEDED_FREQ_LIMIT", "Too many requests")
    elif upstream == "bdl":
        reply = json_reply({"error": "Too Many Requests"}, 429)
    else:
        reply = json_reply({"message": "Too Many Requests"}, 429)
    return _retry_after(reply, retry_after_s)


def server_error(upstream: str, status: int) -> Reply:
    """502 from the proxy in front (an HTML page); 500/503 in the upstream's own error format."""
    reason = _REASONS[status]
    if status == 502:
        return html_reply(502, f"{status} {reason}", "<hr><center>nginx</center>")
    if upstream == "odds_api":
        return odds_api.error(status, "INTERNAL_ERROR" if status == 500 else "SERVICE_UNAVAILABLE", reason)
    if upstream == "bdl":
        return json_reply({"error": reason}, status)
    return json_reply({"message": reason}, status)


def quota_exhausted(upstream: str, retry_after_s: float | None) -> Reply:
    """Odds API 401 OUT_OF_USAGE_CREDITS; BDL 401; NBA.com, ESPN and BettingPros 403 (blocked)."""
    if upstream == "odds_api":
        reply = odds_api.error(
            401, "OUT_OF_USAGE_CREDITS", "Usage quota has been reached. See usage plans at https://the-odds-api.com"
        )
    elif upstream == "bdl":
        reply = json_reply({"error": "Unauthorized"}, 401)
    elif upstream == "nbacom":
        reply = html_reply(403, "Access Denied", "<p>You don't have permission to access this resource.</p>")
    else:
        reply = json_reply({"message": "Forbidden"}, 403)
    return _retry_after(reply, retry_after_s)


def corrupt(reply: Reply, variant: int) -> Reply:
    """A 200 whose body will not parse: the real JSON cut short, or an HTML interstitial page."""
    if variant == 0:
        cut = max(1, len(reply.body) // 2) if len(reply.body) > 1 else 0
        return Reply(200, reply.body[:cut] or b"{", dict(reply.headers), reply.content_type, reply.cost)
    page = html_reply(200, "Just a moment...", "<p>Checking your browser before accessing the site.</p>")
    page.headers.update(reply.headers)
    return page
