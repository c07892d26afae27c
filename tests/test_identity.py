"""Identity: a copy is blamed, not its original, so that ``check FILE`` on the newcomer fails.

The archive (``test-consistency-base``) is a git repository here, as in CI.
A record that takes an id already in the history, or an organisation that
takes another's acronym, is reported on itself, naming the original; the
original passes ``check`` on its own. Without git, both are reported
(``test_consistency.py``, ``test_check.py``).
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest

from communiques.archive.identity import form_key
from communiques.core.name_keys import key_of
from communiques.tools import cli
from helpers import ROOTS, git

if TYPE_CHECKING:
    from pathlib import Path

ORIGINAL = "source/releases/2020/2020-05-04-essai.md"
#: the same file name in another year's folder (the same id), sorting before the original: blamed by git
COPY = "source/releases/2019/2020-05-04-essai.md"

ORG = """\
---
id: {id}
name: {name}
acronym: MDE
classification: ministry
---

{name}.
"""


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    shutil.copytree(ROOTS / "test-consistency-base", tmp_path / "source")
    (tmp_path / "source" / "conf.py").rename(tmp_path / "conf.py")
    (tmp_path / "source/organisations/ministere-essais.md").write_text(
        ORG.format(id="ministere-essais", name="Ministère des Essais").replace(
            "classification: ministry\n",
            "classification: ministry\nrelations:\n  - type: part-of\n    target: gouvernement-du-quebec\n",
        ),
        encoding="utf-8",
    )
    git(tmp_path, "init", "-q", "-b", "main", when="2020-01-01T00:00:00")
    git(tmp_path, "add", "-A", when="2020-01-01T00:00:00")
    git(tmp_path, "commit", "-q", "-m", "L'archive", when="2020-01-01T00:00:00")
    return tmp_path


def check(
    root: Path, *args: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, list[str]]:
    monkeypatch.chdir(root)
    status = cli.main(["check", "--fresh", *args])
    return status, capsys.readouterr().out.splitlines()


def test_a_copy_with_the_same_id_is_reported_on_the_copy(
    archive: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (archive / COPY).parent.mkdir(parents=True)
    shutil.copy(archive / ORIGINAL, archive / COPY)
    status, lines = check(archive, capsys=capsys, monkeypatch=monkeypatch)
    duplicate = (
        f"{COPY}:2: id `2020-05-04-essai` is already used by {ORIGINAL}; ids are never reused: choose "
        "another (and name the file after it) [archive.duplicate_id]"
    )
    assert status == 1
    assert duplicate in lines
    assert [line for line in lines if line.startswith(ORIGINAL)] == []
    # check FILE: the newcomer fails, the original passes
    assert check(archive, COPY, capsys=capsys, monkeypatch=monkeypatch)[0] == 1
    assert check(archive, ORIGINAL, capsys=capsys, monkeypatch=monkeypatch) == (0, [])
    # still so once the copy is committed: it entered the history later
    git(archive, "add", "-A", when="2020-02-01T00:00:00")
    git(archive, "commit", "-q", "-m", "Une copie", when="2020-02-01T00:00:00")
    status, lines = check(archive, capsys=capsys, monkeypatch=monkeypatch)
    assert duplicate in lines
    assert [line for line in lines if line.startswith(ORIGINAL)] == []


def test_an_acronym_taken_from_another_organisation_is_reported_on_the_newcomer(
    archive: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    newcomer = "source/organisations/ministere-durable.md"
    (archive / newcomer).write_text(
        ORG.format(id="ministere-durable", name="Ministère du Développement durable").replace(
            "acronym: MDE\n", "acronym: MDD\naliases:\n  - ministère des Essais\n  - MDE\n"
        ),
        encoding="utf-8",
    )
    status, lines = check(archive, capsys=capsys, monkeypatch=monkeypatch)
    assert status == 1
    assert lines == [
        f"{newcomer}:6: the alias `ministère des Essais` is also the name of "
        "source/organisations/ministere-essais.md: one name cannot lead to two organisations (the importer "
        "would link neither); keep it on one of them [archive.duplicate_id]",
        f"{newcomer}:7: the alias `MDE` is also the acronym of source/organisations/ministere-essais.md: one "
        "name cannot lead to two organisations (the importer would link neither); keep it on one of them "
        "[archive.duplicate_id]",
    ]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("OCDE", "OCDE"),  # one word keeps its case: the alias "Gouvernement" is not "gouvernement"
        ("É", "E"),
        ("Organisation de coopération", "organisation de cooperation"),
        ("l’UNESCO", "l'unesco"),
        ("  Deux   espaces ", "deux espaces"),
        ("Abeona–ENS–OBVIA", "abeona-ens-obvia"),
        ("Canada – Québec", "canada-quebec"),
        ("Ministère de l'Économie, de l'Innovation", "ministere de l'economie,de l'innovation"),
        ("a ; b", None),  # a semicolon is not in a name: the importer does not index it
        ("", None),
    ],
)
def test_names_are_compared_by_the_key_the_importer_indexes(name: str, key: str | None) -> None:
    found = key_of(name)
    assert form_key(name) == key == (found[0] if found else None)
