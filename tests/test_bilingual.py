"""Originals in either language, translated both ways, and said so (issue 19).

``tests/roots/test-bilingual`` is the seed archive (a French release and its
authority records, with their English catalogs) plus an English original,
``releases/2020/2020-06-15-canada-france-launch-gpai``, translated into French
through ``locales/fr``. It is built once for the module as the site builder
builds the archive (both languages, the PDFs, the search indexes), from a git
repository so that histories have their dates.
"""

from __future__ import annotations

import functools
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup, Tag
from pypdf import PdfReader

from communiques.core import labels
from communiques.core.typography import NBSP, NNBSP, typeset
from communiques.pages import theme_strings
from communiques.pdf.data import data_file, print_root
from communiques.pdf.render import build_language_pdfs
from communiques.tools import catalogs, site
from communiques.tools.catalogs import EXT_DIR
from helpers import REPO, bilingual_root, git
from language_scan import entity_names, foreign_strings
from pdftools import pdftotext

if TYPE_CHECKING:
    from playwright.sync_api import Page

ENGLISH = "releases/2020/2020-06-15-canada-france-launch-gpai"
FRENCH = "releases/2020/2020-06-25-quebec-france-partenaires-intelligence-artificielle"
BASE_URL = "https://archive.test/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> site.Layout:
    work = tmp_path_factory.mktemp("bilingual")
    root = bilingual_root(work / "root")
    git(root, "init", "-q", when="2026-11-28T10:00:00+00:00")
    git(root, "add", "-A", when="2026-11-28T10:00:00+00:00")
    git(root, "commit", "-q", "-m", "Seed and an English original", when="2026-11-28T10:00:00+00:00")
    layout = site.Layout(root=root, out=work / "site", doctrees=work / "doctrees")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(
            "PYTHONPATH", os.pathsep.join(filter(None, [str(EXT_DIR), os.environ.get("PYTHONPATH")]))
        )
        for lang in ("fr", "en"):
            assert site.build_language(lang, layout, jobs=1, base_url=BASE_URL) == 0, (
                f"the {lang} build failed"
            )
            assert site.index_search(lang, layout) == 0
            assert build_language_pdfs(lang, layout.html_dir(lang), layout.doctree_dir(lang), jobs=2) == 0
    return layout


def page(layout: site.Layout, lang: str, docname: str) -> BeautifulSoup:
    return BeautifulSoup((layout.html_dir(lang) / f"{docname}.html").read_text(encoding="utf-8"), "lxml")


def article(layout: site.Layout, lang: str, docname: str) -> Tag:
    found = page(layout, lang, docname).find("article")
    assert isinstance(found, Tag)
    return found


def text(tag: Tag | None) -> str:
    assert tag is not None
    return " ".join(tag.get_text(" ").split())


def heading(tag: Tag) -> str:
    h1 = tag.find("h1")
    assert isinstance(h1, Tag)
    return h1.get_text(strip=True).rstrip("¶")


def resolve(layout: site.Layout, lang: str, docname: str, href: str) -> Path:
    base = f"{lang}/{docname}.html"
    return layout.out / urljoin(base, href)


# -- an English original, in both languages -----------------------------------------------


def test_the_english_original_reads_as_written_in_english(built: site.Layout) -> None:
    body = article(built, "en", ENGLISH)

    assert page(built, "en", ENGLISH).html["lang"] == "en"  # type: ignore[index]
    assert (
        heading(body)
        == "Canada and France welcome the launch of the Global Partnership on Artificial Intelligence"
    )
    assert text(body.select_one(".dateline")) == "Ottawa , June 15, 2020 ."
    assert "Canada is proud to launch this partnership" in text(body)
    # the original: nothing marked as another language, no notice
    assert body.select("[lang]") == []
    assert body.select_one(".translation-notice") is None


def test_the_english_original_reads_in_french_through_its_french_catalog(built: site.Layout) -> None:
    body = article(built, "fr", ENGLISH)

    assert heading(body) == (
        "Le Canada et la France saluent le lancement du Partenariat mondial sur l’intelligence artificielle"
    )
    assert text(body.select_one(".release-type")) == "Communiqué de presse"
    assert text(body.select_one(".dateline")) == "Ottawa , le 15 juin 2020 ."
    assert "« Le Canada est fier de lancer ce partenariat" in text(body)
    assert (
        text(body.select_one(".release-quote .post"))
        == "ministre de l’Innovation, des Sciences et de l’Industrie"
    )
    # French typography on the translation: a no-break space before the colon
    assert f"doit servir les gens{NBSP}: le PMIA" in body.get_text()


def test_a_translated_release_says_so_and_links_to_its_original(built: site.Layout) -> None:
    for lang, docname, original, sentence in [
        ("fr", ENGLISH, "en", "Traduit de l’anglais ; l’original anglais fait foi."),
        ("en", FRENCH, "fr", "Translated from French; the French original prevails."),
    ]:
        notice = article(built, lang, docname).select_one("aside.translation-notice")
        assert notice is not None, (lang, docname)
        assert notice["role"] == "note"
        assert "translation-translated" in notice["class"]
        assert text(notice).startswith(sentence)
        link = notice.select_one("a.translation-original")
        assert link is not None and link["hreflang"] == original
        assert (
            resolve(built, lang, docname, str(link["href"])) == built.html_dir(original) / f"{docname}.html"
        )


def test_the_print_data_carries_the_page_s_notice(built: site.Layout) -> None:
    """The PDF says what the page says: one function makes both notices."""
    for lang, docname in (("fr", ENGLISH), ("en", FRENCH)):
        data = json.loads(data_file(print_root(built.doctree_dir(lang)), docname).read_text(encoding="utf-8"))
        data = data["release"]
        notice = article(built, lang, docname).select_one("aside.translation-notice p")
        assert data["notice"]["kind"] == "translated"
        assert text(notice).startswith(data["notice"]["text"].replace(NNBSP, " ").replace(NBSP, " "))
        assert data["notice"]["original_url"] == f"{BASE_URL}{'en' if lang == 'fr' else 'fr'}/{docname}.html"
    english = json.loads(data_file(print_root(built.doctree_dir("en")), ENGLISH).read_text(encoding="utf-8"))
    assert "notice" not in english["release"]


def test_both_pdfs_of_the_english_original(built: site.Layout) -> None:
    """The PDF of each language prints the page's text and its notice."""
    english = " ".join(pdftotext(built.html_dir("en") / f"{ENGLISH}.pdf").split())
    french = " ".join(pdftotext(built.html_dir("fr") / f"{ENGLISH}.pdf").split())

    assert "Canada and France welcome the launch" in english
    assert "Translated from" not in english and "Traduit de" not in english
    assert "Le Canada et la France saluent le lancement" in french
    assert "Traduit de l’anglais" in french and "l’original anglais fait foi" in french
    for lang in ("fr", "en"):
        reader = PdfReader(built.html_dir(lang) / f"{ENGLISH}.pdf")
        assert str(reader.trailer["/Root"].get("/Lang", "")).startswith(lang)


def test_json_ld_and_export_say_which_language_each_text_is_in(built: site.Layout) -> None:
    def json_ld(lang: str, docname: str) -> dict[str, object]:
        script = page(built, lang, docname).select_one('script[type="application/ld+json"]')
        assert script is not None
        return json.loads(script.string or "")  # type: ignore[no-any-return]

    original = json_ld("en", ENGLISH)
    assert original["inLanguage"] == "en"
    assert original["workTranslation"] == [
        {"@type": "NewsArticle", "@id": f"{BASE_URL}fr/{ENGLISH}.html", "inLanguage": "fr"}
    ]
    translation = json_ld("fr", ENGLISH)
    assert translation["inLanguage"] == "fr"
    assert translation["translationOfWork"] == {
        "@type": "NewsArticle",
        "@id": f"{BASE_URL}en/{ENGLISH}.html",
        "inLanguage": "en",
    }
    for lang, state in (("en", "original"), ("fr", "translated")):
        exported = json.loads((built.html_dir(lang) / "export" / "archive.json").read_text(encoding="utf-8"))
        release = next(r for r in exported["releases"] if r["id"] == ENGLISH.rsplit("/", 1)[1])
        assert (release["original_language"], release["translation"], release["text_languages"]) == (
            "en",
            state,
            [lang],
        )


def test_each_direction_has_its_progress(built: site.Layout) -> None:
    """French originals are translated into English, English originals and the theme into French."""
    for lang in ("fr", "en"):
        progress = article(built, lang, "translation")
        into_english = progress.select_one("table.translation-direction-fr-en")
        into_french = progress.select_one("table.translation-direction-en-fr")
        assert into_english is not None and into_french is not None
        rows = {text(row.select("td")[0]): text(row) for row in into_french.select("tbody tr")}
        titles = [title for title in rows if "Canada" in title]
        assert len(titles) == 1 and rows[titles[0]].endswith(("100 %", "100%", f"100{NBSP}%", f"100{NNBSP}%"))
        assert not any("Québec et la France" in title for title in rows)
        english_rows = [text(row.select("td")[0]) for row in into_english.select("tbody tr")]
        assert not any(
            "Canada and France" in title or "Le Canada et la France" in title for title in english_rows
        )
    headings = [text(h) for h in article(built, "fr", "translation").select("p.rubric")]
    assert headings == ["Anglais (originaux en français)", "Français (originaux en anglais)"]


def test_the_catalog_tools_go_both_ways(built: site.Layout) -> None:
    project = catalogs.Project.archive(built.root)
    pots = catalogs.write_templates(project)

    assert pots[ENGLISH].original == "en" and pots[FRENCH].original == "fr"
    assert pots["communiques"].original == "fr" and pots["sphinx"].original == "en"
    assert catalogs.outdated(project, pots, ["fr", "en"]) == []
    assert catalogs.orphans(project, pots, ["fr", "en"]) == []
    table = catalogs.progress(project, pots, ["fr", "en"])
    assert set(table) == {"fr→en", "en→fr"}
    assert ENGLISH in table["en→fr"] and ENGLISH not in table["fr→en"]
    assert table["en→fr"][ENGLISH].complete


# -- search ---------------------------------------------------------------------------------


def test_both_search_indexes_find_the_english_original(
    built: site.Layout, serve: functools.partial[str], page: Page
) -> None:
    """Pagefind's own API on each language's search page: English words in English, French in French."""
    search = """async (query) => {
        const pagefind = await import("./pagefind/pagefind.js");
        const found = await pagefind.search(query);
        const data = await Promise.all(found.results.map((result) => result.data()));
        return data.map((item) => item.url);
    }"""
    base = serve(built.out)
    for lang, query in (("en", "multistakeholder"), ("fr", "multipartite")):
        page.goto(f"{base}/{lang}/search.html")
        urls = page.evaluate(search, query)
        assert [url for url in urls if ENGLISH in url], (lang, query, urls)


# -- every label in the page's language ----------------------------------------------------


def test_no_page_speaks_the_other_language(built: site.Layout) -> None:
    """Every text a reader sees or hears is in the page's language, or marked with its own."""
    names = entity_names(built.root)
    for lang in ("fr", "en"):
        assert foreign_strings(built.out, lang, names) == [], lang


def test_untranslated_words_are_marked_with_their_language(built: site.Layout) -> None:
    # a term of the French original in English, marked by the record ({en}`deep learning`)
    term = article(built, "fr", FRENCH).select_one('[lang="en"]')
    assert term is not None and text(term) == "deep learning"
    # a translation that keeps the original's words: still the original's language
    dateline_place = article(built, "fr", ENGLISH).select_one(".dateline .place")
    assert dateline_place is not None and dateline_place.get("lang") == "en"


# -- history readers can read ----------------------------------------------------------------


def test_the_history_is_in_the_page_s_language_and_the_commits_are_provenance(built: site.Layout) -> None:
    french = [text(item) for item in article(built, "fr", FRENCH).select("ul.history > li")]
    english = [text(item) for item in article(built, "en", FRENCH).select("ul.history > li")]

    assert french == ["28 novembre 2026 — Ajout à l’archive", "25 juin 2020 — Publication"]
    assert english == ["November 28, 2026 — Added to the archive", "June 25, 2020 — Publication"]
    for lang in ("fr", "en"):
        assert "Seed and an English original" not in article(built, lang, FRENCH).get_text()


# -- French typography of generated text ---------------------------------------------------


def test_facts_and_relations_have_french_spacing(built: site.Layout) -> None:
    pmia = article(built, "fr", "organisations/pmia")
    terms = [term.get_text() for term in pmia.select("dl.entity-facts > dt")]
    assert terms[0] == f"Sigle{NBSP}:"
    relations = [text(item) for item in pmia.select("section.entity-relations li")]
    assert "Secrétariat assuré par : Organisation de coopération et de développement économiques" in relations
    label = pmia.select_one("section.entity-relations .relation-label")
    assert label is not None and label.get_text().endswith(f"par{NBSP}:")
    english = [
        term.get_text() for term in article(built, "en", "organisations/pmia").select("dl.entity-facts > dt")
    ]
    assert english[0] == "Acronym:"


def test_posts_held_at_once_are_separated_in_each_language_s_way(built: site.Layout) -> None:
    girault = article(built, "fr", "people/nadine-girault").get_text()
    assert f"la Francophonie{NNBSP}; ministre de l’Immigration" in girault
    english = article(built, "en", "people/nadine-girault").get_text()
    assert "La Francophonie; Minister of Immigration" in english


@pytest.mark.content  # reads the live archive
def test_relation_sentences_read_with_every_name_of_the_archive() -> None:
    """Every relation label, with every real entity name of the archive, in French and in English.

    A rule on the archive's own names (read from ``source/`` and its
    catalogs): the sentence is the label, a colon with its language's
    spacing, and the name as written, whatever its gender, number or article.
    """
    names = sorted(entity_names(REPO))
    assert names, "the archive has entities"
    codes = [
        "part-of",
        "centre-of",
        "secretariat-by",
        "hosted-by",
        "member-of",
        "created-by",
        "party-to",
        "signed",
    ]
    for inverse in (False, True):
        for code in codes + (["appointment"] if inverse else []):
            pattern = labels.relation(code, inverse=inverse)
            prefix, _, rest = pattern.partition("{target}")
            assert rest == "" and prefix.endswith(f"{NBSP}: "), (code, pattern)
            assert re.fullmatch(r"[A-ZÉ][^:;!?]*", prefix.removesuffix(f"{NBSP}: ")), pattern
            for name in names:
                sentence = pattern.format(target=name)
                assert sentence == f"{prefix}{name}" and typeset(sentence, "fr") == sentence, sentence


def test_every_untranslatable_furo_string_is_wrapped() -> None:
    """Each replacement matches furo's template as often as it should: an upgrade that moves one fails."""
    for wrap in theme_strings.WRAPPED:
        source = (theme_strings.FURO_DIR / wrap.template).read_text(encoding="utf-8")
        assert source.count(wrap.original) == wrap.count, wrap
        assert theme_strings.wrapped(source, wrap.template).count(wrap.replacement) == wrap.count
    messages = {str(message.id) for message in theme_strings.theme_template() if message.id}
    assert {
        "Skip to content",
        "Back to top",
        "On this page",
        "Toggle site navigation sidebar",
        "Light mode",
    } <= messages


def test_generated_french_gets_its_spacing_and_english_keeps_its_own() -> None:
    assert typeset("Sigle:", "fr") == f"Sigle{NBSP}:"
    assert typeset("Tél. : {phone}", "fr") == f"Tél.{NBSP}: {{phone}}"
    assert (
        typeset("« numerique » trouve «numérique».", "fr")
        == f"«{NBSP}numerique{NBSP}» trouve «{NBSP}numérique{NBSP}»."
    )
    assert typeset("a ; b ! c?", "fr") == f"a{NNBSP}; b{NNBSP}! c{NNBSP}?"
    assert typeset(" ; ", "fr") == f"{NNBSP}; "
    # not punctuation that closes a phrase: addresses, times, queries
    assert typeset("https://example.org/?q=1 à 10:30", "fr") == "https://example.org/?q=1 à 10:30"
    assert typeset("Acronym: OECD; GPAI!", "en") == "Acronym: OECD; GPAI!"
