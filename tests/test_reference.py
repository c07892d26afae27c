"""The generated reference of fields and warnings (``docs/reference.md``).

The committed file must be exactly what ``python -m communiques.tools.reference``
generates, so the reference cannot drift from the schema and the warnings.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from communiques.core import schema
from communiques.core.warnings_ import ArchiveWarning
from communiques.tools import reference
from helpers import REPO

if TYPE_CHECKING:
    from pathlib import Path

    from pydantic import BaseModel

COMMITTED = REPO / "docs" / "reference.md"
ALL_MODELS = (
    schema.Release,
    schema.Source,
    schema.Revision,
    schema.Letterhead,
    schema.ContactGroup,
    schema.Contact,
    schema.YearPage,
    schema.Person,
    schema.Appointment,
    schema.Organisation,
    schema.Relation,
    schema.Agreement,
    schema.Party,
    schema.Identifiers,
    schema.Evidence,
    schema.KindIndex,
)


def section_of(text: str, model: type[BaseModel]) -> str:
    """The part of the reference about *model*: from its heading to the next one."""
    start = text.index(f"\n### {model.__name__}\n")
    end = text.find("\n## ", start + 1)
    following = text.find("\n### ", start + 1)
    ends = [i for i in (end, following) if i != -1]
    return text[start : min(ends) if ends else len(text)]


def test_committed_reference_is_up_to_date() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == reference.render(), (
        "docs/reference.md is out of date: "
        "run python -m communiques.tools.reference --write docs/reference.md"
    )


def test_output_is_deterministic() -> None:
    assert reference.render() == reference.render()


def test_every_model_is_documented() -> None:
    assert set(reference.models()) == set(ALL_MODELS)
    assert len(reference.models()) == len(ALL_MODELS)


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_every_field_appears_in_its_model_table(model: type[BaseModel]) -> None:
    section = section_of(reference.render(), model)
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    keys = [row.split("|")[1].strip().strip("`") for row in rows]

    assert sorted(keys) == sorted(model.model_fields)
    for name, field in model.model_fields.items():
        row = rows[keys.index(name)]
        assert ("| required |" in row) == field.is_required(), row
        if field.description:
            assert " ".join(field.description.split()).replace("|", "\\|") in row
        for example in field.examples or []:
            assert f"`{example}`" in row


def test_every_model_validator_has_a_rule() -> None:
    # A subset, not equality: a rule may also be checked outside the model
    # (the letterhead rule is checked in records.py, with the item's line).
    validated = {m for m in ALL_MODELS if m.__pydantic_decorators__.model_validators}
    assert validated <= set(reference.RULES)
    assert set(reference.RULES) <= set(ALL_MODELS)


def test_every_warning_subtype_appears() -> None:
    text = reference.render()
    docs = reference.warning_docs()

    assert set(docs) == set(ArchiveWarning)
    for member in ArchiveWarning:
        assert docs[member], member
        line = next(line for line in text.splitlines() if line.startswith(f"| `archive.{member.value}` |"))
        assert docs[member].split()[0] in line


@pytest.mark.parametrize(
    ("model", "name", "words"),
    [
        (schema.Release, "issued", "date YYYY-MM-DD"),
        (schema.Release, "issuers", "list of ids (at least one)"),
        (schema.Release, "title", "text"),
        (schema.Release, "language", "one of `fr`, `en`"),
        (schema.Release, "distribution", "the value `immediate`"),
        (schema.Release, "source", "[Source](#source) mapping"),
        (schema.Release, "revisions", "list of [Revision](#revision) mappings"),
        (schema.Person, "sources", "list of web addresses (http or https)"),
        (schema.Contact, "email", "e-mail address"),
        (schema.Appointment, "start", "date YYYY-MM-DD"),
    ],
)
def test_types_in_plain_words(model: type[BaseModel], name: str, words: str) -> None:
    field = model.model_fields[name]
    assert reference.describe(field.annotation, field.metadata) == words


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "ext")}
    return subprocess.run(
        [sys.executable, "-m", "communiques.tools.reference", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_command_line_prints_writes_and_checks(tmp_path: Path) -> None:
    printed = _run(cwd=tmp_path)
    assert printed.returncode == 0
    assert printed.stdout == reference.render()

    assert _run("--write", "docs/reference.md", cwd=tmp_path).returncode == 0
    assert (tmp_path / "docs" / "reference.md").read_text(encoding="utf-8") == reference.render()
    checked = _run("--check", "docs/reference.md", cwd=tmp_path)
    assert (checked.returncode, checked.stderr) == (0, "")

    (tmp_path / "docs" / "reference.md").write_text("stale\n", encoding="utf-8")
    stale = _run("--check", "docs/reference.md", cwd=tmp_path)
    assert stale.returncode == 1
    assert stale.stderr == (
        "docs/reference.md is out of date: "
        "run python -m communiques.tools.reference --write docs/reference.md\n"
    )
