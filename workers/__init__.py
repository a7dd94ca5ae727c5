"""The workers of the agent loop, in layers (lowest first): core, facts, debugging, analysis,
engines, then fixing, cleaning and backups side by side. docs/architecture.md has the map;
import-linter's contracts in pyproject.toml keep the direction.

May import nothing from nca.admin or nca.server.
"""
