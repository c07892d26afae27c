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
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


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
        if app.parallel > 1 and read_serially(len(docnames), known):
            logger.info(
                "communiques: %d page(s) to read of %d: reading in this process, not in %d",
                len(docnames),
                known,
                app.parallel,
            )
            self.jobs, app.parallel = app.parallel, 1

    def after_read(self, app: Sphinx, env: BuildEnvironment) -> None:
        if self.jobs is not None:
            app.parallel, self.jobs = self.jobs, None


def setup_reading(app: Sphinx) -> None:
    plan = ReadingPlan()
    app.connect("env-before-read-docs", plan.before_read)
    # First of the handlers of the event, so that none sees the lowered -j.
    app.connect("env-updated", plan.after_read, priority=0)
