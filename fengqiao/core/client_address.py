"""The address of the person behind a request, believing a proxy only when it is ours.

``FENGQIAO_TRUSTED_PROXIES`` (settings.TRUSTED_PROXIES) lists the reverse proxies' addresses or
networks. X-Forwarded-For is read only when the request itself comes from one of them; the
client is then the right-most forwarded address that is not a trusted proxy (a client can put
anything at the left of the header, but each of our proxies appends the address it saw).
A request from anywhere else is that address, whatever headers it sends.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(e, strict=False) for e in entries)


def trusted_networks() -> tuple[Network, ...]:
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == n.version and address in n for n in networks)


def client_address(request: HttpRequest) -> str | None:
    """The real client address as a string (also django-axes' AXES_CLIENT_IP_CALLABLE)."""
    peer_text = request.META.get("REMOTE_ADDR", "") or ""
    peer = _parse(peer_text)
    if peer is None:
        return peer_text or None
    networks = trusted_networks()
    if not networks or not _is_trusted(peer, networks):
        return str(peer)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([h for h in forwarded.split(",") if h.strip()]):
        address = _parse(hop)
        if address is None:
            break  # a garbled hop: stop believing the header at this point
        if not _is_trusted(address, networks):
            return str(address)
        peer = address
    return str(peer)
