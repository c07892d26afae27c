"""Incremental builds of entity pages give the pages of a clean build.

An entity's name, relations and mentions are shown on other pages than its
own (the releases that mention it, the pages of related entities, the index
of its kind): after each change the incremental build must write those pages
again, and only those, and every page must be what a clean build of the same
sources gives. A parallel build must give the pages of a serial one.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sphinx.util.console import strip_escape_sequences

from communiques.perf.reading import read_serially
from helpers import ROOTS, article_html, copy_sources, main_of, soup_of, text_of, warnings_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

#: pages the HTML builder writes on every build that writes anything
GENERATED = {"genindex", "search", "archive-people", "archive-organisations", "archive-agreements"}
#: the root page: its toctree holds the kind and year pages, so Sphinx writes it again with any of them
HOME = "index"

THIRD_RELEASE = """\
---
id: 2020-11-20-troisieme
type: press-release
title: Troisième communiqué sur les essais
issued: 2020-11-20
place: Montréal
language: fr
issuers:
  - ministere-essais
---

Le porte-parole {person}`paul-porte-parole` inaugure le {org}`centre-essais`.
"""

AGENCY = """\
---
id: agence-essais
name: Agence des essais
classification: government-agency
relations:
  - type: part-of
    target: ministere-essais
---

Une agence du ministère des Essais.
"""

UNKNOWN_GOVERNMENT = (
    "unknown organisation id `gouvernement-du-quebec`: check the spelling, "
    "or add source/organisations/gouvernement-du-quebec.md [archive.unknown_id]"
)
UNKNOWN_TARGET = UNKNOWN_GOVERNMENT.replace("`: ", "` in `relations`: ")


@pytest.fixture
def builder(make_app) -> Callable[..., SphinxTestApp]:
    """Build a folder; each call is a new application, like a new sphinx-build."""

    def build(srcdir: Path, **kwargs: object) -> SphinxTestApp:
        app = make_app("html", srcdir=srcdir, **kwargs)
        app.build()
        app.cleanup()
        return app

    return build


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_sources(ROOTS / "test-entities", tmp_path / "project")


def pages(app: SphinxTestApp) -> dict[str, Path]:
    """docname → HTML file of every page in the output folder."""
    outdir = Path(app.outdir)
    return {path.relative_to(outdir).with_suffix("").as_posix(): path for path in outdir.rglob("*.html")}


def clean_build(builder, app: SphinxTestApp, tmp_path: Path) -> SphinxTestApp:
    """A build of *app*'s sources from scratch, in a fresh folder."""
    return builder(copy_sources(Path(app.srcdir), tmp_path / "clean"))


def rebuild(builder, srcdir: Path, change: Callable[[Path], None]) -> tuple[SphinxTestApp, set[str]]:
    """Build, apply *change*, build again: the second app and the pages it wrote."""
    first = builder(srcdir)
    assert warnings_of(first) == []
    before = {docname: path.stat().st_mtime_ns for docname, path in pages(first).items()}
    change(srcdir)
    app = builder(srcdir)
    written = {
        docname for docname, path in pages(app).items() if path.stat().st_mtime_ns != before.get(docname)
    }
    return app, written


def assert_same_as_clean_build(
    app: SphinxTestApp, clean: SphinxTestApp, *, stale: set[str] = frozenset()
) -> None:
    """Every page of *app* is that of *clean*; *stale* are outputs of deleted sources left behind."""
    assert set(pages(app)) - set(pages(clean)) == stale
    assert set(pages(clean)) <= set(pages(app))
    for docname in sorted(pages(clean)):
        assert article_html(app, docname) == article_html(clean, docname), docname
    assert warnings_of(app) == warnings_of(clean)


def article_text(app: SphinxTestApp, docname: str) -> str:
    return text_of(main_of(soup_of(app, docname)))


def test_adding_a_release_that_mentions_a_person(builder, project: Path, tmp_path: Path) -> None:
    def change(srcdir: Path) -> None:
        (srcdir / "releases/2020/2020-11-20-troisieme.md").write_text(THIRD_RELEASE, encoding="utf-8")

    app, written = rebuild(builder, project, change)
    assert "1 added, 0 changed, 0 removed" in app.status.getvalue()
    assert warnings_of(app) == []
    assert "Troisième communiqué sur les essais" in article_text(app, "people/paul-porte-parole")
    assert written == {
        "releases/2020/2020-11-20-troisieme",
        "releases/2020/index",  # lists it
        "releases/2020/2020-09-01-second",  # its neighbour in time: "next release" is the new one
        "people/paul-porte-parole",  # mentioned
        "organisations/centre-essais",  # mentioned
        "organisations/ministere-essais",  # issuer
        HOME,
        *GENERATED,
    }
    assert_same_as_clean_build(app, clean_build(builder, app, tmp_path))


def test_editing_a_person_s_name(builder, project: Path, tmp_path: Path) -> None:
    def change(srcdir: Path) -> None:
        person = srcdir / "people/jeanne-essai.md"
        text = person.read_text(encoding="utf-8")
        person.write_text(text.replace("name: Jeanne Essai", "name: Jeanne Essai-Martin"), encoding="utf-8")

    app, written = rebuild(builder, project, change)
    assert "0 added, 1 changed, 0 removed" in app.status.getvalue()
    assert warnings_of(app) == []
    assert "Jeanne Essai-Martin" in article_text(app, "releases/2020/2020-03-10-premier")
    assert written == {
        "people/jeanne-essai",
        "people/index",  # lists her by name
        "releases/2020/2020-03-10-premier",  # mention
        "releases/2020/2020-09-01-second",  # mention
        "organisations/ministere-essais",  # her posts, among its relations
        "agreements/entente-essais",  # signatory
        HOME,
        *GENERATED,
    }
    assert_same_as_clean_build(app, clean_build(builder, app, tmp_path))


def test_deleting_an_organisation_that_is_the_target_of_a_relation(
    builder, project: Path, tmp_path: Path
) -> None:
    def change(srcdir: Path) -> None:
        (srcdir / "organisations/gouvernement-du-quebec.md").unlink()

    app, written = rebuild(builder, project, change)
    assert "0 added, 0 changed, 1 removed" in app.status.getvalue()
    assert warnings_of(app) == [
        f"agreements/entente-essais.md:1: WARNING: {UNKNOWN_GOVERNMENT}",  # party
        f"organisations/centre-essais.md:11: WARNING: {UNKNOWN_TARGET}",
        f"organisations/ministere-essais.md:11: WARNING: {UNKNOWN_TARGET}",
        f"releases/2020/2020-03-10-premier.md:9: WARNING: {UNKNOWN_GOVERNMENT}",  # issuer
    ]
    assert "Gouvernement du Québec" not in article_text(app, "organisations/ministere-essais")
    assert written == {
        "organisations/index",
        "organisations/ministere-essais",  # part of it
        "organisations/centre-essais",  # hosted by it
        "agreements/entente-essais",  # party
        "releases/2020/2020-03-10-premier",  # issuer
        HOME,
        *GENERATED,
    }
    # Sphinx never deletes the output of a deleted source
    assert_same_as_clean_build(
        app, clean_build(builder, app, tmp_path), stale={"organisations/gouvernement-du-quebec"}
    )


def test_adding_an_entity(builder, project: Path, tmp_path: Path) -> None:
    def change(srcdir: Path) -> None:
        (srcdir / "organisations/agence-essais.md").write_text(AGENCY, encoding="utf-8")

    app, written = rebuild(builder, project, change)
    assert "1 added, 0 changed, 0 removed" in app.status.getvalue()
    assert warnings_of(app) == []
    assert "Comprend : Agence des essais" in article_text(app, "organisations/ministere-essais")
    assert written == {
        "organisations/agence-essais",
        "organisations/index",
        "organisations/ministere-essais",  # the agency is part of it
        HOME,
        *GENERATED,
    }
    assert_same_as_clean_build(app, clean_build(builder, app, tmp_path))


def test_parallel_build_gives_the_pages_of_a_serial_build(builder, project: Path, tmp_path: Path) -> None:
    serial = builder(copy_sources(project, tmp_path / "serial"))
    parallel = builder(copy_sources(project, tmp_path / "parallel"), parallel=2)
    # the 13 documents are read and written by worker processes, in chunks ("a .. b")
    status = strip_escape_sequences(parallel.status.getvalue()).splitlines()
    assert any(line.startswith("reading sources... [") and " .. " in line for line in status)
    assert any(line.startswith("writing output... [") and " .. " in line for line in status)
    assert warnings_of(serial) == warnings_of(parallel) == []
    assert set(pages(parallel)) == set(pages(serial))
    assert {
        "people/jeanne-essai",
        "organisations/gouvernement-du-quebec",
        "agreements/entente-essais",
    } <= set(pages(serial))
    for docname in sorted(pages(serial)):
        assert article_html(parallel, docname) == article_html(serial, docname), docname


def test_a_small_parallel_update_is_read_in_the_main_process(builder, project: Path, tmp_path: Path) -> None:
    """One page added to a parallel build is read here, not sent back with the whole environment."""
    builder(project, parallel=2)

    (project / "releases/2020/2020-11-20-troisieme.md").write_text(THIRD_RELEASE, encoding="utf-8")
    app = builder(project, parallel=2)

    status = strip_escape_sequences(app.status.getvalue())
    assert "communiques: 1 page(s) to read of 13: reading in this process, not in 2" in status
    assert "reading sources... [100%] releases/2020/2020-11-20-troisieme" in status
    assert app.parallel == 2, "the build writes with its -j again"
    assert any(line.startswith("writing output... [") and " .. " in line for line in status.splitlines())
    assert warnings_of(app) == []
    assert_same_as_clean_build(app, clean_build(builder, app, tmp_path))


def test_a_build_from_scratch_is_read_in_parallel(builder, project: Path) -> None:
    app = builder(project, parallel=2)
    status = strip_escape_sequences(app.status.getvalue())
    assert "reading in this process" not in status
    assert any(line.startswith("reading sources... [") and " .. " in line for line in status.splitlines())


@pytest.mark.parametrize(
    ("to_read", "known", "serially"),
    [
        (1, 15_000, True),
        (100, 15_000, True),
        (15_000, 0, False),
        (15_000, 15_000, False),
        (7_000, 15_000, True),
    ],
)
def test_reading_serially_when_the_environment_keeps_more_than_is_read(
    to_read: int, known: int, serially: bool
) -> None:
    assert read_serially(to_read, known) is serially
