"""Gitter: backups of files before anything is written, as git objects.

May import nca.workers.core only.
"""
