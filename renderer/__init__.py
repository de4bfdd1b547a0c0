"""hubdocs: connection-guide renderer and static site generator."""

__version__ = "0.1.0"
