"""`python -m renderer` is the `hubdocs` command."""

from renderer.cli import main

raise SystemExit(main())
