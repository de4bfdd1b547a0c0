"""One module per `hubdocs` verb."""
