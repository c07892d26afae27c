"""The seed record, built from the real project, renders all of the original.

The seed archive (``tests/roots/test-seed-archive``, a frozen copy of the
archive when it held the seed alone, so the assertions hold whatever
``source/`` becomes) is copied into a temporary project whose ``conf.py``
runs the real ``conf.py``: the build uses the archive's own settings and
theme (furo) without writing in the repository.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING
from urllib.parse import unquote

import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import SEED_ARCHIVE, main_of, run_archive_conf, seed_archive, soup_of, text_of, warnings_of

if TYPE_CHECKING:
    from collections.abc import Iterator

    from bs4 import Tag

SLUG = "2020-06-25-quebec-france-partenaires-intelligence-artificielle"
DOCNAME = f"releases/2020/{SLUG}"
ORIGINAL = SEED_ARCHIVE / "source" / "originals" / f"{SLUG}.txt"

#: marks the original prints in capitals and the record shows as a label
LABELS = {"POUR DIFFUSION IMMÉDIATE": "Pour diffusion immédiate"}

_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_WORD = re.compile(r"\w+|[+«»]")


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SphinxTestApp]:
    project = tmp_path_factory.mktemp("seed")
    seed_archive(project)
    srcdir = project / "source"
    run_archive_conf(srcdir)
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
        yield app
    finally:
        app.cleanup()


@pytest.fixture(scope="module")
def article(seed: SphinxTestApp) -> Tag:
    return main_of(soup_of(seed, DOCNAME))


def words(text: str) -> Counter[str]:
    """The words of *text*, case kept; apostrophes, nbsp and punctuation split them."""
    text = text.replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ")
    return Counter(_WORD.findall(text))


def original_words() -> Counter[str]:
    """Words of the captured original without its Markdown markup."""
    text = ORIGINAL.read_text(encoding="utf-8")
    text = _MARKDOWN_LINK.sub(r"\1", text)  # keep a link's text, not its target
    for printed, label in LABELS.items():
        text = text.replace(printed, label)
    # **, ~~, *, # and list dashes are not words: the tokeniser drops them
    return words(text)


def test_seed_page_builds(seed: SphinxTestApp) -> None:
    assert (seed.outdir / f"{DOCNAME}.html").is_file()
    assert "Traceback" not in seed.warning.getvalue()


def test_seed_builds_without_warnings(seed: SphinxTestApp) -> None:
    """Fails while the people, organisations and agreements it names are not recorded."""
    assert warnings_of(seed) == []


def test_page_holds_every_word_of_the_original(article: Tag) -> None:
    expected = original_words()
    shown = words(article.get_text(" "))
    missing = {word: count - shown[word] for word, count in expected.items() if shown[word] < count}
    assert not missing, f"words of the original missing from the page (word: times): {missing}"


def test_header(article: Tag) -> None:
    header = article.select_one("div.release-header")
    assert header is not None
    letterheads = [
        [text_of(line) for line in block.select("div.line")] for block in header.select("div.letterhead")
    ]
    assert letterheads == [
        [
            "Gouvernement du Québec",
            "Cabinet de la ministre des Relations internationales et de la Francophonie",
        ],
        ["GOUVERNEMENT", "Liberté", "Égalité", "Fraternité"],
    ]
    assert text_of(header.select_one(".release-type")) == "Communiqué de presse"
    assert text_of(header.select_one(".distribution")) == "Pour diffusion immédiate"
    assert text_of(header.select_one(".subtitle")) == (
        "Première mission virtuelle de la ministre Nadine Girault à Paris"
    )
    assert header.select_one(".dateline").get_text().strip() == "Québec, le 25 juin 2020."
    h1 = article.find("h1")
    assert h1.find(string=True, recursive=False).strip() == (
        "Le Québec et la France, partenaires stratégiques en intelligence artificielle"
    )


def test_body(article: Tag) -> None:
    section = article.find("section")
    paragraphs = [text_of(p) for p in section.find_all("p", recursive=False) if not p.get("class")]
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("Dans le cadre d’une première mission virtuelle à Paris")
    assert paragraphs[1].startswith("Les ministres se sont réjouis")
    assert paragraphs[2].startswith("À l’issue de l’entretien")
    # the entities the body mentions are shown with the text of the original
    assert "Mme Nadine Girault ," in paragraphs[0]
    assert "M. Cédric O ," in paragraphs[0]


def test_citations(article: Tag) -> None:
    citations = article.select_one("section.citations")
    assert text_of(citations.h2).removesuffix(" ¶").removesuffix(" #") == "Citations"
    quotes = citations.select("blockquote")
    assert len(quotes) == 3
    posts = [text_of(quote.select_one("p.attribution .post")) for quote in quotes]
    assert posts == [
        "Secrétaire d’État auprès du ministre de l’Économie et des Finances et du ministre de "
        "l’Action et des Comptes publics, chargé du Numérique",
        "ministre des Relations internationales et de la Francophonie et ministre de "
        "l’Immigration, de la Francisation et de l’Intégration",
        "Ministre de l’Enseignement supérieur, de la Recherche et de l’Innovation",
    ]
    for quote in quotes:
        text = text_of(quote.p)
        assert text.startswith("«")
        assert text.endswith("»")


def test_citations_link_the_people_quoted(article: Tag) -> None:
    """Fails while the people are not recorded: the attribution shows their id."""
    attributions = article.select("section.citations blockquote p.attribution")
    found = [
        (text_of(a.find("a")) if a.find("a") else None, a.find("a")["href"] if a.find("a") else None)
        for a in attributions
    ]
    assert found == [
        ("Cédric O", "../../people/cedric-o.html"),
        ("Nadine Girault", "../../people/nadine-girault.html"),
        ("Frédérique Vidal", "../../people/frederique-vidal.html"),
    ]


def test_highlights(article: Tag) -> None:
    highlights = article.select_one("section.highlights")
    assert text_of(highlights.h2).removesuffix(" ¶").removesuffix(" #") == "Faits saillants"
    items = highlights.find("ul").find_all("li", recursive=False)
    assert len(items) == 7
    nested = items[3].find("ul")
    assert nested is not None
    assert len(nested.find_all("li", recursive=False)) == 4
    assert text_of(items[3].p) == (
        "Le numérique est au cœur de plusieurs initiatives franco-québécoises dans divers "
        "domaines, telles que :"
    )
    assert "apprentissage profond (deep learning)." in items[4].get_text()
    assert items[4].find("em").get_text() == "deep learning"


def test_related_links(article: Tag) -> None:
    related = article.select_one("section.related-links")
    assert text_of(related.h2).removesuffix(" ¶").removesuffix(" #") == "Liens connexes"
    assert text_of(related.p).startswith("Pour en savoir plus sur les activités du")


def test_end_mark_and_contacts(article: Tag) -> None:
    assert text_of(article.select_one("p.end-mark")) == "- 30 -"
    headings = [text_of(h) for h in article.select("div.contacts .contact-heading")]
    assert headings == ["Source", "Sources", "Informations"]
    phones = [
        text_of(line)
        for line in article.select("div.contacts div.line")
        if any(digit in text_of(line) for digit in ("418 ", "01 "))
    ]
    # as the original prints them: the two French offices' numbers without « Tél. : »
    assert phones == [
        "Tél. : 418 649-2400, poste 56319",
        "01 53 18 43 10",
        "01 55 55 84 24",
        "Tél. : 418 559-7092",
    ]
    mails = [unquote(a["href"]) for a in article.select("div.contacts a[href^='mailto:']")]
    assert mails == [
        "mailto:presse@numerique.gouv.fr",
        "mailto:secretariat.communication@recherche.gouv.fr",
    ]


def test_listings_show_the_seed(seed: SphinxTestApp) -> None:
    # the home page shows it as a card: type and date, title, issuers, summary
    card = main_of(soup_of(seed, "index")).select_one(".release-cards .sd-card")
    assert card is not None
    assert card.select_one(".sd-card-title a")["href"] == f"{DOCNAME}.html"
    assert text_of(card.select_one(".release-card-kicker")) == "Communiqué de presse · 25 juin 2020"
    assert text_of(card.select_one(".release-card-summary")).startswith("Première mission virtuelle")
    for docname, link in (("releases/2020/index", f"{SLUG}.html"),):
        listed = main_of(soup_of(seed, docname)).select("ul.release-list > li")
        assert [(text_of(li), li.a["href"]) for li in listed] == [
            (
                "25 juin 2020 — Le Québec et la France, partenaires stratégiques en "
                "intelligence artificielle",
                link,
            )
        ], docname
