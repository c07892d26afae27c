"""Malformed front matter: one warning each, at the right line, with advice.

Each case writes one record into a fresh copy of ``tests/roots/test-schema``
(a year page and the organisation ``gouvernement-du-quebec``) and builds it
strictly. The build must not crash, must report exactly the expected warning
(file, line, advice, subtype), and must fail because of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from helpers import ROOTS, copy_sources, status_of, warnings_of

if TYPE_CHECKING:
    from pathlib import Path

VALID = """\
---
id: 2020-06-25-essai
type: press-release
title: Essai de communiqué
issued: 2020-06-25
place: Québec
language: fr
issuers:
  - gouvernement-du-quebec
---

Corps du communiqué.
"""
# line numbers of VALID, for reading the cases below
L_ID, L_TYPE, L_TITLE, L_ISSUED, L_ISSUERS, L_ISSUER_0 = 2, 3, 4, 5, 8, 9

RECORD = "releases/2020/2020-06-25-essai.md"


def edit(old: str, new: str) -> str:
    """VALID with one line replaced (or removed when *new* is empty)."""
    assert old in VALID, old
    return VALID.replace(old + "\n", new + "\n" if new else "", 1)


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    #: the single expected warning, ``path:line: WARNING: advice [archive.subtype]``
    expected: str
    path: str = RECORD


def warning(path: str, line: int, advice: str, subtype: str) -> str:
    return f"{path}:{line}: WARNING: {advice} [archive.{subtype}]"


CASES = [
    Case(
        "bad-yaml",
        edit("title: Essai de communiqué", "title: Le Québec: partenaires"),
        warning(
            RECORD,
            L_TITLE,
            "the front matter is not valid YAML (mapping values are not allowed here); check the "
            "indentation and quote values that contain ': ' or start with a special character",
            "yaml",
        ),
    ),
    Case(
        "date-that-does-not-exist",
        edit("issued: 2020-06-25", "issued: 2020-02-30"),
        warning(
            RECORD,
            L_ISSUED,
            "`issued` is not a real date ('2020-02-30'); write an existing day as YYYY-MM-DD",
            "schema",
        ),
    ),
    Case(
        "date-not-iso",
        edit("issued: 2020-06-25", "issued: 25/06/2020"),
        warning(
            RECORD,
            L_ISSUED,
            "`issued` must be a date written YYYY-MM-DD (e.g. 2020-06-25), not '25/06/2020'",
            "schema",
        ),
    ),
    Case(
        "issuers-not-a-list",
        edit("issuers:\n  - gouvernement-du-quebec", "issuers: gouvernement-du-quebec"),
        warning(
            RECORD,
            L_ISSUERS,
            "`issuers` must be a list (e.g. `[a, b]` or one `- item` per line), not 'gouvernement-du-quebec'",
            "schema",
        ),
    ),
    Case(
        "missing-title",
        edit("title: Essai de communiqué", ""),
        # nothing to point at: the opening fence of the front matter
        warning(RECORD, 1, "`title` is missing: add it, e.g. `title: Le Québec et la France…`", "schema"),
    ),
    Case(
        "misspelt-key",
        edit("title: Essai de communiqué", "tilte: Essai de communiqué"),
        # one mistake, one warning: the missing `title` is the same mistake
        warning(RECORD, L_TITLE, "unknown key `tilte`: did you mean `title`?", "schema"),
    ),
    Case(
        "key-given-twice",
        edit("title: Essai de communiqué", "title: Essai de communiqué\ntitle: Autre titre"),
        warning(RECORD, L_TITLE + 1, f"`title` is given twice (first on line {L_TITLE}); keep one", "yaml"),
    ),
    Case(
        "empty-file",
        "",
        warning(RECORD, 1, "the file is empty: start it with a `---` front matter block", "schema"),
    ),
    Case(
        "no-front-matter",
        "# Essai de communiqué\n\nCorps du communiqué.\n",
        warning(RECORD, 1, "no front matter: start the file with a `---` block of metadata", "schema"),
    ),
    Case(
        "bad-enum",
        edit("type: press-release", "type: communique"),
        warning(
            RECORD,
            L_TYPE,
            "`type` must be one of 'press-release', 'statement', 'media-advisory' or 'speech', "
            "not 'communique'",
            "schema",
        ),
    ),
    Case(
        "bad-id",
        edit("id: 2020-06-25-essai", "id: 2020-06-25-Essai"),
        warning(
            RECORD,
            L_ID,
            "`id` must be an id in lowercase letters, digits and hyphens (e.g. nadine-girault), "
            "not '2020-06-25-Essai'",
            "schema",
        ),
    ),
    Case(
        "wrong-year-folder",
        VALID,
        warning(
            "releases/2019/2020-06-25-essai.md",
            L_ISSUED,
            "issued 2020-06-25 but filed under `releases/2019/`: move it to `releases/2020/`",
            "path",
        ),
        path="releases/2019/2020-06-25-essai.md",
    ),
    Case(
        "file-name-date-disagrees",
        edit("id: 2020-06-25-essai", "id: 2020-06-24-essai"),
        warning(
            "releases/2020/2020-06-24-essai.md",
            L_ISSUED,
            "file name starts with 2020-06-24 but `issued` is 2020-06-25: rename it to start "
            "with `2020-06-25-` or correct `issued`",
            "path",
        ),
        path="releases/2020/2020-06-24-essai.md",
    ),
    Case(
        "unknown-issuer",
        edit("  - gouvernement-du-quebec", "  - gouvernement-du-quebc"),
        # the line of the issuer in the front matter, not the top of the file
        warning(
            RECORD,
            L_ISSUER_0,
            "unknown organisation id `gouvernement-du-quebc`: check the spelling, or add "
            "source/organisations/gouvernement-du-quebc.md",
            "unknown_id",
        ),
    ),
    Case(
        "front-matter-not-a-mapping",
        "---\n- id: 2020-06-25-essai\n- type: press-release\n---\n\nCorps.\n",
        warning(RECORD, 2, "the front matter must be a list of `key: value` lines", "yaml"),
    ),
    Case(
        "nested-value",
        VALID.replace(
            "---\n\nCorps",
            "contacts:\n  - role: source\n    entries:\n      - name: Jean Essai\n"
            "        email: pas-une-adresse\n---\n\nCorps",
        ),
        warning(
            RECORD,
            14,
            "`contacts[0].entries[0].email`: value is not a valid email address: "
            "An email address must have an @-sign.",
            "schema",
        ),
    ),
    Case(
        "unclosed-quote",
        # the reader stops at the end of the front matter; the mistake is on the title's line
        edit("title: Essai de communiqué", 'title: "Essai de communiqué'),
        warning(
            RECORD,
            L_TITLE,
            'the quoted value that starts on this line is not closed: end it with " on the same line '
            '(inside a value, write the quote mark twice in \'…\' or as \\" in "…")',
            "yaml",
        ),
    ),
    Case(
        "unclosed-front-matter",
        VALID.replace("---\n\nCorps", "\nCorps"),
        warning(
            RECORD,
            1,
            "the front matter that opens on this line is never closed: add a line `---` after its last "
            "key, before the body",
            "yaml",
        ),
    ),
    Case(
        "alias",
        edit("place: Québec", "place: &lieu Québec\nsubtitle: *lieu"),
        warning(
            RECORD,
            6,
            "`&lieu`: anchors (`&name`) and aliases (`*name`) are not allowed in front matter (they can "
            "make a small text expand without end); write each value out in full",
            "yaml",
        ),
    ),
    Case(
        "tab",
        edit("  - gouvernement-du-quebec", "\t- gouvernement-du-quebec"),
        warning(RECORD, L_ISSUER_0, "a tab indents this line: YAML is indented with spaces only", "yaml"),
    ),
    Case(
        "no-body",
        VALID.replace("\nCorps du communiqué.\n", "\n% un commentaire\n"),
        warning(
            RECORD,
            11,
            "the record has no body: write its text after the closing `---` of the front matter",
            "schema",
        ),
    ),
    Case(
        "id-differs-from-file-name",
        edit("id: 2020-06-25-essai", "id: 2020-06-25-autre"),
        warning(
            RECORD,
            L_ID,
            "`id` is `2020-06-25-autre` but the file is `2020-06-25-essai.md`: a release's id is its file "
            "name (addresses use one, links the other); make them the same",
            "path",
        ),
    ),
    Case(
        "page-sets-myst-options",
        "---\ntitle: Page\nmyst:\n  enable_extensions: [substitution]\norphan: true\n---\n\nTexte.\n",
        warning(
            "page.md",
            3,
            "`myst` is not allowed in front matter: a page may not change MyST's options (they can turn on "
            "extensions that run code); remove it",
            "unsafe",
        ),
        path="page.md",
    ),
    Case(
        "page-with-unknown-key",
        "---\ntitle: Page\nauteur: moi\norphan: true\n---\n\nTexte.\n",
        warning(
            "page.md",
            3,
            "unknown key `auteur`: a page that is not a record may use only `hide-toc`, `nocomments`, "
            "`nosearch`, `orphan`, `title`, `tocdepth`",
            "schema",
        ),
        path="page.md",
    ),
    Case(
        "original-outside-source",
        edit("language: fr", "language: fr\nsource:\n  file: ../../../etc/passwd"),
        warning(
            RECORD,
            9,
            "`source.file` `../../../etc/passwd` is outside the source folder (links followed): keep "
            "originals under `originals/`",
            "unsafe",
        ),
    ),
    Case(
        "letterhead-of-another-issuer",
        VALID.replace(
            "---\n\nCorps",
            "letterhead:\n  - issuer: gouvernement-francais\n    lines: [GOUVERNEMENT]\n---\n\nCorps",
        ),
        # the line of the letterhead's issuer, not the top of the file
        warning(
            RECORD,
            11,
            "letterhead[0].issuer `gouvernement-francais` is not one of `issuers`: "
            "add it to `issuers` or correct the id",
            "schema",
        ),
    ),
]


@pytest.fixture
def build_record(make_app, tmp_path: Path):
    """Build a copy of the test-schema root with one record written into it."""

    def build(case: Case):
        srcdir = copy_sources(ROOTS / "test-schema", tmp_path / "src")
        target = srcdir / case.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(case.text, encoding="utf-8")
        app = make_app("html", srcdir=srcdir, warningiserror=True)
        app.build()  # must not raise: a bad record is reported, never a crash
        return app

    return build


def test_valid_record_builds_without_warnings(build_record) -> None:
    app = build_record(Case("valid", VALID, ""))
    assert warnings_of(app) == []
    assert app.statuscode == 0


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_malformed_front_matter(build_record, case: Case) -> None:
    app = build_record(case)
    reported = warnings_of(app)
    assert reported == [case.expected]
    assert app.statuscode == 1, "a strict build must fail on a malformed record"
    output = status_of(app) + app.warning.getvalue()
    assert "Traceback" not in output
    assert "Exception" not in output


def test_problem_is_reported_again_when_another_file_changes(build_record, make_app) -> None:
    """A problem keeps failing strict builds although its file is not read again."""
    case = next(case for case in CASES if case.name == "bad-enum")
    first = build_record(case)
    first.cleanup()
    index = first.srcdir / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8")
    again = make_app("html", srcdir=first.srcdir, warningiserror=True)
    again.build()
    assert "0 added, 1 changed, 0 removed" in status_of(again)
    assert warnings_of(again) == [case.expected]
    assert again.statuscode == 1


def test_problem_is_reported_again_when_nothing_changed(build_record, make_app) -> None:
    """Running a strict build twice in a row fails twice: the record is still wrong."""
    case = next(case for case in CASES if case.name == "bad-enum")
    first = build_record(case)
    first.cleanup()
    again = make_app("html", srcdir=first.srcdir, warningiserror=True)
    again.build()
    assert "0 added, 0 changed, 0 removed" in status_of(again)
    assert warnings_of(again) == [case.expected]
    assert again.statuscode == 1
