"""Docs for agents, per brand (issue 28): everything here reads a built brand folder
(`site/<brand>/`) and nothing else, so a white-label brand's agents see only what its readers see.

- `site.load_site(root)`: the built brand read back (name, URL, pages, sections, anchors).
- `search.SearchIndex(site).search(query)`: ranked sections.
- `mcp_server.build_server(site_dir, brand)`, `mcp_server.run(argv)`: `hubdocs mcp`.
- `mcp_server.http_app(server, hosts)`: its Streamable HTTP app behind the Host/Origin guard.
- `serve_mount.AgentsMixin`, `serve_mount.McpBridge`: negotiation and /mcp for `hubdocs serve`.
- `negotiate.negotiate(accept)`, `negotiate.twin_path(url_path)`, `negotiate.twin_file(...)`.
- `discovery.agent_files(site)`: .well-known files, skill.md, robots.txt.
- `host_config.host_files(site, base_headers, base_redirects)`: _headers, _redirects, vercel.json.
- `jsonld.page_graph(...)`, `jsonld.script(data)`, `jsonld.with_jsonld(html, element)`.
- `build_step.agent_outputs(root)`: all of the above for one brand folder, as {path: bytes}.
- `score.run_checks(target)`, `score.run(argv)`: `hubdocs score`.

Nothing here imports the MCP SDK until a server is built (it takes seconds to import).
"""
