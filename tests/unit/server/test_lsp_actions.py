"""nca.server.lsp_actions: the key a client's diagnostic is cached under, the kinds asked for."""

from __future__ import annotations

from typing import Any

from nca.server.lsp_actions import FIX_ALL, REMOVE_UNUSED, diagnostic_key, wants


def lsp_diag(line: int, start: int, end: int, message: str, code: Any = None,
             source: str | None = None) -> dict[str, Any]:
    return {"range": {"start": {"line": line, "character": start},
                      "end": {"line": line, "character": end}},
            "message": message, "code": code, "source": source}


def test_diagnostic_key_is_stable_and_ignores_extra_fields():
    a = lsp_diag(4, 11, 15, "m", "F821", "Ruff")
    b = {**a, "severity": 1, "data": {"anything": [1, 2]}}
    assert diagnostic_key(a) == diagnostic_key(dict(reversed(list(b.items()))))
    assert diagnostic_key(a) != diagnostic_key({**a, "message": "n"})


def test_wants_a_kind_its_filter_names_or_a_parent_of_it():
    assert wants(FIX_ALL, None) and wants(FIX_ALL, ["source"]) and wants(FIX_ALL, [FIX_ALL])
    assert not wants(REMOVE_UNUSED, ["quickfix"]) and not wants(FIX_ALL, ["source.fixAllX"])
