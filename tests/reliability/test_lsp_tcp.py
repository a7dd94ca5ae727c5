"""``nca serve --tcp``: loopback only unless --allow-remote, a token when one is set, and a TCP
peer's settings never choose the programs the server runs."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.lsp_wire_helpers import (
    SERVER,
    StdioServer,
    connect,
    free_port,
    initialize_params,
    socket_client,
)

pytestmark = pytest.mark.e2e

TOKEN = "t0k3n-for-the-tests-only-0123456789"


def serve(cwd: Path, *args: str, token: str | None = None) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env.pop("NCA_LSP_TOKEN", None)
    if token is not None:
        env["NCA_LSP_TOKEN"] = token
    return subprocess.Popen([*SERVER, "--tcp", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.fixture
def stop() -> Iterator[list[subprocess.Popen[bytes]]]:
    procs: list[subprocess.Popen[bytes]] = []
    yield procs
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


@pytest.mark.parametrize(("args", "token", "message"), [
    (("--host", "0.0.0.0"), None, "not a loopback address"),
    (("--host", "::"), TOKEN, "not a loopback address"),
    (("--host", "0.0.0.0", "--allow-remote"), None, "needs a token"),
    (("--host", "0.0.0.0", "--allow-remote"), "short", "shorter than 16"),
])
def test_unsafe_listening_is_refused_before_anything_listens(tmp_path, args, token, message):
    env = {k: v for k, v in os.environ.items() if k != "NCA_LSP_TOKEN"}
    if token:
        env["NCA_LSP_TOKEN"] = token
    out = subprocess.run([sys.executable, "-m", "nca.server.cli", "serve", "--tcp", "--port",
                          str(free_port()), "--no-http", *args], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and message in out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""


def test_a_client_without_the_token_is_refused_and_disconnected(tmp_path, stop):
    port = free_port()
    proc = serve(tmp_path, "--port", str(port), token=TOKEN)
    stop.append(proc)
    sock = connect(port, proc)
    client = socket_client(sock)
    answer = client.request(1, "initialize", initialize_params(tmp_path, token="wrong"))
    assert answer["error"]["code"] == -32001 and "token" in answer["error"]["message"]
    assert TOKEN not in str(answer)
    # nothing more is served on that connection: it is closed
    assert client.closed.wait(10)
    sock.close()


def test_a_refused_client_neither_ends_the_server_nor_holds_it(tmp_path, stop):
    port = free_port()
    proc = serve(tmp_path, "--port", str(port), token=TOKEN)
    stop.append(proc)
    stranger = socket_client(connect(port, proc))
    assert "error" in stranger.request(1, "initialize", initialize_params(tmp_path, token="no"))
    assert stranger.closed.wait(10)
    # the slot is free again: the user's own client, with the token, is served
    sock = connect(port, proc)
    client = socket_client(sock)
    answer = client.request(1, "initialize", initialize_params(tmp_path, token=TOKEN))
    assert "capabilities" in answer["result"]
    assert proc.poll() is None
    sock.close()


def test_a_client_with_no_options_is_refused(tmp_path, stop):
    port = free_port()
    proc = serve(tmp_path, "--port", str(port), token=TOKEN)
    stop.append(proc)
    sock = connect(port, proc)
    client = socket_client(sock)
    answer = client.request(1, "initialize", initialize_params(tmp_path))
    assert "error" in answer
    assert client.closed.wait(10)
    sock.close()


def test_allow_remote_with_the_token_serves_and_ignores_the_peers_commands(tmp_path, stop):
    ws = tmp_path / "ws"
    ws.mkdir()
    marker_peer = tmp_path / "peer-ran"
    marker_project = tmp_path / "project-ran"
    (ws / "nca.toml").write_text(
        f'[tests]\ncommand = "{sys.executable} -c \\"open(r\'{marker_project}\', \'w\')\\""\n',
        encoding="utf-8")
    port = free_port()
    proc = serve(ws, "--host", "0.0.0.0", "--allow-remote", "--port", str(port), token=TOKEN)
    stop.append(proc)
    sock = connect(port, proc)
    client = socket_client(sock)
    peer_command = f"{sys.executable} -c \"open(r'{marker_peer}', 'w')\""
    answer = client.request(1, "initialize", initialize_params(
        ws, token=TOKEN, trusted=True, nca={"tests": {"command": peer_command},
                                            "check": {"command": peer_command}}))
    assert "capabilities" in answer["result"]
    client.notify("initialized", {})
    client.notify("workspace/didChangeConfiguration",
                  {"settings": {"nca.tests.command": peer_command}})
    result = client.request(2, "workspace/executeCommand", {"command": "nca.runTests"},
                            timeout=60)["result"]
    # the trusted project's command ran (NCA_TRUST_ALL trusts the suite's workspaces),
    # never the one the peer sent
    assert marker_project.exists() and not marker_peer.exists()
    assert result["command"] != peer_command
    shown = [m["params"]["message"] for m in client.notifications("window/showMessage")]
    assert any("nca.tests.command" in m and "TCP" in m for m in shown)
    assert any("trust" in m and "TCP" in m for m in shown)
    client.request(3, "shutdown")
    client.notify("exit")
    assert proc.wait(15) == 0


def test_an_untrusted_project_over_tcp_runs_only_the_default(tmp_path, stop):
    ws = tmp_path / "ws"
    ws.mkdir()
    marker = tmp_path / "ran"
    (ws / "nca.toml").write_text(
        f'[tests]\ncommand = "{sys.executable} -c \\"open(r\'{marker}\', \'w\')\\""\n',
        encoding="utf-8")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("NCA_TRUST_ALL", "NCA_LSP_TOKEN")}
    proc = subprocess.Popen([*SERVER, "--tcp", "--port", str(port)], cwd=ws, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stop.append(proc)
    sock = connect(port, proc)
    client = socket_client(sock)
    # a TCP peer cannot say the workspace is trusted
    assert "result" in client.request(1, "initialize", initialize_params(ws, trusted=True))
    client.notify("initialized", {})
    result = client.request(2, "workspace/executeCommand", {"command": "nca.runTests"},
                            timeout=120)["result"]
    assert result["command"] == "python -m pytest -q -x" and not marker.exists()
    client.request(3, "shutdown")
    client.notify("exit")
    proc.wait(15)


def test_a_local_stdio_client_keeps_its_own_test_command(tmp_path):
    marker = tmp_path / "ran"
    server = StdioServer(tmp_path)
    try:
        command = f"{sys.executable} -c \"open(r'{marker}', 'w')\""
        client = server.client
        client.request(1, "initialize", initialize_params(
            tmp_path, nca={"tests": {"command": command}}))
        client.notify("initialized", {})
        result = client.request(2, "workspace/executeCommand", {"command": "nca.runTests"},
                                timeout=60)["result"]
        assert result["command"] == command and marker.exists()
    finally:
        server.stop()


def test_without_a_token_loopback_tcp_still_serves(tmp_path, stop):
    port = free_port()
    proc = serve(tmp_path, "--port", str(port))
    stop.append(proc)
    sock = connect(port, proc)
    client = socket_client(sock)
    started = time.monotonic()
    answer = client.request(1, "initialize", initialize_params(tmp_path))
    assert "capabilities" in answer["result"] and time.monotonic() - started < 30
    sock.close()
