"""Keep Python's cyclic garbage collector off the environment during a build.

The environment of a large archive is millions of Python objects (a
10,000-release archive's main process holds about 1.3 GB) that live for the
whole build. Python's cyclic collector does not know that: each full
collection walks all of them again, and the pages a build writes allocate
enough to trigger one every few pages. Adding one release to 10,000 spent
about 5 of its 31 seconds there, most of it while filling the listings of a
few pages; loading the environment's pickle, one allocation after another,
triggered collections that found nothing to collect. And once the build had
finished, the process spent 6 more seconds freeing the environment object by
object before it could exit.

So:

* the collector is paused while Sphinx loads the environment (from
  ``config-inited``, just before, to ``builder-inited``, just after), then
  everything alive is moved to the collector's permanent generation
  (:func:`gc.freeze`), where collections do not look; again when the build
  starts reading (``env-before-read-docs``);
* while a build reads in parallel, the main process unpickles the whole
  environment each reading process sends back (every document merged
  before it was forked: see :mod:`communiques.perf.reading`). Unpickling makes
  a million objects at once, and the collector, following its rules, walked
  them again and again as they were made: 3.9 s instead of 0.8 s for the
  environment of 10,000 releases. The collector is therefore paused in the
  main process while it reads in parallel, and runs once after each merge
  (``env-merge-info``) to free what the previous merge left behind;
* a reading process freezes what it inherited from the main process on the
  first page it reads, as Python's documentation of :func:`gc.freeze`
  advises for processes forked without exec: its collections then neither
  walk the parent's objects nor copy their memory pages;
* once the documents are read (``env-updated``) by a parallel build, what is
  alive is frozen again after one collection, so that writing pages, in this
  process and in the writing processes forked from it, does not walk the
  environment either (a serial build holds every page it read until it is
  written: those are left to the collector);
* what a build froze stays frozen when it ends: ``sphinx-build`` then exits
  at once, and the operating system takes the memory back whole. A process
  that goes on to make another Sphinx application (the tests) gives
  everything back to the collector (:func:`gc.unfreeze`) when that one is
  configured, so earlier builds' objects are freed as usual.

Reference counting still frees whatever stops being used while frozen; only
reference cycles that die during a build wait for the next one, or for the
process's end. This is process-wide: a program that embeds Sphinx and
freezes objects of its own would see them unfrozen by the next build.
"""

from __future__ import annotations

import gc
import os
from typing import TYPE_CHECKING

from communiques.internals import parallel_jobs
from communiques.perf.reading import in_reading_process

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment


#: whether the collector is paused by an application of this process, which
#: may have failed before resuming it (an error while Sphinx loads the
#: environment or sets the builder up): the next application resumes it
_paused = False


class CollectorPlan:
    """Pauses and freezes the cyclic collector around one build."""

    def __init__(self) -> None:
        #: the process that reads in parallel, while it does: the one that merges
        self.merging_in: int | None = None
        #: the last process that froze what it inherited
        self.frozen_in: int | None = None

    def before_loading(self, app: Sphinx, config: Config) -> None:
        self.resume()
        if gc.get_freeze_count():
            # What an earlier build of this process left frozen: free it now,
            # before this build freezes what is alive again.
            gc.unfreeze()
            gc.collect()
        self.pause()

    def after_loading(self, app: Sphinx) -> None:
        # Frozen before the collector resumes: the allocations counted while
        # it was paused would otherwise start a full collection at once.
        gc.freeze()
        self.resume()

    def before_reading(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        gc.freeze()
        self.frozen_in = os.getpid()
        if parallel_jobs(app) > 1:
            self.merging_in = os.getpid()
            self.pause()

    def after_merging(
        self, app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
    ) -> None:
        if self.merging_in == os.getpid():
            # Frees the rest of the previous environment sent back (what the
            # merge did not keep); the one just merged goes at the next merge.
            gc.collect()

    def before_reading_a_page(self, app: Sphinx, docname: str, source: list[str]) -> None:
        if in_reading_process() and self.frozen_in != os.getpid():
            # The first page of a reading process: freeze its inheritance,
            # and collect what it makes itself (the main process paused the
            # collector before forking it).
            gc.freeze()
            self.frozen_in = os.getpid()
            self.resume()

    def after_reading(self, app: Sphinx, env: BuildEnvironment) -> None:
        if self.merging_in is not None:
            self.merging_in = None
            self.resume()
        if parallel_jobs(app) <= 1:
            # A serial build keeps every page it read in memory until it is
            # written (Sphinx's doctree cache); frozen, the pages would stay
            # after being written, until the end of the build.
            return
        # Reading in parallel leaves the environments sent back by the reading
        # processes to collect: collect them once rather than freeze them.
        gc.collect()
        gc.freeze()

    def finished(self, app: Sphinx, exception: BaseException | None) -> None:
        self.merging_in = None
        self.resume()

    def pause(self) -> None:
        global _paused
        if gc.isenabled():
            gc.disable()
            _paused = True

    def resume(self) -> None:
        global _paused
        if _paused:
            gc.enable()
            _paused = False


def setup_collector(app: Sphinx) -> None:
    plan = CollectorPlan()
    # Last of config-inited and first of builder-inited: the environment is
    # loaded between the two events.
    app.connect("config-inited", plan.before_loading, priority=900)
    app.connect("builder-inited", plan.after_loading, priority=0)
    # After communiques.perf.reading has chosen whether to read in parallel.
    app.connect("env-before-read-docs", plan.before_reading, priority=900)
    # Last, once the environment sent back is merged.
    app.connect("env-merge-info", plan.after_merging, priority=900)
    app.connect("source-read", plan.before_reading_a_page, priority=0)
    app.connect("env-updated", plan.after_reading, priority=900)
    app.connect("build-finished", plan.finished, priority=900)
