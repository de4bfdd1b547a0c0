"""A Mintlify repository (docs.json, its navigation, its pages) -> hubdocs' config and pages."""
