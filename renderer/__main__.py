"""`python -m renderer` is the `hubdocs` command."""

from .cli import main

raise SystemExit(main())
