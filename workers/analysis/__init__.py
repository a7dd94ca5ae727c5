"""Analyzer: finds solutions for Problems (the project's own code, installed packages,
habits from other languages, search providers).

May import core, facts and debugging.
"""
