"""Fixer, fixer_helper and verify: candidate patches merged into the current text and checked
on a scratch copy (check_tree runs the project's own check command).

May import every workers layer below it: core, facts, debugging, analysis, engines.
"""
