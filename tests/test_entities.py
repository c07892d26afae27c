"""Entity pages: people, organisations and agreements, and the links to them.

The ``entities`` root holds two releases (10 March and 1 September 2020), two
people (Jeanne Essai holds a post since 2019 and a second one from June 2020
only, so the two releases find her in different posts), three organisations
related to each other (part-of, centre-of, secretariat-by, hosted-by) and one
agreement (parties, signatories, creates, duration P3Y).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from babel.messages.pofile import read_po
from sphinx.util.inventory import InventoryFile

from helpers import main_of, soup_of, text_of, warnings_of

if TYPE_CHECKING:
    from bs4 import Tag
    from sphinx.testing.util import SphinxTestApp

PREMIER = "releases/2020/2020-03-10-premier"
SECOND = "releases/2020/2020-09-01-second"
JEANNE = "people/jeanne-essai"
PAUL = "people/paul-porte-parole"
GOUVERNEMENT = "organisations/gouvernement-du-quebec"
MINISTERE = "organisations/ministere-essais"
CENTRE = "organisations/centre-essais"
ENTENTE = "agreements/entente-essais"

PREMIER_ROW = ("10 mars 2020", "Premier communiqué sur les essais", PREMIER)
SECOND_ROW = ("1er septembre 2020", "Second communiqué sur les essais", SECOND)

entities = pytest.mark.sphinx("html", testroot="entities")


@pytest.fixture
def built(app: SphinxTestApp) -> SphinxTestApp:
    app.build()
    assert warnings_of(app) == []
    return app


# -- reading pages ---------------------------------------------------------------------


def target(app: SphinxTestApp, page: str, link: Tag) -> str:
    """The docname a link on *page* points to."""
    href = Path(app.outdir, page).parent / link["href"].split("#", 1)[0]
    return href.resolve().relative_to(Path(app.outdir).resolve()).with_suffix("").as_posix()


def facts(app: SphinxTestApp, page: str) -> dict[str, str]:
    """The table of facts of an entity page: label → text."""
    table = main_of(soup_of(app, page)).select_one("dl.entity-facts")
    assert table is not None, f"{page}: no facts"
    labels = [text_of(dt).removesuffix(" :") for dt in table.find_all("dt", recursive=False)]
    values = [text_of(dd) for dd in table.find_all("dd", recursive=False)]
    return dict(zip(labels, values, strict=True))


def fact_links(app: SphinxTestApp, page: str, label: str) -> list[str]:
    table = main_of(soup_of(app, page)).select_one("dl.entity-facts")
    for dt in table.find_all("dt", recursive=False):
        if text_of(dt).removesuffix(" :") == label:
            return [target(app, page, a) for a in dt.find_next_sibling("dd").find_all("a")]
    raise AssertionError(f"{page}: no fact {label!r}")


def relations(app: SphinxTestApp, page: str) -> list[tuple[str, str, str]]:
    """(label, target docname, whole line) of each relation shown on *page*."""
    section = main_of(soup_of(app, page)).select_one("section.entity-relations")
    if section is None:
        return []
    assert text_of(section.find("h2")).removesuffix(" ¶") == "Relations"
    rows = []
    for item in section.select("ul > li"):
        link = item.find("a")
        rows.append((text_of(item.select_one(".relation-label")), target(app, page, link), text_of(item)))
    return rows


def mentions(app: SphinxTestApp, page: str) -> list[tuple[str, str, str]]:
    """(date, title, docname) of each release listed as mentioning the entity."""
    section = main_of(soup_of(app, page)).select_one("section.entity-mentions")
    assert section is not None, f"{page}: no list of mentions"
    rows = []
    for item in section.select("ul.release-list > li"):
        link = item.find("a")
        rows.append((text_of(item.select_one(".release-date")), text_of(link), target(app, page, link)))
    return rows


def posts_at_date(app: SphinxTestApp, page: str) -> dict[str, str]:
    """Release docname → the post shown beside it on a person's page."""
    section = main_of(soup_of(app, page)).select_one("section.entity-mentions")
    return {
        target(app, page, item.find("a")): text_of(item.select_one(".post-at-date"))
        for item in section.select("ul.release-list > li")
    }


def title(app: SphinxTestApp, page: str) -> str:
    return text_of(main_of(soup_of(app, page)).find("h1")).removesuffix(" ¶")


# -- entity pages ---------------------------------------------------------------------


@entities
def test_person_page_shows_its_facts(built: SphinxTestApp) -> None:
    assert title(built, JEANNE) == "Jeanne Essai"
    assert facts(built, JEANNE) == {
        "Autres noms": "J. Essai",
        "Postes": (
            "ministre des Essais — Ministère des Essais (depuis le 15 janvier 2019) "
            "ministre de la Mesure — Ministère des Essais (du 1er juin 2020 au 31 décembre 2021)"
        ),
    }
    assert fact_links(built, JEANNE, "Postes") == [MINISTERE, MINISTERE]
    assert "Ministre des Essais depuis 2019." in text_of(main_of(soup_of(built, JEANNE)))
    assert title(built, PAUL) == "Paul Porte-Parole"
    assert facts(built, PAUL) == {"Postes": "porte-parole — Ministère des Essais"}


@entities
def test_organisation_page_shows_its_facts(built: SphinxTestApp) -> None:
    assert title(built, MINISTERE) == "Ministère des Essais"
    assert facts(built, MINISTERE) == {
        "Sigle": "MDE",
        "Autres noms": "Ministère des Tests",
        "Catégorie": "ministère",
        "Fondation": "2 avril 2001",
    }
    assert facts(built, GOUVERNEMENT) == {"Catégorie": "gouvernement"}
    assert facts(built, CENTRE) == {"Catégorie": "centre d’expertise"}


@entities
def test_agreement_page_shows_its_facts(built: SphinxTestApp) -> None:
    assert title(built, ENTENTE) == "Entente sur les essais"
    assert facts(built, ENTENTE) == {
        "Type": "entente",
        "Parties": "Gouvernement du Québec ( au nom du Québec ) · Ministère des Essais",
        "Signataires": "Jeanne Essai",
        "Signature": "1er février 2020",
        "Durée": "3 ans",
        "Statut": "en vigueur",
        "Crée": "Centre d’expertise des essais",
    }
    assert fact_links(built, ENTENTE, "Parties") == [GOUVERNEMENT, MINISTERE]
    assert fact_links(built, ENTENTE, "Signataires") == [JEANNE]
    assert fact_links(built, ENTENTE, "Crée") == [CENTRE]


@entities
def test_relations_appear_in_both_directions(built: SphinxTestApp) -> None:
    # outgoing relations first, as written in the front matter
    assert relations(built, CENTRE) == [
        ("Centre d’expertise de :", MINISTERE, "Centre d’expertise de : Ministère des Essais"),
        ("Secrétariat assuré par :", MINISTERE, "Secrétariat assuré par : Ministère des Essais"),
        (
            "Organisme hôte :",
            GOUVERNEMENT,
            "Organisme hôte : Gouvernement du Québec (depuis le 1er septembre 2020)",
        ),
        ("Entente fondatrice :", ENTENTE, "Entente fondatrice : Entente sur les essais"),
    ]
    assert relations(built, MINISTERE) == [
        ("Fait partie de :", GOUVERNEMENT, "Fait partie de : Gouvernement du Québec"),
        ("Centre d’expertise :", CENTRE, "Centre d’expertise : Centre d’expertise des essais"),
        ("Assure le secrétariat de :", CENTRE, "Assure le secrétariat de : Centre d’expertise des essais"),
        ("Partie à :", ENTENTE, "Partie à : Entente sur les essais"),
        (
            "Poste occupé par :",
            JEANNE,
            "Poste occupé par : Jeanne Essai , ministre des Essais (depuis le 15 janvier 2019)",
        ),
        (
            "Poste occupé par :",
            JEANNE,
            "Poste occupé par : Jeanne Essai , ministre de la Mesure (du 1er juin 2020 au 31 décembre 2021)",
        ),
        ("Poste occupé par :", PAUL, "Poste occupé par : Paul Porte-Parole , porte-parole"),
    ]
    # the target of part-of and hosted-by shows the inverse relations
    assert relations(built, GOUVERNEMENT) == [
        (
            "Héberge :",
            CENTRE,
            "Héberge : Centre d’expertise des essais (depuis le 1er septembre 2020)",
        ),
        ("Comprend :", MINISTERE, "Comprend : Ministère des Essais"),
        ("Partie à :", ENTENTE, "Partie à : Entente sur les essais"),
    ]
    assert relations(built, JEANNE) == [
        ("Signataire de :", ENTENTE, "Signataire de : Entente sur les essais")
    ]
    assert relations(built, PAUL) == []


@entities
def test_pages_list_the_releases_that_mention_them_by_date(built: SphinxTestApp) -> None:
    assert mentions(built, JEANNE) == [PREMIER_ROW, SECOND_ROW]
    assert mentions(built, PAUL) == [SECOND_ROW]
    # mentioned in the first, issuer of the second
    assert mentions(built, MINISTERE) == [PREMIER_ROW, SECOND_ROW]
    # issuer of the first only
    assert mentions(built, GOUVERNEMENT) == [PREMIER_ROW]
    assert mentions(built, CENTRE) == [SECOND_ROW]
    assert mentions(built, ENTENTE) == [PREMIER_ROW]


@entities
def test_person_page_shows_the_post_held_on_each_release_date(built: SphinxTestApp) -> None:
    # the second post starts on 1 June 2020: after the first release, before the second
    assert posts_at_date(built, JEANNE) == {
        PREMIER: "ministre des Essais",
        SECOND: "ministre des Essais ; ministre de la Mesure",  # French spacing (no-break)
    }
    assert posts_at_date(built, PAUL) == {SECOND: "porte-parole"}


# -- release pages ---------------------------------------------------------------------


def body_links(app: SphinxTestApp, page: str) -> list[tuple[str, str]]:
    """(text, target docname) of each internal link of a release, header included."""
    main = main_of(soup_of(app, page))
    return [(text_of(a), target(app, page, a)) for a in main.select("a.reference.internal")]


@entities
def test_release_links_every_mention_and_issuer(built: SphinxTestApp) -> None:
    assert body_links(built, PREMIER) == [
        ("Gouvernement du Québec", GOUVERNEMENT),  # issuer, in the header
        ("Jeanne Essai", JEANNE),
        ("Ministère des Essais", MINISTERE),
        ("Entente sur les essais", ENTENTE),
    ]
    assert body_links(built, SECOND) == [
        ("Ministère des Essais", MINISTERE),
        ("Jeanne Essai", JEANNE),
        ("Paul Porte-Parole", PAUL),
        ("Centre d’expertise des essais", CENTRE),
    ]
    # in the archive's notice, apart from what the release prints
    issuers = main_of(soup_of(built, SECOND)).select_one(".release-meta p.issuers")
    assert text_of(issuers) == "Ministère des Essais"
    label = main_of(soup_of(built, SECOND)).select_one(".release-meta dt.release-meta-issuers")
    assert text_of(label).rstrip(":").strip() == "Publié par"


@entities
def test_mention_of_a_person_shows_the_post_held_that_day(built: SphinxTestApp) -> None:
    def tooltips(page: str) -> dict[str, str]:
        main = main_of(soup_of(built, page))
        return {
            target(built, page, a): a["title"]
            for a in main.select("p:not(.issuers):not(.topics):not(.pdf-download) a.reference")
        }

    assert tooltips(PREMIER)[JEANNE] == "Jeanne Essai — ministre des Essais"
    assert tooltips(SECOND)[JEANNE] == "Jeanne Essai — ministre des Essais\u202f; ministre de la Mesure"
    assert tooltips(SECOND)[PAUL] == "Paul Porte-Parole — porte-parole"


@entities
def test_mentions_with_a_title_are_text_not_code(built: SphinxTestApp) -> None:
    """{person}`Jeanne Essai <jeanne-essai>` reads as running text, like {person}`paul-porte-parole`."""
    main = main_of(soup_of(built, SECOND))
    assert main.find("code") is None
    link = next(a for a in main.select("a.reference") if target(built, SECOND, a) == JEANNE)
    assert text_of(link) == "Jeanne Essai"
    assert link.find("code") is None


# -- inventory, indices and kind pages ---------------------------------------------------


@entities
def test_inventory_holds_every_entity_and_release(built: SphinxTestApp) -> None:
    inventory = InventoryFile.loads((Path(built.outdir) / "objects.inv").read_bytes(), uri="")
    archive = {
        kind: {name: item.uri for name, item in inventory.data.get(kind, {}).items()}
        for kind in ("archive:person", "archive:org", "archive:agreement", "archive:release")
    }
    assert archive == {
        "archive:person": {"jeanne-essai": f"{JEANNE}.html", "paul-porte-parole": f"{PAUL}.html"},
        "archive:org": {
            "centre-essais": f"{CENTRE}.html",
            "gouvernement-du-quebec": f"{GOUVERNEMENT}.html",
            "ministere-essais": f"{MINISTERE}.html",
        },
        "archive:agreement": {"entente-essais": f"{ENTENTE}.html"},
        "archive:release": {"2020-03-10-premier": f"{PREMIER}.html", "2020-09-01-second": f"{SECOND}.html"},
    }
    names = {name: item.display_name for name, item in inventory.data["archive:person"].items()}
    assert names == {"jeanne-essai": "Jeanne Essai", "paul-porte-parole": "Paul Porte-Parole"}


@entities
@pytest.mark.parametrize(
    ("page", "heading", "expected"),
    [
        ("archive-people", "Index des personnes", [("Jeanne Essai", JEANNE), ("Paul Porte-Parole", PAUL)]),
        (
            "archive-organisations",
            "Index des organisations",
            [
                ("Centre d’expertise des essais", CENTRE),
                ("Gouvernement du Québec", GOUVERNEMENT),
                ("Ministère des Essais", MINISTERE),
            ],
        ),
        ("archive-agreements", "Index des ententes", [("Entente sur les essais", ENTENTE)]),
    ],
)
def test_domain_index_pages_exist(built: SphinxTestApp, page: str, heading: str, expected: list) -> None:
    soup = soup_of(built, page)
    main = main_of(soup)
    assert text_of(main.find("h1")) == heading
    assert [(text_of(a), target(built, page, a)) for a in main.select("table a")] == expected


@entities
@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("people/index", [("Jeanne Essai", JEANNE), ("Paul Porte-Parole", PAUL)]),
        (
            "organisations/index",
            [
                ("Centre d’expertise des essais", CENTRE),
                ("Gouvernement du Québec", GOUVERNEMENT),
                ("Ministère des Essais (MDE)", MINISTERE),
            ],
        ),
        ("agreements/index", [("Entente sur les essais", ENTENTE)]),
    ],
)
def test_kind_index_page_lists_every_entity(built: SphinxTestApp, page: str, expected: list) -> None:
    main = main_of(soup_of(built, page))
    items = main.select("ul.entity-list > li")
    assert [(text_of(li), target(built, page, li.find("a"))) for li in items] == expected


# -- translation templates ---------------------------------------------------------------


def messages(path: Path) -> list[str]:
    with path.open("rb") as pot:
        return [message.id for message in read_po(pot) if message.id]


@pytest.mark.sphinx(
    "gettext",
    testroot="entities",
    srcdir="entities-gettext",
    confoverrides={"gettext_compact": False},
)
def test_gettext_extracts_entity_data_and_labels(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == []
    # French records' templates are in the French folder (communiques.translation.directions)
    outdir = Path(app.outdir) / "fr"
    assert messages(outdir / "people/jeanne-essai.pot") == [
        "Jeanne Essai",
        "J. Essai",
        "ministre des Essais",
        "ministre de la Mesure",
        "Ministre des Essais depuis 2019.",
    ]
    assert messages(outdir / "organisations/ministere-essais.pot") == [
        "Ministère des Essais",
        "MDE",  # an acronym is translated too (OCDE, OECD)
        "Ministère des Tests",
        "Ministère chargé des essais.",
    ]
    labels = messages(outdir / "communiques.pot")
    for label in (
        "Faits saillants",
        "Relations",
        "Postes",
        "Comprend : {target}",
        "Poste occupé par : {target}",
        "Communiqués qui mentionnent cette personne",
        "Index des personnes",
    ):
        assert label in labels
    # the labels are the extension's, not the pages'
    assert "Relations" not in messages(outdir / "organisations/ministere-essais.pot")
