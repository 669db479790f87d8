"""Dispatch one request: route, count, draw a fault, guard (auth, quota), answer; no sockets here."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from datetime import datetime

from local.upstream_standin import admin, bdl, bettingpros, espn, fault_replies, nbacom, odds_api
from local.upstream_standin.faults import FaultConfig, FaultProfile
from local.upstream_standin.injector import FaultInjector
from local.upstream_standin.replies import Context, Reply, Request, Route, json_reply
from local.upstream_standin.season import Season
from local.upstream_standin.state import State
from shared.clock import Clock, system_now

logger = logging.getLogger(__name__)
ROUTES: list[Route] = [*nbacom.ROUTES, *odds_api.ROUTES, *bdl.ROUTES, *espn.ROUTES, *bettingpros.ROUTES]
GUARDS = {"odds_api": odds_api.guard, "bdl": bdl.guard, "bettingpros": bettingpros.guard}


@dataclass(frozen=True)
class Outcome:
    """What the socket layer does: wait `delay_s`, then send `reply`, or reset the connection when it is None."""

    reply: Reply | None
    delay_s: float = 0.0


class UpstreamApp:
    """The stand-in's behaviour: a season, the mutable state and the fault injector."""

    def __init__(
        self, season: Season, faults: FaultConfig, now: datetime | None = None, clock: Clock = system_now
    ) -> None:
        self.season = season
        self.state = State(now, clock)
        self.injector = FaultInjector(faults)
        self._compiled = [(re.compile(route.pattern + r"/?"), route) for route in ROUTES]

    def match(self, path: str) -> tuple[Route, dict[str, str]] | None:
        for pattern, route in self._compiled:
            found = pattern.fullmatch(path)
            if found:
                return route, {k: v for k, v in found.groupdict().items() if v is not None}
        return None

    def handle(self, request: Request) -> Outcome:
        if request.path == "/healthz" or request.path.startswith("/__admin"):
            return Outcome(admin.handle(self, request))
        matched = self.match(request.path)
        if matched is None:
            return Outcome(json_reply({"message": "Not Found", "path": request.path}, 404))
        route, params = matched
        if request.method != "GET":
            return Outcome(json_reply({"message": f"Method {request.method} not allowed"}, 405))
        upstream = route.upstream
        self.state.count_request(request.path, upstream)
        if upstream == "odds_api":
            self.state.count_odds_api_request()
        profile = self.injector.config.for_upstream(upstream)
        fault = self.injector.draw(upstream)
        delay = profile.latency_s
        if fault is not None:
            self.state.count_fault(upstream, fault.kind)
            if fault.kind == "reset":
                return Outcome(None, delay)
        if fault is not None and fault.kind == "429":
            reply = fault_replies.too_many_requests(upstream, fault.retry_after_s)
        elif fault is not None and fault.kind == "5xx":
            reply = fault_replies.server_error(upstream, fault.status or 503)
        else:
            context = Context(self.season, self.state.now(), self.state, profile)
            reply = self._answer(route, replace(request, params=params), context)
            if fault is not None and fault.kind == "slow":
                delay += fault.slow_s
            if fault is not None and fault.kind == "malformed":
                reply = fault_replies.corrupt(reply, fault.variant)
        if upstream == "odds_api":
            self._credit_headers(reply, profile)
        return Outcome(reply, delay)

    def _answer(self, route: Route, request: Request, context: Context) -> Reply:
        guard = GUARDS.get(route.upstream)
        refused = guard(request) if guard else None
        if refused is not None:
            return refused
        if self._out_of_quota(route, context.profile):
            self.state.count_fault(route.upstream, "quota")
            return fault_replies.quota_exhausted(route.upstream, context.profile.retry_after_s)
        try:
            return route.handler(request, context)
        except Exception:  # our own bug: say so loudly, answer 500 like a broken upstream would
            logger.exception("upstream stand-in handler failed for %s", request.path)
            return json_reply({"message": "stand-in handler error (a bug in local/upstream_standin)"}, 500)

    def _out_of_quota(self, route: Route, profile: FaultProfile) -> bool:
        if route.upstream != "odds_api":
            return profile.quota_exhausted
        credits_left = self.injector.config.odds_api_credits - self.state.credits_spent()
        return route.billable and (profile.quota_exhausted or credits_left <= 0)

    def _credit_headers(self, reply: Reply, profile: FaultProfile) -> None:
        """x-requests-remaining/used/last on every Odds API response, errors included."""
        cost = reply.cost if reply.status == 200 else 0
        used = self.state.spend_credits(cost)
        remaining = max(0, self.injector.config.odds_api_credits - used)
        if profile.quota_exhausted:
            remaining = 0
        self.state.report_remaining(remaining)
        reply.headers.update(
            {"x-requests-remaining": str(remaining), "x-requests-used": str(used), "x-requests-last": str(cost)}
        )
