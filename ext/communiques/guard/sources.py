"""Source files that are not read at all: symbolic links out of ``source/``, files too large.

Sphinx finds pages by walking ``source/`` with symbolic links followed, and
reads each whole: a link to a file or folder outside would be built and
published, and a file of gigabytes read into memory. Before anything is read
(``env-before-read-docs``, before the encodings check, which reads each file
whole), each is reported, and the pages concerned are left out of the build
(:func:`communiques.internals.leave_out_of_build`): reported again on every
build, since a page never read is offered again.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from communiques.core.warnings_ import ArchiveWarning, warn
from communiques.internals import leave_out_of_build

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def outside_links(srcdir: Path) -> Iterator[Path]:
    """Every symbolic link under *srcdir* whose target is outside it (or cannot be resolved)."""
    root = srcdir.resolve()
    pending = [srcdir]
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.is_symlink():
                try:
                    target = Path(entry.path).resolve(strict=True)
                except (OSError, RuntimeError):  # dangling, or a loop of links
                    yield Path(entry.path)
                    continue
                if not target.is_relative_to(root):
                    yield Path(entry.path)
            elif entry.is_dir(follow_symlinks=False):
                pending.append(Path(entry.path))


def refuse_outside_links(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: report links out of ``source/``; pages behind them are not built."""
    srcdir = Path(env.srcdir)
    for link in sorted(outside_links(srcdir)):
        left_out = [
            docname
            for docname in sorted(env.found_docs)
            if (path := env.doc2path(docname)) == link or path.is_relative_to(link)
        ]
        for docname in left_out:
            if docname in docnames:
                docnames.remove(docname)
            leave_out_of_build(env, docname)
        target = os.readlink(link)
        where = (left_out[0], 1) if left_out and env.doc2path(left_out[0]) == link else f"{link}:1"
        warn(
            f"`{link.relative_to(srcdir)}` is a symbolic link to `{target}`, outside `source/`: nothing "
            "outside the archive is built or published; replace the link by a copy of the file",
            ArchiveWarning.UNSAFE,
            location=where,
        )


#: bytes of one source file; the largest record of the archive is a few KB, a 5 MB one builds
MAX_SOURCE_BYTES = 8 * 1024 * 1024


def refuse_oversized(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: a file over :data:`MAX_SOURCE_BYTES` is left out, before it is read."""
    for docname in list(docnames):
        try:
            size = env.doc2path(docname).stat().st_size
        except OSError:
            continue  # Sphinx reports it
        if size <= MAX_SOURCE_BYTES:
            continue
        docnames.remove(docname)
        leave_out_of_build(env, docname)
        warn(
            f"the file is {size / 1024 / 1024:.1f} MB, more than the {MAX_SOURCE_BYTES // 1024 // 1024} MB "
            "a record may have: it was left out of the build; split it, or keep large material as a "
            "file to download under `source/`",
            ArchiveWarning.UNSAFE,
            location=(docname, 1),
        )


def setup_sources(app: Sphinx) -> None:
    # Before the encodings check (priority 500), which reads each file whole.
    app.connect("env-before-read-docs", refuse_outside_links, priority=400)
    app.connect("env-before-read-docs", refuse_oversized, priority=450)
