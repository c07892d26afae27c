"""The seed's PDFs, made by the site builder from a copy of the real archive, read back with poppler.

One build of both languages for the whole module: the real ``conf.py``,
``source/`` and ``locales/`` are copied into a temporary folder (the
extension is linked, not copied) and built with ``communiques.tools.site``'s own
steps: the strict Sphinx build of each language, then its PDFs.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from pypdf import PdfReader

from communiques.core.languages import LANGUAGES
from communiques.pdf import render
from communiques.tools import site
from helpers import REPO
from pdftools import (
    body_text,
    comparable,
    fonts,
    link_uris,
    pages,
    pdftotext,
    sentences,
    xmp,
    xmp_list,
    xmp_value,
)

# Builds a whole site (or runs the catalog tools on the whole archive): not in the quick loop.
pytestmark = pytest.mark.slow

SLUG = "2020-06-25-quebec-france-partenaires-intelligence-artificielle"
ORIGINAL = REPO / "source" / "originals" / f"{SLUG}.txt"
RELEASE_PDF = f"releases/2020/{SLUG}.pdf"
YEAR_PDF = "releases/2020/2020.pdf"
TITLE = "Le Québec et la France, partenaires stratégiques en intelligence artificielle"
ISSUERS = [
    "Gouvernement du Québec",
    "Cabinet de la ministre des Relations internationales et de la Francophonie",
    "Gouvernement français",
]

#: what the original prints and the record shows as a label of the catalog
LABELS = {
    "POUR DIFFUSION IMMÉDIATE": "Pour diffusion immédiate",
    "Citations :": "Citations",
    "Faits saillants :": "Faits saillants",
    "Liens connexes :": "Liens connexes",
    "Source :": "Source",
    "Sources :": "Sources",
    "Informations :": "Informations",
}
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*~#]")
_LIST_ITEM = re.compile(r"^\s*- ", re.MULTILINE)
_ROLE = re.compile(r"\{[a-z]+\}`([^`]*?)(?:\s*<[^>]*>)?`")


@dataclass(frozen=True)
class Site:
    out: Path
    doctrees: Path
    layout: site.Layout

    def pdf(self, lang: str, name: str) -> Path:
        return self.out / lang / name


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("archive")
    shutil.copy(REPO / "conf.py", root / "conf.py")
    shutil.copytree(REPO / "source", root / "source")
    shutil.copytree(REPO / "locales", root / "locales", ignore=shutil.ignore_patterns("*.mo"))
    (root / "ext").symlink_to(REPO / "ext")
    layout = site.Layout(root=root, out=root / "_build" / "site", doctrees=root / "_build" / "doctrees")
    for lang in LANGUAGES:
        assert site.build_language(lang, layout, jobs=1) == 0
        assert render.build_language_pdfs(lang, layout.html_dir(lang), layout.doctree_dir(lang), jobs=2) == 0
    return Site(layout.out, layout.doctrees, layout)


def original_sentences() -> list[str]:
    """Every sentence of the captured original, its Markdown and layout marks removed."""
    text = ORIGINAL.read_text(encoding="utf-8")
    text = _MARKDOWN_LINK.sub(r"\1", text)
    text = _MARKUP.sub("", text)
    text = _LIST_ITEM.sub("", text)
    for printed, label in LABELS.items():
        text = text.replace(printed, label)
    # The original runs the dateline into the first paragraph ("2020. – Dans"):
    # the record shows the dateline as a line of its own.
    return [sentence.removeprefix("– ") for sentence in sentences(text)]


def release_text(path: Path) -> str:
    return comparable(body_text(pages(path)))


def test_the_site_holds_each_pdf(built: Site) -> None:
    for lang in LANGUAGES:
        for name in (RELEASE_PDF, YEAR_PDF):
            assert built.pdf(lang, name).read_bytes().startswith(b"%PDF-1.7")


def test_french_pdf_holds_every_sentence_of_the_original(built: Site) -> None:
    text = release_text(built.pdf("fr", RELEASE_PDF))
    expected = original_sentences()
    assert len(expected) > 60
    missing = [sentence for sentence in expected if sentence not in text]
    assert not missing, f"sentences of the original missing from the PDF: {missing}"


def test_french_pdf_keeps_accents_and_guillemets_and_typography(built: Site) -> None:
    raw = pdftotext(built.pdf("fr", RELEASE_PDF))
    for word in (
        "Québec",
        "Égalité",
        "Frédérique",
        "cœur",
        "Maude-Émilie Théberge",
        "École normale supérieure",
    ):
        assert word in raw
    text = release_text(built.pdf("fr", RELEASE_PDF))
    assert text.count("« ") == 3
    assert text.count(" »") == 3
    # quotes are attributed with an em dash, never LaTeX's ``---``
    assert "—Cédric O, Secrétaire d’État" in text
    assert "—Frédérique Vidal, Ministre de l’Enseignement supérieur" in text
    assert "---" not in raw
    # hyphenated: French words were broken at line ends, and joined back above
    assert "\u2010\n" in raw


def test_french_print_document_keeps_no_break_spaces(built: Site) -> None:
    """pdftotext prints no-break spaces as spaces: check what WeasyPrint was given."""
    html_dir, doctree_dir = built.layout.html_dir("fr"), built.layout.doctree_dir("fr")
    jobs = {job.name: job for job in render.jobs_of(render.load_plan(doctree_dir), html_dir)}
    document = jobs[RELEASE_PDF].document
    for spaced in (
        "telles que\u00a0:",
        "startups\u202f;",
        "Tél.\u00a0: 418",
        "«\u00a0Le Partenariat",
        "Francophonie.\u00a0»",
    ):
        assert spaced in document
    assert "Québec;" in document  # not spaced in the original, kept as printed


def test_french_pdf_is_hyphenated_by_french_rules(built: Site) -> None:
    raw = pdftotext(built.pdf("fr", RELEASE_PDF))
    broken = re.findall(r"(\w+)\u2010\n(\w+)", raw)
    assert broken
    for before, after in broken:
        # French breaks fall between syllables; never leave a single letter behind
        assert len(before) >= 3 and len(after) >= 3


def test_running_header_and_footer(built: Site) -> None:
    found = pages(built.pdf("fr", RELEASE_PDF))
    assert len(found) > 1
    for number, lines in enumerate(found, start=1):
        assert lines[-2] == f"Communiqués {SLUG}"
        assert comparable(lines[-1]) == f"25 juin 2020 {number} / {len(found)}"
    english = pages(built.pdf("en", RELEASE_PDF))
    assert comparable(english[0][-1]) == f"June 25, 2020 1 / {len(english)}"


def test_every_font_is_embedded(built: Site) -> None:
    for lang in LANGUAGES:
        for name in (RELEASE_PDF, YEAR_PDF):
            found = fonts(built.pdf(lang, name))
            assert found
            assert [row["name"] for row in found if row["emb"] != "yes"] == []
            assert all("DejaVu" in row["name"] for row in found)


def test_metadata_comes_from_the_record(built: Site) -> None:
    reader = PdfReader(built.pdf("fr", RELEASE_PDF))
    info = reader.metadata
    assert info is not None
    assert info.title == TITLE
    assert info.author == ", ".join(ISSUERS)
    assert info.subject == "Première mission virtuelle de la ministre Nadine Girault à Paris"
    assert "Nadine Girault" in (info.get("/Keywords") or "")
    assert str(info["/CreationDate"]).startswith("D:20200625")
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    metadata = xmp(reader)
    assert xmp_list(metadata, "dc:title") == [TITLE]
    assert xmp_list(metadata, "dc:creator") == ISSUERS
    assert xmp_value(metadata, "xmp:CreateDate") == "2020-06-25"


def test_pdf_a_2a_and_tagged(built: Site) -> None:
    for lang in LANGUAGES:
        for name in (RELEASE_PDF, YEAR_PDF):
            reader = PdfReader(built.pdf(lang, name))
            catalog = reader.trailer["/Root"]
            metadata = xmp(reader)
            assert (xmp_value(metadata, "pdfaid:part"), xmp_value(metadata, "pdfaid:conformance")) == (
                "2",
                "A",
            )
            assert [intent["/S"] for intent in catalog["/OutputIntents"]] == ["/GTS_PDFA1"]
            assert bool(catalog["/MarkInfo"]["/Marked"])
            assert "/StructTreeRoot" in catalog
            assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
            assert catalog["/Lang"] == lang


def test_links_and_contacts_stay_clickable(built: Site) -> None:
    page = built.out / "fr" / f"releases/2020/{SLUG}.html"
    article = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").find("article")
    assert article is not None
    expected = {
        a["href"]
        for a in article.select("a[href]")
        if not a["href"].startswith("#") and "pdf-download-link" not in a.get("class", [])
    }
    uris = set(link_uris(PdfReader(built.pdf("fr", RELEASE_PDF))))
    assert uris == expected
    assert "mailto:presse%40numerique.gouv.fr" in uris
    assert "../../people/cedric-o.html" in uris


def test_each_page_links_to_its_pdf(built: Site) -> None:
    labels = {"fr": "Télécharger le PDF", "en": "Download PDF"}
    for lang in LANGUAGES:
        for page_name, pdf_name in (
            (f"releases/2020/{SLUG}.html", RELEASE_PDF),
            ("releases/2020/index.html", YEAR_PDF),
        ):
            page = built.out / lang / page_name
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
            links = soup.select("article a.pdf-download-link")
            assert [link.get_text() for link in links] == [labels[lang]]
            target = PurePosixPath(page_name).parent / links[0]["href"]
            assert str(target) == pdf_name
            assert (built.out / lang / target).is_file()


def test_year_pdf_has_a_page_numbered_contents_and_bookmarks(built: Site) -> None:
    path = built.pdf("fr", YEAR_PDF)
    found = pages(path, raw=False)  # the contents' dotted leaders on the entry's line
    cover = comparable("\n".join(found[0]))
    assert "Communiqués publiés en 2020" in cover
    assert "Table des matières" in cover
    entry = re.search(re.escape(TITLE) + r"[\s.]*(\d+)", cover)
    assert entry is not None
    page_number = int(entry.group(1))
    assert found[page_number - 1][:2] == ["Communiqués", SLUG]  # the release's running header
    assert TITLE.split(",")[0] in found[page_number - 1][2]
    reader = PdfReader(path)
    outline = reader.outline
    assert [item.title for item in outline if not isinstance(item, list)] == ["Table des matières", TITLE]
    assert reader.get_destination_page_number(outline[1]) == page_number - 1
    sections = outline[2]
    assert [item.title for item in sections] == ["Citations", "Faits saillants", "Liens connexes"]
    assert PdfReader(path).metadata.title == "Communiqués publiés en 2020"


def test_english_pdf_is_english(built: Site) -> None:
    path = built.pdf("en", RELEASE_PDF)
    text = release_text(path)
    for label in (
        "Press release",
        "For immediate release",
        "Issued by:",
        "Quotes",
        "Highlights",
        "Related links",
    ):
        assert label in text
    assert "Publié par" not in text
    assert PdfReader(path).trailer["/Root"]["/Lang"] == "en"
    year = comparable(pdftotext(built.pdf("en", YEAR_PDF)))
    assert "Releases issued in 2020" in year
    assert "Contents" in year


def seed_translations() -> list[str]:
    catalog = REPO / "locales" / "en" / "LC_MESSAGES" / "releases" / "2020" / f"{SLUG}.po"
    if not catalog.is_file():
        pytest.skip("the seed has no English translation in the repository yet")
    with catalog.open("rb") as po:
        messages = [m for m in read_po(po, locale="en") if m.id and m.string and not m.fuzzy]
    return [_MARKUP.sub("", _ROLE.sub(r"\1", str(m.string))) for m in messages]


def test_english_pdf_holds_every_translated_sentence_of_the_seed(built: Site) -> None:
    translated = seed_translations()
    text = release_text(built.pdf("en", RELEASE_PDF))
    missing = [s for message in translated for s in sentences(message) if s not in text]
    assert not missing, f"translated sentences missing from the English PDF: {missing}"


def test_a_build_with_no_change_renders_no_pdf(built: Site) -> None:
    for lang in LANGUAGES:
        assert site.build_language(lang, built.layout, jobs=1) == 0
        messages: list[str] = []
        report = render.build_pdfs(
            built.layout.html_dir(lang), built.layout.doctree_dir(lang), on_done=messages.append
        )
        assert report.rendered == []
        assert sorted(report.skipped) == sorted([RELEASE_PDF, YEAR_PDF])
        assert messages == []
