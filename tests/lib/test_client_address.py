"""The client address: X-Forwarded-For is believed only from trusted proxies, from the right."""

from __future__ import annotations

import pytest

from lib.client_address import resolve_client_address


@pytest.mark.parametrize(
    ("remote", "forwarded", "proxies", "expected"),
    [
        # No trusted proxy (the default): the header is ignored.
        ("203.0.113.5", "192.0.2.1", [], "203.0.113.5"),
        # Through the trusted nginx: the address nginx appended.
        ("10.0.0.2", "192.0.2.1", ["10.0.0.2"], "192.0.2.1"),
        # A forged left part is skipped: only what trusted proxies appended counts.
        ("10.0.0.2", "198.51.100.9, 192.0.2.1", ["10.0.0.2"], "192.0.2.1"),
        # Two trusted hops (load balancer, then nginx), given as a network.
        ("10.0.0.2", "6.6.6.6, 192.0.2.1, 10.0.0.7", ["10.0.0.0/24"], "192.0.2.1"),
        # A direct connection that bypasses the proxy cannot choose its address.
        ("203.0.113.5", "192.0.2.1", ["10.0.0.2"], "203.0.113.5"),
        # Garbage appended where an address should be: keep the last trusted hop.
        ("10.0.0.2", "not-an-ip", ["10.0.0.2"], "10.0.0.2"),
        ("10.0.0.2", "", ["10.0.0.2"], "10.0.0.2"),
        ("::1", "2001:db8::1", ["::1"], "2001:db8::1"),
        ("", "192.0.2.1", [], ""),
    ],
)
def test_resolve_client_address(remote, forwarded, proxies, expected):
    assert resolve_client_address(remote, forwarded, proxies) == expected
