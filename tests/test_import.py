"""``import``: the plain text of the seed becomes the seed's record, mentions linked.

The captured original of the first release (the seed's plain text, from the
frozen seed archive ``tests/roots/test-seed-archive``, so that this holds
whatever ``source/`` becomes) is imported with that archive's authority records and
compared with the record an archivist made by hand: the same front matter,
every mention the hand-made record links linked too, the same quotes. The
imported record then replaces the hand-made one in a copy of the archive,
which must build strictly without a warning.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from sphinx.testing.util import SphinxTestApp

from communiques.core import frontmatter
from communiques.tools import authority, cli, dateline, importer
from communiques.tools.linker import Linker
from helpers import REPO, SEED_ARCHIVE, main_of, run_archive_conf, seed_archive, soup_of, warnings_of

if TYPE_CHECKING:
    from collections.abc import Iterator

SLUG = "quebec-france-partenaires-intelligence-artificielle"
RECORD_ID = f"2020-06-25-{SLUG}"
HAND_MADE = SEED_ARCHIVE / "source" / "releases" / "2020" / f"{RECORD_ID}.md"
ORIGINAL = SEED_ARCHIVE / "source" / "originals" / f"{RECORD_ID}.txt"
_ROLE = re.compile(r"\{(?P<kind>person|org|agreement)\}`[^`]*<(?P<id>[^>]+)>`")
_QUOTE = re.compile(r":::\{quote\}\n:person: (?P<person>\S+)\n(?::name: .*\n)?:post: (?P<post>.*)\n")


@pytest.fixture(scope="module")
def imported() -> importer.Imported:
    return importer.import_text(
        ORIGINAL.read_text(encoding="utf-8"),
        authority.load(SEED_ARCHIVE / "source"),
        slug=SLUG,
        original="originals/{id}.txt",
    )


def body_of(text: str) -> str:
    found = frontmatter.split(text)
    assert found is not None
    return "\n".join(text.split("\n")[found[1] + 1 :])


def hand_made_front_matter() -> dict[str, Any]:
    """The hand-made record's front matter, less what the import does not write (yet).

    ``topics`` are chosen by the archivist among the import's suggestions
    (:mod:`communiques.tools.topic_suggestions`); ``phone_label: false`` says
    that the original prints a number without « Tél. : », which the import
    is to read from the original (issue #21, for the import's owner).
    """
    data = frontmatter.read(HAND_MADE.read_text(encoding="utf-8")).data
    data.pop("topics", None)
    for group in data.get("contacts", []):
        for entry in group["entries"]:
            entry.pop("phone_label", None)
    return data


def test_front_matter_is_the_hand_made_one(imported: importer.Imported) -> None:
    ours = frontmatter.read(imported.text)
    assert ours.errors == []
    assert ours.data == hand_made_front_matter()


def test_every_mention_of_the_hand_made_record_is_linked(imported: importer.Imported) -> None:
    theirs = {(m["kind"], m["id"]) for m in _ROLE.finditer(body_of(HAND_MADE.read_text(encoding="utf-8")))}
    ours = {(m["kind"], m["id"]) for m in _ROLE.finditer(body_of(imported.text))}
    assert theirs, "the hand-made record links nothing?"
    assert theirs - ours == set()


def test_apostrophes_before_roles_are_typographic(imported: importer.Imported) -> None:
    """Smartquotes would turn l'{org}`…` into “l”…”: the importer writes l’{org}`…`."""
    body = body_of(imported.text)
    assert "'{" not in body
    assert "l’{org}`Organisation de coopération et de développement économiques (OCDE) <ocde>`" in body


def test_paragraphs_link_each_entity_once(imported: importer.Imported) -> None:
    for paragraph in body_of(imported.text).split("\n\n"):
        ids = [(m["kind"], m["id"]) for m in _ROLE.finditer(paragraph)]
        assert len(ids) == len(set(ids)), paragraph


def test_quotes_are_attributed_as_in_the_hand_made_record(imported: importer.Imported) -> None:
    def quotes(text: str) -> list[tuple[str, str]]:
        return [(m["person"], m["post"].replace("’", "'")) for m in _QUOTE.finditer(text)]

    assert quotes(imported.text) == quotes(HAND_MADE.read_text(encoding="utf-8"))
    for directive in ("::::{citations}", "::::{highlights}", "::::{related-links}"):
        assert imported.text.count(directive) == 1


def test_unknown_names_are_suggested_without_the_noise(imported: importer.Imported) -> None:
    names = dict(imported.suggestions)
    assert {"Taskforce", "fondation de France", "université de Laval"} <= set(names)
    # recorded entities and the people quoted are not suggested
    assert not {"CEIMIA", "PMIA", "Cédric O", "Nadine Girault", "Girault", "Québec"} & set(names)
    # nor places, abbreviations of common nouns, pieces of posts
    noise = {
        "France",
        "Paris",
        "Canada",
        "Montréal",
        "France-Québec",
        "IA",
        "RAPM",
        "Relations",
        "Francophonie",
    }
    noise |= {"Secrétaire d'État", "Économie", "Finances", "Numérique", "Immigration", "Culture"}
    assert not noise & set(names)
    assert len(names) <= 5


@pytest.fixture
def built(tmp_path: Path, imported: importer.Imported) -> Iterator[SphinxTestApp]:
    # Function scope: a live test app keeps its directives registered in
    # docutils, which the `check` run by a later test would warn about.
    project = seed_archive(tmp_path / "imported")
    srcdir = project / "source"
    (srcdir / "releases" / "2020" / f"{RECORD_ID}.md").write_text(imported.text, encoding="utf-8")
    run_archive_conf(srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, warningiserror=True)
    try:
        app.build()
        yield app
    finally:
        app.cleanup()


def test_imported_record_builds_without_warnings(built: SphinxTestApp) -> None:
    assert warnings_of(built) == []
    article = main_of(soup_of(built, f"releases/2020/{RECORD_ID}"))
    text = article.get_text()
    assert "l’Organisation de coopération" in text
    assert "l”" not in text and "d”" not in text  # no apostrophe turned into a closing quote
    names = {a.get_text(" ", strip=True) for a in article.find_all("a")}
    assert "Centre d’expertise international de Montréal en intelligence artificielle (CEIMIA)" in names


# -- the command ------------------------------------------------------------------------


def archive_without_the_seed(folder: Path) -> Path:
    seed_archive(folder)
    shutil.rmtree(folder / "source" / "releases" / "2020")
    (folder / "source" / "originals" / f"{RECORD_ID}.txt").unlink()
    return folder


def test_import_command_writes_record_original_and_year_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = archive_without_the_seed(tmp_path / "archive")
    text = tmp_path / "communique.txt"
    shutil.copy(ORIGINAL, text)
    monkeypatch.chdir(root)
    assert cli.main(["import", str(text), "--slug", SLUG]) == 0
    out, err = capsys.readouterr()
    record = root / "source" / "releases" / "2020" / f"{RECORD_ID}.md"
    assert f"created source/releases/2020/{RECORD_ID}.md" in out
    assert (root / "source" / "originals" / f"{RECORD_ID}.txt").read_bytes() == ORIGINAL.read_bytes()
    assert (root / "source" / "releases" / "2020" / "index.md").is_file()
    assert "names with no record" in err and "Taskforce" in err
    assert frontmatter.read(record.read_text(encoding="utf-8")).data == hand_made_front_matter()
    # importing it again changes nothing
    assert cli.main(["import", str(text), "--slug", SLUG]) == 0
    assert f"unchanged source/releases/2020/{RECORD_ID}.md" in capsys.readouterr().out
    # and the archive with the imported record passes the check
    assert cli.main(["check", "-q"]) == 0


def test_import_says_what_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    no_title = tmp_path / "sans-titre.txt"
    no_title.write_text("# Communiqué de presse\n\n**Québec, le 25 juin 2020.** – Texte.\n", encoding="utf-8")
    assert cli.main(["import", str(no_title), "--stdout"]) == 1
    assert "no title: the title of the release must be a `## ` heading" in capsys.readouterr().err
    bad_date = tmp_path / "date.txt"
    bad_date.write_text("## Titre\n\n**Québec, le 30 février 2020.** – Texte.\n", encoding="utf-8")
    assert cli.main(["import", str(bad_date), "--stdout"]) == 1
    assert "dateline: `le 30 février 2020` is not a date" in capsys.readouterr().err
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("## Été\n".encode("latin-1"))
    assert cli.main(["import", str(latin1), "--stdout"]) == 1
    assert f"{latin1}:1: the file is not UTF-8 (byte 0xC9)" in capsys.readouterr().err


# -- its parts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place", "day", "language"),
    [
        ("Québec, le 25 juin 2020.", "Québec", date(2020, 6, 25), "fr"),
        ("**Montréal, le 1er août 2021**", "Montréal", date(2021, 8, 1), "fr"),
        ("Paris, 3 févr. 2019", "Paris", date(2019, 2, 3), "fr"),
        ("OTTAWA, June 25, 2020", "OTTAWA", date(2020, 6, 25), "en"),
        ("Québec City, 25 June 2020.", "Québec City", date(2020, 6, 25), "en"),
        ("GATINEAU, QC, le 3 mai 2021", "GATINEAU, QC", date(2021, 5, 3), "fr"),
        ("OTTAWA, ON, June 25, 2020 /CNW/", "OTTAWA, ON", date(2020, 6, 25), "en"),
    ],
)
def test_datelines_in_french_and_english(text: str, place: str, day: date, language: str) -> None:
    assert dateline.parse(text) == dateline.Dateline(place, day, language)


@pytest.mark.parametrize("text", ["Québec, le 30 février 2020", "Québec, le 25 juin", "Québec 25 juin 2020"])
def test_datelines_that_do_not_read(text: str) -> None:
    with pytest.raises(dateline.DatelineError):
        dateline.parse(text)


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker(authority.load(SEED_ARCHIVE / "source"))


def test_longest_form_wins_and_acronym_joins_its_name(linker: Linker) -> None:
    text = (
        "Le Centre d’expertise international de Montréal en intelligence artificielle (CEIMIA) et le CEIMIA."
    )
    assert linker.link(text).text == (
        "Le {org}`Centre d’expertise international de Montréal en intelligence artificielle (CEIMIA) "
        "<ceimia>` et le CEIMIA."
    )
    # an agreement's alias contains an organisation's acronym: only the agreement is linked
    assert linker.link("l'accord relatif à l'UNESCO").text == (
        "l’{agreement}`accord relatif à l'UNESCO <accord-canada-quebec-unesco>`"
    )


def test_no_double_linking_and_exact_single_words(linker: Linker) -> None:
    already = "Le {org}`PMIA <pmia>` et [l'OCDE](https://www.oecd.org/) et `ENS`."
    assert linker.link(already).text == already
    # the alias "Gouvernement" (of a letterhead) does not link the common noun
    assert linker.link("le gouvernement et l'OBVIA").text == "le gouvernement et l’{org}`OBVIA <obvia>`"
    assert (
        linker.link("le ministère des Relations internationales et de la Francophonie").links[0].id == "mrif"
    )


def test_slugs() -> None:
    assert importer.slugify("Le Québec et la France, partenaires stratégiques") == (
        "quebec-france-partenaires-strategiques"
    )
    assert importer.slugify("« ! »") == "communique"
