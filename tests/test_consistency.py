"""Archive-wide consistency rules: one broken rule, one exact warning, a failed strict build.

``test-consistency-base`` is a valid archive (a release mentioning a person
and a ministry that is part of a government). Each ``test-consistency-<case>``
root holds only the files that break one rule: the test copies the base,
lays the case's files over it and builds the result.

The rules are checked by the domain on every build, so a problem keeps
failing a strict build (``-W``) until it is mended, even when no file is read
again: each case is built twice, the second time incrementally.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest

from helpers import ROOTS, copy_sources, warnings_of

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

BASE = ROOTS / "test-consistency-base"

CASES: dict[str, list[str]] = {
    "unknown-person": [
        "releases/2020/2020-05-04-essai.md:14: WARNING: unknown person id `jean-inconnu`: check the "
        "spelling, or add source/people/jean-inconnu.md [archive.unknown_id]",
    ],
    "unknown-relation": [
        "organisations/ministere-essais.md:7: WARNING: unknown organisation id `gouvernement-du-qc` in "
        "`relations`: check the spelling, or add source/organisations/gouvernement-du-qc.md "
        "[archive.unknown_id]",
    ],
    "end-before-start": [
        "people/jeanne-essai.md:13: WARNING: `appointments[1].end` (2020-03-01) is before the start "
        "(2021-03-01): correct one of the two dates [archive.consistency]",
    ],
    "overlapping-appointments": [
        "people/jeanne-essai.md:10: WARNING: appointments[0] and appointments[1] give the same post at "
        "overlapping dates: merge them or correct their dates [archive.consistency]",
    ],
    "cycle": [
        "organisations/gouvernement-du-quebec.md:5: WARNING: the relations gouvernement-du-quebec → "
        "ministere-essais → gouvernement-du-quebec form a cycle: an organisation cannot be part of "
        "itself; remove one of these relations [archive.consistency]",
    ],
    "no-post": [
        "releases/2020/2020-05-04-essai.md:16: WARNING: Jeanne Essai held no recorded post on 2020-05-04, "
        "yet the release gives them the post “ministre des Essais” (`:post:` of the quote): add the "
        "appointment to source/people/jeanne-essai.md, or correct its dates [archive.appointment]",
    ],
    "wrong-post": [
        "releases/2020/2020-05-04-essai.md:15: WARNING: the release gives Jeanne Essai the post “Ministre "
        "des Essais et des Épreuves” (contacts[0].entries[0].post), but their recorded posts on 2020-05-04 "
        "are “ministre des Essais”: add this appointment to source/people/jeanne-essai.md, or correct the "
        "post as printed [archive.appointment]",
    ],
    # a copy whose id was not changed; without git to tell which came first, both are reported
    # (test_identity.py: with git, only the newcomer)
    "duplicate-id": [
        "releases/2020/2020-05-04-essai.md:2: WARNING: id `2020-05-04-essai` is also claimed by "
        "project/releases/2020/2020-05-04-essai-bis.md; ids are never reused: choose another (and name the "
        "file after it) [archive.duplicate_id]",
        "releases/2020/2020-05-04-essai-bis.md:2: WARNING: `id` is `2020-05-04-essai` but the file is "
        "`2020-05-04-essai-bis.md`: a release's id is its file name (addresses use one, links the other); "
        "make them the same [archive.path]",
        "releases/2020/2020-05-04-essai-bis.md:2: WARNING: id `2020-05-04-essai` is also claimed by "
        "project/releases/2020/2020-05-04-essai.md; ids are never reused: choose another (and name the "
        "file after it) [archive.duplicate_id]",
    ],
    "path": [
        "people/paul-porte-parole.md:2: WARNING: `id` is `paul-porteparole` but the file is "
        "`paul-porte-parole.md`: an entity's id is its file name; rename one of them [archive.path]",
    ],
}


@pytest.fixture
def builder(make_app) -> Callable[..., SphinxTestApp]:
    """A strict build of a folder; each call is a new application, like a new sphinx-build."""

    def build(srcdir: Path) -> SphinxTestApp:
        app = make_app("html", srcdir=srcdir, warningiserror=True)
        app.build()
        app.cleanup()
        return app

    return build


def project(tmp_path: Path, case: str | None = None) -> Path:
    """The base archive, with the files of *case* laid over it."""
    srcdir = copy_sources(BASE, tmp_path / "project")
    if case is not None:
        shutil.copytree(ROOTS / f"test-consistency-{case}", srcdir, dirs_exist_ok=True)
    return srcdir


def test_every_case_has_a_root() -> None:
    roots = {path.name.removeprefix("test-consistency-") for path in ROOTS.glob("test-consistency-*")}
    assert roots == {"base", *CASES}


def test_base_passes_a_strict_build(builder, tmp_path: Path) -> None:
    app = builder(project(tmp_path))
    assert warnings_of(app) == []
    assert app.statuscode == 0


def test_a_mention_in_running_text_claims_no_post(builder, tmp_path: Path) -> None:
    """Jeanne Essai is named on a day no appointment covers, but no quote or contact gives her a post."""
    srcdir = project(tmp_path)
    shutil.copy(ROOTS / "test-consistency-no-post" / "people" / "jeanne-essai.md", srcdir / "people")
    app = builder(srcdir)
    assert warnings_of(app) == []
    assert app.statuscode == 0


@pytest.mark.parametrize("case", list(CASES))
def test_broken_rule_warns_and_fails_the_strict_build(builder, tmp_path: Path, case: str) -> None:
    app = builder(project(tmp_path, case))
    assert warnings_of(app) == CASES[case]
    assert app.statuscode == 1


@pytest.mark.parametrize("case", list(CASES))
def test_problem_is_reported_again_after_an_unrelated_change(builder, tmp_path: Path, case: str) -> None:
    srcdir = project(tmp_path, case)
    builder(srcdir)
    home = srcdir / "index.md"
    home.write_text(home.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8")
    again = builder(srcdir)
    assert "0 added, 1 changed, 0 removed" in again.status.getvalue()
    assert warnings_of(again) == CASES[case]
    assert again.statuscode == 1


@pytest.mark.parametrize("case", list(CASES))
def test_problem_is_reported_again_when_nothing_changed(builder, tmp_path: Path, case: str) -> None:
    """Sphinx checks consistency only when some page was updated: the faulty pages must count as such."""
    srcdir = project(tmp_path, case)
    builder(srcdir)
    again = builder(srcdir)
    assert "0 added, 0 changed, 0 removed" in again.status.getvalue()
    assert warnings_of(again) == CASES[case]
    assert again.statuscode == 1
