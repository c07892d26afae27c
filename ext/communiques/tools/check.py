"""``check``: every rule of the build, in seconds, without writing a site.

The check runs Sphinx itself with the ``archive-check`` builder (Sphinx's
``dummy`` builder that resolves only what it read: see
:mod:`communiques.tools.check_builder`; it reads every source, runs every transform
and the archive-wide consistency rules, writes no page) in the archive's own
configuration, so it reports exactly what the strict build would, with no
second implementation of the rules to drift.
Its environment lives in its own folder (``_build/check/`` by default) and
persists: a second check reads only what it must to report exactly what a
fresh check would (``check --fresh``), kept in ``state.json`` beside it
(:class:`CheckState`):

- the files that changed, by Sphinx's file times and also by each file's
  size, inode and change time (``st_ctime``, which no copy or editor can set
  back), its own and those of the files it depends on: a file copied with
  its old time (``cp -p``, ``rsync -t``, an archive unpacked) is read again;
- the files that had a problem last time (Sphinx reports some, such as
  MyST's, only when a file is read), and the files whose reading reported a
  problem elsewhere (in a file they include);
- when files are added or removed, the pages with a table of contents
  (Sphinx warns about missing entries only when it reads them);
- and every check resolves again the pages with cross-references other than
  the archive's roles (a target removed elsewhere is reported when the page
  is resolved).

Files left out of the build (not UTF-8, too large, links out of
``source/``) are purged from the environment, so nothing kept from an
earlier check of them is reported.

Every warning of that build is collected as it is made, with its location,
type and subtype (:class:`communiques.internals.WarningCollector`), never
read back from Sphinx's printed text. The result is one :class:`Finding`
per problem, shown as ``file:line: message [archive.subtype]`` with paths
relative to the current folder, and a status that is not zero when there is
any.
"""

from __future__ import annotations

import io
import json
import os
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

from communiques.core.warnings_ import Finding
from communiques.internals import WarningCollector, warning_location

if TYPE_CHECKING:
    import logging
    from collections.abc import Iterator, Sequence, Set

    from docutils import nodes
    from sphinx.environment import BuildEnvironment

_STATE = "state.json"


@dataclass(frozen=True)
class Result:
    findings: tuple[Finding, ...]
    read: int  # files read by this check
    total: int  # files in the archive
    seconds: float


class _Progress:
    """``reading 12/40 releases/2020/…`` on one line of a terminal; milestones elsewhere."""

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream
        self.total = 0
        self.done = 0
        self.tty = bool(stream is not None and stream.isatty())

    def start(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        self.total = len(docnames)
        if self.stream is not None and self.total:
            self.stream.write(f"check: reading {self.total} changed file(s) of {len(env.found_docs)}\n")

    def step(self, app: Sphinx, docname: str, source: list[str]) -> None:
        self.done += 1
        if self.stream is None or not self.total:
            return
        if self.tty:
            self.stream.write(f"\r\033[K[{self.done}/{self.total}] {docname}")
            if self.done == self.total:
                self.stream.write("\r\033[K")
        elif self.total >= 200 and self.done % max(1, self.total // 10) == 0:
            self.stream.write(f"check: {self.done}/{self.total} read\n")
        self.stream.flush()


def run(
    root: Path,
    *,
    workdir: Path | None = None,
    progress: TextIO | None = sys.stderr,
    fresh: bool = False,
    jobs: int = 1,
) -> Result:
    """Check the archive whose ``conf.py`` is in *root* (sources in ``root/source``)."""
    started = time.perf_counter()
    srcdir = root / "source"
    workdir = workdir or root / "_build" / "check"
    doctrees = workdir / "doctrees"
    state_file = workdir / _STATE
    before = CheckState() if fresh else CheckState.load(state_file)
    counter = _Progress(progress)
    # What Sphinx warns of while the application is made (the configuration's
    # problems), before the collector can be attached: shown as it is.
    before_collecting = io.StringIO()

    with patch_docutils(root), docutils_namespace():
        app = Sphinx(
            srcdir,
            root,
            workdir / "out",
            doctrees,
            "archive-check",
            status=None,
            warning=before_collecting,
            freshenv=fresh,
            warningiserror=False,
            parallel=jobs,
            keep_going=True,
        )
        made_with = before_collecting.getvalue()
        app.connect("env-get-outdated", before.outdated)
        app.connect("env-get-updated", before.to_resolve)
        app.connect("doctree-read", before.note_references)
        app.connect("env-before-read-docs", counter.start)
        app.connect("env-before-read-docs", before.begin, priority=900)
        app.connect("source-read", counter.step)
        with collecting(app, srcdir) as collected:
            app.build()
        total = len(app.env.found_docs)
        configuration = [
            Finding("(configuration)", 0, line.strip(), type="")
            for line in made_with.splitlines()
            if line.strip()
        ]
        findings = sorted({f for f, _ in collected} | set(configuration))
        before.save(state_file, app.env, collected)
    # counter.total, not .done: with --jobs, files are read (and counted) in other processes
    return Result(tuple(findings), counter.total, total, time.perf_counter() - started)


def _signature(path: Path) -> list[int]:
    """What changes whenever a file's content may have: size, inode, modification and change times."""
    try:
        found = path.stat()
    except OSError:
        return []
    return [found.st_size, found.st_ino, found.st_mtime_ns, found.st_ctime_ns]


@dataclass
class CheckState:
    """What one check leaves for the next, so that it reads what a fresh check would report."""

    #: documents to read again: they had a problem, or reading them reported one
    warned: set[str] = field(default_factory=set)
    #: document → {file: signature} of its source and of the files it depends on
    files: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    #: documents with cross-references that the archive's rules do not check
    references: set[str] = field(default_factory=set)
    #: the documents found by the check (read or not)
    found: set[str] = field(default_factory=set)
    #: documents read by this check, and those whose references were seen as they were read
    reading: set[str] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, path: Path) -> CheckState:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(set(data["warned"]), dict(data["files"]), set(data["references"]), set(data["found"]))
        except (OSError, ValueError, KeyError, TypeError):
            return cls()

    def outdated(
        self, app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
    ) -> list[str]:
        """``env-get-outdated``: what Sphinx's file times alone would not read again."""
        again = set(self.warned)
        for docname, files in self.files.items():
            if any(_signature(Path(env.srcdir, path)) != signature for path, signature in files.items()):
                again.add(docname)
        discovered, self.found = self.found, set(env.found_docs)  # before any file is left out
        if discovered != self.found:  # files added or removed (not: a file left out again)
            again.update(env.toctree_includes)
        # Read in the previous check but not in its state (it ended early): read again.
        again.update(d for d in env.all_docs if d not in self.files)
        return sorted(d for d in again if d in env.found_docs and d not in added | changed)

    def begin(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        """``env-before-read-docs`` (last): the documents this check reads."""
        self.reading = set(docnames)

    def note_references(self, app: Sphinx, doctree: nodes.document) -> None:
        """``doctree-read``: does the page hold cross-references resolved by Sphinx or MyST?"""
        docname = app.env.docname
        self.seen.add(docname)
        (self.references.add if _has_references(doctree) else self.references.discard)(docname)

    def to_resolve(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """``env-get-updated``: pages whose references may now point at nothing."""
        # Read in another process (--jobs): its doctree tells.
        for docname in sorted(self.reading - self.seen):
            if docname in env.all_docs:
                found = _has_references(env.get_doctree(docname))
                (self.references.add if found else self.references.discard)(docname)
        return sorted(d for d in self.references if d in env.found_docs and d in env.all_docs)

    def save(self, path: Path, env: BuildEnvironment, collected: set[tuple[Finding, str | None]]) -> None:
        srcdir = Path(env.srcdir)
        owners_of = _dependents(env)
        warned: set[str] = set()
        for finding, owner in collected:
            if owner is not None:
                warned.add(owner)
            docname = _docname(finding.where, srcdir)
            if docname is not None and docname in env.all_docs:
                warned.add(docname)
            elif finding.where:
                warned |= owners_of.get(str(Path(finding.where).resolve()), set())
        files: dict[str, dict[str, list[int]]] = {}
        for docname in env.all_docs:
            paths = [env.doc2path(docname), *(srcdir / d for d in env.dependencies.get(docname, ()))]
            files[docname] = {
                str(p.relative_to(srcdir)) if p.is_relative_to(srcdir) else str(p): _signature(p)
                for p in paths
            }
        self.references &= set(env.all_docs)
        data = {
            "warned": sorted(warned),
            "files": files,
            "references": sorted(self.references),
            "found": sorted(self.found),
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data), encoding="utf-8")


def _has_references(doctree: nodes.document) -> bool:
    return any(xref.get("refdomain") != "archive" for xref in doctree.findall(pending_xref))


def _dependents(env: BuildEnvironment) -> dict[str, set[str]]:
    """file (resolved) → the documents that depend on it."""
    found: dict[str, set[str]] = {}
    for docname, dependencies in env.dependencies.items():
        for dependency in dependencies:
            found.setdefault(str((Path(env.srcdir) / dependency).resolve()), set()).add(docname)
    return found


@contextmanager
def collecting(app: Sphinx, srcdir: Path) -> Iterator[set[tuple[Finding, str | None]]]:
    """Every warning *app* makes while the block runs, and the document being read when it was made.

    Paths are as shown to the user; the document is None when no document
    was being read in this process (the archive-wide rules, or a warning
    sent back by a parallel reading process, whose location is its own).
    """
    found: set[tuple[Finding, str | None]] = set()

    def collect(record: logging.LogRecord) -> None:
        path, line = warning_location(app.env, record)
        finding = Finding(
            _shown(path, srcdir) if path else "(archive)",
            line,
            # One line, as the archivist's terminal shows it.
            " ".join(part.strip() for part in record.getMessage().splitlines() if part.strip()),
            type=getattr(record, "type", "") or "",
            subtype=getattr(record, "subtype", "") or "",
        )
        found.add((finding, app.env.current_document.docname or None))

    collector = WarningCollector(app, collect)
    collector.attach()
    try:
        yield found
    finally:
        collector.detach()


def _shown(path: str, srcdir: Path) -> str:
    """A path as the archivist would type it: relative to the current folder."""
    candidate = Path(path)
    if not candidate.is_absolute():
        candidate = srcdir / candidate
    # Not resolved: a symbolic link is shown by its own name, not its target's.
    for here, there in (
        (Path.cwd(), candidate),
        (Path.cwd().resolve(), candidate.parent.resolve() / candidate.name),
    ):
        if there.is_relative_to(here):
            return os.path.relpath(there, here)
    return str(candidate)


def _docname(path: str, srcdir: Path) -> str | None:
    try:
        relative = Path(path).resolve().relative_to(srcdir.resolve())
    except ValueError:
        return None
    return str(relative.with_suffix("")).replace("\\", "/")


def select(findings: Sequence[Finding], paths: Sequence[Path]) -> list[Finding]:
    """The findings about *paths* (files or folders); all of them if none is given."""
    if not paths:
        return list(findings)
    wanted = [p.resolve() for p in paths]
    return [f for f in findings if any(_within(Path(f.where).resolve(), w) for w in wanted)]


def _within(path: Path, wanted: Path) -> bool:
    return path == wanted or path.is_relative_to(wanted)
