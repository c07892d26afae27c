"""The bilingual site: translated pages, untranslated parts marked, switcher, hreflang, progress.

The ``test-translation`` root is laid out like the archive and built like it,
by the site builder (one strict Sphinx process per language, side by side in
``fr/`` and ``en/``). Its English catalogs translate everything but two
paragraphs of the release: one has no translation, the other a fuzzy one.
"""

from __future__ import annotations

import os
import pickle
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import pytest
from babel.messages.pofile import read_po, write_po
from bs4 import BeautifulSoup, Tag

from browser import serving
from communiques.core.languages import LANGUAGE_NAMES, LANGUAGES
from communiques.tools import catalogs, site
from communiques.tools.catalogs import EXT_DIR
from communiques.translation.progress import pack_digests
from helpers import translation_root

RELEASE = "releases/2020/2020-05-04-essai"
PERSON = "people/jeanne-essai"
DOCS = [
    "index",
    "translation",
    "releases/2020/index",
    RELEASE,
    "people/index",
    PERSON,
    "organisations/index",
    "organisations/ocde",
    "organisations/gouvernement-du-quebec",
]

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@pytest.fixture(scope="module")
def extension_path() -> Iterator[None]:
    """The Sphinx processes the site builder starts import the extension from ext/."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(
            "PYTHONPATH", os.pathsep.join(filter(None, [str(EXT_DIR), os.environ.get("PYTHONPATH")]))
        )
        yield


BASE_URL = "https://archive.test/"


def build(layout: site.Layout, *languages: str, jobs: int = 1) -> None:
    for lang in languages:
        status = site.build_language(lang, layout, jobs=jobs, base_url=BASE_URL)
        assert status == 0, f"the strict {lang} build failed"


def layout_of(root: Path) -> site.Layout:
    return site.Layout(root=root, out=root / "_build" / "site", doctrees=root / "_build" / "doctrees")


def copy_of(built: site.Layout, dest: Path, *, with_build: bool = True) -> site.Layout:
    """A copy of the built project to change: its last build kept (for an incremental one) or not."""
    ignore = None if with_build else shutil.ignore_patterns("_build")
    shutil.copytree(built.root, dest, ignore=ignore)
    return layout_of(dest)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, extension_path: None) -> site.Layout:
    root = translation_root(tmp_path_factory.mktemp("translation") / "root")
    # A stale catalog holds entries the sources no longer have, live or
    # obsolete: they must not count as progress.
    po_path = root / "locales/en/LC_MESSAGES" / f"{PERSON}.po"
    with po_path.open("rb") as po_file:
        po = read_po(po_file, locale="en")
    po.add("Une phrase supprimée depuis.", "A sentence deleted since.")
    po.obsolete["Une phrase obsolète."] = po["Une phrase supprimée depuis."]
    with po_path.open("wb") as po_file:
        write_po(po_file, po, width=76)
    layout = layout_of(root)
    build(layout, "fr", "en")
    site.write_root_page(LANGUAGES, layout.out)
    return layout


def page(layout: site.Layout, lang: str, docname: str) -> BeautifulSoup:
    return BeautifulSoup((layout.html_dir(lang) / f"{docname}.html").read_text(encoding="utf-8"), "lxml")


def article(soup: BeautifulSoup) -> Tag:
    found = soup.find("article")
    assert isinstance(found, Tag)
    return found


def text(tag: Tag | None) -> str:
    assert tag is not None
    return " ".join(tag.get_text(" ").split())


def resolve(layout: site.Layout, lang: str, docname: str, href: str) -> Path:
    """The file a relative link of a page leads to."""
    base = layout.html_dir(lang).relative_to(layout.out).as_posix() + f"/{docname}.html"
    return layout.out / urljoin(base, href)


# -- everything a reader sees is in English --------------------------------------------


def test_english_release_shows_labels_dates_and_translated_data(built: site.Layout) -> None:
    body = article(page(built, "en", RELEASE))

    assert text(body.select_one(".release-type")) == "Press release"
    assert text(body.select_one(".dateline")) == "Quebec City , May 4, 2020 ."
    assert text(body.select_one(".subtitle")) == "A subtitle to translate"
    assert text(body.select_one("section.citations h2")).startswith("Quotes")
    assert text(body.select_one(".release-quote .post")) == "Minister of Tests"
    assert "announces a test with the OECD" in text(body)


def test_english_entity_pages_show_translated_posts_and_acronyms(built: site.Layout) -> None:
    person = article(page(built, "en", PERSON))
    assert text(person.select_one(".post-at-date")) == "Minister of Tests"
    assert "since January 15, 2019" in text(person.select_one(".appointments"))

    organisations = article(page(built, "en", "organisations/index"))
    assert "Organisation for Economic Co-operation and Development (OECD)" in text(organisations)


# -- lang attributes ---------------------------------------------------------------------


def test_each_site_declares_its_language(built: site.Layout) -> None:
    for lang in ("fr", "en"):
        for docname in DOCS:
            html = page(built, lang, docname).html
            assert html is not None and html["lang"] == lang, (lang, docname)


def test_untranslated_paragraphs_are_marked_french_on_the_english_site(built: site.Layout) -> None:
    body = article(page(built, "en", RELEASE))

    marked = [(tag.name, text(tag)) for tag in body.select("[lang]") if not tag.find_parent("nav")]

    assert marked == [
        ("p", "Ce paragraphe reste à traduire."),
        ("p", "Ce paragraphe a changé depuis sa traduction."),  # fuzzy: Sphinx shows the French
    ]


@pytest.mark.parametrize(("lang", "docname"), [("en", PERSON), ("en", "index"), ("fr", RELEASE)])
def test_translated_and_source_pages_mark_only_the_original_s_words(
    built: site.Layout, lang: str, docname: str
) -> None:
    """A source page marks nothing; a translated one, only what its translation kept word for word."""
    body = article(page(built, lang, docname))
    french = article(page(built, "fr", docname))
    marked = [tag for tag in body.select("[lang]") if not tag.find_parent("nav")]

    if lang == "fr":
        assert marked == []
    assert all(tag["lang"] == "fr" and text(tag) in text(french) for tag in marked), marked
    assert body.select_one(".untranslated-notice") is None


def test_a_partly_translated_page_says_so_and_links_to_the_progress_page(built: site.Layout) -> None:
    notice = article(page(built, "en", RELEASE)).select_one(".untranslated-notice")

    assert notice is not None
    assert "This page is not fully translated yet: 2 passages are still in French." in text(notice)
    link = notice.select_one("a.translation-help")
    assert isinstance(link, Tag)
    assert resolve(built, "en", RELEASE, str(link["href"])) == built.html_dir("en") / "translation.html"


# -- switcher and hreflang ---------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_page_links_its_counterparts(built: site.Layout, lang: str) -> None:
    other = "en" if lang == "fr" else "fr"
    for docname in [*DOCS, "genindex", "search"]:
        soup = page(built, lang, docname)
        links = soup.select('head link[rel="alternate"][hreflang]')
        alternates = {str(link["hreflang"]): str(link["href"]) for link in links}
        # for search engines: absolute, from the site's address, as in the sitemaps
        assert alternates == {
            "fr": f"{BASE_URL}fr/{docname}.html",
            "en": f"{BASE_URL}en/{docname}.html",
            "x-default": f"{BASE_URL}fr/{docname}.html",
        }, docname
        for target in ("fr", "en"):
            relative = alternates[target].removeprefix(BASE_URL)
            assert (built.out / relative).is_file()

        # for readers: a relative link to the same page in the other language
        switcher = soup.select("nav.language-switcher a")
        assert [(a["hreflang"], a["lang"], a.get_text(strip=True)) for a in switcher] == [
            (other, other, LANGUAGE_NAMES[other])
        ], docname
        href = str(switcher[0]["href"])
        assert not href.startswith(("http:", "https:", "/"))
        assert resolve(built, lang, docname, href) == built.html_dir(other) / f"{docname}.html"


def test_the_switcher_is_named_in_the_page_language(built: site.Layout) -> None:
    assert page(built, "fr", RELEASE).select_one("nav.language-switcher")["aria-label"] == (  # type: ignore[index]
        "Cette page dans une autre langue"
    )
    assert page(built, "en", RELEASE).select_one("nav.language-switcher")["aria-label"] == (  # type: ignore[index]
        "This page in another language"
    )


# -- progress ----------------------------------------------------------------------------


def progress_table(layout: site.Layout, lang: str) -> list[tuple[str, tuple[int, int, int]]]:
    """The progress table's rows: (page title, (translated, fuzzy, untranslated)), in order."""
    table = article(page(layout, lang, "translation")).select_one("table.translation-progress-en")
    assert table is not None
    rows = []
    for row in table.select("tbody tr"):
        cells = [text(cell) for cell in row.select("td")]
        rows.append((cells[0], (int(cells[1]), int(cells[2]), int(cells[3]))))
    return rows


def progress_rows(layout: site.Layout, lang: str) -> dict[str, tuple[int, int, int]]:
    """The progress table as {page title: counts} (for roots whose pages have distinct titles)."""
    return dict(progress_table(layout, lang))


def test_progress_page_counts_the_current_messages(built: site.Layout) -> None:
    rows = progress_rows(built, "en")

    assert rows["Translation test"] == (6, 1, 1)
    # its catalog holds a deleted and an obsolete entry: neither counts
    assert rows["Jeanne Essai"] == (3, 0, 0)
    assert rows["Labels of the archive (menus, section headings, dates)"][1:] == (0, 0)
    summary = article(page(built, "en", "translation")).select_one(".translation-progress-summary")
    translated = sum(r[0] for r in rows.values())
    assert text(summary).startswith(f"{translated} of {translated + 2} messages translated")
    assert "1 to review, 1 untranslated" in text(summary)


def test_the_french_site_shows_the_same_progress_in_french(built: site.Layout) -> None:
    french = progress_rows(built, "fr")
    english = progress_rows(built, "en")

    assert french["Essai de traduction"] == english["Translation test"]
    assert sorted(french.values()) == sorted(english.values())
    assert (
        text(article(page(built, "fr", "translation")).select_one("p.rubric"))
        == "Anglais (originaux en français)"
    )


@pytest.mark.slow
def test_progress_counts_what_the_gettext_builder_extracts(built: site.Layout) -> None:
    """The messages collected while reading are exactly those of the templates."""
    project = catalogs.Project.archive(built.root)
    pots = catalogs.write_templates(project)
    with (built.doctree_dir("en") / "environment.pickle").open("rb") as env_file:
        env = pickle.load(env_file)
    collected = env.domaindata["translation"]["messages"]

    for name, template in pots.items():
        if name in ("communiques", "sphinx"):
            continue
        with template.path.open("rb") as pot_file:
            assert pack_digests(m.id for m in read_po(pot_file) if m.id) == collected[name], name
    assert set(collected) == set(pots) - {"communiques", "sphinx"}


# -- incremental builds ------------------------------------------------------------------


@pytest.mark.slow
def test_a_changed_catalog_updates_pages_and_progress_on_an_incremental_build(
    tmp_path: Path, built: site.Layout
) -> None:
    layout = copy_of(built, tmp_path / "root")
    root = layout.root
    po_path = root / "locales/en/LC_MESSAGES" / f"{RELEASE}.po"
    with po_path.open("rb") as po_file:
        po = read_po(po_file, locale="en")
    po["Ce paragraphe reste à traduire."].string = "This paragraph is still to translate."
    with po_path.open("wb") as po_file:
        write_po(po_file, po, width=76)

    build(layout, "fr", "en")

    assert progress_rows(layout, "en")["Translation test"] == (7, 1, 0)
    assert progress_rows(layout, "fr")["Essai de traduction"] == (7, 1, 0)
    notice = article(page(layout, "en", RELEASE)).select_one(".untranslated-notice")
    assert "1 passage is still in French." in text(notice)
    marked = [text(tag) for tag in article(page(layout, "en", RELEASE)).select("p[lang]")]
    assert marked == ["Ce paragraphe a changé depuis sa traduction."]


@pytest.mark.slow
def test_a_changed_source_updates_the_progress_on_an_incremental_build(
    tmp_path: Path, built: site.Layout
) -> None:
    layout = copy_of(built, tmp_path / "root")
    root = layout.root
    source = root / "source" / f"{PERSON}.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nUne phrase ajoutée.\n", encoding="utf-8")

    build(layout, "en")

    assert progress_rows(layout, "en")["Jeanne Essai"] == (3, 0, 1)


# -- in a browser --------------------------------------------------------------------------


@pytest.fixture
def served(built: site.Layout) -> Iterator[str]:
    """The built site served over HTTP, as a host would: its base URL."""
    with serving(built.out) as base:
        yield f"{base}/"


def test_a_reader_switches_language_and_lands_on_the_same_page(served: str, browser: Browser) -> None:
    release = f"{RELEASE}.html"
    # The root page sends an English-speaking reader to the English site.
    context = browser.new_context(locale="en-CA")
    tab = context.new_page()
    tab.goto(served)
    tab.wait_for_url(f"{served}en/")
    assert tab.locator("html").get_attribute("lang") == "en"

    tab.goto(f"{served}fr/{release}")
    assert tab.locator("html").get_attribute("lang") == "fr"
    switcher = tab.get_by_role("navigation", name="Cette page dans une autre langue")
    switcher.get_by_role("link", name="English").click()
    tab.wait_for_url(f"{served}en/{release}")
    assert tab.locator("html").get_attribute("lang") == "en"
    assert tab.get_by_role("heading", level=1).inner_text().startswith("Translation test")
    assert tab.get_by_role("note").inner_text().startswith("This page is not fully translated yet")

    tab.get_by_role("navigation", name="This page in another language").get_by_role(
        "link", name="Français"
    ).click()
    tab.wait_for_url(f"{served}fr/{release}")
    context.close()


@pytest.mark.slow
def test_a_parallel_build_counts_and_marks_like_a_serial_one(tmp_path: Path, built: site.Layout) -> None:
    layout = copy_of(built, tmp_path / "root", with_build=False)

    build(layout, "en", jobs=3)

    assert progress_rows(layout, "en") == progress_rows(built, "en")
    for docname in DOCS:
        assert str(article(page(layout, "en", docname))) == str(article(page(built, "en", docname))), docname


# -- the archive itself: rules, whatever source/ holds ---------------------------------------


@pytest.fixture(scope="module")
def live_archive_in_english(tmp_path_factory: pytest.TempPathFactory, extension_path: None) -> site.Layout:
    root = tmp_path_factory.mktemp("archive")
    shutil.copy(site.ROOT / "conf.py", root / "conf.py")
    for folder in ("source", "locales"):
        shutil.copytree(site.ROOT / folder, root / folder, ignore=shutil.ignore_patterns("*.mo"))
    layout = layout_of(root)
    build(layout, "en", jobs=3)
    return layout


def test_every_english_page_of_the_archive_says_what_is_left_in_french(
    live_archive_in_english: site.Layout,
) -> None:
    """Translation is progress: a page with French passages marks them, says so and links on."""
    pages = sorted(live_archive_in_english.html_dir("en").rglob("*.html"))
    assert pages
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        body = soup.find("article")
        if not isinstance(body, Tag):
            continue
        notice = body.select_one("aside.translation-notice")
        if notice is None or "translation-translated" in notice["class"]:
            continue
        assert "untranslated-notice" in notice["class"], path
        help_link = notice.select_one("a.translation-help")
        assert help_link is not None, path
        assert (path.parent / str(help_link["href"])).resolve() == live_archive_in_english.html_dir(
            "en"
        ).resolve() / "translation.html"
        assert body.select('[lang="fr"]'), f"{path}: a notice, but no passage marked French"


def test_the_progress_page_counts_what_the_catalog_tool_counts(live_archive_in_english: site.Layout) -> None:
    project = catalogs.Project.archive(live_archive_in_english.root)
    tool = catalogs.progress(project, catalogs.write_templates(project), ["en"])["fr→en"]
    # A list, not a dict by title: two releases may have the same title.
    rows = [counts for _title, counts in progress_table(live_archive_in_english, "en")]

    assert rows and len(rows) == len(tool)
    totals = tuple(sum(row[i] for row in rows) for i in range(3))
    assert totals == (
        sum(c.translated for c in tool.values()),
        sum(c.fuzzy for c in tool.values()),
        sum(c.untranslated for c in tool.values()),
    )


@pytest.mark.content  # reads the live archive
def test_a_new_french_release_with_no_english_yet_builds_and_says_so(
    tmp_path: Path, extension_path: None
) -> None:
    """An archivist's pull request: a new release, no translation. The strict build passes (issue 17)."""
    root = tmp_path / "archive"
    root.mkdir()
    shutil.copy(site.ROOT / "conf.py", root / "conf.py")
    for folder in ("source", "locales"):
        shutil.copytree(site.ROOT / folder, root / folder, ignore=shutil.ignore_patterns("*.mo"))
    # a year the archive may not have yet (the year pages are found by a glob)
    (root / "source" / "releases" / "2019").mkdir()
    (root / "source" / "releases" / "2019" / "index.md").write_text(
        '---\ntitle: "2019"\n---\n\n:::{release-list}\n:year: 2019\n:::\n', encoding="utf-8"
    )
    docname = "releases/2019/2019-09-03-nouveau-communique"
    (root / "source" / f"{docname}.md").write_text(
        "---\nid: 2019-09-03-nouveau-communique\ntype: press-release\ntitle: Un communiqué tout neuf\n"
        "issued: 2019-09-03\nplace: Montréal\nlanguage: fr\nissuers:\n  - gouvernement-du-quebec\n---\n\n"
        "Le {org}`gouvernement du Québec <gouvernement-du-quebec>` annonce une nouvelle que personne "
        "n’a encore traduite.\n",
        encoding="utf-8",
    )
    layout = layout_of(root)

    build(layout, "fr", "en")

    body = article(page(layout, "en", docname))
    notice = body.select_one("aside.translation-notice")
    assert notice is not None and "translation-untranslated" in notice["class"]
    assert text(notice).startswith("This page has not been translated into English yet: here is its original")
    assert text(body.find("h1")).startswith("Un communiqué tout neuf")
    assert body.find("h1")["lang"] == "fr"  # type: ignore[index]
    assert [text(p) for p in body.select('p[lang="fr"]')] == [
        "Le gouvernement du Québec annonce une nouvelle que personne n’a encore traduite."
    ]
    assert text(body.select_one(".release-type")) == "Press release"  # the labels are English
    rows = progress_rows(layout, "en")
    translated, fuzzy, untranslated = rows["Un communiqué tout neuf"]
    assert (translated, fuzzy) == (0, 0) and untranslated > 0
    assert catalogs.run_check(catalogs.Project.archive(root), ["fr", "en"]) == 0
