"""Keep Python's cyclic garbage collector off the environment during a build.

The environment of a large archive is millions of Python objects (a
10,000-release archive's main process holds about 1.3 GB) that live for the
whole build. Python's cyclic collector does not know that: each full
collection walks all of them again, and the pages a build writes allocate
enough to trigger one every few pages. Adding one release to 10,000 spent
about 5 of its 31 seconds there, most of it while filling the listings of a
few pages; loading the environment's pickle, one allocation after another,
triggered collections that found nothing to collect.

So, for the length of a build:

* the collector is paused while Sphinx loads the environment (from
  ``config-inited``, just before, to ``builder-inited``, just after); when
  the build starts reading (``env-before-read-docs``), everything alive is
  moved to the collector's permanent generation (:func:`gc.freeze`), where
  collections do not look;
* once the documents are read (``env-updated``) by a parallel build, what is
  alive is frozen again after one collection, so that writing pages, in this
  process and in the writing processes forked from it, does not walk the
  environment either (a serial build holds every page it read until it is
  written: those are left to the collector);
* when the build ends (``build-finished``) everything goes back to the
  collector (:func:`gc.unfreeze`), so a process that runs several builds
  (the tests) frees each build's objects as usual.

Reference counting still frees whatever stops being used while frozen; only
reference cycles that die during the build wait for its end.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment


class CollectorPlan:
    """Pauses, freezes and gives back the cyclic collector around one build."""

    def __init__(self) -> None:
        self.paused = False
        self.frozen = False

    def before_loading(self, app: Sphinx, config: Config) -> None:
        if gc.isenabled():
            gc.disable()
            self.paused = True

    def after_loading(self, app: Sphinx) -> None:
        if self.paused:
            gc.enable()
            self.paused = False

    def before_reading(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        # Not on loading: an application that is made but never builds (as
        # in tests) would keep its objects frozen.
        self.freeze()

    def after_reading(self, app: Sphinx, env: BuildEnvironment) -> None:
        if app.parallel <= 1:
            # A serial build keeps every page it read in memory until it is
            # written (Sphinx's doctree cache); frozen, the pages would stay
            # after being written, until the end of the build.
            return
        # Reading in parallel leaves the environments sent back by the reading
        # processes to collect: collect them once rather than freeze them.
        gc.collect()
        self.freeze()

    def freeze(self) -> None:
        gc.freeze()
        self.frozen = True

    def finished(self, app: Sphinx, exception: BaseException | None) -> None:
        if self.paused:
            gc.enable()
            self.paused = False
        if self.frozen:
            gc.unfreeze()
            self.frozen = False


def setup_collector(app: Sphinx) -> None:
    plan = CollectorPlan()
    # Last of config-inited and first of builder-inited: the environment is
    # loaded between the two events.
    app.connect("config-inited", plan.before_loading, priority=900)
    app.connect("builder-inited", plan.after_loading, priority=0)
    app.connect("env-before-read-docs", plan.before_reading)
    app.connect("env-updated", plan.after_reading, priority=900)
    # Last: other handlers may still build open data from the environment.
    app.connect("build-finished", plan.finished, priority=900)
