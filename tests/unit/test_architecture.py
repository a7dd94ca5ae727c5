"""The server (language server, HTTP route, CLI) reaches nca.admin through one door: the
dispatcher.

Import cycles are import-linter's to find (the acyclic_siblings contract in pyproject.toml);
this checks what import-linter cannot say in a contract: which modules of nca.admin the
server's modules import (at module level, in functions or for type checking alike).
"""

from __future__ import annotations

import pytest

grimp = pytest.importorskip("grimp", reason="import-linter is not installed: the dev extra has it")

#: the dispatcher (every request), config types, and the workspace's file helpers
#: (resolving a client's path, reading a file, walking the Python files)
LSP_MAY_IMPORT = {"nca.admin.dispatcher", "nca.admin.config", "nca.admin.workspace"}
#: the same, and the types a chat exchanges: ChatMessage in, Reply out, NoCompleter
HTTP_MAY_IMPORT = LSP_MAY_IMPORT | {"nca.admin.replies"}
#: the same, and the reports the CLI renders: FileReport (fix), CleanResult (clean),
#: DoctorFacts (doctor), CourierCheck (courier)
CLI_MAY_IMPORT = LSP_MAY_IMPORT | {"nca.admin.reports"}

HTTP = {"nca.server.http_api", "nca.server.http_completions", "nca.server.http_stream",
        "nca.server.http_serve", "nca.server.http_request"}
CLI = {"nca.server.cli", "nca.server.commands", "nca.server.doctor",
       "nca.server.continue_config", "nca.server.memory_commands",
       "nca.server.clean_commands", "nca.server.serve"}


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("nca", cache_dir=None)


def _outside_the_door(graph: grimp.ImportGraph, modules: set[str],
                      allowed: set[str]) -> list[tuple[str, str]]:
    """Return the (module, module of nca.admin it imports) pairs not in ``allowed``."""
    return sorted((m, i) for m in modules for i in graph.find_modules_directly_imported_by(m)
                  if i.startswith("nca.admin") and i not in allowed)


def _lsp(graph: grimp.ImportGraph) -> set[str]:
    return {m for m in graph.modules if m == "nca.server.lsp" or m.startswith("nca.server.lsp_")}


def test_the_language_server_imports_only_the_dispatcher_of_admin(graph: grimp.ImportGraph):
    lsp = _lsp(graph)
    assert "nca.server.lsp_actions" in lsp
    assert _outside_the_door(graph, lsp, LSP_MAY_IMPORT) == []


def test_the_http_route_imports_only_the_dispatcher_of_admin(graph: grimp.ImportGraph):
    http = {m for m in graph.modules
            if m.startswith("nca.server.http_") or m == "nca.server.openai_schema"}
    assert HTTP <= http
    assert _outside_the_door(graph, http, HTTP_MAY_IMPORT) == []


def test_the_cli_imports_only_the_dispatcher_of_admin(graph: grimp.ImportGraph):
    assert CLI <= graph.modules
    assert _outside_the_door(graph, CLI, CLI_MAY_IMPORT) == []


def test_every_other_module_of_the_server_imports_only_the_dispatcher_of_admin(
        graph: grimp.ImportGraph):
    server = {m for m in graph.modules if m.startswith("nca.server.")}
    rest = server - _lsp(graph) - CLI - {m for m in server if m.startswith("nca.server.http_")}
    assert "nca.server.settings" in rest
    assert _outside_the_door(graph, rest, HTTP_MAY_IMPORT | CLI_MAY_IMPORT) == []


def test_no_module_of_the_language_server_imports_the_one_that_registers_the_handlers(
        graph: grimp.ImportGraph):
    assert graph.find_modules_that_directly_import("nca.server.lsp") <= {"nca.server.serve"}
