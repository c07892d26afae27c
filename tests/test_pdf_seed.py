"""The seed's PDFs, built as the site builder builds them and read back as readers' tools do.

The seed is a frozen copy in ``tests/roots/test-seed-archive`` (its ``source/``
and its translations), so these assertions hold whatever the archive's
``source/`` becomes. It is built with the archive's real ``conf.py`` and the
extension's real label catalog, in both languages, with
``communiques.tools.site``'s own steps (the strict Sphinx build, then the PDF
step), once for the module.

"Every sentence" is counted on the captured original
(``source/originals/<id>.txt``): its title, its subtitle, the distribution
mark and every sentence from the dateline to the end mark (the body, the
three quotes and their attributions, the highlights and the related links'
sentence), section headings aside: 35.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from pypdf import PdfReader

from communiques.core.languages import LANGUAGES
from communiques.pdf import render
from communiques.pdf.verify import verify_pdf
from communiques.tools import site
from helpers import REPO, ROOTS
from pdftools import (
    Element,
    comparable,
    fonts,
    link_uris,
    marked_content,
    outline,
    pages,
    pdftotext,
    structure,
    tagged_text,
    xmp,
    xmp_list,
    xmp_value,
)

# Builds a whole site: not in the quick loop.
pytestmark = pytest.mark.slow

SEED = ROOTS / "test-seed-archive"
SLUG = "2020-06-25-quebec-france-partenaires-intelligence-artificielle"
ORIGINAL = SEED / "source" / "originals" / f"{SLUG}.txt"
RELEASE_PDF = f"releases/2020/{SLUG}.pdf"
YEAR_PDF = "releases/2020/2020.pdf"
SITE = "https://archive.example.net/"
TITLE = "Le Québec et la France, partenaires stratégiques en intelligence artificielle"
ISSUERS = [
    "Gouvernement du Québec",
    "Cabinet de la ministre des Relations internationales et de la Francophonie",
    "Gouvernement français",
]
#: the archive's notice (what the original does not print), then the release's own sections
SECTIONS = ["Notice de l’archive", "Citations", "Faits saillants", "Liens connexes"]
_HEADINGS = ("Citations :", "Faits saillants :", "Liens connexes :")
_SENTENCE_END = re.compile(r"(?<=[.!?»])\s+(?=[«–A-ZÀ-ÖØ-Ý])")
_ABBREVIATION = re.compile(r"\b(M|Mme)\. ")


@dataclass(frozen=True)
class Site:
    layout: site.Layout

    def pdf(self, lang: str, name: str) -> Path:
        return self.layout.html_dir(lang) / name


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("archive")
    shutil.copy(REPO / "conf.py", root / "conf.py")
    shutil.copytree(SEED / "source", root / "source")
    shutil.copytree(SEED / "locales", root / "locales")
    labels = Path("locales", "en", "LC_MESSAGES", "communiques.po")
    shutil.copy(REPO / labels, root / labels)
    (root / "ext").symlink_to(REPO / "ext")
    layout = site.Layout(root=root, out=root / "_build" / "site", doctrees=root / "_build" / "doctrees")
    for lang in LANGUAGES:
        assert site.build_language(lang, layout, jobs=1, base_url=SITE) == 0
        assert render.build_language_pdfs(lang, layout.html_dir(lang), layout.doctree_dir(lang), jobs=2) == 0
    return Site(layout)


def split(line: str) -> list[str]:
    protected = _ABBREVIATION.sub("\\1.\0", line)  # "M. Cédric O" ends no sentence
    return [part.replace("\0", " ") for part in _SENTENCE_END.split(protected)]


def original_sentences() -> list[str]:
    """The 35 sentences of the captured original (see the module's docstring)."""
    text = re.sub(r"[*~#]", "", ORIGINAL.read_text(encoding="utf-8"))
    lines = [comparable(line) for line in text.splitlines()]
    title = lines.index(TITLE)
    found = [TITLE, lines[title + 1] if lines[title + 1] else lines[title + 2], "Pour diffusion immédiate"]
    start = next(i for i, line in enumerate(lines) if line.startswith("Québec, le 25 juin"))
    for line in lines[start : lines.index("- 30 -")]:
        line = line.removeprefix("- ")  # a list item
        if line and line not in _HEADINGS:
            found += [sentence.removeprefix("– ") for sentence in split(line)]
    return found


def test_the_site_holds_each_pdf_and_each_passes_verification(built: Site) -> None:
    for lang in LANGUAGES:
        for name in (RELEASE_PDF, YEAR_PDF):
            path = built.pdf(lang, name)
            assert path.read_bytes().startswith(b"%PDF-1.7")
            assert verify_pdf(path) == []


def test_every_sentence_of_the_seed_comes_back_from_the_tagged_text(built: Site) -> None:
    expected = original_sentences()
    assert len(expected) == 35
    for name in (RELEASE_PDF, YEAR_PDF):
        text = comparable(tagged_text(built.pdf("fr", name)))
        missing = [sentence for sentence in expected if sentence not in text]
        assert not missing, f"{name}: sentences of the original missing from the PDF: {missing}"


def test_the_running_header_and_footer_are_furniture_not_text(built: Site) -> None:
    path = built.pdf("fr", RELEASE_PDF)
    found = pages(path, "-raw")  # in drawing order: the header first, the footer last
    assert len(found) > 1
    for number, lines in enumerate(found, start=1):
        # drawn on every page (a reader's plain tool shows them)…
        assert lines[0] == f"Communiqués {SLUG}"
        assert comparable(lines[-1]) == f"25 juin 2020 {number} / {len(found)}"
    # …but marked as artifacts: text extraction that honours the tags leaves them out
    marks = marked_content(path)
    assert marks.artifacts["/Pagination/None"] == 0
    assert marks.artifacts["/Pagination//Header"] == marks.artifacts["/Pagination//Footer"] == len(found)
    assert marks.unmarked_text == 0
    text = tagged_text(path)
    assert "Communiqués" not in text and f"1 / {len(found)}" not in text


def test_nothing_is_hyphenated_and_no_identifier_or_name_is_broken(built: Site) -> None:
    for lang in LANGUAGES:
        for name in (RELEASE_PDF, YEAR_PDF):
            raw = pdftotext(built.pdf(lang, name))
            assert "\u00ad" not in raw and "\u2010" not in raw
            # a line ending in a hyphen: pdftotext would join it and drop the hyphen
            assert not re.findall(r"\w-\n", pdftotext(built.pdf(lang, name), "-raw"))
            lines = [comparable(line) for line in raw.splitlines()]
            for whole in (
                "c2565b71659707bf8f5ffa11f39ae9956929b1a5c776a9a87d8d6a5d6d5bed27",
                f"{SITE}{lang}/{RELEASE_PDF.removesuffix('.pdf')}.html",
                "presse@numerique.gouv.fr",
                "secretariat.communication@recherche.gouv.fr",
                "418 649-2400",
                "01 53 18 43 10",
                "418 559-7092",
                "Cédric O",
                "Nadine Girault",
                "Frédérique Vidal",
                "Maude-Émilie Théberge",
                "Marc-Antoine Trudel",
            ):
                assert any(whole in line for line in lines), f"{name} ({lang}): {whole!r} broken across lines"
    assert pdftotext(built.pdf("fr", RELEASE_PDF)).count("internationales") == 7


def headings_index(document: Element, text: str) -> int:
    """The place, among the document's elements, of the heading *text* (found by its order)."""
    order = [*SECTIONS, "Source", "Sources", "Informations"]
    top = document.children[0].tags()
    return [i for i, tag in enumerate(top) if tag == "H2"][order.index(text)]


def test_structure_has_headings_lists_quotes_contacts_and_links(built: Site) -> None:
    document = structure(built.pdf("fr", RELEASE_PDF))
    elements = document.walk()
    tags = [element.tag for element in elements]
    assert tags.count("H1") == 1
    # In reading order: the letterheads (a grid), type and distribution, the title,
    # subtitle and dateline; the archive's notice (type, date, issuers, language: a
    # list, its link to this PDF left out); three paragraphs; Citations and its quotes;
    # Faits saillants and its list; Liens connexes, its sentence and the end mark;
    # the three contacts' headings, each with its contacts (a grid); Historique
    # and its list; Provenance: the original, the checksum, the permalink.
    assert document.children[0].tags() == [
        *["Div", "P", "H1", "P", "P", "H2", "L", "P", "P", "P"],
        *["H2", "BlockQuote", "BlockQuote", "BlockQuote", "H2", "L", "H2", "P", "P"],
        *["H2", "Div", "H2", "Div", "H2", "Div", "H2", "L", "H2", "P", "P", "P"],
    ]
    # lists: items with a label and a body; the highlights' nested list follows the
    # item it belongs to, inside the outer list (Typst 0.15 tags nested lists so)
    for item in (e for e in elements if e.tag == "LI"):
        assert item.tags() == ["Lbl", "LBody"]
    highlights = document.children[0].children[headings_index(document, "Faits saillants") + 1]
    assert highlights.tags() == ["LI"] * 4 + ["L"] + ["LI"] * 3
    assert highlights.children[4].tags() == ["LI"] * 4
    # quotes: their paragraphs, then the attribution
    quotes = [e for e in elements if e.tag == "BlockQuote"]
    assert len(quotes) == 3
    for quote in quotes:
        assert quote.tags()[-2:] == ["P", "P"]
    # every link holds its text and its annotation
    links = [e for e in elements if e.tag == "Link"]
    assert len(links) > 20
    assert all("/OBJR" in link.content and link.content.count("/OBJR") < len(link.content) for link in links)


def test_languages_are_marked_on_the_document_and_on_passages(built: Site) -> None:
    for lang in LANGUAGES:
        reader = PdfReader(built.pdf(lang, RELEASE_PDF))
        assert reader.trailer["/Root"]["/Lang"] == lang
        assert xmp_list(xmp(reader), "dc:language") == [lang]
    # the English PDF's notice links to the French original, and the words its translation
    # keeps in French (the letterhead's motto, an official name) are marked as French, as on
    # the page (Typst puts /Lang on the passage's structure element)
    french = [e for e in structure(built.pdf("en", RELEASE_PDF)).walk() if e.lang == "fr"]
    assert "Link" in [e.tag for e in french]
    assert {e.tag for e in french} <= {"Link", "Div", "P", "Span"}
    assert [e.lang for e in structure(built.pdf("fr", RELEASE_PDF)).walk() if e.lang] == []


def test_links_are_absolute_and_those_of_the_page(built: Site) -> None:
    for lang in LANGUAGES:
        uris = set(link_uris(PdfReader(built.pdf(lang, RELEASE_PDF))))
        original = f"{SITE}fr/releases/2020/{SLUG}.html"
        assert all(uri.startswith((f"{SITE}{lang}/", "mailto:")) or uri == original for uri in uris)
        assert f"{SITE}{lang}/people/cedric-o.html" in uris
        assert f"{SITE}{lang}/organisations/ceimia.html" in uris
        assert "mailto:presse@numerique.gouv.fr" in uris
        assert not any(uri.endswith(".pdf") for uri in uris)  # the web notice's link to this very PDF
        assert any(
            uri.startswith(f"{SITE}{lang}/_downloads/") and uri.endswith(f"{SLUG}.txt") for uri in uris
        )
    english = set(link_uris(PdfReader(built.pdf("en", RELEASE_PDF))))
    assert f"{SITE}fr/releases/2020/{SLUG}.html" in english  # the original, from the notice


def test_metadata_comes_from_the_record(built: Site) -> None:
    reader = PdfReader(built.pdf("fr", RELEASE_PDF))
    info = reader.metadata
    assert info is not None
    assert info.title == TITLE
    assert info.author == ", ".join(ISSUERS)
    assert info.subject == "Première mission virtuelle de la ministre Nadine Girault à Paris"
    keywords = info.get("/Keywords") or ""
    assert "Nadine Girault" in keywords
    assert keywords.endswith(f"{SITE}fr/releases/2020/{SLUG}.html")  # the permalink
    assert str(info["/CreationDate"]).startswith("D:20200625")
    metadata = xmp(reader)
    assert xmp_list(metadata, "dc:title") == [TITLE]
    assert xmp_value(
        metadata,
        "xmp:CreateDate",
    ).startswith("2020-06-25")  # type: ignore[union-attr]
    assert (xmp_value(metadata, "pdfaid:part"), xmp_value(metadata, "pdfaid:conformance")) == ("2", "A")
    assert xmp_value(metadata, "pdfuaid:part") == "1"
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])


def test_every_font_is_embedded_and_comes_from_the_typst_wheel(built: Site) -> None:
    for lang in LANGUAGES:
        for name in (RELEASE_PDF, YEAR_PDF):
            found = fonts(built.pdf(lang, name))
            assert found
            assert all(row["emb"] == "yes" and row["uni"] == "yes" for row in found)
            families = {re.sub(r"^[A-Z]{6}\+", "", row["name"]).split("-")[0] for row in found}
            assert families <= {"LibertinusSerif", "DejaVuSansMono"}


def test_year_pdf_has_contents_with_page_numbers_and_bookmarks(built: Site) -> None:
    path = built.pdf("fr", YEAR_PDF)
    found = pages(path)
    cover = comparable(" ".join(found[0]))
    assert "Communiqués publiés en 2020" in cover
    # the dotted leader, then the page number (after a word joiner)
    entry = re.search(re.escape(TITLE) + r"[\s.\u2060]*(\d+)", cover)
    assert entry is not None, cover
    page = int(entry.group(1))
    assert found[page - 1][:2] == ["Communiqués", SLUG]
    assert [title for depth, title in outline(path) if depth == 0] == ["Table des matières", TITLE]
    assert [title for depth, title in outline(path) if depth == 1][:4] == SECTIONS
    tags = [element.tag for element in structure(path).walk()]
    assert tags.count("TOC") == 1 and tags.count("TOCI") == 1
    assert PdfReader(path).metadata.title == "Communiqués publiés en 2020"  # type: ignore[union-attr]


def test_english_pdf_is_english_and_says_it_is_a_translation(built: Site) -> None:
    path = built.pdf("en", RELEASE_PDF)
    text = comparable(tagged_text(path))
    for label in (
        "Press release",
        "For immediate release",
        "Archive record",
        "Issued by",
        "Quotes",
        "Highlights",
        "Permalink:",
    ):
        assert label in text
    assert "Translated from French; the French original prevails." in text
    assert f"{SITE}fr/releases/2020/{SLUG}.html" in text
    assert "Publié par" not in text
    year = comparable(tagged_text(built.pdf("en", YEAR_PDF)))
    assert "Releases issued in 2020" in year and "Contents" in year


def test_english_pdf_holds_every_translated_sentence_of_the_seed(built: Site) -> None:
    catalog = SEED / "locales" / "en" / "LC_MESSAGES" / "releases" / "2020" / f"{SLUG}.po"
    with catalog.open("rb") as po:
        messages = [m for m in read_po(po, locale="en") if m.id and m.string and not m.fuzzy]
    role = re.compile(r"\{[a-z]+\}`([^`]*?)(?:\s*<[^>]*>)?`")
    translated = [comparable(re.sub(r"[*~#]", "", role.sub(r"\1", str(m.string)))) for m in messages]
    text = comparable(tagged_text(built.pdf("en", RELEASE_PDF)))
    missing = [s for message in translated for s in split(message) if s not in text]
    assert len(translated) > 30
    assert not missing, f"translated sentences missing from the English PDF: {missing}"


def test_a_build_with_no_change_renders_no_pdf(built: Site) -> None:
    for lang in LANGUAGES:
        assert site.build_language(lang, built.layout, jobs=1, base_url=SITE) == 0
        messages: list[str] = []
        report = render.build_pdfs(
            built.layout.html_dir(lang), built.layout.doctree_dir(lang), on_done=messages.append
        )
        assert report.rendered == []
        assert sorted(report.skipped) == sorted([RELEASE_PDF, YEAR_PDF])
        assert messages == []
