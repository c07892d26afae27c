"""The HTML of a filled listing is the HTML of the standard nodes other builders get.

HTML builders get one :class:`release_rows` node per listing, written at
once; other builders get docutils' standard nodes (:func:`standard_rows`).
Readers must not see the difference: the HTML writer's output of both is
compared on every listing of a project with a withdrawn release, a person's
posts, French spacing across the parts of a row, and characters to escape.
"""

from __future__ import annotations

import copy
from pathlib import Path

from communiques.archive.nodes import ListingRow, release_rows
from communiques.pages.listings import standard_rows
from communiques.pages.typography import NBSP, apply_french_spacing
from helpers import ROOTS, copy_sources, soup_of, warnings_of

#: a title with characters to escape and punctuation French spacing changes
TRICKY_TITLE = '« Essais & mesures » : le "bilan" < 2021 ?'

WITHDRAWN = f"""\
---
id: 2020-07-01-bilan
type: statement
title: '{TRICKY_TITLE}'
issued: 2020-07-01
place: Québec
language: fr
issuers:
  - gouvernement-du-quebec
status: withdrawn
revisions:
  - date: 2020-07-02
    note: Retiré à la demande du ministère.
---

La ministre {{person}}`Jeanne Essai <jeanne-essai>` présente le bilan.
"""


def test_a_listing_s_html_is_that_of_the_standard_nodes(make_app, tmp_path: Path) -> None:
    srcdir = copy_sources(ROOTS / "test-entities", tmp_path / "project")
    (srcdir / "releases/2020/2020-07-01-bilan.md").write_text(WITHDRAWN, encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    # The rows as filled, before French spacing (doctree-resolved, 900) changes them.
    filled: dict[str, list[list[ListingRow]]] = {}

    def keep(app, doctree, docname: str) -> None:
        filled[docname] = [list(listing["rows"]) for listing in doctree.findall(release_rows)]

    app.connect("doctree-resolved", keep, priority=800)
    app.build()
    assert warnings_of(app) == []

    compared = []
    for docname in sorted(app.env.found_docs):
        doctree = app.env.get_and_resolve_doctree(docname, app.builder, tags=app.builder.tags)
        for listing, rows in zip(doctree.findall(release_rows), filled[docname], strict=True):
            fast = app.builder.render_partial(copy.deepcopy(listing))["fragment"]
            # What the page showed when every listing was made of standard nodes.
            standard = standard_rows(rows)
            apply_french_spacing(standard)
            assert fast == app.builder.render_partial(standard)["fragment"], docname
            compared.append((docname, listing["rows"]))

    listed = [row for _, rows in compared for row in rows]
    assert {"people/jeanne-essai", "releases/2020/index"} <= {docname for docname, _ in compared}
    assert any(row.withdrawn for row in listed), "a withdrawn release is listed"
    assert any(row.posts for row in listed), "a person's page lists her posts"
    tricky = [row for row in listed if "Essais" in row.title]
    assert tricky
    assert all(f"{NBSP}:" in row.title for row in tricky), "French spacing reached the listings"
    # And the page shows what was written, escaped.
    year = soup_of(app, "releases/2020/index").select_one("li.release-status-withdrawn")
    assert year is not None
    assert year.select_one("a.release-title").get_text() == tricky[0].title
    assert year.select_one("a.release-title")["title"] == tricky[0].tooltip
