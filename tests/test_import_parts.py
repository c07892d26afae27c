"""The parts of ``import``, each on its own: posts, names, suggestions, drafts' names, the merge.

Authority records come from ``tests/roots/test-import`` (a copy of the seed's
records and their English catalogs), so these hold whatever ``source/`` becomes.
"""

from __future__ import annotations

import pytest

from communiques.core.posts import post_matches
from communiques.tools import authority, drafts, merge
from communiques.tools.linker import Linker
from communiques.tools.suggestions import Suggester
from helpers import TESTS

ROOT = TESTS / "roots" / "test-import"


@pytest.fixture(scope="module")
def records() -> authority.Authority:
    return authority.load(ROOT / "source")


@pytest.fixture(scope="module")
def linker(records: authority.Authority) -> Linker:
    return Linker(records)


# -- posts --------------------------------------------------------------------------------

TWO_POSTS = [
    "ministre des Relations internationales et de la Francophonie",
    "ministre de l'Immigration, de la Francisation et de l'Intégration",
]
BOTH = f"{TWO_POSTS[0]} et {TWO_POSTS[1]}"


@pytest.mark.parametrize(
    ("printed", "matches"),
    [
        (TWO_POSTS[0], True),
        ("Ministre des Relations internationales et de la Francophonie", True),  # case
        ("ministre de l’Immigration, de la Francisation et de l’Intégration", True),  # apostrophes
        (BOTH, True),  # both at once
        ("ministre des Relations internationales", False),  # a part is not the post
        ("ministre de la Culture", False),
        (f"{TWO_POSTS[0]} et ministre de la Culture", False),
    ],
)
def test_a_printed_post_matches_only_posts_held(printed: str, matches: bool) -> None:
    assert post_matches(printed, TWO_POSTS) is matches


# -- names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "ident"),
    [
        (
            "la Chaire de recherche invitée Abeona–ENS–OBVIA en intelligence artificielle et justice sociale",
            "chaire-abeona-ens-obvia",
        ),
        ("le Secrétariat d’État chargé du Numérique", "secretariat-etat-numerique"),  # apostrophe
        ("l'UNIVERSITE LAVAL", "universite-laval"),  # capitals, no accent
        ("the Organisation for Economic Co-operation and Development", "ocde"),  # an alias
        ("the Group of Seven", "g7"),  # a name in the English catalog only
        ("Ministère de l'Enseignement supérieur, de la Recherche et de l'Innovation", "mesri"),  # commas
    ],
)
def test_names_are_found_however_they_are_written(linker: Linker, text: str, ident: str) -> None:
    links = linker.link(text).links
    assert [link.id for link in links] == [ident]


def test_the_longest_form_wins_and_one_word_forms_keep_their_case(linker: Linker) -> None:
    found = linker.link("Le Partenariat mondial sur l'intelligence artificielle (PMIA) et le gouvernement.")
    text = "Le Partenariat mondial sur l'intelligence artificielle (PMIA) et le gouvernement."
    assert [(link.id, text[link.start : link.end]) for link in found.links] == [
        ("pmia", "Partenariat mondial sur l'intelligence artificielle (PMIA)")
    ]
    # the alias "Gouvernement" of a letterhead does not link the common noun
    assert linker.link("le gouvernement").links == ()
    assert linker.entity_named("GOUVERNEMENT", "org") is not None  # a letterhead line in capitals


def test_a_long_form_before_a_known_acronym_is_linked_and_suggested(linker: Linker) -> None:
    found = linker.link(
        "avec l'Observatoire international sur les impacts sociétaux de l'IA (OBVIA) à Québec."
    )
    assert [link.id for link in found.links] == ["obvia"]
    assert [(form, entity.id) for form, entity in found.aliases] == [
        ("Observatoire international sur les impacts sociétaux de l'IA", "obvia")
    ]


# -- suggestions --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def suggester(records: authority.Authority) -> Suggester:
    return Suggester(records, ["Rimouski"])


@pytest.mark.parametrize(
    "name",
    ["France", "Canada", "Paris", "Tokyo", "Montréal", "Rimouski", "Juin", "June", "Lundi", "France-Québec"],
)
def test_places_and_dates_are_not_suggested(suggester: Suggester, name: str) -> None:
    assert suggester.is_noise(name)


@pytest.mark.parametrize(
    "name", ["Taskforce", "Semaine numériQC", "Société de développement des entreprises"]
)
def test_other_names_are(suggester: Suggester, name: str) -> None:
    assert not suggester.is_noise(name)


def test_words_of_posts_and_abbreviations_are_not_suggested(linker: Linker, suggester: Suggester) -> None:
    text = (
        "La ministre de la Culture et des Communications, Mme Jeanne Essai, parle d'intelligence "
        "artificielle (IA) et de la Taskforce à Rimouski. L'IA progresse."
    )
    assert set(linker.link(text).unknown) == {"Jeanne Essai", "Taskforce", "IA"}
    assert suggester.is_noise("IA", {"IA"})


def test_advice_names_the_record_a_name_resembles(suggester: Suggester) -> None:
    assert suggester.advise("université de Laval") == (
        "if it is Université Laval, add “université de Laval” to `aliases` in "
        "source/organisations/universite-laval.md"
    )
    assert suggester.advise("Nadine Giraud").startswith(
        "if it is Nadine Girault, add “Nadine Giraud” to `other_names`"
    )
    assert suggester.advise("Taskforce").startswith("if it is an organisation or a person, create")


# -- drafts' names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "name", "sort_name", "ident"),
    [
        ("Mme Sonia Lebel-Ouellet", "Sonia Lebel-Ouellet", "Lebel-Ouellet, Sonia", "sonia-lebel-ouellet"),
        ("M. Jean de la Fontaine", "Jean de la Fontaine", "de la Fontaine, Jean", "jean-de-la-fontaine"),
        ("L’honorable Élise Côté", "Élise Côté", "Côté, Élise", "elise-cote"),
    ],
)
def test_a_draft_person_is_named_from_the_name_as_printed(
    printed: str, name: str, sort_name: str, ident: str
) -> None:
    assert drafts.person_name(printed) == name
    assert drafts.sort_name(name) == sort_name
    assert drafts.plain_slug(name) == ident


def test_a_draft_organisation_is_classified_when_its_first_word_tells() -> None:
    assert drafts.classification("Ministère de la Culture") == "ministry"
    assert drafts.classification("Cabinet du ministre des Finances") == "ministerial-office"
    assert drafts.classification("Conseil des arts") is None


# -- the merge ----------------------------------------------------------------------------

BASE = "---\nid: a\nplace: Québec\n---\n\nUn.\n\nDeux.\n\nTrois.\n"


def test_changes_on_either_side_are_merged() -> None:
    mine = BASE.replace("place: Québec", "place: Lévis").replace("Trois.", "Trois !")
    theirs = BASE.replace("Deux.", "{org}`Deux <deux>`.") + "\nQuatre.\n"
    merged = merge.merge(BASE, mine, theirs)
    assert merged.conflicts == ()
    assert (
        merged.text == "---\nid: a\nplace: Lévis\n---\n\nUn.\n\n{org}`Deux <deux>`.\n\nTrois !\n\nQuatre.\n"
    )
    assert merged.kept == 2


def test_a_block_changed_on_both_sides_is_a_conflict_settled_only_on_request() -> None:
    mine = BASE.replace("Deux.", "Deux, corrigé.")
    theirs = BASE.replace("Deux.", "{org}`Deux <deux>`.")
    assert merge.merge(BASE, mine, theirs).conflicts == ("body, block 2: “Deux, corrigé.”",)
    assert "Deux, corrigé." in merge.merge(BASE, mine, theirs, prefer="mine").text
    assert "{org}`Deux <deux>`." in merge.merge(BASE, mine, theirs, prefer="theirs").text


def test_a_key_the_archivist_removed_stays_removed() -> None:
    mine = BASE.replace("place: Québec\n", "")
    assert "place:" not in merge.merge(BASE, mine, BASE).text
