"""Who may open the served app: the token, loopback addresses, and the URL to print.

Pure functions, so the rules can be tested without a server: a token is random unless given, a
non-loopback address needs one, and the URL printed carries it (as Jupyter's does).
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import socket
from dataclasses import dataclass

#: ``--token auto`` (the default): a fresh random token each time the server starts.
AUTO = "auto"
#: Bytes of randomness in an automatic token (URL-safe base64, 32 characters).
TOKEN_BYTES = 24


class AccessError(ValueError):
    """A host, port or token that would leave the app open, or cannot be used."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (``localhost``, 127.0.0.0/8 or ``::1``)."""
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def resolve_token(option: str, host: str) -> str | None:
    """The token to require: random for ``auto``, else as given; ``""`` means none, which only a
    loopback address may have."""
    if option == AUTO:
        return secrets.token_urlsafe(TOKEN_BYTES)
    if option == "":
        if not is_loopback(host):
            raise AccessError(
                f"--host {host} is reachable from other machines: it needs a token "
                "(leave --token as auto, or give one)"
            )
        return None
    if len(option) < 8 or any(c.isspace() for c in option):
        raise AccessError("--token must be at least 8 characters, without spaces")
    return option


def token_matches(given: str | None, token: str) -> bool:
    """Whether ``given`` is the token (in constant time)."""
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


def free_port(host: str) -> int:
    """A port nothing listens on at ``host`` now (for ``--port 0``)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.bind((host.strip("[]"), 0))
        port: int = probe.getsockname()[1]
    return port


@dataclass(frozen=True, slots=True)
class Address:
    """Where the server listens, and the URL a browser opens."""

    host: str
    port: int
    token: str | None

    @property
    def url_host(self) -> str:
        """The host as written in a URL: a wildcard address becomes this machine's name."""
        if self.host in ("0.0.0.0", "::", ""):
            return socket.gethostname()
        return f"[{self.host}]" if ":" in self.host else self.host

    @property
    def url(self) -> str:
        """The URL to open, with the token."""
        base = f"http://{self.url_host}:{self.port}/"
        return f"{base}?token={self.token}" if self.token else base
