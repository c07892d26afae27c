"""Listings of releases: year pages in date order, the home page latest first.

Listings are filled when pages are written, so pages whose listing changed
must be written again on incremental builds although their source did not
change. Every incremental build is compared with a clean build of the same
sources: the main content of the listing pages must be identical.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from helpers import ROOTS, article_html, copy_sources, main_of, soup_of, status_of, text_of, warnings_of

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

YEAR = "releases/2020/index"
HOME = "index"
LISTING_PAGES = (YEAR, HOME)

ZETA = ("10 mars 2020", "Zêta, le premier communiqué de l’année", "2020-03-10-zeta.html")
ALPHA = ("1er septembre 2020", "Alpha, le dernier communiqué de l’année", "2020-09-01-alpha.html")
MU = ("15 juin 2020", "Mu, le communiqué du milieu de l’année", "2020-06-15-mu.html")

MU_SOURCE = """\
---
id: 2020-06-15-mu
type: media-advisory
title: Mu, le communiqué du milieu de l’année
issued: 2020-06-15
place: Québec
language: fr
issuers:
  - gouvernement-du-quebec
---

Un communiqué ajouté après la première construction.
"""


def listing(app: SphinxTestApp, docname: str) -> list[tuple[str, str, str]]:
    """(date, title, link) of each release listed on *docname*, in order."""
    main = main_of(soup_of(app, docname))
    lists = main.select("ul.release-list")
    assert len(lists) == 1, f"{docname}: expected one listing, found {len(lists)}"
    rows = []
    for item in lists[0].find_all("li", recursive=False):
        link = item.find("a")
        rows.append(
            (
                text_of(item.select_one(".release-date")),
                text_of(link),
                link["href"].rsplit("/", 1)[-1],
            )
        )
    return rows


@pytest.fixture
def builder(make_app, tmp_path: Path) -> Callable[..., SphinxTestApp]:
    """Build a folder; each call is a new application, like a new sphinx-build."""

    def build(srcdir: Path, **kwargs: object) -> SphinxTestApp:
        app = make_app("html", srcdir=srcdir, **kwargs)
        app.build()
        app.cleanup()  # so that the next application starts from a clean slate
        assert warnings_of(app) == []
        return app

    return build


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_sources(ROOTS / "test-listings", tmp_path / "project")


def assert_same_as_clean_build(app: SphinxTestApp, builder, tmp_path: Path) -> None:
    """The listing pages of *app* are those of a clean build of its sources."""
    clean = builder(copy_sources(app.srcdir, tmp_path / "clean"))
    for docname in LISTING_PAGES:
        assert article_html(app, docname) == article_html(clean, docname), docname


def test_year_page_in_date_order_home_latest_first(builder, project: Path) -> None:
    app = builder(project)
    # by date, not by file name: 2020-03-10-zeta before 2020-09-01-alpha
    assert listing(app, YEAR) == [ZETA, ALPHA]
    assert listing(app, HOME) == [ALPHA, ZETA]


def test_latest_limits_the_home_page(builder, project: Path) -> None:
    index = project / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(":latest: 10", ":latest: 1"), encoding="utf-8")
    app = builder(project)
    assert listing(app, HOME) == [ALPHA]


def test_incremental_build_after_adding_a_record(builder, project: Path, tmp_path: Path) -> None:
    builder(project)
    (project / "releases/2020/2020-06-15-mu.md").write_text(MU_SOURCE, encoding="utf-8")
    app = builder(project)
    assert "1 added, 0 changed, 0 removed" in status_of(app)
    assert listing(app, YEAR) == [ZETA, MU, ALPHA]
    assert listing(app, HOME) == [ALPHA, MU, ZETA]
    assert_same_as_clean_build(app, builder, tmp_path)


def test_incremental_build_after_editing_a_title(builder, project: Path, tmp_path: Path) -> None:
    builder(project)
    record = project / "releases/2020/2020-03-10-zeta.md"
    record.write_text(
        record.read_text(encoding="utf-8").replace("Zêta, le premier", "Zêta, le tout premier"),
        encoding="utf-8",
    )
    app = builder(project)
    assert "0 added, 1 changed, 0 removed" in status_of(app)
    zeta = (ZETA[0], "Zêta, le tout premier communiqué de l’année", ZETA[2])
    assert listing(app, YEAR) == [zeta, ALPHA]
    assert listing(app, HOME) == [ALPHA, zeta]
    assert_same_as_clean_build(app, builder, tmp_path)


def test_incremental_build_after_deleting_a_record(builder, project: Path, tmp_path: Path) -> None:
    builder(project)
    (project / "releases/2020/2020-09-01-alpha.md").unlink()
    app = builder(project)
    assert "0 added, 0 changed, 1 removed" in status_of(app)
    assert listing(app, YEAR) == [ZETA]
    assert listing(app, HOME) == [ZETA]
    assert_same_as_clean_build(app, builder, tmp_path)


def test_incremental_build_without_changes_writes_nothing(builder, project: Path) -> None:
    """Listing pages are re-written only when what they list changed."""
    builder(project)
    app = builder(project)
    assert "0 added, 0 changed, 0 removed" in status_of(app)
    assert "no targets are out of date" in status_of(app)


def test_parallel_build_gives_the_same_pages(builder, project: Path, tmp_path: Path) -> None:
    # enough records for the documents to be shared between the processes
    for day in range(1, 9):
        (project / f"releases/2020/2020-05-{day:02d}-lot-{day}.md").write_text(
            MU_SOURCE.replace("2020-06-15", f"2020-05-{day:02d}")
            .replace("-mu", f"-lot-{day}")
            .replace("Mu, le communiqué", f"Lot {day}, un communiqué"),
            encoding="utf-8",
        )
    serial = builder(copy_sources(project, tmp_path / "serial"))
    parallel = builder(copy_sources(project, tmp_path / "parallel"), parallel=2)
    assert len(listing(serial, YEAR)) == 10
    docnames = sorted(
        path.relative_to(serial.outdir).with_suffix("").as_posix()
        for path in serial.outdir.rglob("*.html")
        if path.stem not in ("genindex", "search")
    )
    assert YEAR in docnames
    assert HOME in docnames
    for docname in docnames:
        assert article_html(parallel, docname) == article_html(serial, docname), docname
