"""Rendering of one release: header, body sections, end mark and contacts.

``tests/roots/test-records`` holds one record using every part of the front
matter and every directive, and the people and organisations it names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import unquote

import pytest
from docutils import nodes

from communiques.archive.nodes import data_text
from helpers import ROOTS, copy_sources, main_of, soup_of, text_of, warnings_of

if TYPE_CHECKING:
    from pathlib import Path

    from bs4 import Tag
    from sphinx.testing.util import SphinxTestApp

DOCNAME = "releases/2020/2020-06-25-essai-complet"

# All tests but the last ones read the same build (a shared copy of the root).
records = pytest.mark.sphinx("html", testroot="records", srcdir="records-shared")


@pytest.fixture
def page(app: SphinxTestApp) -> Tag:
    app.build()
    return main_of(soup_of(app, DOCNAME))


def classes(tag: Tag) -> list[str]:
    return [cls for cls in tag.get("class", []) if cls not in ("docutils", "container")]


def local_target(link: Tag) -> str:
    """The page a relative link points to, from the record's folder."""
    return link["href"].removeprefix("../../").split("#")[0]


@records
def test_builds_without_warnings(app: SphinxTestApp) -> None:
    app.build(force_all=True)
    assert warnings_of(app) == []


@records
def test_header_parts_in_order(page: Tag) -> None:
    header = page.select_one("div.release-header")
    assert header is not None
    parts = [classes(child)[0] for child in header.find_all(recursive=False)]
    # the subtitle, the archive's notice, then what the original prints before its body
    assert parts == ["subtitle", "release-meta", "letterheads", "distribution", "dateline"]
    notice = header.select_one("div.release-meta")
    rows = [classes(dt)[0] for dt in notice.select("dl > dt")]
    assert rows == [
        "release-meta-type",
        "release-meta-date",
        "release-meta-issuers",
        "release-meta-language",
        "release-meta-pdf",
    ]
    # the header comes right after the title
    assert page.section.h1.find_next_sibling() is header


@records
def test_header_texts(page: Tag) -> None:
    header = page.select_one("div.release-header")
    letterheads = [
        [text_of(line) for line in block.select("div.line")]
        for block in header.select("div.letterheads > div.letterhead")
    ]
    assert letterheads == [
        ["Gouvernement du Québec", "Cabinet de la ministre des Essais"],
        ["GOUVERNEMENT", "Liberté"],
    ]
    assert text_of(header.select_one(".release-type")) == "Communiqué de presse"
    assert text_of(header.select_one(".distribution strong")) == "Pour diffusion immédiate"
    assert text_of(header.select_one(".subtitle")) == "Un sous-titre tel qu’imprimé"


@records
def test_issuers_link_to_their_organisations(page: Tag) -> None:
    links = page.select("div.release-meta p.issuers a")
    assert [(text_of(a), local_target(a)) for a in links] == [
        ("Gouvernement du Québec", "organisations/gouvernement-du-quebec.html"),
        ("Gouvernement de la République française", "organisations/gouvernement-francais.html"),
    ]


@records
def test_dateline_keeps_the_place_in_place(page: Tag) -> None:
    dateline = page.select_one("p.dateline strong")
    assert dateline.get_text() == "Québec, le 25 juin 2020."
    assert text_of(dateline.select_one(".place")) == "Québec"
    assert text_of(dateline.select_one(".date")) == "25 juin 2020"


@records
def test_dateline_doctree_order(app: SphinxTestApp) -> None:
    """The place is a translatable data_text node, kept before the date."""
    app.build()
    doctree = app.env.get_doctree(DOCNAME)
    datelines = [p for p in doctree.findall(nodes.paragraph) if "dateline" in p["classes"]]
    assert len(datelines) == 1
    strong = datelines[0][0]
    assert isinstance(strong, nodes.strong)
    kinds = [type(child).__name__ for child in strong.children]
    assert kinds == ["data_text", "Text", "inline", "Text"]
    assert isinstance(strong[0], data_text)
    assert [child.astext() for child in strong.children] == ["Québec", ", le ", "25 juin 2020", "."]


@records
def test_body_mention_links_to_the_person(page: Tag) -> None:
    first = page.section.find("p", class_=False, recursive=False)
    assert text_of(first) == "Premier paragraphe, qui mentionne la ministre ."
    link = first.find("a")
    assert local_target(link) == "people/jeanne-essai.html"
    assert text_of(link) == "la ministre"


@records
def test_sections_in_order(page: Tag) -> None:
    sections = page.section.find_all("section", recursive=False)
    assert [(classes(s)[0], text_of(s.h2).removesuffix(" ¶")) for s in sections] == [
        ("citations", "Citations"),
        ("highlights", "Faits saillants"),
        ("related-links", "Liens connexes"),
    ]


@records
def test_quotes_are_attributed_to_linked_people(page: Tag) -> None:
    quotes = page.select("section.citations blockquote.release-quote")
    found = []
    for quote in quotes:
        attribution = quote.select_one("p.attribution")
        link = attribution.find("a")
        found.append(
            (
                text_of(quote.p),
                text_of(attribution),
                local_target(link),
                text_of(attribution.select_one(".post")),
            )
        )
    assert found == [
        (
            "« Une citation de la ministre. »",
            "— Jeanne Essai , ministre des Essais",
            "people/jeanne-essai.html",
            "ministre des Essais",
        ),
        (
            "« Une citation du porte-parole. »",
            # :name: gives the name as printed
            "— M. Paul Porte-Parole , Attaché de presse",
            "people/paul-porte-parole.html",
            "Attaché de presse",
        ),
    ]


@records
def test_highlights_keep_nested_lists(page: Tag) -> None:
    top = page.select_one("section.highlights > ul")
    items = top.find_all("li", recursive=False)
    assert [text_of(item.p) for item in items] == ["Un fait saillant.", "Un autre, avec une liste :"]
    assert [text_of(li) for li in items[1].select("ul > li")] == ["premier point ;", "second point."]


@records
def test_end_mark_between_body_and_contacts(page: Tag) -> None:
    children = page.section.find_all(recursive=False)
    names = [classes(c)[0] if classes(c) else c.name for c in children]
    # The record's history and provenance follow what the original printed.
    printed = [name for name in names if name not in ("release-history", "release-provenance")]
    assert printed[-3:] == ["related-links", "end-mark", "contacts"]
    assert names[-1] == "release-history"
    assert text_of(page.select_one("p.end-mark")) == "- 30 -"


@records
def test_contact_headings_by_role_and_count(page: Tag) -> None:
    groups = page.select("div.contacts > div.contact-group")
    assert [(classes(g)[1], text_of(g.select_one(".contact-heading"))) for g in groups] == [
        ("contact-source", "Source"),  # one entry
        ("contact-source", "Sources"),  # two entries
        ("contact-information", "Informations"),
    ]


@records
def test_contact_lines(page: Tag) -> None:
    contacts = [[text_of(line) for line in block.select("div.line")] for block in page.select("div.contact")]
    assert contacts == [
        [
            "Paul Porte-Parole",
            "Attaché de presse",
            "Cabinet de la ministre des Essais",
            "Tél. : 418 555-0100, poste 1",
        ],
        ["Secrétariat des Essais", "Tél. : 01 23 45 67 89", "presse @ essais . gouv . fr"],
        ["Bureau des Essais", "bureau @ essais . gouv . fr"],
        [
            "Marie Sans-Fiche",
            "Conseillère en communication",
            "Direction des communications",
            "Ministère des Essais",
            "Tél. : 418 555-0199",
        ],
    ]


@records
def test_contact_links(page: Tag) -> None:
    links = page.select("div.contacts a")
    assert [(a.get_text(), unquote(a["href"]).removeprefix("../../")) for a in links] == [
        ("Paul Porte-Parole", "people/paul-porte-parole.html"),
        ("presse@essais.gouv.fr", "mailto:presse@essais.gouv.fr"),
        ("bureau@essais.gouv.fr", "mailto:bureau@essais.gouv.fr"),
    ]


# -- problems in the body of a record -------------------------------------------------------


@pytest.fixture
def build_variant(make_app, tmp_path: Path):
    """Build a copy of the root where the record's text is edited."""

    def build(old: str, new: str) -> SphinxTestApp:
        srcdir = copy_sources(ROOTS / "test-records", tmp_path / "variant")
        record = srcdir / f"{DOCNAME}.md"
        text = record.read_text(encoding="utf-8")
        assert old in text, old
        record.write_text(text.replace(old, new, 1), encoding="utf-8")
        app = make_app("html", srcdir=srcdir, warningiserror=True)
        app.build()
        return app

    return build


def line_of(text: str, root: Path = ROOTS / "test-records") -> int:
    """Line of the record (as in the root) where *text* starts."""
    source = (root / f"{DOCNAME}.md").read_text(encoding="utf-8")
    return source[: source.index(text)].count("\n") + 1


def test_quote_without_person(build_variant) -> None:
    line = line_of(":::{quote}\n:person: jeanne-essai")
    app = build_variant(":person: jeanne-essai\n:post: ministre des Essais\n", ":post: ministre des Essais\n")
    assert warnings_of(app) == [
        f"{DOCNAME}.md:{line}: WARNING: a quote needs `:person:` with the id of the person quoted "
        "[archive.directive]"
    ]
    assert app.statuscode == 1


def test_quote_of_unknown_person(build_variant) -> None:
    line = line_of(":::{quote}\n:person: jeanne-essai")
    app = build_variant(":person: jeanne-essai\n:post:", ":person: jeanne-inconnue\n:post:")
    assert warnings_of(app) == [
        f"{DOCNAME}.md:{line}: WARNING: unknown person id `jeanne-inconnue`: check the spelling, "
        "or add source/people/jeanne-inconnue.md [archive.unknown_id]"
    ]
    assert app.statuscode == 1


def test_unknown_contact_person_points_at_the_contact(build_variant) -> None:
    line = line_of("        person: paul-porte-parole")
    app = build_variant("        person: paul-porte-parole", "        person: paul-inconnu")
    assert warnings_of(app) == [
        f"{DOCNAME}.md:{line}: WARNING: unknown person id `paul-inconnu`: check the spelling, "
        "or add source/people/paul-inconnu.md [archive.unknown_id]"
    ]
    assert app.statuscode == 1
