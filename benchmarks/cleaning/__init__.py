"""The cleaning benchmark: small files with known dead code, scored per category."""
