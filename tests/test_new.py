"""``new``: a record at its right path with valid metadata, the year page if needed, never overwriting."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from communiques.core import frontmatter
from communiques.tools import cli
from helpers import seed_archive

if TYPE_CHECKING:
    from pathlib import Path

ARGS = [
    "new",
    "--title",
    "Le Québec et la Bavière, partenaires en recherche",
    "--date",
    "2021-03-04",
    "--place",
    "Québec",
    "--issuer",
    "gouvernement-du-quebec",
]


@pytest.fixture
def seed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The frozen seed archive, the working folder: its only year is 2020, so 2021 is a new one."""
    root = seed_archive(tmp_path / "archive")
    monkeypatch.chdir(root)
    return root


def test_new_record_in_a_new_year(seed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(ARGS) == 0
    record = seed / "source/releases/2021/2021-03-04-quebec-baviere-partenaires-recherche.md"
    out = capsys.readouterr().out
    assert f"created {record.relative_to(seed)}" in out
    assert "created source/releases/2021/index.md (the page of the year)" in out
    matter = frontmatter.read(record.read_text(encoding="utf-8"))
    assert matter.errors == []
    assert matter.data == {
        "id": "2021-03-04-quebec-baviere-partenaires-recherche",
        "type": "press-release",
        "title": "Le Québec et la Bavière, partenaires en recherche",
        "issued": "2021-03-04",
        "place": "Québec",
        "language": "fr",
        "issuers": ["gouvernement-du-quebec"],
        "status": "published",
    }
    # the new record has all it needs but its text: check asks for it, then passes
    assert cli.main(["check", "-q"]) == 1
    assert capsys.readouterr().out == (
        f"{record.relative_to(seed)}:12: the record has no body: write its text after the closing "
        "`---` of the front matter [archive.schema]\n"
    )
    record.write_text(record.read_text(encoding="utf-8") + "\nLe texte.\n", encoding="utf-8")
    assert cli.main(["check", "-q"]) == 0
    # and it is never written over
    assert cli.main(ARGS) == 1
    assert "already exists" in capsys.readouterr().err


def test_unknown_issuer_is_refused_with_a_suggestion(seed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = [*ARGS[:-1], "gouvernement-du-qc"]
    assert cli.main(args) == 1
    err = capsys.readouterr().err
    assert "unknown organisation `gouvernement-du-qc` (did you mean gouvernement-du-quebec" in err
    assert not (seed / "source/releases/2021").exists()


def test_bad_date_is_a_usage_error(seed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main([*ARGS[:4], "04/03/2021", *ARGS[5:]])
    assert exit_.value.code == 2
    assert "'04/03/2021' is not a date written YYYY-MM-DD" in capsys.readouterr().err


def test_help_teaches(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    text = capsys.readouterr().out
    for command in ("new", "import", "check"):
        assert f"python -m communiques {command}" in text
