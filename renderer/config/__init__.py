"""The configuration schema and the loaders of mkdocs.yml and brand.yml files."""
