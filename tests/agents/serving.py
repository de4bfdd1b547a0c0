"""`hubdocs serve` with the agents mount, as the lead would wire it: serve's real Handler with
AgentsMixin in front, the MCP bridge in the serve state. Also plain serve, and a slow one."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import ROOT


@contextlib.contextmanager
def agents_serve(root: Path, mount: bool = True, delay: float = 0.0) -> Iterator[str]:
    """A server for a built brand folder on 127.0.0.1 (free port); yields its base URL.
    `mount=False`: serve as it is today; `delay`: seconds before every answer."""
    from renderer.config.mkdocs_yml import load_config
    from renderer.serve.agents_mount import AgentsMixin, McpBridge
    from renderer.serve.server import Handler, State, make_server

    cfg = load_config(ROOT / "mkdocs.yml")
    state = State(root, cfg.brand(root.name), None, log=open("/dev/null", "w"))  # noqa: SIM115
    bases = (AgentsMixin, Handler) if mount else (Handler,)

    def slow_serve(self, head):  # a planted fault: the server answers late
        time.sleep(delay)
        return super(cls, self).serve(head)

    cls = type(
        "AgentsHandler", bases, {"agents": mount, **({"serve": slow_serve} if delay else {})}
    )
    server = make_server("127.0.0.1", 0, state)
    server.RequestHandlerClass = type("Bound", (cls,), {"state": state, "timeout": 10})
    port = server.server_address[1]
    bridge = None
    if mount:
        bridge = McpBridge(
            root.parent, root.name, lambda: state.hosts, f"http://127.0.0.1:{port}/mcp"
        )
        state.mcp = bridge.start()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        server.server_close()
        if bridge is not None:
            bridge.close()
        state.log.close()
