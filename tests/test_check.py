"""``python -m communiques check``: every kind of bad input, one line each, at its file and line.

One archive (``tests/roots/test-consistency-base``, valid) receives a file
for each bad case of the archivists' workflow, plus files that are valid
although unusual (a byte order mark, Windows line ends). ``check`` runs on it
once for the module, and again incrementally: both must print exactly the
expected ``file:line: message`` lines and exit with status 1; a valid archive
exits 0. The same archive is then built strictly by Sphinx: it fails, with
no traceback, and the valid records are still written.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sphinx.testing.util import SphinxTestApp

from communiques.tools import check as checker
from communiques.tools import cli
from helpers import REPO, ROOTS

if TYPE_CHECKING:
    pass

BASE = ROOTS / "test-consistency-base"

RELEASE = """\
---
id: {id}
type: press-release
title: Essai
issued: {issued}
place: Québec
language: fr
issuers:
  - gouvernement-du-quebec
---

Corps du communiqué.
"""


def release(day: str, *, slug: str = "essai", **replace: str) -> str:
    text = RELEASE.format(id=f"{day}-{slug}", issued=day)
    for old, new in replace.items():
        assert old.replace("_", " ") in text or old in text
        text = text.replace(old, new, 1)
    return text


R = "source/releases/2020"
#: path → (content, expected lines as `check` prints them, with the path)
CASES: dict[str, tuple[str | bytes, list[str]]] = {
    # invalid YAML
    f"{R}/2020-06-01-essai.md": (
        release("2020-06-01").replace("title: Essai", "title: Le Québec: partenaires"),
        [
            "4: the front matter is not valid YAML (mapping values are not allowed here); check the "
            "indentation and quote values that contain ': ' or start with a special character [archive.yaml]"
        ],
    ),
    # impossible date
    f"{R}/2020-06-02-essai.md": (
        release("2020-06-02").replace("issued: 2020-06-02", "issued: 2020-02-30"),
        [
            "5: `issued` is not a real date ('2020-02-30'); write an existing day as YYYY-MM-DD "
            "[archive.schema]"
        ],
    ),
    # mis-formatted date
    f"{R}/2020-06-03-essai.md": (
        release("2020-06-03").replace("issued: 2020-06-03", "issued: 03/06/2020"),
        [
            "5: `issued` must be a date written YYYY-MM-DD (e.g. 2020-06-25), not '03/06/2020' "
            "[archive.schema]"
        ],
    ),
    # wrong type
    f"{R}/2020-06-04-essai.md": (
        release("2020-06-04").replace(
            "issuers:\n  - gouvernement-du-quebec", "issuers: gouvernement-du-quebec"
        ),
        [
            "8: `issuers` must be a list (e.g. `[a, b]` or one `- item` per line), not "
            "'gouvernement-du-quebec' [archive.schema]"
        ],
    ),
    # misspelt key
    f"{R}/2020-06-05-essai.md": (
        release("2020-06-05").replace("title: Essai", "titel: Essai"),
        ["4: unknown key `titel`: did you mean `title`? [archive.schema]"],
    ),
    # missing title
    f"{R}/2020-06-06-essai.md": (
        release("2020-06-06").replace("title: Essai\n", ""),
        ["1: `title` is missing: add it, e.g. `title: Le Québec et la France…` [archive.schema]"],
    ),
    # empty file
    f"{R}/2020-06-07-essai.md": (
        "",
        ["1: the file is empty: start it with a `---` front matter block [archive.schema]"],
    ),
    # duplicate id (the base's release is 2020-05-04-essai): a copy whose id was not changed;
    # without git to tell which came first, both are reported (see EXTRA)
    f"{R}/2020-05-04-essai-bis.md": (
        release("2020-05-04")
        .replace("id: 2020-05-04-essai", "id: 2020-05-04-essai", 1)
        .replace("Corps", "Un double. Corps"),
        [
            "2: `id` is `2020-05-04-essai` but the file is `2020-05-04-essai-bis.md`: a release's id is "
            "its file name (addresses use one, links the other); make them the same [archive.path]",
            "2: id `2020-05-04-essai` is also claimed by source/releases/2020/2020-05-04-essai.md; ids are "
            "never reused: choose another (and name the file after it) [archive.duplicate_id]",
        ],
    ),
    # reference to an unknown entity
    f"{R}/2020-06-08-essai.md": (
        release("2020-06-08").replace("Corps du communiqué.", "Avec {person}`Jean Inconnu <jean-inconnu>`."),
        [
            "12: unknown person id `jean-inconnu`: check the spelling, or add "
            "source/people/jean-inconnu.md [archive.unknown_id]"
        ],
    ),
    # wrong year folder
    "source/releases/2021/2020-06-09-essai.md": (
        release("2020-06-09"),
        ["5: issued 2020-06-09 but filed under `releases/2021/`: move it to `releases/2020/` [archive.path]"],
    ),
    # name disagreeing with the date
    f"{R}/2020-06-10-essai.md": (
        release("2020-06-11", slug="essai").replace("id: 2020-06-11-essai", "id: 2020-06-10-essai"),
        [
            "5: file name starts with 2020-06-10 but `issued` is 2020-06-11: rename it to start with "
            "`2020-06-11-` or correct `issued` [archive.path]"
        ],
    ),
    # not UTF-8 (Latin-1): É is byte 0xC9
    f"{R}/2020-06-12-essai.md": (
        release("2020-06-12").replace("title: Essai", "title: Été").encode("latin-1"),
        [
            "4: the file is not UTF-8 (byte 0xC9 on this line; saved as Latin-1 or Windows-1252?): it "
            "was left out of the build; save it as UTF-8 (in most editors: Save with encoding → UTF-8) "
            "[archive.encoding]"
        ],
    ),
    # a byte order mark and Windows line ends are fine
    f"{R}/2020-06-13-essai.md": (b"\xef\xbb\xbf" + release("2020-06-13").encode("utf-8"), []),
    f"{R}/2020-06-14-essai.md": (release("2020-06-14").replace("\n", "\r\n").encode("utf-8"), []),
    # an unsafe link in the front matter
    f"{R}/2020-06-15-essai.md": (
        release("2020-06-15").replace(
            "language: fr\n", "language: fr\nsource:\n  url: javascript:alert(1)\n"
        ),
        [
            "9: `source.url` is a `javascript:` address, which could run code in readers' browsers or "
            "reach their files: give the `https:` address of the page [archive.unsafe]"
        ],
    ),
    # raw HTML in the body
    f"{R}/2020-06-16-essai.md": (
        release("2020-06-16").replace("Corps du communiqué.", "<script>alert(1)</script>"),
        [
            "12: raw HTML is not allowed in the archive (it could run code in readers' browsers): it is "
            "shown as text; write the content in Markdown instead [archive.unsafe]"
        ],
    ),
    # a cycle of organisations
    "source/organisations/gouvernement-du-quebec.md": (
        "---\nid: gouvernement-du-quebec\nname: Gouvernement du Québec\nclassification: government\n"
        "relations:\n  - type: part-of\n    target: ministere-essais\n---\n\nLe gouvernement.\n",
        [
            "5: the relations gouvernement-du-quebec → ministere-essais → gouvernement-du-quebec form a "
            "cycle: an organisation cannot be part of itself; remove one of these relations "
            "[archive.consistency]"
        ],
    ),
    # an appointment ending before it starts, and two overlapping
    "source/people/paul-essai.md": (
        "---\nid: paul-essai\nname: Paul Essai\nsort_name: Essai, Paul\nappointments:\n"
        "  - post: sous-ministre\n    start: '2021-03-01'\n    end: '2020-03-01'\n"
        "  - post: ministre\n    start: '2019-01-01'\n    end: '2020-12-31'\n"
        "  - post: ministre\n    start: '2020-06-01'\n---\n\nPaul.\n",
        [
            "8: `appointments[0].end` (2020-03-01) is before the start (2021-03-01): correct one of the "
            "two dates [archive.consistency]",
            "12: appointments[1] and appointments[2] give the same post at overlapping dates: merge them "
            "or correct their dates [archive.consistency]",
        ],
    ),
}
#: problems the cases cause in files of the base archive
EXTRA = {
    f"{R}/2020-05-04-essai.md": [
        "2: id `2020-05-04-essai` is also claimed by source/releases/2020/2020-05-04-essai-bis.md; ids are "
        "never reused: choose another (and name the file after it) [archive.duplicate_id]"
    ],
}
EXPECTED = [
    f"{path}:{line}"
    for path, line in sorted(
        (
            (path, line)
            for path, lines in [*((p, lines) for p, (_text, lines) in CASES.items()), *EXTRA.items()]
            for line in lines
        ),
        key=lambda item: (item[0], int(item[1].split(":")[0]), item[1]),
    )
]
#: files whose problems leave them out of the listings and pages: the rest must still be built
VALID_PAGES = [
    "releases/2020/2020-05-04-essai",
    "releases/2020/2020-06-13-essai",
    "releases/2020/2020-06-14-essai",
]


def make_archive(folder: Path, cases: dict[str, tuple[str | bytes, list[str]]]) -> Path:
    """An archive laid out as the real one: conf.py beside source/."""
    shutil.copytree(BASE, folder / "source")
    (folder / "source" / "conf.py").rename(folder / "conf.py")
    for path, (content, _lines) in cases.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_archive(tmp_path_factory.mktemp("bad") / "archive", CASES)


def check(
    root: Path, *args: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, list[str], str]:
    monkeypatch.chdir(root)
    status = cli.main(["check", *args])
    captured = capsys.readouterr()
    return status, captured.out.splitlines(), captured.err


def test_each_bad_case_is_one_line_at_its_file_and_line(
    archive: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    status, lines, err = check(archive, "--fresh", capsys=capsys, monkeypatch=monkeypatch)
    assert lines == EXPECTED
    assert status == 1
    assert "Traceback" not in err
    assert f"{len(EXPECTED)} problem(s)" in err
    # A second check reads again only the files that had problems (all but
    # the one that is not UTF-8, which is never read), and reports everything.
    status, again, err = check(archive, capsys=capsys, monkeypatch=monkeypatch)
    assert (status, again) == (1, EXPECTED)
    with_problems = {line.split(":")[0] for line in EXPECTED}
    assert f"({len(with_problems) - 1} read)" in err


def test_paths_narrow_the_report(
    archive: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    status, lines, _err = check(archive, "source/people", capsys=capsys, monkeypatch=monkeypatch)
    assert status == 1
    assert lines == [line for line in EXPECTED if line.startswith("source/people/")]
    status, lines, _err = check(
        archive, "source/releases/2020/2020-06-13-essai.md", capsys=capsys, monkeypatch=monkeypatch
    )
    assert (status, lines) == (0, [])


def test_a_parallel_check_finds_what_a_serial_one_finds(
    archive: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Warnings made in the reading processes reach the collector like the main process's own."""
    parallel = shutil.copytree(archive, tmp_path / "parallel")
    shutil.rmtree(parallel / "_build", ignore_errors=True)
    status, lines, _err = check(parallel, "--fresh", "--jobs", "2", capsys=capsys, monkeypatch=monkeypatch)
    assert (status, lines) == (1, EXPECTED)


def test_a_valid_archive_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_archive(tmp_path / "archive", {})
    status, lines, err = check(root, capsys=capsys, monkeypatch=monkeypatch)
    assert (status, lines) == (0, [])
    assert "no problems" in err


def test_the_strict_build_fails_the_same_way_and_builds_the_rest(archive: Path, tmp_path: Path) -> None:
    """The Sphinx build reports the same problems, keeps going, and writes the valid pages."""
    srcdir = shutil.copytree(archive / "source", tmp_path / "source")
    shutil.copy(archive / "conf.py", srcdir / "conf.py")
    app = SphinxTestApp("html", srcdir=srcdir, builddir=tmp_path / "build")
    try:
        with checker.collecting(app, srcdir) as collected:
            app.build()
        warnings = app.warning.getvalue()
        found = sorted(collected)
        assert len(found) == len(EXPECTED)
        assert "Traceback" not in warnings
        assert app.statuscode == 0  # not strict: it kept going
        for docname in VALID_PAGES:
            assert (app.outdir / f"{docname}.html").is_file(), docname
    finally:
        app.cleanup()
    # strict (-W --keep-going), as CI builds: the same warnings fail the build
    strict = SphinxTestApp(
        "html", srcdir=srcdir, builddir=tmp_path / "strict", warningiserror=True, keep_going=True
    )
    try:
        strict.build()
        assert strict.statuscode == 1
    finally:
        strict.cleanup()


@pytest.mark.slow
def test_a_huge_record_builds(tmp_path: Path) -> None:
    """A 5 MB record (generated here, not kept in the repository) builds strictly and completely.

    In a subprocess with a generous timeout, so that a hang fails the test
    instead of blocking the suite.
    """
    srcdir = shutil.copytree(BASE, tmp_path / "source")
    paragraph = (
        "Le Québec et la France, partenaires stratégiques en intelligence artificielle, avec le "
        "ministère des Essais et « des guillemets », *en italique* et **en gras**. "
    ) * 8
    count = 5 * 1024 * 1024 // len(paragraph.encode("utf-8")) + 1
    mention = "Publié par le {org}`ministère des Essais <ministere-essais>`."
    body = "\n\n".join([mention] + [paragraph] * count)
    record = release("2020-05-05", slug="enorme").replace("Corps du communiqué.", body)
    path = srcdir / "releases/2020/2020-05-05-enorme.md"
    path.write_text(record, encoding="utf-8")
    assert path.stat().st_size > 5 * 1024 * 1024
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-q",
            "-W",
            "--keep-going",
            str(srcdir),
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO / "ext")},
    )
    assert (done.returncode, done.stderr) == (0, "")
    page = tmp_path / "out/releases/2020/2020-05-05-enorme.html"
    assert page.stat().st_size > 5 * 1024 * 1024
