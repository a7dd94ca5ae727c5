"""Debugger: turns text, lint output, tracebacks and test reports into Problems
(ruff with the project's configuration, the type checker's semantic findings, missing attributes).

May import nca.workers.core and nca.workers.facts.
"""
