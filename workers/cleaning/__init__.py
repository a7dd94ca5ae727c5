"""Cleaner: dead code found with vulture and the name graph, removed with libcst.

May import core, facts, debugging and analysis; not engines, fixing or backups.
"""
