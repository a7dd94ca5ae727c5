# path: pkg/__init__.py
# expect functions: _private_unused
from .core import run
from .util import helper as helper
import os


def _private_unused():
    return 1
