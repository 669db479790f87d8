"""/healthz and the /__admin JSON API: clock, holdback, faults, stats, reset, season summary."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from local.upstream_standin.faults import FaultConfigError, parse_config
from local.upstream_standin.replies import Reply, Request, iso_z, json_reply
from local.upstream_standin.state import HOLDBACK_UPSTREAMS, parse_instant

if TYPE_CHECKING:
    from local.upstream_standin.app import UpstreamApp


def _bad(field: str, message: str) -> Reply:
    return json_reply({"error": {"code": "bad_request", "field": field, "message": message}}, 400)


def _body(request: Request) -> dict[str, Any] | Reply:
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return _bad("body", "not valid JSON")
    return body if isinstance(body, dict) else _bad("body", "expected a JSON object")


def _clock(app: UpstreamApp, body: dict[str, Any]) -> Reply:
    if "advance_s" in body:
        step = body["advance_s"]
        if isinstance(step, bool) or not isinstance(step, int | float):
            return _bad("advance_s", f"expected a number of seconds, got {step!r}")
        app.state.advance(step)
    elif "now" in body:
        try:
            app.state.set_now(None if body["now"] is None else parse_instant(body["now"], "now"))
        except ValueError as exc:
            return _bad("now", str(exc))
    else:
        return _bad("now", 'expected {"now": "<ISO-8601 instant>"|null} or {"advance_s": <seconds>}')
    return json_reply({"now": iso_z(app.state.now())})


def _holdback(app: UpstreamApp, body: dict[str, Any]) -> Reply:
    upstream = body.get("upstream")
    if upstream not in HOLDBACK_UPSTREAMS:
        return _bad("upstream", f"expected one of {list(HOLDBACK_UPSTREAMS)}, got {upstream!r}")
    try:
        until = None if body.get("until") is None else parse_instant(body["until"], "until")
    except ValueError as exc:
        return _bad("until", str(exc))
    return json_reply({"holdbacks": app.state.hold_back(upstream, until)})


def _faults(app: UpstreamApp, body: dict[str, Any]) -> Reply:
    try:
        config = parse_config(body, default_seed=app.season.seed)
    except FaultConfigError as exc:
        return _bad(exc.field, exc.message)
    app.injector.configure(config)
    return json_reply(config.to_json())


def _season(app: UpstreamApp) -> dict[str, Any]:
    season = app.season
    return {
        "seed": season.seed,
        "season": season.label,
        "start_year": season.start_year,
        "first_day": f"{season.games[0].date_et}",
        "last_day": f"{season.games[-1].date_et}",
        "games": len(season.games),
        "teams": len(season.teams),
        "players": len(season.players),
        "now": iso_z(app.state.now()),
    }


def handle(app: UpstreamApp, request: Request) -> Reply:
    """GET/POST on /healthz and /__admin/*."""
    path, method = request.path.rstrip("/") or "/", request.method
    if path == "/healthz":
        return json_reply({"service": "upstream"})
    getters = {
        "/__admin/clock": lambda: {"now": iso_z(app.state.now())},
        "/__admin/holdback": lambda: {"holdbacks": app.state.holdbacks()},
        "/__admin/faults": app.injector.config.to_json,
        "/__admin/stats": app.state.stats,
        "/__admin/season": lambda: _season(app),
    }
    setters = {"/__admin/clock": _clock, "/__admin/holdback": _holdback, "/__admin/faults": _faults}
    if method == "GET" and path in getters:
        return json_reply(getters[path]())
    if method == "POST" and path == "/__admin/reset":
        body = _body(request)
        if isinstance(body, Reply):
            return body
        if not isinstance(body.get("credits", True), bool):
            return _bad("credits", f"expected true or false, got {body['credits']!r}")
        app.state.reset_counters(credits=body.get("credits", True))
        return json_reply(app.state.stats())
    if method == "POST" and path in setters:
        body = _body(request)
        return body if isinstance(body, Reply) else setters[path](app, body)
    if path in getters or path == "/__admin/reset":
        return json_reply({"error": {"code": "method_not_allowed", "field": None, "message": method}}, 405)
    return json_reply({"error": {"code": "not_found", "field": None, "message": f"no admin path {path}"}}, 404)
