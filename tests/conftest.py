"""Put the repository root on ``sys.path``: the tests of ``benchmarks/`` import it by name.

``python -m pytest`` adds the working directory itself, the ``pytest`` script does not.
Also turns the built-in model (nca.admin.embedded) off for every test but its own.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[1])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

# the suite sees the same engines whether or not the built-in model's package is installed
# (set before any fixture or subprocess starts); the tests of that model turn it back on
os.environ["NCA_EMBEDDED_MODEL"] = "0"

# the tests write their workspaces' nca.toml themselves: they are trusted (nca.admin.trust);
# the tests of trust itself turn this off. The user's own config dir (trust store, user-level
# nca.toml) is never read or written by the suite: it gets an empty one of its own
os.environ["NCA_TRUST_ALL"] = "1"
_CONFIG_DIR = tempfile.mkdtemp(prefix="nca-test-config-")
os.environ["NCA_CONFIG_DIR"] = _CONFIG_DIR
atexit.register(shutil.rmtree, _CONFIG_DIR, True)
# the suite's workspaces are throw-away folders: their "project interpreter" is the one running
# the tests (with the packages the tests import), not whatever python3 is on PATH; the tests
# of interpreter detection set their own environment
os.environ.setdefault("NCA_PYTHON", sys.executable)
