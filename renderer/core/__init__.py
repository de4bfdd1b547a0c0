"""The model, located errors, text helpers and environment errors: imports nothing of ours."""
