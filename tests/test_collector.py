"""The cyclic garbage collector leaves the environment alone during a build, and only then."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest
from sphinx.errors import ExtensionError

from helpers import ROOTS, copy_sources, warnings_of


def test_the_environment_is_frozen_while_pages_are_written(make_app, tmp_path: Path) -> None:
    seen: list[tuple[bool, int]] = []
    app = make_app("html", srcdir=copy_sources(ROOTS / "test-entities", tmp_path / "project"), parallel=2)
    app.connect(
        "doctree-resolved", lambda app, doctree, docname: seen.append((gc.isenabled(), gc.get_freeze_count()))
    )
    assert gc.isenabled()

    app.build()

    assert warnings_of(app) == []
    assert seen, "pages were written"
    assert all(enabled for enabled, _ in seen), "the collector runs while pages are written"
    assert all(frozen > 0 for _, frozen in seen), "but does not walk what was alive when reading ended"
    assert gc.isenabled()


class _Cycle:
    """An object that only the cyclic collector can free."""

    def __init__(self) -> None:
        self.me = self


def test_the_next_application_frees_what_an_earlier_build_left_frozen(make_app, tmp_path: Path) -> None:
    make_app("html", srcdir=copy_sources(ROOTS / "test-entities", tmp_path / "first")).build()
    assert gc.get_freeze_count() > 0, (
        "a finished build leaves its objects frozen: the process may exit at once"
    )
    # Garbage of the first build, frozen as a build freezes what it holds.
    gc.disable()
    garbage = weakref.ref(_Cycle())
    gc.freeze()
    gc.enable()
    gc.collect()
    assert garbage() is not None, "frozen garbage waits"

    make_app("html", srcdir=copy_sources(ROOTS / "test-entities", tmp_path / "second"))

    assert garbage() is None, "the next application frees it"
    assert gc.isenabled()


def test_a_failed_build_gives_the_collector_back(make_app, tmp_path: Path) -> None:
    app = make_app("html", srcdir=copy_sources(ROOTS / "test-entities", tmp_path / "project"))

    def fail(app: object, env: object) -> None:
        raise RuntimeError("failed while writing")

    app.connect("env-updated", fail, priority=950)
    with pytest.raises(ExtensionError, match="failed while writing"):
        app.build()
    assert gc.isenabled()
