"""The translators' catalogs: update, nothing lost, checks, progress; and the archive's own catalogs.

The workflow runs for real on a copy of ``test-translation`` (laid out like
the live_catalogs): the gettext build, ``sphinx-intl update``, ``msgfmt --check``.
Translation is progress, not a gate: a catalog behind the sources, or one not
translated yet, passes ``check``; one that does not compile, drops a
placeholder or keeps a template header over its translations fails it, and
so do unfinished labels. The last tests apply the same rules, and only them,
to the archive's committed catalogs, whatever ``source/`` holds.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from communiques.tools import catalogs
from communiques.translation.progress import Counts, count, message_keys, read_catalog, text_key
from communiques.translation.rules import header_problems, placeholder_problems
from helpers import REPO, translation_root

# Builds a whole site (or runs the catalog tools on the whole live_catalogs): not in the quick loop.
pytestmark = pytest.mark.slow

RELEASE = "releases/2020/2020-05-04-essai"
CHANGED_FROM = "La ministre {person}`Jeanne Essai <jeanne-essai>` annonce un essai avec l’{org}`OCDE <ocde>`."
CHANGED_TO = (
    "La ministre {person}`Jeanne Essai <jeanne-essai>` annonce un nouvel essai avec l’{org}`OCDE <ocde>`."
)
REMOVED = "Ce paragraphe reste à traduire."


def entries(project: catalogs.Project) -> dict[tuple[str, str], tuple[object, bool]]:
    """Every live entry of every catalog: (catalog, msgid) -> (translation, fuzzy)."""
    found = {}
    for path in project.po_files("en"):
        name = path.relative_to(project.locale_dir / "en" / "LC_MESSAGES").with_suffix("").as_posix()
        with path.open("rb") as po:
            for message in read_po(po, locale="en"):
                if message.id:
                    found[name, str(message.id)] = (message.string, message.fuzzy)
    return found


def release_catalog(project: catalogs.Project) -> Catalog:
    catalog = read_catalog(project.po_path("en", RELEASE), "en")
    assert catalog is not None
    return catalog


@pytest.fixture
def project(tmp_path: Path) -> catalogs.Project:
    return catalogs.Project.archive(translation_root(tmp_path / "root"))


def edit_release(project: catalogs.Project, old: str, new: str) -> None:
    source = project.srcdir / f"{RELEASE}.md"
    text = source.read_text(encoding="utf-8")
    assert old in text
    source.write_text(text.replace(old, new), encoding="utf-8")


# -- update: nothing lost ----------------------------------------------------------------


def test_a_changed_sentence_becomes_fuzzy_with_its_translation_and_nothing_else_moves(
    project: catalogs.Project,
) -> None:
    before = entries(project)
    old_translation = release_catalog(project)[CHANGED_FROM].string
    assert old_translation and not release_catalog(project)[CHANGED_FROM].fuzzy

    edit_release(project, CHANGED_FROM, CHANGED_TO)
    catalogs.write_templates(project)
    catalogs.update_catalogs(project, ["en"])

    after = entries(project)
    changed = release_catalog(project)[CHANGED_TO]
    assert changed.fuzzy
    assert changed.string == old_translation
    assert (RELEASE, CHANGED_FROM) not in after
    # every other entry of every catalog is exactly as it was
    del before[RELEASE, CHANGED_FROM]
    del after[RELEASE, CHANGED_TO]
    assert after == before
    # and the catalogs are up to date again
    assert catalogs.outdated(project, catalogs.templates(project), ["en"]) == []
    text = project.po_path("en", RELEASE).read_text(encoding="utf-8")
    assert "#, fuzzy" in text
    assert max(len(line) for line in text.splitlines()) <= catalogs.LINE_WIDTH + 2  # quotes


def test_a_removed_sentence_is_kept_as_an_obsolete_entry(project: catalogs.Project) -> None:
    po_path = project.po_path("en", RELEASE)
    po_path.write_text(
        po_path.read_text(encoding="utf-8").replace(
            f'msgid "{REMOVED}"\nmsgstr ""',
            f'msgid "{REMOVED}"\nmsgstr "This paragraph is still to translate."',
        ),
        encoding="utf-8",
    )
    edit_release(project, REMOVED + "\n", "")
    catalogs.write_templates(project)
    catalogs.update_catalogs(project, ["en"])

    catalog = release_catalog(project)
    assert catalog.get(REMOVED) is None
    assert catalog.obsolete[REMOVED].string == "This paragraph is still to translate."
    assert '#~ msgid "Ce paragraphe reste à traduire."' in po_path.read_text(encoding="utf-8")


def test_update_creates_the_catalog_of_a_new_page(project: catalogs.Project) -> None:
    (project.srcdir / "notes.md").write_text("# Notes\n\nUne note.\n", encoding="utf-8")
    catalogs.write_templates(project)
    catalogs.update_catalogs(project, ["en"])

    created = read_catalog(project.po_path("en", "notes"), "en")
    assert created is not None
    assert [m.id for m in created if m.id] == ["Notes", "Une note."]
    assert all(not m.string for m in created if m.id)


# -- check ---------------------------------------------------------------------------------


def test_check_passes_on_up_to_date_catalogs(
    project: catalogs.Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert catalogs.run_check(project, ["en"]) == 0
    assert "the site's labels are complete" in capsys.readouterr().out
    assert catalogs.orphans(project, catalogs.templates(project), ["en"]) == []


def test_catalogs_behind_the_sources_are_listed_not_failed(
    project: catalogs.Project, capsys: pytest.CaptureFixture[str]
) -> None:
    edit_release(project, CHANGED_FROM, CHANGED_TO)

    assert catalogs.run_check(project, ["en"]) == 0

    out = capsys.readouterr().out
    assert f"{project.po_path('en', RELEASE)}: 1 new message(s), 1 gone" in out
    assert "run `tox -e intl`" in out


def test_a_new_release_with_no_translation_yet_passes_check(
    project: catalogs.Project, capsys: pytest.CaptureFixture[str]
) -> None:
    """An archivist's new release: no English catalog at first, then one that update made, untranslated."""
    new = project.srcdir / "releases" / "2020" / "2020-06-01-nouveau.md"
    new.write_text(
        "---\nid: 2020-06-01-nouveau\ntype: press-release\ntitle: Un nouveau communiqué\n"
        "issued: 2020-06-01\nplace: Québec\nlanguage: fr\nissuers:\n  - gouvernement-du-quebec\n---\n\n"
        "Un paragraphe que personne n’a encore traduit.\n",
        encoding="utf-8",
    )
    assert catalogs.run_check(project, ["en"]) == 0
    assert f"{project.po_path('en', 'releases/2020/2020-06-01-nouveau')}: missing" in capsys.readouterr().out

    catalogs.update_catalogs(project, ["en"])
    created = read_catalog(project.po_path("en", "releases/2020/2020-06-01-nouveau"), "en")
    assert (
        created is not None and dict(created.mime_headers)["Last-Translator"] == "FULL NAME <EMAIL@ADDRESS>"
    )
    assert catalogs.run_check(project, ["en"]) == 0


def test_a_translation_that_drops_a_link_fails_check(
    project: catalogs.Project, capsys: pytest.CaptureFixture[str]
) -> None:
    po_path = project.po_path("en", RELEASE)
    catalog = release_catalog(project)
    message = catalog[CHANGED_FROM]
    message.string = "The Minister Jeanne Essai announces a test with the OECD."  # both links gone
    with po_path.open("wb") as po:
        write_po(po, catalog, width=catalogs.LINE_WIDTH)

    assert catalogs.run_check(project, ["en"]) == 1

    err = capsys.readouterr().err
    assert "placeholders changed: missing ['org:ocde', 'person:jeanne-essai']" in err
    assert str(po_path) in err


def test_header_rule() -> None:
    """One rule for check and the tests: a template header is fine until the catalog holds a translation."""
    fresh = Catalog(
        locale="en",
        last_translator="FULL NAME <EMAIL@ADDRESS>",
        revision_date="YEAR-MO-DA HO:MI+ZONE",
        fuzzy=False,
    )
    fresh.add("Bonjour", "")
    assert header_problems(fresh, "en") == []
    fresh["Bonjour"].string = "Hello"
    assert header_problems(fresh, "en") == [
        "`Last-Translator` still has the template's value `FULL NAME <EMAIL@ADDRESS>`: fill it in",
        "`PO-Revision-Date` still has the template's value `YEAR-MO-DA HO:MI+ZONE`: fill it in",
    ]
    assert header_problems(fresh, "fr")[0] == "the header says `Language: en`, the folder is `fr`"


def test_placeholder_rule() -> None:
    catalog = Catalog(locale="en")
    catalog.add("{count} passages en {language}", "{count} passages in {language}")
    catalog.add("{place}, le {date}.", "{date}")
    catalog.add("Voir l’{org}`OCDE <ocde>`.", "See the {org}`OECD <ocde>`.")
    catalog.add("Voir l’{org}`OCDE <ocde>`, encore.", "See the {org}`OECD <unesco>` again.")
    catalog.add("Un {en}`mot` anglais.", "An English {en}`word`.")
    catalog.add("Non traduit {count}", "")  # not in use: nothing to check
    found = {str(message.id): problem for message, problem in placeholder_problems(catalog)}
    assert found == {
        "{place}, le {date}.": "placeholders changed: missing ['{place}'], added none",
        "Voir l’{org}`OCDE <ocde>`, encore.": (
            "placeholders changed: missing ['org:ocde'], added ['org:unesco']"
        ),
    }


def test_unfinished_labels_fail_check(project: catalogs.Project, capsys: pytest.CaptureFixture[str]) -> None:
    labels = project.po_path("en", "communiques")
    catalog = read_catalog(labels, "en")
    assert catalog is not None
    catalog["Faits saillants"].string = ""
    with labels.open("wb") as po:
        write_po(po, catalog, width=catalogs.LINE_WIDTH)

    assert catalogs.run_check(project, ["en"]) == 1
    assert "1 untranslated and 0 fuzzy message(s): every label of the site must be translated" in (
        capsys.readouterr().err
    )


def test_check_runs_msgfmt_on_every_catalog(
    project: catalogs.Project, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = project.po_path("en", "people/jeanne-essai")
    broken.write_text(broken.read_text(encoding="utf-8") + '\nmsgid "Sans fin\n', encoding="utf-8")

    assert catalogs.run_check(project, ["en"]) == 1

    err = capsys.readouterr().err
    assert f"{broken}: msgfmt --check failed" in err


def test_msgfmt_check_catches_a_translation_that_drops_a_placeholder(tmp_path: Path) -> None:
    po = tmp_path / "labels.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, python-brace-format\nmsgid "{count} passages"\nmsgstr "passages"\n',
        encoding="utf-8",
    )

    assert [finding.path for finding in catalogs.msgfmt_errors([po])] == [po]


# -- progress ------------------------------------------------------------------------------


def test_counts_look_only_at_the_current_messages() -> None:
    po = Catalog(locale="en")
    po.add("Traduit", "Translated")
    po.add("À revoir", "To review", flags=["fuzzy"])
    po.add("Vide", "")
    po.add("Supprimé depuis", "Deleted since")  # not a current message: not counted
    po.obsolete["Obsolète"] = po["Supprimé depuis"]
    po.add(("Source", "Sources"), ("Source", ""))  # one plural form missing
    current = [text_key(m) for m in ("Traduit", "À revoir", "Vide", "Absent", "Traduit")]

    assert count(current, po) == Counts(translated=1, fuzzy=1, untranslated=2)
    assert count([(("Source", "Sources"), None)], po) == Counts(untranslated=1)
    assert count(current, None) == Counts(untranslated=4)
    assert Counts(3, 1, 0).percent == 75
    assert Counts(199, 0, 1).percent == 99  # rounded down: 100 only when complete
    assert Counts().complete


def test_progress_command_reports_per_language_and_catalog(
    project: catalogs.Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert catalogs.main(["progress", "--root", str(project.confdir), "--json"]) == 0

    data = json.loads(capsys.readouterr().out)
    assert data["en"]["fr"][RELEASE] == {"translated": 6, "fuzzy": 1, "untranslated": 1, "total": 8}
    assert data["en"]["fr"]["people/jeanne-essai"]["untranslated"] == 0
    assert data["fr"]["en"]["sphinx"]["untranslated"] == 0  # the theme's strings, into French

    assert catalogs.main(["progress", "--root", str(project.confdir)]) == 0
    report = capsys.readouterr().out
    assert report.splitlines()[0].startswith("fr→en: ")
    assert RELEASE in report  # unfinished catalogs are listed
    assert "people/jeanne-essai" not in report  # complete ones only with --all


# -- the archive's own catalogs: the rules, whatever source/ holds --------------------------


@pytest.fixture(scope="module")
def live_catalogs(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[catalogs.Project, dict[str, catalogs.Template]]:
    """A copy of the archive's configuration, sources and catalogs, and its templates."""
    root = tmp_path_factory.mktemp("archive")
    shutil.copy(REPO / "conf.py", root / "conf.py")
    for folder in ("source", "locales"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns("*.mo"))
    project = catalogs.Project.archive(root)
    return project, catalogs.write_templates(project)


def test_every_catalog_of_the_archive_passes_msgfmt_check() -> None:
    paths = catalogs.Project.archive(REPO).po_files()

    assert paths, "the archive has catalogs"
    assert catalogs.msgfmt_errors(paths) == []


def test_every_catalog_of_the_archive_keeps_its_placeholders_and_has_a_filled_header() -> None:
    project = catalogs.Project.archive(REPO)

    assert catalogs.rule_problems(project, project.po_files()) == []


def test_the_labels_of_the_site_are_complete_and_up_to_date(
    live_catalogs: tuple[catalogs.Project, dict[str, catalogs.Template]],
) -> None:
    """The archive's labels in English, the theme's strings in French: a gate, unlike the pages."""
    project, pots = live_catalogs

    assert catalogs.interface_problems(project, pots, catalogs.TARGET_LANGUAGES) == []
    interface = {
        project.po_path(lang, name)
        for lang in catalogs.TARGET_LANGUAGES
        for name in ("communiques", "sphinx")
    }
    stale = [f for f in catalogs.outdated(project, pots, catalogs.TARGET_LANGUAGES) if f.path in interface]
    assert stale == [], f"run `{catalogs.UPDATE_COMMAND}` and translate the new labels"


def test_check_passes_on_the_archive(
    live_catalogs: tuple[catalogs.Project, dict[str, catalogs.Template]], capsys: pytest.CaptureFixture[str]
) -> None:
    project, _ = live_catalogs

    assert catalogs.run_check(project, catalogs.TARGET_LANGUAGES) == 0, capsys.readouterr().err


def test_current_messages_of_a_template_are_its_live_entries(
    live_catalogs: tuple[catalogs.Project, dict[str, catalogs.Template]],
) -> None:
    _, pots = live_catalogs
    template = read_catalog(pots["communiques"].path)

    assert template is not None
    assert ("Faits saillants", None) in message_keys(template)
