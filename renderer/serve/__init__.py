"""`hubdocs serve`: the dev server, live reload and the stub connect API."""
