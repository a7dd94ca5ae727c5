"""The language server's workspace boundary: the client's roots, the dispatcher of each, and
what each workspace's config and trust allow (engines, the test and check commands).

One workspace boundary: every path a client or a command names is resolved (symlinks too) and
must lie inside a workspace root (the client's folders or rootUri; the server's working
directory when it names none). A file outside every root is linted read-only: no code
actions, no dead-code scan, no memory, nothing written next to it.

``WorkspaceRoots`` is a part of ``NcaServer`` (a base class): it reads the server's pygls
workspace, settings and warnings, and imports nothing of the rest of the language server.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pygls.uris import to_fs_path

from nca.admin.workspace import relative, resolve_path
from nca.server.settings import DEFAULT_TEST_COMMAND, Settings, load_engines
from nca.workers.core.errors import ConfigError, InputError, NcaError, OutsideWorkspace

if TYPE_CHECKING:
    from pygls.workspace import Workspace

    from nca.admin.config import NcaConfig
    from nca.admin.dispatcher import Dispatcher

__all__ = ["WorkspaceRoots"]

#: held while a dispatcher is made (the language server's loop and the HTTP thread both ask)
_MAKING = threading.Lock()


class WorkspaceRoots:
    """The roots, their dispatchers and configs of ``NcaServer`` (which sets these attributes)."""

    workspace: Workspace
    settings: Settings
    peer: str
    client_trusted: bool | None
    dispatchers: dict[Path, Dispatcher]
    outside: dict[Path, Dispatcher]
    configs: dict[Path, NcaConfig | None]
    _where: dict[tuple[Any, ...], tuple[Dispatcher, str]]
    _roots: tuple[Any, list[Path]] | None
    #: ``Path.resolve`` of the roots asked for (``dispatcher_at`` runs once a request)
    _resolved: dict[Path, Path]
    _main: tuple[Any, Path] | None
    warn: Callable[[str], None]  # log a message and show it to the user

    def roots(self) -> list[Path]:
        """Return the workspace roots the client named, longest first."""
        found = {Path(p) for f in self.workspace.folders.values() if (p := to_fs_path(f.uri))}
        if self.workspace.root_path:
            found.add(Path(self.workspace.root_path))
        return sorted(found, key=lambda p: len(p.parts), reverse=True)

    def workspace_roots(self) -> list[Path]:
        """Return the resolved roots, longest first (the working directory when the client
        named none); remembered while the client's folders stay the same."""
        key = (frozenset(self.workspace.folders), self.workspace.root_path)
        if self._roots is not None and self._roots[0] == key:
            return self._roots[1]
        roots = []
        for root in self.roots() or [Path.cwd()]:
            try:
                roots.append(resolve_path(root))
            except InputError:
                continue
        found = sorted(dict.fromkeys(roots), key=lambda p: len(p.parts), reverse=True)
        self._roots = (key, found)
        return found

    def root_of(self, path: Path) -> Path | None:
        """Return the root holding ``path`` (already resolved), or None when it is outside."""
        for root in self.workspace_roots():
            if path == root or root in path.parents:
                return root
        return None

    def inside(self, given: str, base: Path | None = None) -> Path:
        """Return the resolved path of a uri or path a client gave; OutsideWorkspace unless it
        lies inside a workspace root. A relative path is taken from ``base`` (the main root)."""
        if given.startswith("file:"):
            raw = to_fs_path(given)
        elif ":" in given.split("/", 1)[0] and len(given.split(":", 1)[0]) > 1:
            raise InputError(f"{given[:200]} is not a file: only file: uris and paths are taken")
        else:
            raw = given
        if not raw or "\0" in raw:
            raise InputError(f"{given[:200]!r} is not a file path")
        path = Path(raw)
        if not path.is_absolute():
            path = (base or self.main_root()) / path
        full = resolve_path(path)
        if self.root_of(full) is None:
            raise OutsideWorkspace(f"{given[:200]} is outside the workspace folders "
                                   f"({', '.join(map(str, self.workspace_roots()))})")
        return full

    def dispatcher_for(self, uri: str) -> tuple[Dispatcher, str]:
        """Return the dispatcher of the root holding ``uri`` and the document's relative path.

        Remembered per uri while the workspace folders stay the same: finding the root
        resolves paths, which costs more than the rest of listing code actions. A file outside
        every root gets a read-only dispatcher (see ``is_outside``).
        """
        key = (uri, frozenset(self.workspace.folders), self.workspace.root_path)
        found = self._where.get(key)
        if found is not None and (self.dispatchers.get(found[0].workspace) is found[0]
                                  or self.outside.get(found[0].workspace) is found[0]):
            return found
        found = self._find_dispatcher(uri)
        if len(self._where) > 1024:
            self._where.clear()
        self._where[key] = found
        return found

    def _find_dispatcher(self, uri: str) -> tuple[Dispatcher, str]:
        path = to_fs_path(uri) if uri.startswith("file:") else None
        try:
            full = resolve_path(path) if path else None
        except InputError:
            full = None
        if full is None:  # an untitled buffer (or a path no file can have)
            dispatcher = self.dispatcher_at(self.main_root())
            return dispatcher, "untitled.py"
        root = self.root_of(full)
        if root is None:  # outside every root: linted, never written to
            dispatcher = self.outside_dispatcher(full.parent)
        else:
            dispatcher = self.dispatcher_at(root)
        return dispatcher, relative(full, dispatcher.workspace)

    def is_outside(self, dispatcher: Dispatcher) -> bool:
        """Return True for the read-only dispatcher of a file outside every root."""
        return self.outside.get(dispatcher.workspace) is dispatcher

    def outside_dispatcher(self, folder: Path) -> Dispatcher:
        """Return a dispatcher that lints files of a folder outside every root.

        It records nothing, reads no config of that folder (the rules engine only) and is
        never given work that writes: no code actions, scans or memory for such files.
        """
        dispatcher = self.outside.get(folder)
        if dispatcher is None:
            # the dispatcher (all of nca.admin) loads on first use, after initialize
            from nca.admin.dispatcher import Dispatcher

            dispatcher = Dispatcher.rules_only(folder, origin="lsp", record=False,
                                               check_timeout=self.settings.check_timeout)
            if len(self.outside) > 64:
                self.outside.clear()
            self.outside[folder] = dispatcher
        return dispatcher

    def main_root(self) -> Path:
        """Return the root commands without a file work in: the first folder, else the cwd;
        remembered while the client's folders stay the same."""
        key = (frozenset(self.workspace.folders), self.workspace.root_path)
        if self._main is not None and self._main[0] == key:
            return self._main[1]
        roots = self.roots()
        if not roots:
            return Path.cwd()  # not remembered: the working directory may change
        self._main = (key, roots[-1])
        return roots[-1]

    def dispatcher_at(self, root: Path) -> Dispatcher:
        """Return the dispatcher of a workspace root, made on first use."""
        resolved = self._resolved.get(root)
        if resolved is None:
            if len(self._resolved) > 256:
                self._resolved.clear()
            resolved = self._resolved[root] = root.resolve()
        root = resolved
        dispatcher = self.dispatchers.get(root)
        if dispatcher is None:
            with _MAKING:  # the HTTP route's thread asks too: one dispatcher per root
                return self._make_dispatcher(root)
        return dispatcher

    def _make_dispatcher(self, root: Path) -> Dispatcher:
        dispatcher = self.dispatchers.get(root)
        if dispatcher is None:
            # imported on first use: the initialize response need not wait for the loop's imports
            from nca.admin.dispatcher import Dispatcher

            try:
                dispatcher = Dispatcher(root, origin="lsp",
                                        check_timeout=self.settings.check_timeout,
                                        config=self._engines_config(root))
            except ConfigError as err:  # a broken nca.toml: say so, and fix with the rules
                self.warn(f"{err}; using the offline rules engine only")
                dispatcher = Dispatcher.rules_only(root, origin="lsp",
                                                   check_timeout=self.settings.check_timeout)
            self.dispatchers[root] = dispatcher
        return dispatcher

    def project_config(self, root: Path) -> NcaConfig:
        """Return the workspace's config, as far as its trust allows; ConfigError when broken.

        Whether the workspace's own config may choose engines, keys and commands is the
        editor's word when a local client gave it, else the trust store's (``nca trust``).
        """
        root = root.resolve()
        if root not in self.configs:
            # nca.admin.config (about 50 modules) loads with the first root's config, after
            # initialize
            from nca.admin.config import load_config

            trusted = self.client_trusted if self.peer == "stdio" else None
            try:
                self.configs[root] = load_config(root, trusted=trusted)
            except ConfigError:
                self.configs[root] = None
                raise
        config = self.configs[root]
        if config is None:
            from nca.admin.config import NcaConfig  # nca.admin.config: after initialize, as above

            return NcaConfig()
        return config

    def _engines_config(self, root: Path) -> NcaConfig:
        """Return the engines of the client's engines file, else of the workspace's config."""
        try:
            engines = load_engines(self.settings.engines_file, root)
        except NcaError as err:
            self.warn(f"nca.engines.file: {err}; using the workspace's engines")
            engines = None
        if engines is not None:
            return engines
        config = self.project_config(root)
        if config.ignored:
            from nca.admin.config import untrusted_message  # nca.admin.config: after initialize

            self.warn(untrusted_message(config.source, root, config.ignored))
        return config

    def test_command(self, root: Path) -> str:
        """Return what ``nca.runTests`` runs: the editor's setting (a local client's only),
        else the trusted project's ``[nca.tests] command``, else the default."""
        if self.settings.test_command != DEFAULT_TEST_COMMAND:
            return self.settings.test_command
        try:
            return self.project_config(root).test_command or DEFAULT_TEST_COMMAND
        except ConfigError:
            return DEFAULT_TEST_COMMAND

    def check_command(self, dispatcher: Dispatcher) -> str | None:
        """Return the command a fix must keep passing: the editor's setting, else the trusted
        project's ``[nca.check] command``; none for a file outside every root."""
        if self.is_outside(dispatcher):
            return None
        if self.settings.check_command:
            return self.settings.check_command
        try:
            return self.project_config(dispatcher.workspace).check_command
        except ConfigError:
            return None
