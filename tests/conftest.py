"""Put the repository root on ``sys.path``: the tests of ``benchmarks/`` import it by name.

``python -m pytest`` adds the working directory itself, the ``pytest`` script does not.
Also turns the built-in model (nca.admin.embedded) off for every test but its own.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[1])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

# the suite sees the same engines whether or not the built-in model's package is installed
# (set before any fixture or subprocess starts); the tests of that model turn it back on
os.environ["NCA_EMBEDDED_MODEL"] = "0"
