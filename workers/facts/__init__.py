"""Facts about code: module facts, the workspace and installed-package indexes, the
cross-module name graph, scopes, guards, near-miss names and the type checker's findings.

May import nca.workers.core only.
"""
