"""Sources -> the frozen model: files found, front matter, MDX text, the block tree."""
