"""The Host names `hubdocs serve` answers to (DNS-rebinding protection): bind address -> names."""

from __future__ import annotations

import contextlib
import ipaddress
import re
import socket
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

WILDCARDS = ("0.0.0.0", "::", "")  # noqa: S104 - names of the wildcard bind, not a bind


def allowed_hosts(host: str, port: int, extra: tuple[str, ...] = ()) -> set[str]:
    """Every `Host` header value to accept: `name:port` (and the bare name on port 80).

    Loopback binds answer to localhost and the loopback addresses; a wildcard bind also to
    every address of the machine's interfaces and its host names; `extra` adds names."""
    names = {host.lower()}
    if host in WILDCARDS or _is_loopback(host):
        names |= {"localhost", "127.0.0.1", "::1"}
    if host in WILDCARDS:
        names |= local_addresses()
    names |= {n.strip().lower() for n in extra if n.strip()}
    names.discard("")
    out = set()
    for n in names:
        shown = f"[{n}]" if ":" in n and not n.startswith("[") else n
        out.add(f"{shown}:{port}")
        if port == 80:
            out.add(shown)
    return out


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def local_addresses() -> set[str]:
    """The machine's host names and the addresses of its interfaces (IPv4 and IPv6), as far as
    they can be found without extra packages; never raises."""
    out: set[str] = set()
    with contextlib.suppress(OSError):
        out |= {socket.gethostname().lower(), socket.getfqdn().lower()}
    for name in list(out):
        with contextlib.suppress(OSError, UnicodeError):
            out |= {str(a[4][0]).split("%")[0] for a in socket.getaddrinfo(name, None)}
    for family, probe in ((socket.AF_INET, "192.0.2.1"), (socket.AF_INET6, "2001:db8::1")):
        with contextlib.suppress(OSError), socket.socket(family, socket.SOCK_DGRAM) as s:
            s.connect((probe, 9))  # a UDP connect sends nothing: it only picks the route
            out.add(s.getsockname()[0].split("%")[0])
    out |= _proc_addresses()
    return {a.lower() for a in out if a}


def _proc_addresses() -> set[str]:
    """Linux: every local IPv4 address (/proc/net/fib_trie) and IPv6 address (if_inet6)."""
    out: set[str] = set()
    with contextlib.suppress(OSError):
        lines = Path("/proc/net/fib_trie").read_text().splitlines()
        for prev, line in zip(lines, lines[1:], strict=False):
            if line.strip() == "/32 host LOCAL":
                out.add(prev.strip().split()[-1])
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/net/if_inet6").read_text().splitlines():
            raw = line.split()[0]
            out.add(str(ipaddress.IPv6Address(bytes.fromhex(raw))))
    return out


_HOST_VALUE = re.compile(r"(?:\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::[0-9]{1,5})?", re.I)
"""A Host value: a name or IPv4 address, or a bracketed IPv6 address, then an optional port."""
_ABSOLUTE = re.compile(r"[a-z][a-z0-9+.-]*://", re.I)
OWS = " \t"
"""Optional whitespace around a header value (RFC 9112 §5.1: not part of the value)."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """What `check_request` decided: `status` 0 (go on with `path`, the origin-form target),
    400 (malformed) or 421 (a name this server does not answer to)."""

    status: int
    path: str = ""
    reason: str = ""
    host: str = ""
    """The Host value accepted (lower case, without the whitespace around it)."""


def check_request(host_values: list[str], target: str, allowed: set[str]) -> Verdict:
    """The Host rules of `hubdocs serve` (DNS-rebinding protection), for every request:

    - exactly one `Host` header (none, or two, is 400, as RFC 9112 §3.2 requires);
    - its value without the optional whitespace around it (spaces and tabs, which RFC 9112
      §5.1 excludes from every field value: `Host: localhost:8000 ` is `localhost:8000`);
      anything else that is not a host name or address with an optional port (whitespace or
      control characters inside, a folded line, `user@`, a path) is 400;
    - that name, in any letter case, must be one `allowed` (else 421);
    - a request target in absolute form (`GET http://name/x HTTP/1.1`) must be `http://` with
      an allowed name as well (else 421; a `user@` part is 400), and is then served as its
      path (`/x`); the Host header is checked all the same. `*` passes (OPTIONS gets its 405);
      any other target is 400.
    """
    if len(host_values) != 1:
        return Verdict(400, reason="send exactly one Host header")
    value = host_values[0].strip(OWS)
    if not _HOST_VALUE.fullmatch(value):
        return Verdict(400, reason="the Host header is not a host name and port")
    if value.lower() not in allowed:
        return Verdict(421, reason="unknown Host")
    host = value.lower()
    if target.startswith("/") or target == "*":
        return Verdict(0, target, host=host)
    if not _ABSOLUTE.match(target):
        return Verdict(400, reason="the request target is not a path or an http URL")
    parts = urlsplit(target)
    if "@" in parts.netloc or not _HOST_VALUE.fullmatch(parts.netloc):
        return Verdict(400, reason="the request target's authority is not a host name and port")
    if parts.scheme.lower() != "http" or parts.netloc.lower() not in allowed:
        return Verdict(421, reason="unknown Host")
    path = "/" + parts.path.lstrip("/")  # as http.server does for `//x` targets
    return Verdict(0, f"{path}?{parts.query}" if parts.query else path, host=host)


def single_origin(values: list[str]) -> str | None:
    """The request's one `Origin` (without the whitespace around it), `None` when it sent none,
    and "" (which is nobody's origin) when it sent more than one."""
    if not values:
        return None
    return values[0].strip(OWS) if len(values) == 1 else ""
