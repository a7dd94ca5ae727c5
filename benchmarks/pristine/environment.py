"""The benchmark's own interpreter environment and the pristine sources it copies.

The scratch project must not run in nca's environment: a fix that imports a module only nca's
venv has (numpy, rich, libcst...) would pass there and break for the user. So the benchmark makes
a venv of its own under the cache folder (``benchmarks/pristine/.cache`` unless ``--cache`` or
``NCA_BENCH_CACHE`` says otherwise), reused across runs, and installs into it only the packages'
runtime *dependencies*: a package under test is provided by the scratch copy alone.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from benchmarks.pristine.packages import Package

__all__ = ["DEFAULT_CACHE", "BenchEnv", "dependencies", "describe", "requirements_of",
           "requires_python", "top_levels"]

DEFAULT_CACHE = Path(os.environ.get("NCA_BENCH_CACHE") or Path(__file__).parent / ".cache")
PIP_TIMEOUT = 900


def _bin(venv_dir: Path, name: str) -> Path:
    return venv_dir / ("Scripts" if os.name == "nt" else "bin") / (
        name + (".exe" if os.name == "nt" else ""))


class BenchEnv:
    """A venv for the scratch projects (``python``) and the wheels the sources come from."""

    def __init__(self, cache: Path = DEFAULT_CACHE, *, base_python: str | None = None,
                 log=print) -> None:
        self.cache = Path(cache)
        self.base_python = str(base_python or getattr(sys, "_base_executable", None) or sys.executable)
        tag = f"py{sys.version_info.major}{sys.version_info.minor}"
        self.venv = self.cache / f"venv-{tag}"
        self.wheels = self.cache / "wheels"
        self.log = log

    @property
    def python(self) -> Path:
        return _bin(self.venv, "python")

    # ------------------------------------------------------------------ the venv

    def ensure_venv(self) -> Path:
        """Create the venv (with pip) once; return its python."""
        if not self.python.exists():
            self.log(f"creating the benchmark venv {self.venv}")
            self.venv.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run([self.base_python, "-m", "venv", str(self.venv)], check=True,
                           timeout=PIP_TIMEOUT)
        return self.python

    def pip(self, *args: str) -> None:
        cmd = [str(self.ensure_venv()), "-m", "pip", "--disable-pip-version-check", "-q", *args]
        subprocess.run(cmd, check=True, timeout=PIP_TIMEOUT)

    def install(self, requirements: Iterable[str]) -> None:
        """Install ``requirements`` into the venv unless the same set already was."""
        reqs = sorted(set(requirements))
        stamp = self.venv / ".nca-bench-installed"
        digest = hashlib.sha256("\n".join(reqs).encode()).hexdigest()
        done = set(stamp.read_text().split()) if stamp.exists() else set()
        if digest in done:
            return
        if reqs:
            self.log(f"installing {len(reqs)} dependenc(ies) into the benchmark venv: "
                     f"{', '.join(reqs)}")
            self.pip("install", *reqs)
        stamp.write_text("\n".join(sorted(done | {digest})) + "\n")

    # ------------------------------------------------------------------ sources

    def wheel(self, requirement: str) -> Path:
        """Return the wheel of a pinned requirement, downloaded once into the cache."""
        name, _, version = requirement.partition("==")
        norm = name.lower().replace("-", "_").replace(".", "_")
        self.wheels.mkdir(parents=True, exist_ok=True)

        def found() -> Path | None:
            for w in sorted(self.wheels.glob("*.whl")):
                wname, wversion = w.name.split("-")[:2]
                if wname.lower().replace("-", "_").replace(".", "_") == norm and (
                        not version or wversion == version):
                    return w
            return None

        hit = found()
        if hit is None:
            self.log(f"downloading {requirement}")
            self.pip("download", "--no-deps", "--only-binary", ":all:", "-d", str(self.wheels),
                     requirement)
            hit = found()
        if hit is None:
            raise RuntimeError(f"no wheel of {requirement} in {self.wheels}")
        return hit

    def requires_python(self, package: Package) -> str:
        """What the scratch pyproject says: the wheel's Requires-Python, for the standard
        library the benchmark interpreter's own version."""
        if package.is_stdlib:
            return ">=" + self.version()
        return requires_python(self.wheel(package.requirement))

    def version(self) -> str:
        out = subprocess.run([str(self.ensure_venv()), "-c",
                              "import sys; print('%d.%d' % sys.version_info[:2])"],
                             capture_output=True, text=True, check=True, timeout=60)
        return out.stdout.strip()

    def stdlib_dir(self) -> Path:
        """The standard library folder of the benchmark's interpreter."""
        out = subprocess.run([str(self.ensure_venv()), "-c",
                              "import sysconfig; print(sysconfig.get_paths()['stdlib'])"],
                             capture_output=True, text=True, check=True, timeout=60)
        return Path(out.stdout.strip() or sysconfig.get_paths()["stdlib"])

    def copy_sources(self, package: Package, dest: Path) -> list[str]:
        """Copy ``package``'s pristine source into ``dest``; return the paths to run nca on."""
        if package.is_stdlib:
            lib = self.stdlib_dir()
            names = []
            for module in package.stdlib:
                shutil.copy2(lib / f"{module}.py", dest / f"{module}.py")
                names.append(f"{module}.py")
            return names
        wheel = self.wheel(package.requirement)
        tops = top_levels(wheel)
        with zipfile.ZipFile(wheel) as zf:
            for member in zf.namelist():
                first = member.split("/")[0]
                if first in tops and "__pycache__" not in member and not member.endswith("/"):
                    zf.extract(member, dest)
        return sorted(tops)


def top_levels(wheel: Path) -> set[str]:
    """Return the top-level files and folders a wheel installs (not its .dist-info or .data)."""
    with zipfile.ZipFile(wheel) as zf:
        firsts = {m.split("/")[0] for m in zf.namelist()}
    return {f for f in firsts if not f.endswith((".dist-info", ".data"))}


def dependencies(wheel: Path, environment: dict[str, str] | None = None) -> list[str]:
    """Return the runtime requirements a wheel declares (no extras) for this platform."""
    from packaging.requirements import Requirement

    with zipfile.ZipFile(wheel) as zf:
        meta = next(m for m in zf.namelist()
                    if m.count("/") == 1 and m.endswith(".dist-info/METADATA"))
        text = zf.read(meta).decode("utf-8", "replace")
    out = []
    for line in text.splitlines():
        if not line:
            break  # the headers end at the first blank line
        if line.lower().startswith("requires-dist:"):
            req = Requirement(line.split(":", 1)[1].strip())
            env = {"extra": "", **(environment or {})}
            if req.marker is None or req.marker.evaluate(env):
                req.marker = None
                out.append(str(req))
    return out


def requires_python(wheel: Path) -> str:
    """Return the ``Requires-Python`` a wheel declares, or ""."""
    with zipfile.ZipFile(wheel) as zf:
        meta = next(m for m in zf.namelist()
                    if m.count("/") == 1 and m.endswith(".dist-info/METADATA"))
        text = zf.read(meta).decode("utf-8", "replace")
    for line in text.splitlines():
        if not line:
            break
        if line.lower().startswith("requires-python:"):
            return line.split(":", 1)[1].strip()
    return ""


def requirements_of(env: BenchEnv, packages: Sequence[Package]) -> list[str]:
    """Return every runtime dependency of ``packages`` (the packages themselves excluded)."""
    reqs: list[str] = []
    for p in packages:
        if p.requirement:
            reqs += dependencies(env.wheel(p.requirement))
    return sorted(set(reqs))


def describe(env: BenchEnv) -> dict[str, str]:
    """What the report says about the benchmark's interpreter."""
    out = subprocess.run([str(env.python), "-c", "import sys, json; print(json.dumps("
                          "{'python': sys.executable, 'version': sys.version.split()[0], "
                          "'prefix': sys.prefix}))"],
                         capture_output=True, text=True, timeout=60, check=False)
    try:
        return json.loads(out.stdout)
    except ValueError:
        return {"python": str(env.python)}
