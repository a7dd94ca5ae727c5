"""``nca serve``: start the language server (and the HTTP route beside it) over stdio or TCP.

Over TCP the server listens on a loopback address unless ``--allow-remote``, which needs a
token in ``NCA_LSP_TOKEN`` (at least 16 characters); when a token is set, a client must send
it as ``initializationOptions: {"token": "..."}`` or its initialize is refused and the
connection closed. A TCP client is a peer, not the user's own editor: the settings that run
programs or pick engines are not taken from it (see ``nca.server.settings``).
"""

from __future__ import annotations

import argparse
import ipaddress
import logging
import os
import socket
import sys

from nca.server.logs import configure_logging
from nca.workers.core.errors import InputError

__all__ = ["LSP_TOKEN_ENV", "MIN_TOKEN_LENGTH", "is_loopback", "run_serve", "tcp_token"]

LSP_TOKEN_ENV = "NCA_LSP_TOKEN"
MIN_TOKEN_LENGTH = 16


def is_loopback(host: str) -> bool:
    """Return True when every address ``host`` names is a loopback one."""
    name = host.strip("[]")
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        pass
    if name.lower() in ("localhost", "localhost.localdomain", "ip6-localhost"):
        return True
    try:
        found = socket.getaddrinfo(name, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return False
    addresses = {str(info[4][0]) for info in found}
    return bool(addresses) and all(ipaddress.ip_address(a.split("%")[0]).is_loopback
                                   for a in addresses)


def tcp_token(args: argparse.Namespace) -> str | None:
    """Return the token TCP clients must send; InputError for a setup that is not safe."""
    host = getattr(args, "host", "127.0.0.1")
    remote = getattr(args, "allow_remote", False)
    token = os.environ.get(LSP_TOKEN_ENV, "").strip() or None
    if not remote and not is_loopback(host):
        raise InputError(f"--host {host} is not a loopback address: the language server "
                         "listens on 127.0.0.1 unless --allow-remote (which needs "
                         f"{LSP_TOKEN_ENV})")
    if remote and token is None:
        raise InputError(f"--allow-remote needs a token: set {LSP_TOKEN_ENV} to a secret of "
                         f"at least {MIN_TOKEN_LENGTH} characters that clients send as "
                         'initializationOptions {"token": ...}')
    if remote and token is not None and len(token) < MIN_TOKEN_LENGTH:
        raise InputError(f"{LSP_TOKEN_ENV} is shorter than {MIN_TOKEN_LENGTH} characters")
    return token


def run_serve(args: argparse.Namespace) -> int:
    """Run the server over stdio or TCP until the client leaves; return the exit status."""
    tcp = getattr(args, "tcp", False)
    token = tcp_token(args) if tcp else None  # refused before anything listens
    configure_logging(getattr(args, "log_file", None), getattr(args, "log_level", "INFO"))
    # pygls and the language server (about 150 modules) load after the token check: a refused
    # --host or --allow-remote exits before them
    from nca.server.lsp import make_server

    server = make_server()
    try:
        if tcp:
            from nca.server.http_serve import serve_tcp  # the HTTP route in the same process

            server.peer = "tcp"
            server.lsp_token = token
            serve_tcp(server, args, getattr(args, "host", "127.0.0.1"), args.port)
        else:
            # the LSP gets its own copy of fd 1; fd 1 itself becomes stderr so that a stray
            # print or a child process's output can never corrupt the channel
            channel = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
            os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
            sys.stdout = sys.stderr
            from nca.server.http_serve import serve_stdio  # the HTTP route in the same process

            serve_stdio(server, args, sys.stdin.buffer, channel)
    finally:
        server.shutdown_pools()
        logging.shutdown()
    # a repair still running in a worker thread would hold the process: the client is gone
    os._exit(0)
