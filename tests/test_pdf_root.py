"""PDFs of a small archive: French typography, a translated PDF, incremental rendering.

The root ``test-pdf`` has two releases of 2020 and an English catalog for
each; the extension's English labels come from the real catalog. It is
copied once per module and built in French, English and gettext.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from pypdf import PdfReader
from sphinx.testing.util import SphinxTestApp

from communiques.pages.typography import NBSP, NNBSP, french_spacing
from communiques.pdf import render as pdf_render
from helpers import REPO, ROOTS, warnings_of
from pdftools import body_text, comparable, link_uris, pages

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
    app = build(project, "fr")
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
    with (Path(app.outdir) / f"{FIRST}.pot").open("rb") as pot:
        messages = [message.id for message in read_po(pot) if message.id]
    assert (
        "Les ministres ont retenu trois mesures : la première, la deuxième et la troisième ; "
        "elles entrent en vigueur aujourd’hui !"
    ) in messages


# -- The PDFs --------------------------------------------------------------------------


def test_translated_pdf_is_in_english(english: SphinxTestApp) -> None:
    path = Path(english.outdir) / f"{FIRST}.pdf"
    text = comparable(body_text(pages(path)))
    assert "The first trial of the year" in text
    assert (
        "The ministers adopted three measures: the first, the second and the third; they take effect today!"
        in (text)
    )
    assert "“We move forward together.”" in text
    assert "Minister of Trials" in text  # a data string (the post under the quote), translated
    assert "Les ministres" not in text
    assert "Information" in text  # the contacts' heading, from the extension's catalog
    reader = PdfReader(path)
    assert reader.metadata is not None
    assert reader.metadata.title == "The first trial of the year"
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_links_are_absolute_when_the_site_has_an_address(
    english: SphinxTestApp, french: SphinxTestApp
) -> None:
    uris = set(link_uris(PdfReader(Path(english.outdir) / f"{FIRST}.pdf")))
    assert uris == {
        f"{SITE}en/people/jeanne-essai.html",
        f"{SITE}en/organisations/gouvernement-du-quebec.html",
        "mailto:presse%40example.org",
        # "cite this release" in the archive's notice: the page's address and the reference's files
        f"{SITE}en/{FIRST}.html",
        f"{SITE}en/{FIRST}.bib",
        f"{SITE}en/{FIRST}.csl.json",
    }
    # without one, they are the page's relative links
    uris = set(link_uris(PdfReader(Path(french.outdir) / f"{FIRST}.pdf")))
    assert "../../people/jeanne-essai.html" in uris


def test_year_pdf_lists_its_releases_in_date_order_with_their_pages(french: SphinxTestApp) -> None:
    path = Path(french.outdir) / YEAR_PDF
    found = pages(path, raw=False)
    cover = comparable("\n".join(found[0]))
    entries = re.findall(r"(Le (?:premier|second) essai de l’année)[\s.]*(\d+)", cover)
    assert [title for title, _ in entries] == ["Le premier essai de l’année", "Le second essai de l’année"]
    for title, number in entries:
        assert title in comparable("\n".join(found[int(number) - 1]))
    outline = PdfReader(path).outline
    titles = [item.title for item in outline if not isinstance(item, list)]
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
    report = render(build(project, "fr"))
    assert sorted(name for name, _ in report.rendered) == sorted([f"{SECOND}.pdf", YEAR_PDF])
    assert report.skipped == [f"{FIRST}.pdf"]
    text = comparable(body_text(pages(Path(french.outdir) / YEAR_PDF)))
    assert "Le second communiqué, publié le 1er septembre." in text

    second.unlink()
    report = render(build(project, "fr"))
    assert report.removed == [f"{SECOND}.pdf"]
    assert [name for name, _ in report.rendered] == [YEAR_PDF]
    assert not (Path(french.outdir) / f"{SECOND}.pdf").exists()
