"""Put the repository root on ``sys.path``: the tests of ``benchmarks/`` import it by name.

``python -m pytest`` adds the working directory itself, the ``pytest`` script does not.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[1])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
