"""Topics suggested for a release's text, from the vocabulary's names and aliases (for the import)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from communiques.tools import authority
from communiques.tools.topic_suggestions import suggest_topics

if TYPE_CHECKING:
    from pathlib import Path

TOPICS = {
    "intelligence-artificielle": (
        "name: Intelligence artificielle\naliases:\n  - IA\n  - artificial intelligence\n"
    ),
    "recherche": "name: Recherche\naliases:\n  - chercheurs\n",
    "enseignement-superieur": "name: Enseignement supérieur\naliases:\n  - université\n",
    "numerique": "name: Numérique\n",
    "sante": "name: Santé\n",
}


def vocabulary(tmp_path: Path) -> list[authority.Entity]:
    """The topics of a small archive, read as the import reads them."""
    folder = tmp_path / "source" / "topics"
    folder.mkdir(parents=True)
    for ident, fields in TOPICS.items():
        (folder / f"{ident}.md").write_text(f"---\nid: {ident}\n{fields}---\n\nUn sujet.\n", encoding="utf-8")
    (folder / "index.md").write_text("---\ntitle: Sujets\n---\n", encoding="utf-8")
    return list(authority.load(tmp_path / "source").of_kind("topic"))


def test_topics_named_in_the_text_are_suggested_most_named_first(tmp_path: Path) -> None:
    text = (
        "Le Québec et la France, partenaires en intelligence artificielle. Les chercheurs de "
        "l’Université Laval et de l’ENS travailleront sur l’intelligence artificielle et la "
        "justice sociale ; l’IA est au cœur du numérique."
    )
    suggestions = suggest_topics(text, vocabulary(tmp_path))
    assert [(s.id, s.count) for s in suggestions] == [
        ("intelligence-artificielle", 3),
        ("enseignement-superieur", 1),
        ("numerique", 1),
        ("recherche", 1),
    ]
    assert suggestions[0].forms == ("Intelligence artificielle", "IA")
    assert suggestions[0].name == "Intelligence artificielle"


def test_accents_case_elisions_and_plurals_do_not_matter(tmp_path: Path) -> None:
    topics = vocabulary(tmp_path)
    for text in ("NUMERIQUE", "le numérique", "d’Université", "deux universités", "Santé publique"):
        assert suggest_topics(text, topics), text


def test_names_match_as_whole_words_and_acronyms_in_capitals_only(tmp_path: Path) -> None:
    topics = vocabulary(tmp_path)
    # « ia » inside words, in lower case, or glued to other letters is not « IA »
    assert suggest_topics("Une initiative sociale ; via Italia ; IAM ; ia.", topics) == []
    # part of a name is not the name: « artificielle » alone, « recherches-action » joined
    assert suggest_topics("Une intelligence vive et artificielle ; des recherches-actions.", topics) == []
    assert [s.id for s in suggest_topics("Un mot sur l'IA.", topics)] == ["intelligence-artificielle"]


def test_a_huge_text_is_read_only_up_to_its_limit(tmp_path: Path) -> None:
    topics = vocabulary(tmp_path)
    text = "x " * 600_000 + "numérique"
    assert suggest_topics(text, topics) == []
