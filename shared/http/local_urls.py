"""Whether a URL names this machine (localhost or a loopback address): in production, never another service."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit


def on_this_machine(url: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    host = urlsplit(url).hostname or ""
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
