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
- `build_files.with_agent_files(brand, variant, listing)`: the build's own agents step (the
  discovery files, skill.md, robots.txt and host files added to the files the renderer writes
  once per brand, so the brand pass leak-checks them); JSON-LD is in the page template
  (render/jsonld.py).
- `build_step.agent_outputs(root)`: the same files computed from a built folder, as {path: bytes}
  (for a folder built without them; tests compare the two).
- `score.run_checks(target)`, `score.run(argv)`: `hubdocs score`.

Nothing here imports the MCP SDK until a server is built (it takes seconds to import).
"""
