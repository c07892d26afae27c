"""The seed in English: a copy of the seed, built in English from its catalogs.

The seed archive is copied into ``tests/roots/test-bilingual`` with its
English catalogs (assertions about particular records are made on copies,
so that ``source/`` may grow); that root is built once with ``language=en``.
The archive's own catalogs are checked by rules only, in ``test_catalogs.py``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import bilingual_root, main_of, run_archive_conf, soup_of, text_of, warnings_of

# Builds a whole site (or runs the catalog tools on the whole archive): not in the quick loop.
pytestmark = pytest.mark.slow

if TYPE_CHECKING:
    from collections.abc import Iterator

    from bs4 import Tag

SEED = "releases/2020/2020-06-25-quebec-france-partenaires-intelligence-artificielle"
#: an archive role with an explicit target: {org}`text <target>`
ROLE = re.compile(r"\{(person|org|agreement|release)\}`[^`]*?<([^<>`]+)>`")


@pytest.fixture(scope="module")
def seed_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return bilingual_root(tmp_path_factory.mktemp("english") / "root")


@pytest.fixture(scope="module")
def english(seed_root: Path) -> Iterator[SphinxTestApp]:
    srcdir = seed_root / "source"
    run_archive_conf(srcdir, seed_root / "conf.py")
    app = SphinxTestApp("html", srcdir=srcdir, confoverrides={"language": "en"})
    try:
        app.build()
        yield app
    finally:
        app.cleanup()


def article(app: SphinxTestApp, docname: str) -> Tag:
    return main_of(soup_of(app, docname))


def heading(tag: Tag) -> str:
    """A heading's own text, without furo's permalink."""
    for link in tag.select("a.headerlink"):
        link.decompose()
    return text_of(tag)


# -- the English pages -------------------------------------------------------------------


def test_english_build_is_clean(english: SphinxTestApp) -> None:
    assert warnings_of(english) == []
    assert soup_of(english, SEED).html["lang"] == "en"


def test_seed_in_english(english: SphinxTestApp) -> None:
    page = article(english, SEED)
    header = page.select_one("div.release-header")
    assert heading(page.find("h1")) == "Québec and France, strategic partners in artificial intelligence"
    subtitle = "Minister Nadine Girault’s first virtual mission to Paris"
    assert text_of(header.select_one(".subtitle")) == subtitle
    assert header.select_one(".dateline").get_text().strip() == "Québec City, June 25, 2020."
    assert [text_of(line) for line in header.select("div.letterhead")[0].select("div.line")] == [
        "Government of Québec",
        "Office of the Minister of International Relations and La Francophonie",
    ]
    body = text_of(page.find("section"))
    assert body.startswith("Québec and France, strategic partners in artificial intelligence")
    assert "Global Partnership on Artificial Intelligence (GPAI)" in body
    assert "Organisation for Economic Co-operation and Development (OECD)" in body
    posts = [text_of(post) for post in page.select("section.citations p.attribution .post")]
    assert posts == [
        "Minister of State attached to the Minister for the Economy and Finance and the Minister "
        "of Public Action and Accounts, with responsibility for Digital Affairs",
        "Minister of International Relations and La Francophonie and Minister of Immigration, "
        "Francization and Integration",
        "Minister of Higher Education, Research and Innovation",
    ]
    assert heading(page.select_one("section.highlights h2")) == "Highlights"


def test_seed_contacts_in_english(english: SphinxTestApp) -> None:
    phones = [
        text_of(line)
        for line in article(english, SEED).select("div.contacts div.line")
        if text_of(line).startswith("Tel.")
    ]
    assert phones[0] == "Tel.: 418 649-2400, ext. 56319"  # "poste" is French, the extension is data


def test_seed_links_the_same_entities_as_the_french(english: SphinxTestApp, seed_root: Path) -> None:
    """The translated body links every entity the French source names, no more."""
    source = (seed_root / "source" / f"{SEED}.md").read_text(encoding="utf-8")
    kinds = {"person": "people", "org": "organisations", "agreement": "agreements"}
    expected = {f"../../{kinds[kind]}/{target}.html" for kind, target in ROLE.findall(source)}
    # the roles' links sit in the translated paragraphs; the header, the
    # quotes' attributions and the contacts are generated from front matter
    links = set()
    for link in article(english, SEED).select("a.reference.internal"):
        paragraph = link.find_parent("p")
        if paragraph is not None and not paragraph.get("class"):
            links.add(link["href"])
    assert links == expected


def test_person_page_in_english(english: SphinxTestApp) -> None:
    page = article(english, "people/nadine-girault")
    assert heading(page.find("h1")) == "Nadine Girault"
    posts = [text_of(item) for item in page.select("ul.appointments > li")]
    assert posts[0].startswith("Minister of International Relations and La Francophonie — ")
    assert "(from October 18, 2018 to October 20, 2022)" in posts[0]
    mentions = text_of(page.select_one("section.entity-mentions"))
    assert "Releases that mention this person" in mentions
    assert (
        "June 25, 2020 — Québec and France, strategic partners in artificial intelligence — "
        "Minister of International Relations and La Francophonie; "
        "Minister of Immigration, Francization and Integration"
    ) in mentions


def facts_of(page: Tag) -> dict[str, str]:
    """The entity's table of facts: label -> value."""
    facts = page.select_one("dl.entity-facts")
    return {
        text_of(name).removesuffix(":").strip(): text_of(value)
        for name, value in zip(facts.find_all("dt"), facts.find_all("dd"), strict=True)
    }


def test_organisation_page_and_index_use_english_names_and_acronyms(english: SphinxTestApp) -> None:
    page = article(english, "organisations/ocde")
    assert heading(page.find("h1")) == "Organisation for Economic Co-operation and Development"
    facts = facts_of(page)
    assert facts["Acronym"] == "OECD"
    # the record's English other names become the French ones on the English page
    assert facts["Other names"] == "OCDE · Organisation de coopération et de développement économiques"
    assert facts["Category"] == "international organisation"
    index = text_of(article(english, "organisations/index"))
    assert "Global Partnership on Artificial Intelligence (GPAI)" in index
    assert "Organisation for Economic Co-operation and Development (OECD)" in index
    assert "PMIA" not in index
    assert "OCDE" not in index
