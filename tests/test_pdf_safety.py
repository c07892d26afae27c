"""A release's text is data to the PDFs: hostile text prints as written, refusals are errors.

Each test builds a copy of the ``test-pdf`` root with one more release, with
Sphinx, then renders its PDFs with the site's PDF step:

- Typst's own syntax everywhere a record holds text prints verbatim, and
  nothing it names is read or run;
- what Typst would refuse (a character no embedded font has, a skipped
  heading level) and what the data check refuses (a ``javascript:`` link)
  are failures naming the record and the reason, with no traceback, and
  leave the other PDFs written;
- a 5 MB record renders within a memory limit that the layout of its long
  paragraph without care exceeds (9 GB was measured), in one process under
  ``RLIMIT_AS``.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from sphinx.testing.util import SphinxTestApp

from communiques.pdf import render
from communiques.pdf.validate import problems
from communiques.pdf.verify import verify_pdf
from helpers import REPO, ROOTS, build_once, warnings_of
from pdftools import comparable, pages, tagged_text

SITE = "https://archive.example.net/"
YEAR_PDF = "releases/2020/2020.pdf"
HOSTILE = "releases/2020/2020-05-05-hostile"

#: Typst markup and code, and strings that would close a string or a bracket of generated markup
TITLE = '#read("/etc/passwd") #eval("1+1") $x^2$ *gras* _emph_ [crochets] \\ `raw` @ref'
SUBTITLE = '#import "/etc/passwd": *'
PLACE = '"); #read("/etc/passwd") //'
LETTERHEAD = ']] #{read("/etc/passwd")} [[ /* */'
ORGANISATION = '#set text(fill: red) #panic("boom") #sys.inputs'
BODY = '#read("/etc/passwd") et #json("/data/x.json") et #panic("boom") et ]] #{eval("1")} [['
CODE = '#import "/etc/passwd": *\n#read("/etc/passwd") <label>'


def project(tmp_path: Path, name: str, text: str) -> Path:
    """A copy of the ``test-pdf`` root with one more release, *name*.md holding *text*."""
    srcdir = shutil.copytree(ROOTS / "test-pdf", tmp_path / "root")
    labels = Path("locales", "en", "LC_MESSAGES", "communiques.po")
    shutil.copy(REPO / labels, srcdir / labels)
    (srcdir / f"{name}.md").write_text(text, encoding="utf-8")
    return srcdir


def front_matter(ident: str, **fields: str) -> str:
    lines = [f"id: {ident}", "type: press-release", "issued: 2020-05-05", "language: fr"]
    lines += ["issuers:", "  - gouvernement-du-quebec"]
    lines += [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n"


def build(srcdir: Path, *, strict: bool = True) -> SphinxTestApp:
    settings = {"language": "fr", "archive_base_url": SITE}
    app = build_once(srcdir, builddir=srcdir / "_build", confoverrides=settings)
    if strict:
        assert warnings_of(app) == []
    return app


def pdf_step(app: SphinxTestApp) -> render.Report:
    return render.build_pdfs(Path(app.outdir), Path(app.doctreedir), jobs=2, on_done=lambda message: None)


def texts(data: object) -> list[str]:
    """Every text a template prints from *data*: runs, lines of code, labels."""
    if isinstance(data, dict):
        found = [data["text"]] if isinstance(data.get("text"), str) else []
        found += [line for line in data.get("lines", []) if isinstance(line, str)]
        skipped = ("text", "meta", "permalink", "link", "original_url", "id", "issued_label")
        return found + [t for key, value in data.items() if key not in skipped for t in texts(value)]
    if isinstance(data, list):
        return [t for value in data for t in texts(value)]
    return []


def test_typst_syntax_in_a_record_prints_as_written_and_runs_nothing(tmp_path: Path) -> None:
    text = front_matter(
        "2020-05-05-hostile",
        title=TITLE,
        subtitle=SUBTITLE,
        place=PLACE,
    )
    text += "letterhead:\n  - issuer: gouvernement-du-quebec\n    lines:\n"
    text += f"      - {json.dumps(LETTERHEAD)}\n"
    text += "contacts:\n  - role: information\n    entries:\n"
    text += f"      - organisation: {json.dumps(ORGANISATION)}\n"
    text += "---\n\n" + BODY + "\n\n```typst\n" + CODE + "\n```\n"
    app = build(project(tmp_path, HOSTILE, text))
    report = pdf_step(app)
    assert report.failed == []
    path = Path(app.outdir) / f"{HOSTILE}.pdf"
    shown = comparable(tagged_text(path))
    # Typst was given the text as the page shows it (French quotes by Sphinx's
    # smartquotes, Markdown's emphasis applied), Typst's syntax and all…
    data = json.loads((Path(app.doctreedir) / "communiques-pdf" / "data" / f"{HOSTILE}.json").read_bytes())
    given = texts(data["release"])
    for syntax in ("#read(", "#import", "#eval(", "#panic(", "#sys.inputs", "#{read(", "#json(", "$x^2$"):
        assert any(syntax in text for text in given), syntax
    for syntax in ("<label>", "/* */", "@ref", "\\", "[crochets]", "]] #{eval("):
        assert any(syntax in text for text in given), syntax
    # …and printed every piece of it as written
    missing = [text for text in given if comparable(text) not in shown]
    assert not missing
    assert "root:x:0:0" not in shown  # /etc/passwd was never read
    reader = PdfReader(path)
    assert reader.metadata is not None
    assert reader.metadata.title == data["release"]["meta"]["title"]
    assert reader.metadata.title.startswith("#read(«\u00a0/etc/passwd\u00a0») #eval(")
    assert verify_pdf(path) == []


def test_a_character_no_font_has_fails_its_pdf_and_its_year_naming_the_line(tmp_path: Path) -> None:
    text = front_matter("2020-05-05-hostile", title="Un symbole", place="Québec") + "---\n\n"
    text += "Une première ligne.\n\nLe symbole ✓ et le caractère 漢 ne sont dans aucune fonte.\n"
    app = build(project(tmp_path, HOSTILE, text))
    report = pdf_step(app)
    failed = dict(report.failed)
    source = Path(app.srcdir) / f"{HOSTILE}.md"
    assert sorted(failed) == sorted([f"{HOSTILE}.pdf", YEAR_PDF])
    assert failed[f"{HOSTILE}.pdf"].startswith(
        f"{source}:14: {HOSTILE}.pdf not written: the text '✓' has a character"
    )
    assert "none of the PDF's fonts has, which PDF/A forbids" in failed[f"{HOSTILE}.pdf"]
    assert failed[YEAR_PDF].endswith(f"not written, as its release {HOSTILE}.pdf could not be")
    assert not (Path(app.outdir) / f"{HOSTILE}.pdf").exists()
    # the others are written, and the step fails without a traceback
    assert sorted(name for name, _ in report.rendered) == [
        "releases/2020/2020-03-10-premier.pdf",
        "releases/2020/2020-09-01-second.pdf",
    ]


def test_refused_data_and_a_refusal_of_the_validator_fail_naming_the_record(tmp_path: Path) -> None:
    app = build(
        project(tmp_path, HOSTILE, front_matter("2020-05-05-hostile", title="T", place="Q") + "---\n\nA.\n")
    )
    assert pdf_step(app).failed == []
    data = Path(app.doctreedir) / "communiques-pdf" / "data" / f"{HOSTILE}.json"
    original = json.loads(data.read_text(encoding="utf-8"))

    tampered = json.loads(json.dumps(original))
    tampered["release"]["body"][0]["runs"][0]["link"] = "javascript:alert(1)"
    data.write_text(json.dumps(tampered), encoding="utf-8")
    failed = dict(pdf_step(app).failed)
    assert (
        "its print data is refused: $.release.body[0].runs[0].link: not an absolute"
        in failed[f"{HOSTILE}.pdf"]
    )

    # A heading of level 3 right after the title: PDF/UA-1 forbids skipping a level,
    # and Typst refuses to write the file (the validator is live).
    tampered = json.loads(json.dumps(original))
    tampered["release"]["body"].insert(0, {"type": "heading", "level": 3, "runs": [{"text": "Trop bas"}]})
    data.write_text(json.dumps(tampered), encoding="utf-8")
    failed = dict(pdf_step(app).failed)
    assert "Typst refused it: PDF/UA-1 error: skipped from heading level" in failed[f"{HOSTILE}.pdf"]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"link": "javascript:alert(1)"}, "$.link: not an absolute http(s) or mailto address"),
        ({"link": "../relative.html"}, "$.link: not an absolute"),
        ({"original_url": "https://x.example/ a"}, "$.original_url: not an absolute"),
        ({"lang": 'en"); #read("/etc/passwd'}, "$.lang: not a language code"),
        ({"id": "../../etc"}, "$.id: not an identifier"),
        ({"issued": "2020-6-1"}, "$.issued: not a date"),
        ({"runs": [{"text": "a\x07b"}]}, "$.runs[0].text: a control character"),
        ({"body": [{"type": "eval"}]}, "$.body[0].type: not a kind of block"),
        ({"level": 9}, "$.level: sections nested deeper than 6 levels"),
    ],
)
def test_the_data_check_refuses_what_would_be_more_than_text(data: dict[str, object], problem: str) -> None:
    found = problems(data)
    assert len(found) == 1 and found[0].startswith(problem)


def test_the_data_check_accepts_the_templates_data() -> None:
    assert (
        problems({"link": "mailto:a@b.example", "lang": "fr", "id": "2020-01-01-a", "issued": "2020-01-01"})
        == []
    )


def limited(megabytes: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (megabytes << 20, megabytes << 20))
    resource.setrlimit(resource.RLIMIT_CPU, (600, 600))


@pytest.mark.slow
def test_a_5_mb_record_renders_within_bounded_memory(tmp_path: Path) -> None:
    sentence = "Le Québec et la France coopèrent en intelligence artificielle depuis des années. "
    one_paragraph = sentence * (2_500_000 // len(sentence))
    paragraphs = "\n\n".join([sentence * 8] * (2_500_000 // (len(sentence) * 8)))
    text = front_matter("2020-05-05-hostile", title="Très long", place="Québec") + "---\n\n"
    srcdir = project(tmp_path, HOSTILE, text + one_paragraph + "\n\n" + paragraphs + "\n")
    assert (srcdir / f"{HOSTILE}.md").stat().st_size > 5_000_000
    app = build(srcdir)
    # The PDF step alone, as the site runs it, in a process that may not take more than 4 GB
    # of address space: the optimal line breaking of the long paragraph took 9 GB.
    done = subprocess.run(
        [sys.executable, "-m", "communiques.pdf.render", str(app.outdir), str(app.doctreedir), "-j", "2"],
        env={**os.environ, "PYTHONPATH": str(REPO / "ext")},
        preexec_fn=lambda: limited(4096),  # set in the child, before Python starts
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    path = Path(app.outdir) / f"{HOSTILE}.pdf"
    assert verify_pdf(path, min_pages=500) == []
    # the end of the text is there, then the permalink
    *_, before_last, last = pages(path)
    assert sentence.strip() in comparable("\n".join(before_last))
    assert f"Permalien : {SITE}fr/{HOSTILE}.html" in comparable("\n".join(last))
