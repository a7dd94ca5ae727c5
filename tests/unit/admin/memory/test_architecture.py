"""Architecture, Diagram and Components against what ``ast`` says about the same source."""

import ast
import json

from nca.admin.memory import AgentMemory
from nca.admin.memory.architecture import neighbours, scan_module
from nca.admin.memory.components import scan_ui


def _expected(tree: ast.Module) -> dict:
    out = {"functions": {}, "classes": {}}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            out["functions"].setdefault(node.name, []).append(
                (node.lineno, node.end_lineno, f"({ast.unparse(node.args)})"))
        elif isinstance(node, ast.ClassDef):
            methods = sorted((m.name, m.lineno, m.end_lineno) for m in node.body
                             if isinstance(m, ast.FunctionDef | ast.AsyncFunctionDef))
            out["classes"][node.name] = (node.lineno, node.end_lineno, methods)
    return out


def test_every_module_matches_ast(click_memory):
    arch = click_memory.load("architecture")
    sources = sorted((click_memory.workspace / "click").glob("*.py"))
    assert len(arch["modules"]) == len(sources) > 10
    assert arch["packages"] == ["click"]
    for source in sources:
        rel = f"click/{source.name}"
        entry = arch["modules"][rel]
        tree = ast.parse(source.read_text())
        want = _expected(tree)
        got_functions: dict = {}
        for f in entry["functions"]:
            got_functions.setdefault(f["name"], []).append(
                (f["lines"][0], f["lines"][1], f["signature"].split(" -> ")[0]))
        assert got_functions == want["functions"], rel
        got_classes = {c["name"]: (c["lines"][0], c["lines"][1],
                                   sorted((m["name"], *m["lines"]) for m in c["methods"]))
                       for c in entry["classes"] if "." not in c["name"]}
        assert got_classes == want["classes"], rel
        doc = ast.get_docstring(tree)
        assert entry["doc"] == (doc.strip().splitlines()[0] if doc else "")


def test_signatures_and_docs_of_known_symbols(click_memory):
    termui = click_memory.load("architecture")["modules"]["click/termui.py"]
    pager = next(f for f in termui["functions"] if f["name"] == "echo_via_pager")
    assert pager["signature"].startswith("(text_or_generator")
    assert pager["doc"]
    core = click_memory.load("architecture")["modules"]["click/core.py"]
    command = next(c for c in core["classes"] if c["name"] == "Command")
    assert {"invoke", "main", "parse_args"} <= {m["name"] for m in command["methods"]}


def test_the_diagram_answers_questions_by_following_edges(click_memory):
    diagram = click_memory.load("diagram")
    ids = {n["id"] for n in diagram["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids for e in diagram["edges"])
    assert {"from": "module:click.core", "to": "module:click.types"} in [
        {"from": e["from"], "to": e["to"]} for e in diagram["edges"] if e["kind"] == "imports"]
    # who does click.termui.confirm call, and is it called by anyone?
    out = {other for d, kind, other in neighbours(diagram, "function:click.termui.confirm")
           if d == "out" and kind == "calls"}
    assert "function:click.utils.echo" in out


def test_calls_resolve_through_imports_and_aliases(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "util.py").write_text("def helper():\n    return 1\n\n\ndef other():\n    return helper()\n")
    (tmp_path / "pkg" / "app.py").write_text(
        "from . import util as u\nfrom .util import helper as h\n\n\n"
        "def main():\n    h()\n    u.other()\n    print('x')\n\n\n"
        "if __name__ == '__main__':\n    main()\n")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n[project.scripts]\nx = "pkg.app:main"\n')
    memory = AgentMemory(tmp_path)
    memory.build()
    calls = {(e["from"], e["to"]) for e in memory.load("diagram")["edges"] if e["kind"] == "calls"}
    assert calls == {("function:pkg.app.main", "function:pkg.util.helper"),
                     ("function:pkg.app.main", "function:pkg.util.other"),
                     ("function:pkg.util.other", "function:pkg.util.helper")}
    entry_points = memory.load("components")["entry_points"]
    assert {(e["kind"], e["name"]) for e in entry_points} == {
        ("console_script", "x"), ("main_guard", "pkg.app")}


def test_a_file_that_does_not_parse_is_noted_not_fatal():
    scan = scan_module("def f(:\n", "bad.py")
    assert "does not parse: line 1" in scan.entry["error"]
    assert scan.entry["functions"] == []


def test_ui_components_with_props_children_and_users(tmp_path):
    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "App.tsx").write_text(
        "interface CardProps { title: string; onOpen?: () => void }\n"
        "export function Card({ title, onOpen }: CardProps) {\n  return <div><Badge n={1} />{title}</div>\n}\n"
        "export const App = () => (\n  <main><Card title='a' /><Card title='b' /></main>\n)\n")
    (tmp_path / "ui" / "Badge.jsx").write_text(
        "export default function Badge(props) {\n  return <span>{props.n}</span>\n}\n")
    (tmp_path / "ui" / "user-list.vue").write_text(
        "<template>\n  <ul><user-row v-for='u in users' :user='u' /></ul>\n</template>\n"
        "<script setup lang='ts'>\nconst props = defineProps<{ users: string[]; title?: string }>()\n</script>\n")
    memory = AgentMemory(tmp_path)
    memory.build()
    ui = {c["name"]: c for c in memory.load("components")["ui"]}
    assert ui["Card"]["props"] == ["title", "onOpen"] and ui["Card"]["children"] == ["Badge"]
    assert ui["Card"]["used_by"] == ["App"] and ui["Badge"]["used_by"] == ["Card"]
    assert ui["Badge"]["props"] == ["n"]
    assert ui["UserList"]["props"] == ["users", "title"]
    assert ui["UserList"]["children"] == ["UserRow"]
    assert ui["Card"]["schematic"] == "Card(title, onOpen) -> [Badge] <- used by [App]"
    assert scan_ui("const x = 1\n", "a.jsx") == []
    json.dumps(ui)  # plain data
