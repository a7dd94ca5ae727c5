"""The offline rules engine: syntax repairs, names and imports, ruff's own fixes, learned fixes."""
