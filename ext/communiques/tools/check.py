"""``check``: every rule of the build, in seconds, without writing a site.

The check runs Sphinx itself with the ``archive-check`` builder (Sphinx's
``dummy`` builder that resolves only what it read: see
:mod:`communiques.tools.check_builder`; it reads every source, runs every transform
and the archive-wide consistency rules, writes no page) in the archive's own
configuration, so it reports exactly what the strict build would, with no
second implementation of the rules to drift.
Its environment lives in its own folder (``_build/check/`` by default) and
persists: a second check reads only the files that changed, plus the files
that had warnings last time (Sphinx reports some problems, such as MyST's,
only when a file is read; ``env-get-outdated`` has them read again so that
they are reported on every check).

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
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

from communiques.core.warnings_ import Finding
from communiques.internals import WarningCollector, warning_location

if TYPE_CHECKING:
    import logging
    from collections.abc import Iterator, Sequence, Set

    from sphinx.environment import BuildEnvironment

_LAST_WARNED = "warned.json"


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
    warned_file = workdir / _LAST_WARNED
    warned_before = _load_warned(warned_file)
    counter = _Progress(progress)
    # What Sphinx warns of while the application is made (the configuration's
    # problems), before the collector can be attached: shown as it is.
    before_collecting = io.StringIO()

    def read_again(
        app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
    ) -> list[str]:
        return sorted(d for d in warned_before if d in env.found_docs and d not in added | changed)

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
        app.connect("env-get-outdated", read_again)
        app.connect("env-before-read-docs", counter.start)
        app.connect("source-read", counter.step)
        with collecting(app, srcdir) as collected:
            app.build()
        total = len(app.env.found_docs)
    configuration = [
        Finding("(configuration)", 0, line.strip(), type="")
        for line in made_with.splitlines()
        if line.strip()
    ]
    findings = sorted(collected | set(configuration))
    _save_warned(warned_file, srcdir, findings)
    # counter.total, not .done: with --jobs, files are read (and counted) in other processes
    return Result(tuple(findings), counter.total, total, time.perf_counter() - started)


@contextmanager
def collecting(app: Sphinx, srcdir: Path) -> Iterator[set[Finding]]:
    """The findings of every warning *app* makes while the block runs (paths as shown to the user)."""
    found: set[Finding] = set()

    def collect(record: logging.LogRecord) -> None:
        path, line = warning_location(app.env, record)
        found.add(
            Finding(
                _shown(path, srcdir) if path else "(archive)",
                line,
                # One line, as the archivist's terminal shows it.
                " ".join(part.strip() for part in record.getMessage().splitlines() if part.strip()),
                type=getattr(record, "type", "") or "",
                subtype=getattr(record, "subtype", "") or "",
            )
        )

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
    try:
        return str(candidate.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(candidate)


def _docname(path: str, srcdir: Path) -> str | None:
    try:
        relative = Path(path).resolve().relative_to(srcdir.resolve())
    except ValueError:
        return None
    return str(relative.with_suffix("")).replace("\\", "/")


def _load_warned(path: Path) -> set[str]:
    try:
        return set(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return set()


def _save_warned(path: Path, srcdir: Path, findings: Sequence[Finding]) -> None:
    docnames = sorted({d for f in findings if (d := _docname(f.where, srcdir)) is not None})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(docnames), encoding="utf-8")


def select(findings: Sequence[Finding], paths: Sequence[Path]) -> list[Finding]:
    """The findings about *paths* (files or folders); all of them if none is given."""
    if not paths:
        return list(findings)
    wanted = [p.resolve() for p in paths]
    return [f for f in findings if any(_within(Path(f.where).resolve(), w) for w in wanted)]


def _within(path: Path, wanted: Path) -> bool:
    return path == wanted or path.is_relative_to(wanted)
