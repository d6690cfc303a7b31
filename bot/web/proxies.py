"""What a request says about where it came from, believed only from the configured proxies.

Behind HAProxy every request comes from the proxy's address, and the proxy tells the client's
address, the scheme and the host in X-Forwarded-For, -Proto and -Host. Anyone can send those
headers, so they are read only when the request's own peer is in RPA_TRUSTED_PROXIES; from
anyone else the connection itself is the truth. Throttles key on `client_address`, the
trainer Origin check and the join link on `public_origin`.
"""

from __future__ import annotations

import ipaddress

from sanic.request import Request

from bot.settings import allowed_hosts, trusted_proxies


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return False
    return any(ip in network for network in trusted_proxies())


def _peer(request: Request) -> str:
    return str(request.conn_info.client_ip if request.conn_info else "") or request.ip


def from_proxy(request: Request) -> bool:
    """Whether the request's own peer is a configured proxy."""
    return _trusted(_peer(request))


def client_address(request: Request) -> str:
    """The client's address: the peer, or behind a trusted proxy the last address in
    X-Forwarded-For that is not itself a trusted proxy (earlier entries the client wrote)."""
    peer = _peer(request)
    if not _trusted(peer):
        return peer
    hops = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",")]
    for hop in reversed([hop for hop in hops if hop]):
        if not _trusted(hop):
            return hop
    return peer


def _forwarded(request: Request, header: str) -> str:
    if not from_proxy(request):
        return ""
    return request.headers.get(header, "").split(",")[0].strip().lower()


def scheme(request: Request) -> str:
    """http or https: as the trusted proxy says, else as the connection is."""
    return _forwarded(request, "x-forwarded-proto") or request.scheme.lower()


def host(request: Request) -> str:
    """The host (and port) the client asked for: as the trusted proxy says, else Host."""
    return _forwarded(request, "x-forwarded-host") or request.headers.get("host", "").lower()


def public_origin(request: Request) -> str:
    """scheme://host[:port] of the site as the client sees it."""
    return f"{scheme(request)}://{host(request)}"


def host_allowed(request: Request) -> bool:
    """Whether the Host the client asked for is one of the names this assistant answers to."""
    name = host(request)
    if name.startswith("["):
        name = name[1:].split("]")[0]
    elif name.count(":") == 1:
        name = name.split(":")[0]
    return name in allowed_hosts()
