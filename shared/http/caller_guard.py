"""Every mutating route of an app answers only the verified callers its list allows (auth on); GETs stay open."""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping

from flask import Flask, g, request

from shared.errors import ConfigError
from shared.http.caller_identity import AUTHORIZATION, IdTokenVerifier, check_allowed
from shared.http.google_certs import CachedCerts
from shared.http.local_urls import on_this_machine
from shared.settings import ENV_PREFIX, Settings

logger = logging.getLogger(__name__)
READS = frozenset({"GET", "HEAD", "OPTIONS"})  # open unless an app lists one (freshness GET / runs the check)
UNVERIFIED = "unknown (auth off)"  # the actor when nothing was verified


def verified_caller() -> str | None:
    """The verified email of this request's caller; None when auth is off (nothing was verified)."""
    return g.get("verified_caller")


def actor() -> str:
    """Who to record as having asked: the verified caller, or UNVERIFIED when auth is off."""
    return verified_caller() or UNVERIFIED


def install_caller_guard(app: Flask, verifier: IdTokenVerifier | None, callers: Mapping[str, Collection[str]]) -> None:
    """Guard `app`: `callers` maps "METHOD /rule" to the emails allowed; every mutating route must be listed.

    With no verifier (auth off) nothing is checked and `verified_caller()` is None. Call after every route exists.
    """
    routes = {f"{m} {rule.rule}" for rule in app.url_map.iter_rules() for m in rule.methods or ()}
    unlisted = sorted(r for r in routes if r.split(" ", 1)[0] not in READS and r not in callers)
    unknown = sorted(set(callers) - routes)
    if unlisted or unknown:
        raise ConfigError(f"caller lists: routes with none: {unlisted}; lists for no route: {unknown}")
    if verifier is None:
        return

    @app.before_request
    def _verify_caller() -> None:
        rule = request.url_rule
        if rule is None:
            return  # no such route: Flask answers 404/405
        route = f"{'GET' if request.method == 'HEAD' else request.method} {rule.rule}"
        if route in callers:
            caller = verifier.caller(request.headers.get(AUTHORIZATION))
            g.verified_caller = check_allowed(caller, callers[route], route)


def guard_from_settings(app: Flask, settings: Settings, own_url_field: str, routes: Mapping[str, str]) -> None:
    """Guard `app` as settings say: `routes` maps "METHOD /rule" to the Settings field listing its callers; tokens
    must name the service's own URL (the Settings field `own_url_field`) as their audience."""
    callers = {route: frozenset(getattr(settings, field)) for route, field in routes.items()}
    if not settings.auth_enabled:
        install_caller_guard(app, None, callers)
        return
    own_url = str(getattr(settings, own_url_field)).rstrip("/")
    if settings.environment == "production" and on_this_machine(own_url):
        name = f"{ENV_PREFIX}{own_url_field.upper()}"
        raise ConfigError(
            f"{name}: with auth on in production this must be the service's own URL, the audience of its callers' "
            f"ID tokens (got {own_url})",
            field=own_url_field,
        )
    certs = CachedCerts(str(settings.auth_certs_url), timeout_s=settings.auth_certs_timeout_s)
    install_caller_guard(app, IdTokenVerifier(own_url, certs), callers)
    lists = {route: sorted(emails) for route, emails in callers.items()}
    logger.info(
        "callers verified: ID tokens for %s",
        own_url,
        extra={"json_fields": {"event": "caller_lists", "audience": own_url, "callers": lists}},
    )
