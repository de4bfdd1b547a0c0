"""The Host names `hubdocs serve` answers to (DNS-rebinding protection): bind address -> names."""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from pathlib import Path

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
