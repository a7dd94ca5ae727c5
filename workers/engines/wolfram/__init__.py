"""The Wolfram Language workers: the Debugger's near-miss ranking, the Analyzer's component
context, fixer_helper's merge and the Cleaner's reachability, as ``.wl`` packages shipped here
and run on a Wolfram Engine or Mathics3 (``workers.py``), with their plain-Python references
(``graph_context.py``, and the near-miss search and rebase in facts and core). Which role runs
in Wolfram Language is chosen in nca.toml (``[wolfram] workers``).

May import core, facts, debugging, analysis and nca.workers.engines; nothing above engines.
"""

#: the roles that have a Wolfram Language worker, each in ``<role>.wl``
ROLES = ("debugger", "analyzer", "fixer_helper", "cleaner")
