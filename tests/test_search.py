"""Search: the pages' markup, the Pagefind index, and the search page in a real browser.

Two sites are built once for the whole module, each in French and English
and indexed exactly as ``python -m communiques.tools.site`` does: the test project
``tests/roots/test-search`` (three releases, so that "exactly the releases
that mention a person" means something) and the archive itself. Each is
served over HTTP (Pagefind loads its index with ``fetch``) to Debian's
Chromium, driven by Playwright.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
import shutil
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from browser import build_site
from communiques.core.languages import LANGUAGES
from communiques.search import bundle as search_bundle
from communiques.search import index, verify
from communiques.search.shards import plan
from helpers import REPO, ROOTS

# Builds a whole site (or runs the catalog tools on the whole archive): not in the quick loop.
pytestmark = pytest.mark.slow

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Page


SEED = "releases/2020/2020-06-25-quebec-france-partenaires-intelligence-artificielle.html"
R2019 = "releases/2019/2019-05-02-phare-restaure.html"
R2020 = "releases/2020/2020-03-10-gras-et-guillemets.html"
R2021 = "releases/2021/2021-11-20-lighthouse-keepers.html"
#: its title as printed: Sphinx puts non-breaking spaces inside « »
R2020_TITLE = "Les <b>balises</b> et les «\u00a0feux\u00a0» d’Alice"


# -- building and serving (the archive, the browser and the server are conftest's) --------


@pytest.fixture(scope="module")
def root_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test project, built; its English labels from the extension's real catalog."""
    work = tmp_path_factory.mktemp("search-root")
    root = shutil.copytree(ROOTS / "test-search", work / "project")
    catalog = root / "locales" / "en" / "LC_MESSAGES"
    shutil.copy(REPO / "locales" / "en" / "LC_MESSAGES" / "communiques.po", catalog / "communiques.po")
    return build_site(root, work)


# -- reading the search page --------------------------------------------------------------


def settle(page: Page) -> None:
    """Wait until the search page shows the results of the reader's last action."""
    page.wait_for_selector("#search-results[aria-busy=false]", state="attached")


def open_search(page: Page, base: str, lang: str = "fr", query: str = "") -> None:
    page.goto(f"{base}/{lang}/search.html{query}")
    settle(page)


def release_hrefs(page: Page) -> list[str]:
    links = page.locator(".search-release-list a.search-result-link")
    return [
        urlsplit(href).path
        for href in (links.nth(i).get_attribute("href") or "" for i in range(links.count()))
    ]


def entity_titles(page: Page) -> list[str]:
    return page.locator(".search-entity-list a.search-result-link").all_inner_texts()


def filter_values(page: Page, key: str) -> list[str]:
    """Every value of a filter (its list unfolded whole: it shows its most frequent first)."""
    open_filters(page)
    more = page.locator(f"fieldset[data-filter={key}] button.search-filter-more")
    if more.count() and more.is_visible() and more.get_attribute("aria-expanded") == "false":
        more.click()
    return page.locator(f"fieldset[data-filter={key}] input[type=checkbox]").evaluate_all(
        "boxes => boxes.map(box => box.value)"
    )


def open_filters(page: Page) -> None:
    """Unfold the filters (folded unless the address chose some) and wait for their lists."""
    if not page.locator("details.search-filters").evaluate("details => details.open"):
        page.click("details.search-filters summary")
    page.wait_for_selector("details.search-filters[data-loaded]", state="attached")
    settle(page)


def type_query(page: Page, text: str) -> None:
    page.fill("#search-query", text)
    settle(page)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def pagefind_values(page: BeautifulSoup, attribute: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag in page.select(f"[{attribute}]"):
        found.setdefault(str(tag[attribute]), []).append(tag.get_text())
    return found


# -- the markup Pagefind reads --------------------------------------------------------------


def test_a_release_is_indexed_with_its_filters_metadata_and_date(root_site: Path) -> None:
    page = soup(root_site / "fr" / R2020)
    bodies = page.select("[data-pagefind-body]")
    assert len(bodies) == 1
    assert bodies[0].find_parent("article") is not None, "only the article is indexed"
    filters = pagefind_values(page, "data-pagefind-filter")
    assert filters == {
        "record": ["release"],
        "type": ["Déclaration"],
        "year": ["2020"],
        "day": ["2020-03-10"],  # for date ranges
        "issuer": ["Ministère des Phares, des Balises et de l’Éclairage"],
        "organisation": ["Ministère des Phares, des Balises et de l’Éclairage"],
        "person": ["Alice Martin", "Bruno Roy"],
        "agreement": ["Entente sur l’entretien des phares"],
        "language": ["Français"],
    }
    meta = pagefind_values(page, "data-pagefind-meta")
    assert meta["title"] == [R2020_TITLE]
    assert meta["date"] == ["10 mars 2020"]
    assert pagefind_values(page, "data-pagefind-sort") == {"date": ["2020-03-10"]}
    data = page.select_one(".communiques-search-data")
    assert isinstance(data, Tag)
    assert data.has_attr("hidden") and data.has_attr("data-pagefind-ignore")


def test_filter_values_are_the_languages_names(root_site: Path) -> None:
    english = soup(root_site / "en" / R2021)
    filters = pagefind_values(english, "data-pagefind-filter")
    assert filters["type"] == ["Speech"]
    assert filters["language"] == ["English"]
    assert filters["organisation"] == [
        "Gouvernement du Québec",
        "Ministry of Lighthouses, Beacons and Lighting",
    ]
    assert pagefind_values(english, "data-pagefind-meta")["date"] == ["November 20, 2021"]


def test_only_records_are_indexed(root_site: Path) -> None:
    for name in (
        "index.html",
        "releases/2020/index.html",
        "people/index.html",
        "search.html",
        "genindex.html",
    ):
        assert soup(root_site / "fr" / name).select("[data-pagefind-body]") == [], name
    person = soup(root_site / "fr" / "people" / "alice-martin.html")
    assert len(person.select("[data-pagefind-body]")) == 1
    assert pagefind_values(person, "data-pagefind-filter") == {
        "record": ["entity"],
        "kind": ["Fiche de personne"],  # a filter apart from the releases' types
    }


def test_sphinx_search_index_is_replaced_by_pagefind(root_site: Path) -> None:
    for lang in LANGUAGES:
        folder = root_site / lang
        assert not (folder / "searchindex.js").exists()
        assert (folder / "pagefind" / "pagefind.js").is_file()
        assert (folder / "pagefind" / "pagefind-entry.json").is_file()
        search = soup(folder / "search.html")
        assert search.select_one("#communiques-search") is not None
        assert not search.select('script[src*="searchindex.js"]')


def test_index_text_reads_typographic_apostrophes_as_ascii() -> None:
    assert search_bundle.index_text("<p>l’économie</p>") == "<p>l'économie</p>"
    # values kept as written are character references, which it leaves alone
    assert search_bundle.index_text("<span>d&#8217;Alice</span>") == "<span>d&#8217;Alice</span>"


def test_the_index_is_rebuilt_only_when_pages_change(
    root_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = shutil.copytree(root_site / "fr", tmp_path / "fr")
    state = tmp_path / "state"
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert index.index_language(copy, state).indexed
    assert not index.index_language(copy, state).indexed
    page = copy / R2019
    page.write_text(page.read_text(encoding="utf-8").replace("restauration", "réfection"), encoding="utf-8")
    again = index.index_language(copy, state)
    assert again.indexed
    assert again.bundle == copy / "pagefind"
    assert not (copy / "pagefind.new").exists() and not (copy / "pagefind.old").exists()
    assert list(elsewhere.iterdir()) == [], "nothing is written in the working directory"


def bundle_files(site: Path, folder: str) -> dict[str, int]:
    """The files of one search bundle (not those nested in it) and their modification times."""
    bundle = site / "pagefind" / folder
    return {
        path.relative_to(bundle).as_posix(): path.stat().st_mtime_ns
        for path in bundle.rglob("*")
        if path.is_file() and (folder or not path.relative_to(bundle).as_posix().startswith("archive/"))
    }


def test_past_years_are_bundled_apart_and_each_bundle_indexed_only_when_its_pages_change(
    root_site: Path, tmp_path: Path
) -> None:
    copy = shutil.copytree(root_site / "fr", tmp_path / "fr")
    state = tmp_path / "state"
    first = index.index_language(copy, state, force=True, shard_pages=1)
    listed = json.loads((copy / "pagefind/shards.json").read_text(encoding="utf-8"))["bundles"]
    assert [entry["path"] for entry in listed] == ["", "archive/2020/", "archive/2019/"]
    assert [entry.get("first") for entry in listed] == [None, 2020, 2019]
    assert listed[2]["probe"] == {"query": "Le phare de l’île restauré", "page": R2019}
    # every bundle built and proved, each by its own query; none kept
    assert first.indexed and first.pages == len(index.pages(copy))
    assert [proof.split(":", 1)[0] for proof in first.verified.split("; ")] == [
        "archive/2020",
        "archive/2019",
        "current",
    ]
    before = {folder: bundle_files(copy, folder) for folder in ("", "archive/2020", "archive/2019")}

    page = copy / R2021
    page.write_text(page.read_text(encoding="utf-8").replace("keepers", "wardens"), encoding="utf-8")
    again = index.index_language(copy, state, shard_pages=1)
    assert again.indexed and again.verified.startswith("current: verified")
    assert again.verified.endswith("2 of 3 bundles unchanged")
    assert bundle_files(copy, "archive/2020") == before["archive/2020"]
    assert bundle_files(copy, "archive/2019") == before["archive/2019"]
    assert bundle_files(copy, "") != before[""]

    page = copy / R2019
    page.write_text(page.read_text(encoding="utf-8").replace("restauration", "réfection"), encoding="utf-8")
    current = bundle_files(copy, "")
    third = index.index_language(copy, state, shard_pages=1)
    assert third.verified.startswith("archive/2019: verified") and third.pages == 1
    assert bundle_files(copy, "") == current, "the current bundle is not written again"
    assert verify.verify_bundle(copy, "réfection", R2019, bundle_dir="pagefind/archive/2019") == []
    assert not index.index_language(copy, state, shard_pages=1).indexed

    # One bundle for the whole site: the past years' bundles go.
    single = index.index_language(copy, state, shard_pages=0)
    assert single.verified.startswith("current: verified")
    assert not (copy / "pagefind/archive").exists()
    listed = json.loads((copy / "pagefind/shards.json").read_text(encoding="utf-8"))["bundles"]
    assert [entry["path"] for entry in listed] == [""]


def test_the_bundle_plan_keeps_a_year_whole_and_groups_past_years_oldest_first(tmp_path: Path) -> None:
    site = tmp_path / "fr"
    counts = {2000: 1, 2001: 2, 2002: 5, 2003: 1, 2004: 2}
    found = [site / "index.html", site / "releases/2004/index.html", site / "people/alice-martin.html"]
    for year, n in counts.items():
        found += [site / f"releases/{year}/{year}-01-{day:02d}-x.html" for day in range(1, n + 1)]
    shards = plan(site, found, shard_pages=4)
    assert [(shard.path, shard.years, len(shard.pages)) for shard in shards] == [
        ("", None, 5),  # 2004's two releases, the home page, 2004's listing, a person
        ("archive/2003/", (2003, 2003), 1),
        ("archive/2002/", (2002, 2002), 5),  # more than 4: a year is never split
        ("archive/2000-2001/", (2000, 2001), 3),
    ]
    assert [len(shard.pages) for shard in plan(site, found, shard_pages=0)] == [len(found)]
    assert all(shard.pages == tuple(sorted(shard.pages)) for shard in shards)


# -- the archive in a browser ---------------------------------------------------------------


@pytest.mark.parametrize("query", ["numerique", "Girault", "chaire justice sociale", "CEIMIA"])
def test_the_seed_comes_first(seed_site: Path, serve: functools.partial[str], page: Page, query: str) -> None:
    open_search(page, serve(seed_site))
    type_query(page, query)
    assert release_hrefs(page)[0] == f"/fr/{SEED}"


def test_searching_a_name_offers_the_entity_page(
    seed_site: Path, serve: functools.partial[str], page: Page
) -> None:
    open_search(page, serve(seed_site), query="?q=Girault")
    assert "Nadine Girault" in entity_titles(page)
    link = page.locator(".search-entity-list a.search-result-link", has_text="Nadine Girault")
    assert urlsplit(link.get_attribute("href") or "").path == "/fr/people/nadine-girault.html"


def test_the_feed_link_of_entity_pages_is_not_indexed(seed_site: Path) -> None:
    """Every entity page shows "S'abonner": indexed, the word would match them all."""
    page = seed_site / "fr" / "people" / "nadine-girault.html"
    assert "S’abonner" in page.read_text(encoding="utf-8")
    contents = {}
    for fragment in (seed_site / "fr" / "pagefind" / "fragment").glob("*.pf_fragment"):
        # Pagefind's fragments: gzip of a "pagefind_dcd" mark and the page's JSON record.
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        contents[urlsplit(data["url"]).path] = data["content"]
    indexed = contents["/people/nadine-girault.html"]
    assert "Nadine Girault" in indexed
    assert "abonner" not in indexed.lower()


def entity_names_linked_from(folder: Path, docname: str, kind_dir: str) -> set[str]:
    """The names (page titles) of the entities of one kind the page's article links to."""
    article = soup(folder / docname).find("article")
    assert isinstance(article, Tag)
    names = set()
    for link in article.select(f'a[href*="{kind_dir}/"]'):
        target = (folder / docname).parent / str(link["href"]).split("#")[0]
        heading = soup(target.resolve()).select_one("article h1")
        assert isinstance(heading, Tag)
        names.add(heading.get_text().rstrip("¶").strip())
    return names


def test_the_filters_list_every_person_and_organisation_of_the_seed(
    seed_site: Path, serve: functools.partial[str], page: Page
) -> None:
    folder = seed_site / "fr"
    people = entity_names_linked_from(folder, SEED, "people")
    organisations = entity_names_linked_from(folder, SEED, "organisations")
    assert {"Nadine Girault", "Cédric O", "Frédérique Vidal"} <= people
    assert "Centre d’expertise international de Montréal en intelligence artificielle" in organisations
    open_search(page, serve(seed_site))
    assert people <= set(filter_values(page, "person"))
    assert organisations <= set(filter_values(page, "organisation"))


def test_filtering_by_a_person_in_the_archive(
    seed_site: Path, serve: functools.partial[str], page: Page
) -> None:
    person = soup(seed_site / "fr" / "people" / "nadine-girault.html")
    listed = {
        "/fr/" + str(link["href"]).removeprefix("../")
        for link in person.select('.entity-mentions a[href*="releases/"]')
    }
    open_search(page, serve(seed_site))
    open_filters(page)
    page.get_by_label("Nadine Girault").check()
    settle(page)
    assert set(release_hrefs(page)) == listed == {f"/fr/{SEED}"}


def test_the_english_archive_is_searched_in_english(
    seed_site: Path, serve: functools.partial[str], page: Page
) -> None:
    open_search(page, serve(seed_site), lang="en", query="?q=digital+partners")
    assert release_hrefs(page)[0] == f"/en/{SEED}"
    first = page.locator(".search-release-list .search-result").first
    assert (
        first.locator("a").inner_text() == "Québec and France, strategic partners in artificial intelligence"
    )
    assert "Press release · June 25, 2020" in first.inner_text()
    assert "Global Partnership on Artificial Intelligence" in filter_values(page, "organisation")
    assert filter_values(page, "language") == ["French"]


# -- the test project in a browser: filters, escaping, keyboard, URL, languages -----------------


def test_filtering_by_a_person_returns_exactly_the_releases_that_mention_them(
    root_site: Path, serve: functools.partial[str], page: Page
) -> None:
    open_search(page, serve(root_site))
    assert page.locator(".search-status").inner_text().startswith("Tapez un mot")
    assert not page.locator("details.search-filters").evaluate("details => details.open")
    assert page.locator("fieldset.search-filter").count() == 0, "lists load when unfolded"
    assert sorted(filter_values(page, "person")) == ["Alice Martin", "Bruno Roy"]
    page.locator("fieldset[data-filter=person]").get_by_label("Alice Martin").check()
    settle(page)
    assert sorted(release_hrefs(page)) == [f"/fr/{R2019}", f"/fr/{R2020}"]
    assert entity_titles(page) == []
    page.locator("fieldset[data-filter=person]").get_by_label("Alice Martin").uncheck()
    page.locator("fieldset[data-filter=person]").get_by_label("Bruno Roy").check()
    settle(page)
    assert sorted(release_hrefs(page)) == [f"/fr/{R2020}", f"/fr/{R2021}"]


def test_filters_combine_with_a_query_and_count_the_results(
    root_site: Path, serve: functools.partial[str], page: Page
) -> None:
    open_search(page, serve(root_site), query="?q=phare&year=2021")
    assert page.locator("details.search-filters").evaluate("details => details.open")
    assert release_hrefs(page) == [f"/fr/{R2021}"]
    counts = page.locator("fieldset[data-filter=year] label").all_inner_texts()
    assert "2021 (1)" in counts


def test_titles_and_excerpts_are_shown_as_text(
    root_site: Path, serve: functools.partial[str], page: Page
) -> None:
    open_search(page, serve(root_site), query="?q=balises")
    link = page.locator(".search-release-list a.search-result-link").first
    assert link.inner_text() == R2020_TITLE
    assert page.locator("#search-results b, #search-results script").count() == 0
    type_query(page, "restent")
    excerpt = page.locator(".search-release-list .search-result-excerpt").first
    assert excerpt.locator("mark").count() == 1
    assert excerpt.evaluate("p => [...p.children].every(child => child.tagName === 'MARK')")
    assert "les balises <b> et <script> restent du texte" in excerpt.inner_text()
    # excerpts keep the pages' typographic apostrophes
    type_query(page, "entente")
    assert "l’Entente" in page.locator(".search-release-list .search-result-excerpt").first.inner_text()


def test_accents_and_elisions_do_not_matter(
    root_site: Path, serve: functools.partial[str], page: Page
) -> None:
    open_search(page, serve(root_site))
    # the page prints « l’économie » and « l’île »
    for query in ("economie", "économie", "l’économie", "ile"):
        type_query(page, query)
        assert release_hrefs(page) == [f"/fr/{R2019}"], query


def test_no_results_says_so(root_site: Path, serve: functools.partial[str], page: Page) -> None:
    open_search(page, serve(root_site), query="?q=zzzyx")
    status = page.locator(".search-status").inner_text()
    # the label's French spacing: no-break spaces inside the guillemets
    assert status.startswith("Aucun résultat pour «\u00a0zzzyx\u00a0»")
    assert release_hrefs(page) == [] and entity_titles(page) == []


def test_labels_every_release_has_are_not_searched(
    root_site: Path, serve: functools.partial[str], page: Page
) -> None:
    # « Communiqué de presse », « Publié par : » head every release page;
    # the kind of a page shows in its result, but is not searched
    open_search(page, serve(root_site), query="?q=presse")
    assert release_hrefs(page) == []
    for query in ("publié", "fiche"):
        type_query(page, query)
        assert release_hrefs(page) == [] and entity_titles(page) == [], query
    type_query(page, "restauration")
    meta = page.locator(".search-release-list .search-result-meta").first.inner_text()
    assert meta == "Communiqué de presse · 2 mai 2019"


def test_the_url_carries_the_query_the_filters_and_the_order(
    root_site: Path, serve: functools.partial[str], page: Page
) -> None:
    open_search(page, serve(root_site))
    type_query(page, "phare")
    open_filters(page)
    page.locator("fieldset[data-filter=person]").get_by_label("Alice Martin").check()
    settle(page)
    page.select_option("#search-sort", "date-desc")
    settle(page)
    expected = [f"/fr/{R2020}", f"/fr/{R2019}"]
    assert release_hrefs(page) == expected
    assert parse_qs(urlsplit(page.url).query) == {
        "q": ["phare"],
        "person": ["Alice Martin"],
        "sort": ["date-desc"],
    }
    shared = page.url
    page.goto("about:blank")
    page.goto(shared)
    settle(page)
    assert page.input_value("#search-query") == "phare"
    assert page.locator("fieldset[data-filter=person]").get_by_label("Alice Martin").is_checked()
    assert page.input_value("#search-sort") == "date-desc"
    assert release_hrefs(page) == expected
    page.select_option("#search-sort", "date-asc")
    settle(page)
    assert release_hrefs(page) == list(reversed(expected))


def test_the_sidebar_search_box_lands_on_the_search_page(
    root_site: Path, serve: functools.partial[str], page: Page
) -> None:
    page.goto(f"{serve(root_site)}/fr/{R2019}")
    box = page.locator("form.sidebar-search-container input[name=q]")
    box.fill("Alice")
    box.press("Enter")
    page.wait_for_url("**/fr/search.html?**")
    settle(page)
    assert page.input_value("#search-query") == "Alice"
    assert "Alice Martin" in entity_titles(page)
    assert set(release_hrefs(page)) >= {f"/fr/{R2019}", f"/fr/{R2020}"}


def test_the_keyboard_reaches_and_opens_the_results(
    root_site: Path, serve: functools.partial[str], page: Page
) -> None:
    open_search(page, serve(root_site))
    assert page.evaluate("document.activeElement.id") == "search-query"
    label = page.locator("label[for=search-query]").inner_text()
    assert label == "Rechercher dans les communiqués et les fiches"
    page.keyboard.type("phare")
    settle(page)
    page.select_option("#search-sort", "date-desc")  # releases only, in a known order
    settle(page)
    page.focus("#search-query")
    links = page.locator("a.search-result-link")
    assert links.count() == 3
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == links.nth(0).inner_text()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == links.nth(1).inner_text()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "search-query"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/fr/{R2021}")


def test_the_english_site_searches_the_english_index(
    root_site: Path, serve: functools.partial[str], page: Page
) -> None:
    base = serve(root_site)
    open_search(page, base, query="?q=lighthouse")
    assert release_hrefs(page) == [], "the French index has no English text"
    open_search(page, base, lang="en", query="?q=lighthouse")
    assert release_hrefs(page)[0] == f"/en/{R2021}"
    assert page.locator(".search-release-list a.search-result-link").first.inner_text() == (
        "Tribute to the lighthouse keepers"
    )
    assert page.locator("label[for=search-query]").inner_text() == (
        "Search the releases and the records of people, organisations and agreements"
    )
    open_filters(page)
    legends = page.locator(".search-filter legend").all_inner_texts()
    assert legends[:3] == ["Release type", "Year", "Issuer"]
    assert "Ministry of Lighthouses, Beacons and Lighting" in filter_values(page, "organisation")
    assert sorted(filter_values(page, "language")) == ["English", "French"]


# -- holding at 10,000 releases: counts, "show all", long filters, types, dates, highlights ----


def status_numbers(page: Page) -> list[int]:
    """The numbers the status announces: total, then releases and records when both are found."""
    text = page.locator(".search-status[role=status]").inner_text()
    return [int(re.sub(r"\D", "", n)) for n in re.findall(r"\d[\d\u202f\u00a0 ]*", text)]


def test_what_is_announced_is_what_can_be_shown(
    seed_site: Path, serve: functools.partial[str], page: Page
) -> None:
    open_search(page, serve(seed_site), query="?q=intelligence")
    total, releases, records = status_numbers(page)
    assert total == releases + records and records > 5
    entities = page.locator(".search-entity-list .search-result")
    assert entities.count() == 5
    assert page.locator(".search-entities .search-section-count").inner_text() == f"(5 sur {records})"
    button = page.locator("button.search-all-entities")
    assert button.inner_text() == f"Afficher les {records} fiches"
    button.click()
    page.wait_for_selector("button.search-all-entities", state="hidden")
    assert entities.count() == records
    assert page.locator(".search-entities .search-section-count").inner_text() == f"({records})"
    # the first record shown by the click has the focus
    assert page.evaluate("document.activeElement.textContent") == entities.nth(5).locator("a").inner_text()
    assert page.locator(".search-release-list .search-result").count() == releases


def test_a_filter_shows_its_most_frequent_values_and_filters_them_as_one_types(
    seed_site: Path, serve: functools.partial[str], page: Page
) -> None:
    open_search(page, serve(seed_site))
    open_filters(page)
    group = page.locator("fieldset[data-filter=organisation]")
    boxes = group.locator("input[type=checkbox]")
    assert boxes.count() == 8
    everything = filter_values(page, "organisation")
    assert len(everything) > 8
    group.locator("button.search-filter-more").click()  # fold it again
    assert boxes.count() == 8
    find = group.get_by_label("Chercher dans la liste : Organisation")
    find.fill("zzz")
    assert group.locator(".search-filter-none").inner_text() == "Aucune valeur ne correspond."
    find.fill("montreal")
    values = boxes.evaluate_all("boxes => boxes.map(box => box.value)")
    assert values == ["Centre d’expertise international de Montréal en intelligence artificielle"]
    group.get_by_label(values[0]).check()
    settle(page)
    find.fill("")
    # a chosen value stays shown when the list is folded
    assert values[0] in boxes.evaluate_all("boxes => boxes.map(box => box.value)")
    assert release_hrefs(page) == [f"/fr/{SEED}"]


def test_release_types_are_apart_from_record_kinds(
    root_site: Path, serve: functools.partial[str], page: Page
) -> None:
    open_search(page, serve(root_site))
    assert sorted(filter_values(page, "type")) == ["Allocution", "Communiqué de presse", "Déclaration"]
    assert set(filter_values(page, "kind")) == {
        "Fiche d’entente",
        "Fiche d’organisation",
        "Fiche de personne",
    }


def test_a_date_range_keeps_the_releases_of_its_days(
    root_site: Path, serve: functools.partial[str], page: Page
) -> None:
    # the releases: 2 May 2019, 10 March 2020, 20 November 2021
    open_search(page, serve(root_site), query="?from=2020-01-01&to=2020-12-31")
    assert release_hrefs(page) == [f"/fr/{R2020}"]
    assert entity_titles(page) == [], "records have no date"
    page.fill("#search-from", "2019-05-02")
    page.fill("#search-to", "2020-03-10")
    page.locator("#search-to").dispatch_event("change")
    settle(page)
    assert sorted(release_hrefs(page)) == [f"/fr/{R2019}", f"/fr/{R2020}"]
    assert parse_qs(urlsplit(page.url).query) == {"from": ["2019-05-02"], "to": ["2020-03-10"]}
    page.fill("#search-from", "2019-05-03")
    page.locator("#search-from").dispatch_event("change")
    settle(page)
    assert release_hrefs(page) == [f"/fr/{R2020}"]
    page.fill("#search-from", "2021-01-01")
    page.locator("#search-from").dispatch_event("change")
    settle(page)
    assert release_hrefs(page) == [], "a range that ends before it starts"


def test_highlights_mark_the_word_not_its_punctuation(
    seed_site: Path, serve: functools.partial[str], page: Page
) -> None:
    open_search(page, serve(seed_site), query="?q=PMIA")
    marks = page.locator(".search-result-excerpt mark").all_inner_texts()
    assert marks and {mark.casefold() for mark in marks} == {"pmia"}
    type_query(page, "intelligence")
    marks = page.locator(".search-result-excerpt mark").all_inner_texts()
    assert marks and {mark.casefold() for mark in marks} == {"intelligence"}, (
        "« l’intelligence »: l’ stays out"
    )


def test_checkboxes_stand_apart_from_their_labels_and_long_names_wrap(
    seed_site: Path, serve: functools.partial[str], page: Page
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    open_search(page, serve(seed_site))
    open_filters(page)
    filter_values(page, "organisation")  # every value, the longest names among them
    rows = page.locator("fieldset[data-filter=organisation] .search-filter-value")
    geometry = rows.evaluate_all(
        """rows => rows.map(row => {
            const box = row.querySelector("input").getBoundingClientRect();
            const label = row.querySelector("label");
            const text = label.getBoundingClientRect();
            return [text.left - box.right, label.scrollWidth - label.clientWidth, text.right];
        })"""
    )
    fieldset = page.locator("fieldset[data-filter=organisation]").bounding_box()
    assert fieldset is not None
    for gap, overflow, right in geometry:
        assert gap >= 4, "the checkbox touches its label"
        assert overflow <= 1, "a name overflows its label"
        assert right <= fieldset["x"] + fieldset["width"], "a name runs out of its box"
