"""The cyclic garbage collector leaves the environment alone during a build, and only then."""

from __future__ import annotations

import gc
import os
import weakref
from pathlib import Path

from communiques.perf.collector import CollectorPlan
from helpers import ROOTS, copy_sources, warnings_of


def test_the_environment_is_frozen_while_pages_are_written(make_app, tmp_path: Path) -> None:
    before_reading: list[int] = []
    seen: list[tuple[bool, int]] = []
    app = make_app("html", srcdir=copy_sources(ROOTS / "test-entities", tmp_path / "project"), parallel=2)
    app.connect(
        "env-before-read-docs", lambda app, env, docnames: before_reading.append(gc.get_freeze_count()), 900
    )
    app.connect(
        "doctree-resolved", lambda app, doctree, docname: seen.append((gc.isenabled(), gc.get_freeze_count()))
    )
    assert gc.isenabled()

    app.build()

    assert warnings_of(app) == []
    assert seen, "pages were written"
    assert all(enabled for enabled, _ in seen), "the collector runs while pages are written"
    # What the reading processes sent back was frozen once reading ended.
    assert all(frozen > before_reading[0] for _, frozen in seen), (
        "the collector does not walk the environment"
    )
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


def test_an_application_that_failed_while_loading_does_not_leave_the_collector_paused(
    make_app, tmp_path: Path
) -> None:
    # As if an application had failed between loading its environment and
    # setting its builder up: config-inited paused the collector, builder-inited never came.
    CollectorPlan().before_loading(None, None)  # type: ignore[arg-type]
    assert not gc.isenabled()

    make_app("html", srcdir=copy_sources(ROOTS / "test-entities", tmp_path / "project"))

    assert gc.isenabled()


def test_reading_in_parallel_pauses_the_collector_while_merging_and_frees_each_merge(
    make_app, tmp_path: Path
) -> None:
    merges: list[tuple[bool, int]] = []
    app = make_app("html", srcdir=copy_sources(ROOTS / "test-entities", tmp_path / "project"), parallel=2)
    # After the archive's own handler of the event.
    app.connect(
        "env-merge-info",
        lambda app, env, docnames, other: merges.append((gc.isenabled(), gc.get_count()[0])),
        950,
    )

    app.build()

    assert warnings_of(app) == []
    assert merges, "the pages were read in parallel"
    assert not any(enabled for enabled, _ in merges), "no collection while an environment is unpickled"
    # Each merge ends with one collection: nothing is left counted for the next.
    assert all(count < 100 for _, count in merges), merges
    assert gc.isenabled()


def test_a_reading_process_freezes_what_it_inherited_and_collects_what_it_makes(
    make_app, tmp_path: Path
) -> None:
    main = os.getpid()
    before_reading: list[int] = []
    seen = tmp_path / "seen-by-reading-processes.txt"

    def note(app, doctree) -> None:
        if os.getpid() != main:
            with seen.open("a") as out:
                out.write(f"{gc.get_freeze_count()} {gc.isenabled()}\n")

    app = make_app("html", srcdir=copy_sources(ROOTS / "test-entities", tmp_path / "project"), parallel=2)
    app.connect(
        "env-before-read-docs", lambda app, env, docnames: before_reading.append(gc.get_freeze_count()), 950
    )
    app.connect("doctree-read", note)

    app.build()

    assert warnings_of(app) == []
    lines = seen.read_text().split()
    assert lines, "pages were read in forked processes"
    frozen = [int(count) for count in lines[0::2]]
    enabled = lines[1::2]
    # Main froze before reading; each reading process froze again what the
    # main one had made since (the processes, the pipes, earlier merges).
    assert all(count > before_reading[0] for count in frozen), (frozen, before_reading)
    assert set(enabled) == {"True"}, "a reading process collects its own garbage"
