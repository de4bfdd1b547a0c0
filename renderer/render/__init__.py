"""A site variant -> output files: pages, Markdown twins, llms files, navigation, components."""
