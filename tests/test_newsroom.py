"""The newsroom: topics, a release's notice and citation, neighbours in time, the archive's
footer, Open Graph, and the home page (search box, cards, years, feeds).

The ``newsroom`` root holds three releases (2 May 2019; 10 March and 1
September 2020), one organisation whose name has characters BibTeX escapes,
and three topics (« Intelligence artificielle » under « Numérique »). It is
built with furo and sphinx-design, as the archive is.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

from communiques.pages.release_page import bib_escape
from helpers import main_of, soup_of, text_of, warnings_of

if TYPE_CHECKING:
    from bs4 import Tag
    from sphinx.testing.util import SphinxTestApp

ANCIEN = "releases/2019/2019-05-02-ancien"
PREMIER = "releases/2020/2020-03-10-premier"
SECOND = "releases/2020/2020-09-01-second"
SITE = "https://archive.example.net/fr/"

newsroom = pytest.mark.sphinx("html", testroot="newsroom")


@pytest.fixture
def built(app: SphinxTestApp) -> SphinxTestApp:
    app.build()
    assert warnings_of(app) == []
    return app


def notice(app: SphinxTestApp, docname: str) -> dict[str, str]:
    """A release's notice: label → text."""
    block = main_of(soup_of(app, docname)).select_one("div.release-meta dl")
    assert block is not None
    labels = [text_of(dt).rstrip(":").strip() for dt in block.find_all("dt", recursive=False)]
    return dict(zip(labels, [text_of(dd) for dd in block.find_all("dd", recursive=False)], strict=True))


def link_targets(app: SphinxTestApp, docname: str, links: list[Tag]) -> list[str]:
    out = Path(app.outdir).resolve()
    return [
        (Path(app.outdir, docname).parent / str(a["href"]))
        .resolve()
        .relative_to(out)
        .with_suffix("")
        .as_posix()
        for a in links
    ]


# -- topics --------------------------------------------------------------------------------


@newsroom
def test_a_topic_page_lists_its_releases_and_its_terms(built: SphinxTestApp) -> None:
    page = main_of(soup_of(built, "topics/recherche"))
    assert text_of(page.h1).rstrip("¶").strip() == "Recherche"
    listed = page.select(".entity-mentions .release-title")
    assert link_targets(built, "topics/recherche", listed) == [PREMIER, SECOND]
    assert text_of(page.select_one(".entity-mentions h2")).rstrip("¶").strip() == "Communiqués sur ce sujet"
    # broader among the facts, narrower among the relations (the terms that name it broader)
    ia = main_of(soup_of(built, "topics/intelligence-artificielle"))
    facts = {
        text_of(dt).rstrip(":").strip(): dd
        for dt, dd in zip(ia.select("dl.entity-facts > dt"), ia.select("dl.entity-facts > dd"), strict=True)
    }
    assert link_targets(built, "topics/intelligence-artificielle", facts["Terme générique"].select("a")) == [
        "topics/numerique"
    ]
    relations = main_of(soup_of(built, "topics/numerique")).select(".entity-relations li")
    assert [text_of(li) for li in relations] == ["Terme spécifique : Intelligence artificielle"]


@newsroom
def test_topics_have_a_feed_json_ld_and_a_search_filter(built: SphinxTestApp) -> None:
    import feedparser

    feed = feedparser.parse((Path(built.outdir) / "feeds/topics/recherche.xml").read_bytes())
    assert feed.feed.title == "Communiqués sur le sujet Recherche"
    assert [entry.title for entry in feed.entries] == [
        "Le second essai de l’année",
        "Le premier essai de l’année",
    ]
    head = soup_of(built, PREMIER)
    data = json.loads(head.select_one('script[type="application/ld+json"]').string)
    assert [(t["@type"], t["name"]) for t in data["about"]] == [
        ("DefinedTerm", "Intelligence artificielle"),
        ("DefinedTerm", "Recherche"),
    ]
    assert all(m["@type"] != "DefinedTerm" for m in data["mentions"])
    filters = [(s["data-pagefind-filter"], s.get_text()) for s in head.select("[data-pagefind-filter]")]
    assert ("topic", "Intelligence artificielle") in filters and ("topic", "Recherche") in filters
    term = json.loads(
        soup_of(built, "topics/intelligence-artificielle")
        .select_one("script[type='application/ld+json']")
        .string
    )
    assert term["@type"] == "DefinedTerm" and term["isPartOf"][0]["name"] == "Numérique"


def build_copy(make_app, rootdir: Path, tmp_path: Path, change: dict[str, str]) -> list[str]:
    srcdir = tmp_path / "project"
    shutil.copytree(rootdir / "test-newsroom", srcdir)
    for relative, text in change.items():
        (srcdir / relative).write_text(text, encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    return warnings_of(app)


def test_an_unknown_topic_is_reported_where_it_is_named(make_app, rootdir: Path, tmp_path: Path) -> None:
    text = (rootdir / "test-newsroom" / f"{SECOND}.md").read_text(encoding="utf-8")
    warnings = build_copy(
        make_app,
        rootdir,
        tmp_path,
        {f"{SECOND}.md": text.replace("topics: [recherche]", "topics:\n  - recherches")},
    )
    assert warnings == [
        f"{SECOND}.md:10: WARNING: unknown topic id `recherches`: check the spelling, or add "
        "source/topics/recherches.md [archive.unknown_id]"
    ]


def test_a_cycle_of_broader_terms_is_reported(make_app, rootdir: Path, tmp_path: Path) -> None:
    numerique = (
        "---\nid: numerique\nname: Numérique\nbroader: [intelligence-artificielle]\n---\n\nLe numérique.\n"
    )
    warnings = build_copy(make_app, rootdir, tmp_path, {"topics/numerique.md": numerique})
    assert warnings == [
        "topics/intelligence-artificielle.md:5: WARNING: the broader terms intelligence-artificielle → "
        "numerique → intelligence-artificielle form a cycle: a topic cannot be broader than itself; remove "
        "one of these broader terms [archive.consistency]"
    ]


# -- a release's page ------------------------------------------------------------------------


@newsroom
def test_the_notice_holds_what_the_original_does_not_print(built: SphinxTestApp) -> None:
    assert notice(built, PREMIER) == {
        "Type": "Communiqué de presse",
        "Date": "10 mars 2020",
        "Publié par": "Ministère des Essais & de la Mesure_{1}",
        "Sujets": "Intelligence artificielle · Recherche",
        "Langue de l’original": "Français",
        "PDF": "Télécharger le PDF",  # the print plan's link, moved into the notice
    }
    header = main_of(soup_of(built, PREMIER)).select_one("div.release-header")
    # outside the notice, nothing the original does not print
    for notice_block in header.select("div.release-meta"):
        notice_block.decompose()
    assert "Publié par" not in text_of(header)
    assert "Communiqué de presse" not in text_of(header)


@newsroom
def test_a_phone_number_is_labelled_only_where_the_original_labels_it(built: SphinxTestApp) -> None:
    lines = [text_of(line) for line in main_of(soup_of(built, PREMIER)).select("div.contacts div.line")]
    assert "Tél. : 418 555-0100, poste 12" in lines
    assert "01 23 45 67 89" in lines


@newsroom
def test_cite_this_release(built: SphinxTestApp) -> None:
    cite = main_of(soup_of(built, PREMIER)).select_one("details.release-cite")
    assert text_of(cite.summary) == "Citer ce communiqué"
    url = f"{SITE}{PREMIER}.html"
    assert cite.select_one(".permalink a")["href"] == url
    assert text_of(cite.select_one(".citation-text")) == (
        "Ministère des Essais & de la Mesure_{1} (2020, 10 mars). Le premier essai de l’année "
        f"[Communiqué de presse]. Communiqués (tests). {url}"
    )
    files = {text_of(a): a["href"] for a in cite.select("a.citation-file")}
    assert files == {"CSL-JSON": "2020-03-10-premier.csl.json", "BibTeX": "2020-03-10-premier.bib"}
    folder = Path(built.outdir, PREMIER).parent
    (csl,) = json.loads((folder / files["CSL-JSON"]).read_text(encoding="utf-8"))
    assert csl["issued"] == {"date-parts": [[2020, 3, 10]]}
    assert csl["author"] == [{"literal": "Ministère des Essais & de la Mesure_{1}"}]
    assert (csl["type"], csl["genre"], csl["URL"]) == ("report", "Communiqué de presse", url)
    bib = (folder / files["BibTeX"]).read_text(encoding="utf-8")
    assert bib.startswith("@misc{2020-03-10-premier,\n")
    assert r"author = {{Ministère des Essais \& de la Mesure\_\{1\}}}" in bib
    assert (
        bib_escape("50 % ~ #1 ^ $ \\")
        == r"50 \% \textasciitilde{} \#1 \textasciicircum{} \$ \textbackslash{}"
    )


@newsroom
def test_neighbours_in_time_replace_the_book_order(built: SphinxTestApp) -> None:
    def neighbours(docname: str) -> dict[str, str]:
        nav = soup_of(built, docname).select_one("footer nav.archive-neighbours")
        if nav is None:
            return {}
        return {a["rel"][0]: link_targets(built, docname, [a])[0] for a in nav.select("a")}

    assert neighbours(ANCIEN) == {"next": PREMIER}
    assert neighbours(PREMIER) == {"prev": ANCIEN, "next": SECOND}
    assert neighbours(SECOND) == {"prev": PREMIER}
    assert neighbours("releases/2020/index") == {"prev": "releases/2019/index"}
    for docname in (PREMIER, "index", "topics/recherche"):
        footer = soup_of(built, docname).select_one("footer")
        assert footer.select(".related-pages") == []
        assert "Made with" not in footer.get_text() and "Furo" not in footer.get_text()
        assert footer.select_one(".archive-footer") is not None


# -- sharing ---------------------------------------------------------------------------------


def meta(page: BeautifulSoup) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag in page.select("head meta[property], head meta[name=description]"):
        found.setdefault(str(tag.get("property") or tag["name"]), []).append(str(tag["content"]))
    return found


@newsroom
def test_open_graph_and_description_from_the_record(built: SphinxTestApp) -> None:
    release = meta(soup_of(built, PREMIER))
    assert release["og:title"] == ["Le premier essai de l’année"]
    assert release["description"] == release["og:description"] == ["Un sous-titre qui résume l’essai"]
    assert release["og:type"] == ["article"]
    assert release["og:url"] == [f"{SITE}{PREMIER}.html"]
    assert release["og:locale"] == ["fr_FR"]
    assert release["article:published_time"] == ["2020-03-10"]
    assert release["article:tag"] == ["Intelligence artificielle", "Recherche"]
    home = meta(soup_of(built, "index"))
    assert home["description"] == ["Archive d’essai des communiqués du ministère des Essais."]
    assert home["og:type"] == ["website"]
    for page in Path(built.outdir).rglob("*.html"):
        if "_static" in page.parts:
            continue
        found = meta(BeautifulSoup(page.read_text(encoding="utf-8"), "lxml"))
        assert found.get("description") and found["description"][0].strip(), page
        assert found.get("og:title") and found.get("og:url"), page


# -- the home page ---------------------------------------------------------------------------


@newsroom
def test_the_home_page_is_a_newsroom(built: SphinxTestApp) -> None:
    home = main_of(soup_of(built, "index"))
    form = home.select_one("form.archive-search-box[role=search]")
    assert form["action"] == "search.html"
    assert form.select_one("input[name=q]")["id"] == form.select_one("label")["for"]
    cards = home.select(".release-cards .sd-card")
    assert [text_of(card.select_one(".sd-card-title")) for card in cards] == [
        "Le second essai de l’année",
        "Le premier essai de l’année",
    ]
    assert text_of(cards[1].select_one(".release-card-kicker")) == "Communiqué de presse · 10 mars 2020"
    assert text_of(cards[1].select_one(".release-card-issuer")) == "Ministère des Essais & de la Mesure_{1}"
    assert text_of(cards[1].select_one(".release-card-summary")) == "Un sous-titre qui résume l’essai"
    years = home.select(".archive-years li")
    assert [text_of(li) for li in years] == ["2020 (2)", "2019 (1)"]
    feeds = [a["href"] for a in home.select(".archive-feeds a")]
    assert feeds == ["feeds/releases.xml", "export/archive.json"]


@newsroom
def test_release_cards_are_those_sphinx_design_makes(built: SphinxTestApp) -> None:
    """The cards made when the page is written have the classes of a ``{grid-item-card}``."""
    home = main_of(soup_of(built, "index"))
    directive_card = home.select(".sd-card")[-2]  # « Par sujet », made by sphinx-design's directive
    ours = home.select_one(".release-cards .sd-card")

    def shape(card: Tag) -> list[list[str]]:
        parts = [card.parent, card, card.select_one(".sd-card-body"), card.select_one(".sd-card-title")]
        return [
            sorted(c for c in part["class"] if c.startswith("sd-") and c != "sd-card-hover") for part in parts
        ]

    assert shape(ours) == shape(directive_card)
    assert set(ours.find_parent(class_="sd-row")["class"]) >= {"sd-row"}
