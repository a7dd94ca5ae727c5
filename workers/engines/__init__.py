"""Engines that propose fixes and answer chats: the offline rules engine (rules/), local
transformers models, OpenAI-compatible upstreams and Wolfram Language.

May import core, facts, debugging and analysis; never fixing, cleaning or backups.
"""
