"""Read in parallel only when it pays: not for a few changed pages.

With ``-j N`` (N > 1) Sphinx 9 reads every update in parallel, even one
changed page: it forks reading processes from the main one, and each sends
back the *whole* environment, pickled, which the main process unpickles to
merge the few documents it read (``Builder._read_parallel``; the chunking is
sphinx-doc/sphinx#10967). The environment holds every other document of the
archive, so adding one release to 10,000 spent about 20 s there, for a page
that reads in a few hundredths of a second.

Before reading (``env-before-read-docs``) the build therefore reads serially
when the pages to read are fewer than the pages the environment keeps, and
gives the build its ``-j`` back once reading is done (``env-updated``), before
Sphinx hands the pages to its writing processes. A build from scratch, or one
that reads most of the archive again (a changed configuration), still reads
in parallel: then the environment the reading processes are forked from is
nearly empty, and the processes pay off.

Even then, each reading process sends back every document merged before it
was forked, and the main process unpickles them all to keep the few it read:
reading 10,000 releases in chunks of 223 unpickles about 22 times the whole
environment. The archive's own per-document tables (:class:`ByDocument`,
36 MB of the 63 MB environment of 10,000 releases) therefore send back only
the documents the process read, which is all the domains merge
(``merge_domaindata``). Sphinx's own data (tables of contents, titles) is sent
whole: only a chunk size would help there (sphinx-doc/sphinx#10967).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from communiques.internals import forked_from, parallel_jobs, set_parallel_jobs

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


#: the process that forks the reading processes, while a build reads in parallel
_forking: int | None = None
#: the documents this process read, if it is a reading process forked from ``_forking``
_read_here: set[str] = set()


def in_reading_process() -> bool:
    """Whether this process was forked by a parallel build to read some of its pages."""
    return forked_from(_forking)


class ByDocument(dict[str, Any]):
    """A domain's table of data by docname, which a reading process sends back in part.

    Pickled in a reading process (:func:`in_reading_process`), it holds only
    the documents that process read; anywhere else (the environment's pickle,
    a deep copy), all of them.
    """

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, ...]:
        items = self.items()
        if in_reading_process():
            items = {docname: value for docname, value in items if docname in _read_here}.items()
        return (type(self), (), None, None, iter(items))


def read_serially(to_read: int, known: int) -> bool:
    """Whether *to_read* pages are better read in the main process, *known* being in the environment."""
    kept = known - to_read
    return to_read < kept


class ReadingPlan:
    """Lowers the build's ``-j`` to 1 for the reading of a small update, and restores it."""

    def __init__(self) -> None:
        self.jobs: int | None = None

    def before_read(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        known = len(env.all_docs)
        jobs = parallel_jobs(app)
        if jobs > 1 and read_serially(len(docnames), known):
            logger.info(
                "communiques: %d page(s) to read of %d: reading in this process, not in %d",
                len(docnames),
                known,
                jobs,
            )
            self.jobs = jobs
            set_parallel_jobs(app, 1)

    def after_read(self, app: Sphinx, env: BuildEnvironment) -> None:
        if self.jobs is not None:
            set_parallel_jobs(app, self.jobs)
            self.jobs = None


def note_forking(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    global _forking
    _forking = os.getpid() if parallel_jobs(app) > 1 else None
    _read_here.clear()


def note_read(app: Sphinx, docname: str, source: list[str]) -> None:
    if in_reading_process():
        _read_here.add(docname)


def forget_forking(app: Sphinx, *args: object) -> None:
    global _forking
    _forking = None
    _read_here.clear()


def setup_reading(app: Sphinx) -> None:
    plan = ReadingPlan()
    app.connect("env-before-read-docs", plan.before_read)
    # After the plan has chosen whether to read in parallel.
    app.connect("env-before-read-docs", note_forking, priority=900)
    app.connect("source-read", note_read)
    # First of the handlers of the event, so that none sees the lowered -j.
    app.connect("env-updated", plan.after_read, priority=0)
    app.connect("env-updated", forget_forking, priority=0)
    app.connect("build-finished", forget_forking)
