"""PDFs of a small archive: French typography, a translated PDF, incremental rendering.

The root ``test-pdf`` has two releases of 2020 and an English catalog for
each; the extension's English labels come from the real catalog. It is
copied once per module and built in French (with the placeholder address),
English (with a site's address) and gettext.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from pypdf import PdfReader
from sphinx.testing.util import SphinxTestApp

from communiques.core.config import PLACEHOLDER_BASE_URL
from communiques.pages.typography import NBSP, NNBSP, french_spacing
from communiques.pdf import render as pdf_render
from communiques.pdf.verify import verify_pdf
from helpers import REPO, ROOTS, warnings_of
from pdftools import comparable, link_uris, outline, pages, pdftotext, structure, tagged_text

FIRST = "releases/2020/2020-03-10-premier"
SECOND = "releases/2020/2020-09-01-second"
YEAR_PDF = "releases/2020/2020.pdf"
SITE = "https://archive.example.net/"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    srcdir = tmp_path_factory.mktemp("pdf") / "root"
    shutil.copytree(ROOTS / "test-pdf", srcdir)
    labels = srcdir / "locales" / "en" / "LC_MESSAGES" / "communiques.po"
    shutil.copy(REPO / "locales" / "en" / "LC_MESSAGES" / "communiques.po", labels)
    return srcdir


def build(srcdir: Path, language: str, builder: str = "html", **overrides: str) -> SphinxTestApp:
    app = SphinxTestApp(
        builder,
        srcdir=srcdir,
        builddir=srcdir / "_build" / f"{builder}-{language}",
        confoverrides={"language": language, **overrides},
    )
    try:
        app.build()
    finally:
        app.cleanup()
    assert warnings_of(app) == []
    return app


def render(app: SphinxTestApp) -> pdf_render.Report:
    return pdf_render.build_pdfs(Path(app.outdir), Path(app.doctreedir), on_done=lambda message: None)


@pytest.fixture(scope="module")
def french(project: Path) -> SphinxTestApp:
    # the placeholder address, said explicitly (the environment may give another)
    app = build(project, "fr", archive_base_url=PLACEHOLDER_BASE_URL)
    report = render(app)
    assert sorted(name for name, _ in report.rendered) == sorted([f"{FIRST}.pdf", f"{SECOND}.pdf", YEAR_PDF])
    return app


@pytest.fixture(scope="module")
def english(project: Path) -> SphinxTestApp:
    # the site's address is known: the links in its PDFs are absolute
    app = build(project, "en", archive_base_url=SITE)
    render(app)
    return app


def paragraphs(app: SphinxTestApp, docname: str) -> list[str]:
    html = (Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8")
    body = BeautifulSoup(html, "lxml").select_one('[role="main"]')
    assert body is not None
    return [p.get_text() for p in body.find_all("p")]


# -- French typography -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mesures : la", f"mesures{NBSP}: la"),
        ("troisième ; elles", f"troisième{NNBSP}; elles"),
        ("aujourd’hui !", f"aujourd’hui{NNBSP}!"),
        ("vraiment ?", f"vraiment{NNBSP}?"),
        ("« Nous avançons. »", f"«{NBSP}Nous avançons.{NBSP}»"),
        # what the original did not space is kept as printed
        ("au Québec;", "au Québec;"),
        ("«Déjà»", "«Déjà»"),
        # only the one space before the mark
        ("a  : b", f"a {NBSP}: b"),
        ("https://example.org/a?b=c", "https://example.org/a?b=c"),
    ],
)
def test_french_spacing(text: str, expected: str) -> None:
    assert french_spacing(text) == expected


def test_french_pages_get_no_break_spaces(french: SphinxTestApp) -> None:
    found = paragraphs(french, FIRST)
    body = next(p for p in found if p.startswith("Les ministres"))
    assert body == (
        f"Les ministres ont retenu trois mesures{NBSP}: la première, la deuxième et la "
        f"troisième{NNBSP}; elles entrent en vigueur aujourd’hui{NNBSP}!"
    )
    quote = next(p for p in found if p.startswith("«"))
    assert quote == f"«{NBSP}Nous avançons ensemble.{NBSP}»"
    # labels too: "Tél. : …" in the contacts
    html = (Path(french.outdir) / f"{FIRST}.html").read_text(encoding="utf-8")
    assert f"Tél.{NBSP}: 418 555-0100" in BeautifulSoup(html, "lxml").get_text()


def test_code_keeps_its_spaces(french: SphinxTestApp) -> None:
    html = (Path(french.outdir) / f"{FIRST}.html").read_text(encoding="utf-8")
    code = BeautifulSoup(html, "lxml").select_one("code")
    assert code is not None
    assert code.get_text() == "essai ; test"
    line = next(p for p in paragraphs(french, FIRST) if p.startswith("Le programme"))
    assert f"https://example.org/essai{NNBSP}; la commande" in line


def test_english_pages_are_left_alone(english: SphinxTestApp) -> None:
    html = (Path(english.outdir) / f"{FIRST}.html").read_text(encoding="utf-8")
    text = BeautifulSoup(html, "lxml").get_text()
    assert NNBSP not in text
    assert "stays as it is" in text


def test_catalogs_keep_the_text_as_written(project: Path) -> None:
    app = build(project, "fr", "gettext")
    with (Path(app.outdir) / "fr" / f"{FIRST}.pot").open("rb") as pot:
        messages = [message.id for message in read_po(pot) if message.id]
    assert (
        "Les ministres ont retenu trois mesures : la première, la deuxième et la troisième ; "
        "elles entrent en vigueur aujourd’hui !"
    ) in messages


# -- The PDFs --------------------------------------------------------------------------


def release_text(app: SphinxTestApp, docname: str) -> str:
    return comparable(tagged_text(Path(app.outdir) / f"{docname}.pdf"))


def test_translated_pdf_is_in_english_and_says_so(english: SphinxTestApp) -> None:
    text = release_text(english, FIRST)
    assert "The first trial of the year" in text
    assert (
        "The ministers adopted three measures: the first, the second and the third; they take effect today!"
        in text
    )
    assert "“We move forward together.”" in text
    assert "Minister of Trials" in text  # a data string (the post under the quote), translated
    assert "Les ministres" not in text
    assert "Information" in text  # the contacts' heading, from the extension's catalog
    # the page's notice: its English is partly translated (two passages are left in French)
    assert (
        f"This page is not fully translated yet: 2 passages are still in French. {SITE}fr/{FIRST}.html"
        in text
    )
    reader = PdfReader(Path(english.outdir) / f"{FIRST}.pdf")
    assert reader.metadata is not None
    assert reader.metadata.title == "The first trial of the year"
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_french_pdf_is_given_french_spacing(french: SphinxTestApp) -> None:
    """Typst draws no glyph for a space, so text extraction cannot tell a no-break space:
    what Typst is given (the print data) is checked instead, and the PDF's text beside it."""
    data = (Path(french.doctreedir) / "communiques-pdf" / "data" / f"{FIRST}.json").read_text("utf-8")
    for spaced in (f"mesures{NBSP}: la", f"troisième{NNBSP}; elles", f"«{NBSP}Nous", f"Tél.{NBSP}: "):
        assert spaced in data
    assert '"essai ; test"' in data  # code keeps its spaces
    # the telephone number, a run of its own that the PDF never breaks
    assert '{"text":"418 555-0100","nobreak":true}' in data
    raw = pdftotext(Path(french.outdir) / f"{FIRST}.pdf")
    assert "mesures : la première" in raw and "« Nous avançons ensemble. »" in raw


def test_an_untranslated_passage_is_marked_in_its_language(
    project: Path, tmp_path: Path, english: SphinxTestApp
) -> None:
    srcdir = shutil.copytree(project, tmp_path / "root", ignore=shutil.ignore_patterns("_build"))
    catalog = srcdir / "locales" / "en" / "LC_MESSAGES" / f"{FIRST}.po"
    text = catalog.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith('msgstr "The full programme'))
    catalog.write_text(text.replace(line, 'msgstr ""'), encoding="utf-8")
    app = build(srcdir, "en", archive_base_url=SITE)
    render(app)
    path = Path(app.outdir) / f"{FIRST}.pdf"
    translated = Path(english.outdir) / f"{FIRST}.pdf"
    before = [element.tag for element in structure(translated).walk() if element.lang == "fr"]
    after = [element.tag for element in structure(path).walk() if element.lang == "fr"]
    # the notice's link to the original, the contact left in French; now the paragraph too
    assert before == ["Link", "Div"]
    assert after == ["Link", "P", "Div"]
    assert "Le programme complet est en ligne" in comparable(tagged_text(path))


def test_links_are_absolute_from_the_site_s_address(english: SphinxTestApp, french: SphinxTestApp) -> None:
    uris = set(link_uris(PdfReader(Path(english.outdir) / f"{FIRST}.pdf")))
    assert uris == {
        f"{SITE}en/people/jeanne-essai.html",
        f"{SITE}en/organisations/gouvernement-du-quebec.html",
        f"{SITE}fr/{FIRST}.html",  # the original, from the translation notice
        f"{SITE}en/{FIRST}.html",  # the permalink
        "mailto:presse@example.org",
    }
    # With the placeholder address, links are absolute too, to the placeholder:
    # the PDF step says so (see test_the_pdf_step_says_when_links_point_to_the_placeholder).
    uris = set(link_uris(PdfReader(Path(french.outdir) / f"{FIRST}.pdf")))
    assert f"{PLACEHOLDER_BASE_URL}fr/people/jeanne-essai.html" in uris


def test_the_pdf_step_says_when_links_point_to_the_placeholder(
    french: SphinxTestApp, capsys: pytest.CaptureFixture[str]
) -> None:
    (Path(french.outdir) / f"{FIRST}.pdf").unlink()
    assert pdf_render.build_language_pdfs("fr", Path(french.outdir), Path(french.doctreedir), jobs=1) == 0
    said = capsys.readouterr().err
    assert f"the site's address is the placeholder {PLACEHOLDER_BASE_URL}" in said


def test_year_pdf_lists_its_releases_in_date_order_with_their_pages(french: SphinxTestApp) -> None:
    path = Path(french.outdir) / YEAR_PDF
    found = pages(path)
    cover = comparable("\n".join(found[0]))
    entries = re.findall(r"(Le (?:premier|second) essai de l’année)[\s.\u2060]*(\d+)", cover)
    assert [title for title, _ in entries] == ["Le premier essai de l’année", "Le second essai de l’année"]
    for title, number in entries:
        assert title in comparable("\n".join(found[int(number) - 1]))
    titles = [title for depth, title in outline(path) if depth == 0]
    assert titles == ["Table des matières", "Le premier essai de l’année", "Le second essai de l’année"]


def test_a_missing_pdf_is_rendered_again_byte_for_byte(french: SphinxTestApp) -> None:
    path = Path(french.outdir) / f"{FIRST}.pdf"
    before = path.read_bytes()
    path.unlink()
    report = render(french)
    assert [name for name, _ in report.rendered] == [f"{FIRST}.pdf"]
    # dates come from the record, not the clock: the same sources, the same file
    assert path.read_bytes() == before


def test_only_changed_pdfs_are_rendered_again(french: SphinxTestApp, project: Path) -> None:
    assert render(french).rendered == []

    second = project / f"{SECOND}.md"
    second.write_text(
        second.read_text(encoding="utf-8").replace("publié en septembre", "publié le 1er septembre"),
        encoding="utf-8",
    )
    report = render(build(project, "fr", archive_base_url=PLACEHOLDER_BASE_URL))
    assert sorted(name for name, _ in report.rendered) == sorted([f"{SECOND}.pdf", YEAR_PDF])
    assert report.skipped == [f"{FIRST}.pdf"]
    text = comparable(tagged_text(Path(french.outdir) / YEAR_PDF))
    assert "Le second communiqué, publié le 1er septembre." in text

    second.unlink()
    report = render(build(project, "fr", archive_base_url=PLACEHOLDER_BASE_URL))
    assert report.removed == [f"{SECOND}.pdf"]
    assert [name for name, _ in report.rendered] == [YEAR_PDF]
    assert not (Path(french.outdir) / f"{SECOND}.pdf").exists()
    assert not (Path(french.doctreedir) / "communiques-pdf" / "data" / f"{SECOND}.json").exists()


def test_verify_pdf_finds_a_pdf_cut_short_empty_or_claiming_nothing(
    french: SphinxTestApp, tmp_path: Path
) -> None:
    written = Path(french.outdir) / f"{FIRST}.pdf"
    assert verify_pdf(written) == []
    data = written.read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) - 500])  # qpdf can still open it, mended
    assert verify_pdf(cut) == [f"{cut}: damaged or cut short: render it again"]
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    [problem] = verify_pdf(empty)
    assert problem.startswith(f"{empty}: not a readable PDF")
    blank = tmp_path / "blank.pdf"
    with pikepdf.new() as pdf:  # one empty page, no metadata
        pdf.add_blank_page()
        pdf.save(blank)
    assert verify_pdf(blank) == [
        f"{blank}: no text on its first pages",
        f"{blank}: its metadata does not claim PDF/A-2a and PDF/UA-1 "
        "({'pdfaid:part': None, 'pdfaid:conformance': None, 'pdfuaid:part': None})",
    ]
    assert verify_pdf(written, min_pages=2) == [f"{written}: 1 pages, expected 2 to 100000"]


def test_the_pdf_step_counts_the_cpu_of_its_typesetting_process() -> None:
    """Typst runs in a child process: the step's CPU time must include it once it is joined."""
    before = pdf_render.cpu_seconds()
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass",
        ],
        check=True,
    )
    assert pdf_render.cpu_seconds() - before >= 0.25
