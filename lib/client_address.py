"""The address of the client behind the documented reverse proxy, for rate limits and lockouts.

X-Forwarded-For is read only when the direct peer (REMOTE_ADDR) is one of TRUSTED_PROXIES; it
is then read from the right, skipping trusted proxies, so that entries a client wrote itself
(on the left) are never believed. With no trusted proxy (the default) the header is ignored.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# No usable peer address (a request built in code): empty, which axes stores as NULL.
UNKNOWN = ""


@lru_cache(maxsize=8)
def trusted_networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    """Parse addresses or CIDR blocks ("10.0.0.5", "10.0.0.0/8", "::1")."""
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy)


def _parse(value: str) -> Address | None:
    try:
        return ipaddress.ip_address(value.strip().removeprefix("[").removesuffix("]"))
    except ValueError:
        return None


def _trusted(address: Address, networks: Iterable[Network]) -> bool:
    return any(address in network for network in networks)


def resolve_client_address(remote_addr: str, forwarded_for: str, proxies: Iterable[str]) -> str:
    """The first address, walking back from the direct peer, that is not a trusted proxy."""
    networks = trusted_networks(tuple(proxies))
    peer = _parse(remote_addr)
    if peer is None:
        return UNKNOWN
    if not _trusted(peer, networks):
        return str(peer)
    client = peer
    for hop in reversed(forwarded_for.split(",") if forwarded_for else []):
        address = _parse(hop)
        if address is None:
            break  # a malformed entry: keep the last address a trusted proxy vouched for
        client = address
        if not _trusted(address, networks):
            break
    return str(client)


def client_address(request: HttpRequest) -> str:
    """The client's address, honouring settings.TRUSTED_PROXIES."""
    return resolve_client_address(
        str(request.META.get("REMOTE_ADDR", "")),
        str(request.META.get("HTTP_X_FORWARDED_FOR", "")),
        settings.TRUSTED_PROXIES,
    )
