"""The address of the person behind a request, read through the site's own reverse proxy.

Behind nginx every request comes from the proxy's address, so a limit per `REMOTE_ADDR`
counts the whole city as one sender. The proxy tells who its client was in
`X-Forwarded-For`, but any client can send that header too: it is believed only when the
request came from an address listed in SASAEAI_TRUSTED_PROXIES (addresses or networks,
e.g. "127.0.0.1,10.0.0.0/24"). The header is read from the right — each trusted proxy
appends the address it saw — and the first address that is not a trusted proxy is the
client; what lies further left was written by the client and is never believed.

Used by the correction reports' limit (office/reports.py) and django-axes' lock-out
(AXES_CLIENT_IP_CALLABLE).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def trusted_networks(spec: tuple[str, ...]) -> tuple[Network, ...]:
    """The networks of SASAEAI_TRUSTED_PROXIES; a bad entry is an error naming it."""
    networks = []
    for entry in spec:
        entry = entry.strip()
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError as error:
            raise ValueError(
                f"SASAEAI_TRUSTED_PROXIES: {entry!r} is not an address or network"
            ) from error
    return tuple(networks)


def _parse(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "192.0.2.1:5000"
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address: object, networks: Iterable[Network]) -> bool:
    return any(address in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """The client's address: the peer, or what trusted proxies say stood before them."""
    peer_text = str(request.META.get("REMOTE_ADDR") or "")
    networks = trusted_networks(tuple(getattr(settings, "SASAEAI_TRUSTED_PROXIES", ())))
    peer = _parse(peer_text)
    if peer is None or not networks or not _trusted(peer, networks):
        return str(peer) if peer is not None else peer_text
    client = peer
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR") or "")
    for hop in reversed(forwarded.split(",")):
        address = _parse(hop)
        if address is None:
            break  # garbage from further left: keep the last address a trusted proxy gave
        client = address
        if not _trusted(address, networks):
            break
    return str(client)
