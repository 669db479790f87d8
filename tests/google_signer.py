"""A local stand-in for Google's ID-token signer: an RSA key whose certificate a 127.0.0.1 server serves as the set."""

from __future__ import annotations

import base64
import datetime as dt
import http.server
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from google.auth import crypt, jwt

ISSUER = "https://accounts.google.com"


def _key_and_cert(name: str) -> tuple[bytes, bytes]:
    """A new RSA private key (PEM) and its self-signed certificate (PEM), as Google's v1/certs lists them."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=365 * 30))
        .sign(key, hashes.SHA256())
    )
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return private, cert.public_bytes(serialization.Encoding.PEM)


@dataclass
class Signer:
    """Signs ID tokens the way Google does (RS256, `kid` naming a certificate of the served set)."""

    kid: str
    private_pem: bytes
    cert_pem: bytes

    @classmethod
    def new(cls, kid: str) -> Signer:
        private, cert = _key_and_cert(kid)
        return cls(kid, private, cert)

    def token(self, *, audience: str, email: str | None, ttl_s: float = 3600, **claims: Any) -> str:
        """A signed ID token for `audience` naming `email`; `claims` add or override (iss, exp, iat, ...)."""
        now = int(time.time())
        payload: dict[str, Any] = {"iss": ISSUER, "aud": audience, "sub": "1234567890", "iat": now}
        payload["exp"] = now + int(ttl_s)
        if email is not None:
            payload |= {"email": email, "email_verified": True}
        signer = crypt.RSASigner.from_string(self.private_pem, key_id=self.kid)
        return jwt.encode(signer, payload | claims).decode()


def unsigned(*, audience: str, email: str, alg: str = "none") -> str:
    """A token with the claims of a valid one and no signature (alg `none`, or RS256 with the signature left off)."""

    def part(value: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    now = int(time.time())
    claims = {"iss": ISSUER, "aud": audience, "email": email, "email_verified": True, "iat": now, "exp": now + 3600}
    return f"{part({'alg': alg, 'typ': 'JWT'})}.{part(claims)}."


@dataclass
class CertServer:
    """The certificate set served at `url`; `requests` counts how often it was fetched."""

    url: str
    signer: Signer
    requests: list[str]


@contextmanager
def google_certs(kid: str = "test-key-1") -> Iterator[CertServer]:
    """Serve one signer's certificate as {kid: PEM} on 127.0.0.1 (a free port) for the life of the block."""
    signer = Signer.new(kid)
    seen: list[str] = []
    body = json.dumps({signer.kid: signer.cert_pem.decode()}).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
            seen.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Cache-Control", "public, max-age=600")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield CertServer(f"http://127.0.0.1:{server.server_address[1]}/oauth2/v1/certs", signer, seen)
    finally:
        server.shutdown()
        server.server_close()
