"""``import`` over many real files: text and HTML, drafts, matching, posts, re-import, and ``check`` after.

The archive is a copy of ``tests/roots/test-import`` (the seed's authority
records and their English catalogs, no release); the releases are the files
of ``tests/import/``: one whose people and ministry are all new, one in
English, one naming known entities in other ways, one claiming a post that is
not recorded, the seed saved as a web page, and a hostile web page.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest
from sphinx.testing.util import SphinxTestApp

from communiques.core import frontmatter
from communiques.tools import cli
from helpers import REPO, TESTS, main_of, run_archive_conf, soup_of, text_of, warnings_of

if TYPE_CHECKING:
    from pathlib import Path

INPUTS = TESTS / "import"
ROOT = TESTS / "roots" / "test-import"
ALL_NEW = "2021-03-03-nouvelle-politique-culturelle-regions"
ENGLISH = "2020-06-30-quebec-france-work-together-artificial-intelligence"
VARIANTS = "2024-03-08-chaire-abeona-ens-obvia-accueille-sa-premiere-titulaire"
SEED_PAGE = "2020-06-25-quebec-france-partenaires-strategiques-intelligence-artificielle"
HOSTILE = "2021-04-02-titre-ordinaire"


def make_archive(folder: Path) -> Path:
    shutil.copytree(ROOT, folder)
    shutil.copy(REPO / "conf.py", folder / "conf.py")
    return folder


def record(root: Path, ident: str) -> str:
    return (root / "source" / "releases" / ident[:4] / f"{ident}.md").read_text(encoding="utf-8")


def data(text: str) -> dict[str, object]:
    return dict(frontmatter.read(text).data)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """The archive after one import of every file but the one with a wrong post: (root, out, err)."""
    root = make_archive(tmp_path_factory.mktemp("batch") / "archive")
    inputs = tmp_path_factory.mktemp("inputs")
    for name in ("all-new.txt", "english.txt", "variants.txt", "seed.html", "hostile.html"):
        shutil.copy(INPUTS / name, inputs / name)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        captured: list[str] = []
        patch.setattr(cli, "out", captured.append)
        errors: list[str] = []
        patch.setattr(cli, "err", errors.append)
        # a folder and a pattern naming the same files: each is imported once
        assert cli.main(["import", str(inputs), str(inputs / "*.txt"), "--quiet"]) == 0
    return root, "\n".join(captured), "\n".join(errors)


def test_one_run_imports_every_file_and_sums_up(imported: tuple[Path, str, str]) -> None:
    root, out, err = imported
    assert out.count("\ncreated ") + out.startswith("created ") == 5
    assert "import: 5 file(s) in" in err and "5 created" in err
    assert "draft records written: 3 people, 2 organisations" in err
    assert "review them: python -m communiques check --drafts" in err
    assert "import the same files again (your edits are kept)" in err
    for ident in (ALL_NEW, ENGLISH, VARIANTS, SEED_PAGE, HOSTILE):
        assert (root / "source" / "originals" / f"{ident}.last-import").read_text(encoding="utf-8") == record(
            root, ident
        )
    assert (root / "source" / "releases" / "2024" / "index.md").is_file()


def test_names_with_no_record_say_what_to_do(imported: tuple[Path, str, str]) -> None:
    _root, _out, err = imported
    section = err.split("names with no record")[1]
    assert (
        "Centre d'expertise international de Montréal pour l'avancement de l'intelligence artificielle: add "
        "“Centre d'expertise international de Montréal pour l'avancement de l'intelligence artificielle” to "
        "`aliases` in source/organisations/ceimia.md" in section
    )
    assert (
        "Société de développement des entreprises culturelles: if it is an organisation or a person, create"
        in (section)
    )
    # no place, month, abbreviation or piece of a post
    for noise in ("Rimouski", "Paris", "Québec\n", "IA", "Culture:", "Communications:", "June", "Pas"):
        assert f"  {noise}" not in section


def test_the_imported_archive_passes_check_with_only_drafts_to_review(
    imported: tuple[Path, str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root, _out, _err = imported
    monkeypatch.chdir(root)
    assert cli.main(["check", "-q", "--drafts"]) == 0
    out, err = capsys.readouterr()
    assert "5 draft record(s) to review" in err
    assert (
        "source/people/sonia-lebel-ouellet.md:1: draft Sonia Lebel-Ouellet — posts as printed: ministre de "
        f"la Culture et des Communications; named in {ALL_NEW} (2021-03-03)" in out
    )


def test_people_and_organisations_all_new_become_drafts_with_evidence(
    imported: tuple[Path, str, str],
) -> None:
    root, _out, _err = imported
    text = record(root, ALL_NEW)
    assert ":person: sonia-lebel-ouellet\n:name: Mme Sonia Lebel-Ouellet\n" in text
    assert ":person: louis-philippe-gagnon\n" in text
    front = data(text)
    assert front["issuers"] == [
        "gouvernement-du-quebec",
        "cabinet-de-la-ministre-de-la-culture-et-des-communications",
    ]
    assert front["contacts"][0]["entries"][0]["person"] == "amelie-tremblay-roy"  # type: ignore[index]
    person = data((root / "source/people/amelie-tremblay-roy.md").read_text(encoding="utf-8"))
    assert person == {
        "id": "amelie-tremblay-roy",
        "name": "Amélie Tremblay-Roy",
        "sort_name": "Tremblay-Roy, Amélie",
        "appointments": [
            {
                "post": "Attachée de presse",
                "organisation": "cabinet-de-la-ministre-de-la-culture-et-des-communications",
            }
        ],
        "draft": True,
        "evidence": [
            {
                "release": ALL_NEW,
                "date": "2021-03-03",
                "name": "Amélie Tremblay-Roy",
                "post": "Attachée de presse",
                "organisation": "Cabinet de la ministre de la Culture et des Communications",
            }
        ],
    }
    ministry = data(
        (root / "source/organisations/ministere-de-la-culture-et-des-communications.md").read_text()
    )
    assert ministry["classification"] == "ministry" and ministry["draft"] is True
    # the draft is linked where the running text names it, like any record
    assert "{person}`Sonia Lebel-Ouellet <sonia-lebel-ouellet>`" in text


def test_english_release_finds_records_through_the_catalogs(imported: tuple[Path, str, str]) -> None:
    root, _out, _err = imported
    text = record(root, ENGLISH)
    assert data(text)["language"] == "en"
    assert data(text)["issuers"] == ["gouvernement-du-quebec", "cabinet-ministre-relations-internationales"]
    for role in (
        "{org}`Global Partnership on Artificial Intelligence (GPAI) <pmia>`",
        "{org}`Organisation for Economic Co-operation and Development <ocde>`",
        "{org}`Abeona Foundation <fondation-abeona>`",
        "{org}`Abeona-ENS-OBVIA Visiting Research Chair in Artificial Intelligence and Social Justice "
        "<chaire-abeona-ens-obvia>`",
        "{person}`Nadine Girault <nadine-girault>`",
    ):
        assert role in text
    # the post in English is the catalog's translation of a recorded one: no problem reported
    assert ":post: Minister of International Relations and La Francophonie" in text


def test_known_entities_written_another_way_are_linked(imported: tuple[Path, str, str]) -> None:
    root, _out, _err = imported
    text = record(root, VARIANTS)
    assert (
        "{org}`Chaire de recherche invitée Abeona–ENS–OBVIA en intelligence artificielle et justice sociale"
        in text
    )
    assert "{org}`Universite Laval <universite-laval>`" in text  # without its accent
    assert "{org}`ministère des relations internationales et de la francophonie <mrif>`" in text  # lowercase
    assert "(CEIMIA) <ceimia>`" in text  # a long form the archive does not know, before a known acronym
    # a letterhead in capitals
    assert data(text)["issuers"] == ["gouvernement-du-quebec", "cabinet-ministre-relations-internationales"]


def test_html_page_reads_like_the_text(imported: tuple[Path, str, str]) -> None:
    root, _out, _err = imported
    text = record(root, SEED_PAGE)
    front = data(text)
    original = root / "source" / "originals" / f"{SEED_PAGE}.html.txt"
    assert original.read_bytes() == (INPUTS / "seed.html").read_bytes()
    source = front["source"]
    assert isinstance(source, dict)
    assert source["file"] == f"originals/{SEED_PAGE}.html.txt"
    assert source["url"].startswith("https://www.quebec.ca/nouvelles/")
    assert front["title"] == "Le Québec et la France, partenaires stratégiques en intelligence artificielle"
    assert front["subtitle"] == "Première mission virtuelle de la ministre Nadine Girault à Paris"
    assert front["place"] == "Québec" and front["issued"] == "2020-06-25"
    assert front["issuers"] == [
        "gouvernement-du-quebec",
        "cabinet-ministre-relations-internationales",
        "gouvernement-francais",
    ]
    assert front["distribution"] == "immediate" and front["end_mark"] == "- 30 -"
    contacts = front["contacts"]
    assert isinstance(contacts, list)
    assert contacts[0]["entries"][0] == {
        "name": "Marc-Antoine Trudel",
        "person": "marc-antoine-trudel",
        "post": "Attaché de presse",
        "organisation": "Cabinet de la ministre des Relations internationales et de la Francophonie",
        "phone": "418 649-2400",
        "extension": "56319",
    }
    assert ":person: nadine-girault\n" in text and ":person: frederique-vidal\n" in text
    assert (
        "{org}`Centre d'expertise international de Montréal en intelligence artificielle (CEIMIA) <ceimia>`"
        in text
    )
    assert "  - Séminaires sur l'innovation pédagogique en éducation ;" in text
    assert (
        "[ministère des Relations internationales et de la Francophonie](https://www.mrif.gouv.qc.ca/)"
        in text
    )
    assert "analytics" not in text and "Accueil" not in text and "Québec.ca" not in text


def test_a_hostile_page_gives_only_text(imported: tuple[Path, str, str]) -> None:
    root, _out, _err = imported
    body = record(root, HOSTILE).split("\n---\n", 1)[1]
    for markup in ("<script", "<img", "onerror", "javascript:", "<iframe", "{raw}`"):
        assert markup not in body
    assert r"\{raw\}" in body and r"\<b\>pas de balise\</b\>" in body
    assert "[lien sûr](https://www.quebec.ca/)" in body
    assert "\n## " not in body


# -- problems and re-import ------------------------------------------------------------


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_archive(tmp_path / "archive")
    monkeypatch.chdir(root)
    return root


def test_a_post_no_appointment_records_is_reported_with_its_line(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["import", str(INPUTS / "wrong-post.txt"), "-q"]) == 0
    err = capsys.readouterr().err
    assert (
        f"{INPUTS / 'wrong-post.txt'}:14: the release gives Frédérique Vidal the post “ministre de la "
        "Culture”, but their recorded posts on 2021-03-10 are “ministre de l'Enseignement supérieur, de la "
        "Recherche et de l'Innovation”: add this appointment to source/people/frederique-vidal.md" in err
    )
    assert cli.main(["check", "-q"]) == 1
    out = capsys.readouterr().out
    assert "2021-03-10-rencontre-recherche.md:27: the release gives Frédérique Vidal the post" in out
    assert "[archive.appointment]" in out
    # Nadine Girault is named in running text in 2021 only: no problem about her
    assert "Nadine Girault" not in out


def test_dry_run_writes_nothing(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = sorted(p.relative_to(archive) for p in archive.rglob("*"))
    assert cli.main(["import", str(INPUTS / "all-new.txt"), "--dry-run", "-q"]) == 0
    out, err = capsys.readouterr()
    assert f"would create source/releases/2021/{ALL_NEW}.md" in out
    assert "would write draft source/people/sonia-lebel-ouellet.md (Sonia Lebel-Ouellet)" in out
    assert "nothing was written (dry run)" in err
    assert sorted(p.relative_to(archive) for p in archive.rglob("*")) == before


def add_working_group(root: Path) -> None:
    (root / "source" / "organisations" / "groupe-ethique.md").write_text(
        "---\nid: groupe-ethique\nname: Groupe de travail sur l'éthique\nclassification: partnership\n---\n\n"
        "Groupe de travail.\n",
        encoding="utf-8",
    )


def test_reimport_keeps_hand_edits_and_updates_what_came_from_the_text(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    release = INPUTS / "variants.txt"
    assert cli.main(["import", str(release), "-q"]) == 0
    path = archive / "source" / "releases" / "2024" / f"{VARIANTS}.md"
    assert cli.main(["import", str(release), "-q"]) == 0
    assert f"unchanged source/releases/2024/{VARIANTS}.md" in capsys.readouterr().out
    # the archivist corrects the place and a paragraph; the archive learns of the CEIMIA's long form
    edited = path.read_text(encoding="utf-8").replace("place: Québec\n", "place: Québec (Québec)\n")
    edited = edited.replace("salue cette nomination.", "salue chaleureusement cette nomination.")
    path.write_text(edited, encoding="utf-8")
    add_working_group(archive)
    assert cli.main(["import", str(release), "-q"]) == 0
    out, err = capsys.readouterr()
    assert f"updated source/releases/2024/{VARIANTS}.md" in out
    assert "kept 2 of the archivist's edits" in err
    merged = path.read_text(encoding="utf-8")
    assert "place: Québec (Québec)\n" in merged and "salue chaleureusement cette nomination." in merged
    assert (
        "avec le {org}`Groupe de travail sur l'éthique <groupe-ethique>`." in merged
    )  # the new record, linked


@pytest.mark.parametrize(
    ("choice", "kept"), [("--keep-mine", "quatre années après"), ("--replace", "quatre ans après")]
)
def test_reimport_stops_on_a_conflict_until_told_whose_version_wins(
    archive: Path, capsys: pytest.CaptureFixture[str], choice: str, kept: str
) -> None:
    release = INPUTS / "variants.txt"
    assert cli.main(["import", str(release), "-q"]) == 0
    path = archive / "source" / "releases" / "2024" / f"{VARIANTS}.md"
    # the archivist edits the paragraph that the import will link differently
    edited = path.read_text(encoding="utf-8").replace("quatre ans après", "quatre années après")
    path.write_text(edited, encoding="utf-8")
    add_working_group(archive)
    capsys.readouterr()
    assert cli.main(["import", str(release), "-q"]) == 1
    out, err = capsys.readouterr()
    assert f"conflict source/releases/2024/{VARIANTS}.md" in out
    assert "-Le {org}" in out and "+Le {org}" in out  # the unified diff
    assert "nothing written" in err and "--keep-mine" in err and "--replace" in err
    assert path.read_text(encoding="utf-8") == edited
    assert cli.main(["import", str(release), "-q", choice]) == 0
    assert kept in path.read_text(encoding="utf-8")


def test_a_record_import_did_not_write_is_never_overwritten_silently(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    release = INPUTS / "variants.txt"
    path = archive / "source" / "releases" / "2024" / f"{VARIANTS}.md"
    path.parent.mkdir(parents=True)
    path.write_text("---\nid: fait-main\n---\n\nÀ la main.\n", encoding="utf-8")
    assert cli.main(["import", str(release), "-q"]) == 1
    assert "it was not written by import" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8").endswith("À la main.\n")


def test_what_cannot_be_read_is_reported_with_file_and_line(
    archive: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "sans-titre.html"
    page.write_text("<html><body>\n<article>\n<p>Rien.</p>\n</article></body></html>", encoding="utf-8")
    no_dateline = tmp_path / "sans-date.html"
    no_dateline.write_text("<article>\n<h1>Titre</h1>\n\n<p>Pas de date.</p>\n</article>", encoding="utf-8")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("## Titre\n\n**Québec, le 1er mai 2021.** - Été.\n".encode("latin-1"))
    assert cli.main(["import", str(page), str(no_dateline), str(latin1), "-q"]) == 1
    err = capsys.readouterr().err
    assert f"{page}:1: no title: the page has no <h1> heading" in err
    assert f"{no_dateline}:4: no dateline: the body must open with" in err
    assert f"{latin1}:3: the file is not UTF-8 (byte 0xE9): save it as UTF-8" in err
    assert not (archive / "source" / "releases" / "2021").exists()
    assert cli.main(["import", str(tmp_path / "absent.txt")]) == 2
    assert "absent.txt: no such file" in capsys.readouterr().err


# -- the imported archive, built ---------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "mark"), [("fr", "Fiche provisoire, à vérifier"), ("en", "Draft record, to be reviewed")]
)
def test_strict_build_accepts_drafts_and_marks_their_pages(
    imported: tuple[Path, str, str], tmp_path: Path, language: str, mark: str
) -> None:
    root = tmp_path / "built"
    shutil.copytree(imported[0], root, ignore=shutil.ignore_patterns("_build"))
    labels = root / "locales" / "en" / "LC_MESSAGES" / "communiques.po"
    shutil.copy(REPO / "locales" / "en" / "LC_MESSAGES" / "communiques.po", labels)
    srcdir = root / "source"
    run_archive_conf(srcdir)
    app = SphinxTestApp(
        "html", srcdir=srcdir, warningiserror=language == "fr", confoverrides={"language": language}
    )
    try:
        app.build()
        if language == "fr":
            assert warnings_of(app) == []
        draft = main_of(soup_of(app, "people/sonia-lebel-ouellet"))
        marks = [text_of(p) for p in draft.select("p.entity-draft")]
        assert marks == [mark]
        reviewed = main_of(soup_of(app, "people/nadine-girault"))
        assert reviewed.select("p.entity-draft") == []
        organisation = main_of(soup_of(app, "organisations/ministere-de-la-culture-et-des-communications"))
        assert [text_of(p) for p in organisation.select("p.entity-draft")] == [mark]
    finally:
        app.cleanup()
