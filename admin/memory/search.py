"""The memory's search index: SQLite FTS5 ranked by BM25, under ``<workspace>/.nca/``.

Each row is one symbol (module, class, function, method, UI component, learned fix). Names are
indexed split into words too (``parse_version`` -> ``parse version``, ``BaseCommand`` ->
``base command``), so a question in words finds a symbol in code.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from nca.workers.core.statedir import ignore_state_folder

__all__ = ["Entry", "Hit", "SearchIndex", "entries_of_module", "split_words"]

INDEX_FILE = "memory.sqlite3"
# BM25 column weights: name words, qualified name, doc/signature, path
_WEIGHTS = (10.0, 4.0, 1.0, 2.0)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_TOKEN = re.compile(r"\w+")


def split_words(name: str) -> str:
    """Return ``name`` as lower-case words: snake_case, CamelCase and dots split."""
    parts = re.split(r"[._\W]+", _CAMEL.sub(" ", name))
    return " ".join(p.lower() for p in parts if p)


@dataclass(frozen=True)
class Entry:
    """One indexed symbol."""

    path: str
    symbol: str  # qualified inside its module: ``Class.method``
    kind: str  # module, class, function, method, component, tip
    line: int
    doc: str = ""


@dataclass(frozen=True)
class Hit:
    path: str
    symbol: str
    kind: str
    line: int
    score: float  # higher is better (negated BM25)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def entries_of_module(entry: dict[str, Any]) -> Iterator[Entry]:
    """Yield the index entries of one Architecture.json module entry."""
    path, module = entry["path"], entry.get("module") or entry["path"]
    yield Entry(path, module, "module", 1, entry.get("doc", ""))
    for func in entry["functions"]:
        yield Entry(path, func["name"], "function", func["lines"][0],
                    f"{func['signature']} {func.get('doc', '')}")
    for cls in entry["classes"]:
        yield Entry(path, cls["name"], "class", cls["lines"][0],
                    f"{' '.join(cls['bases'])} {cls.get('doc', '')}")
        for meth in cls["methods"]:
            yield Entry(path, f"{cls['name']}.{meth['name']}", "method", meth["lines"][0],
                        f"{meth['signature']} {meth.get('doc', '')}")


def _query(text: str) -> str | None:
    words = {w.lower() for w in _TOKEN.findall(split_words(text) + " " + text)}
    words = {w for w in words if len(w) > 1 or w.isdigit()}
    if not words:
        return None
    return " OR ".join(f'"{w}"' for w in sorted(words))


class SearchIndex:
    """The FTS5 table of one workspace; one connection per call, so threads may share it."""

    def __init__(self, workspace: Path) -> None:
        self.path = Path(workspace) / ".nca" / INDEX_FILE

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        ignore_state_folder(self.path.parent)  # `.nca/` stays out of `git status`
        db = sqlite3.connect(self.path, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS entries USING fts5("
                   "words, symbol, doc, path, kind UNINDEXED, line UNINDEXED, "
                   "tokenize='unicode61')")
        return db

    def replace(self, paths: Iterable[str], entries: Iterable[Entry], *,
                everything: bool = False) -> int:
        """Return how many entries were written after dropping those of ``paths`` (or all)."""
        rows = [(split_words(e.symbol), e.symbol, e.doc, e.path, e.kind, e.line) for e in entries]
        db = self._connect()
        try:
            with db:
                if everything:
                    db.execute("DELETE FROM entries")
                else:
                    db.executemany("DELETE FROM entries WHERE path = ?", [(p,) for p in paths])
                db.executemany("INSERT INTO entries(words, symbol, doc, path, kind, line) "
                               "VALUES (?, ?, ?, ?, ?, ?)", rows)
        finally:
            db.close()
        return len(rows)

    def search(self, text: str, limit: int = 10, kinds: Iterable[str] | None = None) -> list[Hit]:
        """Return the best hits for a question or a name, best first."""
        query = _query(text)
        if query is None or not self.path.exists():
            return []
        wanted = tuple(kinds or ())
        sql = (f"SELECT path, symbol, kind, line, bm25(entries, {', '.join(map(str, _WEIGHTS))}) "
               "AS rank FROM entries WHERE entries MATCH ?")
        params: list[Any] = [query]
        if wanted:
            sql += f" AND kind IN ({', '.join('?' * len(wanted))})"
            params.extend(wanted)
        sql += " ORDER BY rank LIMIT ?"
        params.append(limit)
        db = self._connect()
        try:
            rows = db.execute(sql, params).fetchall()
        except sqlite3.OperationalError:  # a query FTS5 cannot parse finds nothing
            return []
        finally:
            db.close()
        return [Hit(p, s, k, int(line), round(-rank, 4)) for p, s, k, line, rank in rows]

    def count(self) -> int:
        """Return the number of indexed entries."""
        if not self.path.exists():
            return 0
        db = self._connect()
        try:
            return int(db.execute("SELECT count(*) FROM entries").fetchone()[0])
        finally:
            db.close()
