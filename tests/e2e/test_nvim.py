"""Neovim as the client: attach nca, take its quick fix, apply it, write the file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("nvim") is None,
                       reason="Neovim is not installed (`apt-get install neovim`; `make test` "
                              "installs it where apt is available)"),
]

SCRIPT = Path(__file__).with_name("nvim") / "fix_with_nca.lua"


def test_neovim_applies_a_verified_quick_fix(tmp_path: Path):
    target = tmp_path / "calc.py"
    target.write_text("def total(items)\n    return sum(items)\n", encoding="utf-8")
    report = tmp_path / "report.json"
    env = {**os.environ, "NCA_CMD": json.dumps([sys.executable, "-m", "nca.server", "--no-http"]),
           "NCA_FILE": str(target), "NCA_ROOT": str(tmp_path), "NCA_OUT": str(report),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_STATE_HOME": str(tmp_path / "state")}
    done = subprocess.run(["nvim", "--headless", "--clean", "-n", "-c", f"luafile {SCRIPT}"],
                          env=env, cwd=tmp_path, capture_output=True, timeout=120,
                          stdin=subprocess.DEVNULL)
    assert report.exists(), done.stderr.decode(errors="replace")[-2000:]
    found = json.loads(report.read_text())
    assert "error" not in found, found
    assert found["initialized"] and found["diagnosed"]
    assert found["diagnostic"] == {"source": "nca", "code": "E999", "lnum": 0}
    assert found["resolved_title"].startswith("Fix with NCA: ")
    assert target.read_text(encoding="utf-8") == "def total(items):\n    return sum(items)\n"
