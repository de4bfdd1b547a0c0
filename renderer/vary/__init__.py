"""(Site, Brand) -> Site: the white-label variant of the parsed pages."""
