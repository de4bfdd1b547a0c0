"""The build: plan, parse in slices, brand passes, incremental builds, the output writer."""
