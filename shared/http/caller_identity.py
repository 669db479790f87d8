"""Who is calling: the `Authorization` header parsed strictly and its Google-signed ID token verified (google-auth)."""

from __future__ import annotations

import re
from collections.abc import Collection

import google.oauth2.id_token
from google.auth.exceptions import GoogleAuthError, TransportError

from shared.errors import CourtsideError
from shared.http.google_certs import CachedCerts

AUTHORIZATION = "Authorization"
GOOGLE_ISSUERS = frozenset({"accounts.google.com", "https://accounts.google.com"})
MAX_TOKEN_CHARS = 8192  # Google's ID tokens are about 1 KB
_B64URL = r"[A-Za-z0-9_-]"
_BEARER = re.compile(rf"Bearer ({_B64URL}+\.{_B64URL}+\.{_B64URL}*)", re.ASCII | re.IGNORECASE)
_EXPECTED = "expected 'Bearer <Google-signed ID token>'"


class Unauthenticated(CourtsideError):
    """No verifiable Google-signed ID token: the caller is unknown."""

    status = 401
    code = "unauthenticated"

    def __init__(self, why: str) -> None:
        super().__init__(f"{AUTHORIZATION}: {why}", field=AUTHORIZATION)


class Forbidden(CourtsideError):
    """A verified caller this endpoint does not allow."""

    status = 403
    code = "forbidden"


class CertificatesUnavailable(CourtsideError):
    """Google's certificate set could not be read, so no token can be checked now (retry later)."""

    status = 503
    code = "certificates_unavailable"


def bearer_token(header: str | None) -> str:
    """The JWT of an `Authorization: Bearer <jwt>` header; anything else is a 401 saying what is wrong."""
    if header is None or not header.strip():
        raise Unauthenticated(f"missing; {_EXPECTED}")
    if len(header) > MAX_TOKEN_CHARS:
        raise Unauthenticated(f"longer than {MAX_TOKEN_CHARS} characters; {_EXPECTED}")
    scheme, _, rest = header.partition(" ")
    if scheme.lower() != "bearer":
        raise Unauthenticated(f"scheme {scheme[:20]!r} is not Bearer; {_EXPECTED}")
    found = _BEARER.fullmatch(header)
    if found is None:
        raise Unauthenticated("the bearer token is not a JWT (three base64url parts joined by dots)")
    return found.group(1)


class IdTokenVerifier:
    """Verifies Google-signed ID tokens meant for `audience` (this service's URL); the verified email is the caller."""

    def __init__(self, audience: str, certs: CachedCerts, *, clock_skew_s: int = 10) -> None:
        self.audience, self._certs, self._clock_skew_s = audience.rstrip("/"), certs, clock_skew_s

    def caller(self, header: str | None) -> str:
        """The verified caller's email, or Unauthenticated (401) saying why not."""
        token = bearer_token(header)
        claims = self._verified(token)
        if claims.get("iss") not in GOOGLE_ISSUERS:
            raise Unauthenticated(f"issuer {str(claims.get('iss'))[:100]!r} is not Google (accounts.google.com)")
        email = claims.get("email")
        if not isinstance(email, str) or "@" not in email:
            raise Unauthenticated("the ID token carries no email (mint it with the caller's email included)")
        if claims.get("email_verified") is not True:
            raise Unauthenticated(f"the ID token's email {email} is not marked verified")
        return email.lower()

    def _verified(self, token: str) -> dict:
        for attempt in (1, 2):
            try:
                return dict(
                    google.oauth2.id_token.verify_token(
                        token,
                        self._certs,
                        audience=self.audience,
                        certs_url=self._certs.url,
                        clock_skew_in_seconds=self._clock_skew_s,
                    )
                )
            except TransportError as exc:
                raise CertificatesUnavailable(str(exc)) from None
            except (GoogleAuthError, ValueError) as exc:
                # A key id not in the set: Google may have rotated its keys since the set was read; read it again once.
                if attempt == 1 and "not found" in str(exc) and self._certs.refresh():
                    continue
                raise Unauthenticated(f"ID token refused: {_short(exc)}") from None
        raise AssertionError("unreachable")


def check_allowed(caller: str, allowed: Collection[str], route: str) -> str:
    """`caller` when it is on `allowed`, else Forbidden (403) naming the caller and the route."""
    if caller not in allowed:
        raise Forbidden(f"{caller} may not call {route}", field=AUTHORIZATION, details={"caller": caller})
    return caller


def _short(exc: Exception, limit: int = 200) -> str:
    return " ".join(str(exc).split())[:limit]
