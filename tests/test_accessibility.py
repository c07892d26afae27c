"""Accessibility of every kind of page, in both languages, light and dark: axe-core and the focus.

The archive promises WCAG 2.2 levels A and AA. axe-core (the engine of the
pinned ``axe-playwright-python``) runs in Debian's Chromium on one page of
each kind of the archive as built (``archive_site``): home, year, release,
person, organisation, agreement, topic, search with results, translation
progress. Any violation of a rule tagged ``wcag2a``, ``wcag2aa``, ``wcag21a``,
``wcag21aa`` or ``wcag22aa`` fails. The pages are chosen by their kind, not by
name, so the tests hold whatever ``source/`` contains.

A visible focus (WCAG 2.4.7): tabbing through a page, every element that
takes the focus shows an outline of at least 2 px (or, for a card's link,
its card does).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from browser import axe_violations, describe
from communiques.core.languages import LANGUAGES

if TYPE_CHECKING:
    import functools
    from pathlib import Path

    from playwright.sync_api import Page

# Drives Chromium over a build of the whole archive.
pytestmark = [pytest.mark.browser, pytest.mark.slow]

KINDS = ("home", "year", "release", "person", "organisation", "agreement", "topic", "search", "progress")
FOLDERS = {"person": "people", "organisation": "organisations", "agreement": "agreements", "topic": "topics"}


def first_page(folder: Path, pattern: str) -> str:
    """The first page (by name) of the language's folder matching *pattern*, relative to it."""
    found = sorted(p for p in folder.glob(pattern) if p.name != "index.html")
    assert found, f"the archive has no page {pattern}"
    return found[0].relative_to(folder).as_posix()


def search_word(folder: Path) -> str:
    """A word of a release's title: a search that has results."""
    release = (folder / first_page(folder, "releases/*/*.html")).read_text(encoding="utf-8")
    title = re.search(r"<h1>(.*?)<", release, re.S)
    assert title is not None
    return max(re.findall(r"\w+", title.group(1)), key=len)


def address(site: Path, lang: str, kind: str) -> str:
    """The page of *kind* in *lang*'s folder, relative to the site."""
    folder = site / lang
    if kind == "home":
        path = "index.html"
    elif kind == "year":
        path = sorted(p.relative_to(folder).as_posix() for p in folder.glob("releases/*/index.html"))[0]
    elif kind == "release":
        path = first_page(folder, "releases/*/*.html")
    elif kind in FOLDERS:
        path = first_page(folder, f"{FOLDERS[kind]}/*.html")
    elif kind == "search":
        path = f"search.html?q={search_word(folder)}"
    else:
        pages = [p for p in folder.glob("*.html") if "translation-progress" in p.read_text(encoding="utf-8")]
        assert pages, "no page shows the translations' progress"
        path = pages[0].name
    return f"{lang}/{path}"


def open_page(page: Page, base: str, path: str) -> None:
    page.goto(f"{base}/{path}")
    if path.split("/", 1)[1].startswith("search.html"):
        page.wait_for_selector("#search-results[aria-busy=false]", state="attached")
        assert page.locator("a.search-result-link").count() > 0, "the search shows no results"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_no_wcag_violation(
    live_site: Path, serve: functools.partial[str], page: Page, kind: str, lang: str, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)
    path = address(live_site, lang, kind)
    open_page(page, serve(live_site), path)
    assert describe(axe_violations(page)) == [], path


#: how far to tab through a page (its sidebar, header and content)
TABS = 120

FOCUS_SHOWN = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const shows = (el) => {
    const style = getComputedStyle(el);
    return style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  };
  const card = element.closest(".sd-card");
  const name = `${element.tagName.toLowerCase()}${element.id ? "#" + element.id : ""}.${element.className}`;
  return { name: name + " " + (element.textContent || "").trim().slice(0, 40),
           shown: shows(element) || (card !== null && shows(card)) };
}"""


@pytest.mark.parametrize("kind", ["home", "release", "search"])
def test_every_focused_element_shows_its_focus(
    live_site: Path, serve: functools.partial[str], page: Page, kind: str
) -> None:
    open_page(page, serve(live_site), address(live_site, "fr", kind))
    page.locator("body").focus()
    unseen, seen = set(), 0
    for _ in range(TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_SHOWN)
        if focused is None:
            break
        seen += 1
        if not focused["shown"]:
            unseen.add(focused["name"])
    assert seen > 5, "tabbing reached almost nothing"
    assert sorted(unseen) == []
