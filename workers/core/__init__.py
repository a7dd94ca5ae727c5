"""Core: the data every worker speaks (types, errors), parsing, the project model, text edits
and running subprocesses with limits.

Bottom of the workers: imports nothing from nca but itself; every layer may import it.
"""
