"""Boundaries: the CLI (`nca`), the language server (pygls) and the OpenAI-compatible HTTP route
(aiohttp), all in one process. Handlers are thin: they go through nca.admin's dispatcher.

May import nca.admin and nca.workers.
"""
