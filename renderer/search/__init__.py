"""Pagefind search bundles per brand, deterministic and leak-checked."""
