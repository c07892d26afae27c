"""Untrusted content: a catalogue of script injections, built, and opened in Chromium.

``tests/roots/test-untrusted`` holds a release, a person and an organisation
whose front matter and body try every way we know to run script in a
reader's browser (script tags, ``onerror``/``onload`` attributes, SVG,
iframes, ``javascript:``/``vbscript:``/``data:`` links in Markdown, reST and
directive options, HTML entities, payloads in the title, subtitle, place,
letterhead, contacts, names and posts) or to read a file outside ``source/``
(``include``, ``literalinclude``, ``csv-table``). The project is built once
for the module; the pages are checked with a parser and then opened in a real
browser with a tripwire: every payload calls ``window.__xss``, which records
the call, and ``alert``/``confirm``/``prompt`` are watched too.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from typing import TYPE_CHECKING

import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import ROOTS, main_of, soup_of, warnings_of

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

SECRET = "SECRET-OUTSIDE-SOURCE-4242"
RECORD = "releases/2020/2020-06-25-charges"
PAGES = [
    RECORD,
    "releases/2020/index",
    "people/jeanne-essai",
    "organisations/gouvernement-du-quebec",
    "index",
]

RAW = (
    "WARNING: raw HTML is not allowed in the archive (it could run code in readers' browsers): "
    "it is shown as text; write the content in Markdown instead [archive.unsafe]"
)


def link(scheme: str) -> str:
    return (
        f"WARNING: a `{scheme}:` link is not allowed in the archive (links may be `https:`, `http:`, "
        "`mailto:`, `tel:` or relative; others can run code or reach readers' files): the text is kept, "
        "the link is removed; link to an `https:` address instead [archive.unsafe]"
    )


LINK = link("javascript")
INCLUDED = (
    "only files under `source/` may be used; copy the file into `source/` (a symbolic link that leads "
    "out does not count) or remove what names it [archive.unsafe]"
)
R = "releases/2020/2020-06-25-charges.md"

#: every refusal, at its line: (location, message) → how many times
EXPECTED = Counter(
    {
        # the title is parsed as Markdown by MyST (myst_title_to_header): <script> and </script>
        f"{R}:1: {RAW}": 2,
        f"{R}:26: {RAW}": 1,
        f"{R}:28: {RAW}": 1,
        f"{R}:30: {RAW}": 4,  # <svg>, <script>, </script>, </svg> inline in a paragraph
        f"{R}:32: {RAW}": 1,
        f"{R}:34: {RAW}": 1,
        f"{R}:36: {RAW}": 3,  # <img …>, <b …>, </b>
        # Markdown links markdown-it leaves as text (it refuses these schemes silently)
        f"{R}:38: {LINK}": 1,
        f"{R}:39: {LINK}": 1,  # JaVaScRiPt:
        f"{R}:40: {LINK}": 1,  # &#106;avascript:
        f"{R}:41: {link('data')}": 1,
        f"{R}:42: {link('vbscript')}": 1,
        f"{R}:42: {LINK}": 1,  # <javascript:…>
        f"{R}:45: {LINK}": 1,  # an image: ![image](javascript:…)
        f"{R}:47: {LINK}": 1,  # an image's :target:
        f"{R}:47: WARNING: an image from a `data:` address is not allowed in the archive: it is left out; "
        "keep images as files under `source/` (readers' browsers and the PDF renderer would otherwise "
        "fetch or read it) [archive.unsafe]": 1,
        f"{R}:51: WARNING: the `raw` directive is not allowed in the archive (raw markup could run "
        "code in readers' browsers): its content is shown as text; remove it [archive.unsafe]": 1,
        f"{R}:55: WARNING: the `meta` directive is not allowed in the archive (it writes tags into the "
        "page's head): its content is shown as text; remove it [archive.unsafe]": 1,
        f"{R}:59: {LINK}": 1,  # sphinx-design's button-link
        f"{R}:64: {LINK}": 1,  # a reST link inside eval-rst
        f"{R}:66: WARNING: the `raw` directive is not allowed in the archive (raw markup could run "
        "code in readers' browsers): its content is shown as text; remove it [archive.unsafe]": 1,
        f"{R}:71: WARNING: `include` of `../../../secret.txt` is refused: {INCLUDED}": 1,
        f"{R}:74: WARNING: `literalinclude` of `../../../secret.txt` is refused: {INCLUDED}": 1,
        f"{R}:78: WARNING: `include` of `../../../secret.txt` is refused: {INCLUDED}": 1,
        f"{R}:80: WARNING: `csv-table` of `../../../secret.txt` is refused: {INCLUDED}": 1,
        f"{R}:94: WARNING: `literalinclude` of `../../lien.txt` is refused: {INCLUDED}": 1,
        f"people/jeanne-essai.md:13: {RAW}": 1,
        # the symbolic link itself
        "lien.txt:1: WARNING: `lien.txt` is a symbolic link to `{secret}`, outside `source/`: nothing "
        "outside the archive is built or published; replace the link by a copy of the file "
        "[archive.unsafe]": 1,
    }
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SphinxTestApp]:
    project = tmp_path_factory.mktemp("untrusted")
    srcdir = project / "source"
    shutil.copytree(ROOTS / "test-untrusted", srcdir)
    # A file beside source/, which the record tries to include in four ways.
    (project / "secret.txt").write_text(f"{SECRET}\n", encoding="utf-8")
    # ... and through a symbolic link inside source/ that leads to it
    (srcdir / "lien.txt").symlink_to(project / "secret.txt")
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
        yield app
    finally:
        app.cleanup()


def test_each_refusal_is_reported_at_its_line(built: SphinxTestApp) -> None:
    secret = str(built.srcdir.parent / "secret.txt")
    assert Counter(warnings_of(built)) == Counter(
        {k.replace("{secret}", secret): v for k, v in EXPECTED.items()}
    )
    assert "Traceback" not in built.status.getvalue() + built.warning.getvalue()


def test_files_under_source_may_be_included(built: SphinxTestApp) -> None:
    text = main_of(soup_of(built, RECORD)).get_text()
    assert text.count("EXTRAIT-AUTORISE-7") == 2  # literalinclude and include


def test_nothing_outside_source_reaches_the_output(built: SphinxTestApp) -> None:
    outdir = built.outdir
    leaked = [
        path.relative_to(outdir)
        for path in outdir.rglob("*")
        if path.is_file() and SECRET.encode() in path.read_bytes()
    ]
    assert leaked == []


@pytest.mark.parametrize("docname", PAGES)
def test_pages_hold_no_active_markup(built: SphinxTestApp, docname: str) -> None:
    """No element a payload added: no script in the article, no handler, no unsafe address."""
    soup = soup_of(built, docname)
    article = main_of(soup)
    assert article.find_all(["script", "iframe", "svg", "object", "embed", "form"]) == []
    for tag in soup.find_all(True):
        handlers = [name for name in tag.attrs if name.lower().startswith("on")]
        assert handlers == [], (tag.name, handlers)
        for name in ("href", "src", "action", "formaction", "srcdoc", "content"):
            value = " ".join(tag.get_attribute_list(name, [])).strip().lower()
            assert not value.startswith(("javascript:", "vbscript:", "data:")), (tag.name, name, value)
            assert "javascript:" not in value, (tag.name, name, value)
    for script in soup.find_all("script"):
        kind = script.get("type", "text/javascript")
        if kind == "application/ld+json":
            # data, not code: the payloads are there as escaped text and cannot end the script
            assert "<" not in script.get_text()
            json.loads(script.get_text())
        else:
            assert "__xss" not in script.get_text()
    assert soup.find("meta", attrs={"http-equiv": True}) is None


def test_refused_markup_is_shown_as_text(built: SphinxTestApp) -> None:
    article = main_of(soup_of(built, RECORD))
    shown = " ".join(node.get_text() for node in article.select(".refused"))
    assert '<script>window.__xss("script-block")</script>' in shown
    assert "onerror=\"window.__xss('img-inline')\"" in shown
    # a refused link keeps its text
    assert "Bouton" in article.get_text()
    assert "lien reST" in article.get_text()


TRIPWIRE = """
window.__xssCalls = [];
window.__xss = (what) => { window.__xssCalls.push(String(what)); };
"""


@pytest.mark.parametrize("docname", PAGES)
def test_browser_runs_no_payload(built: SphinxTestApp, browser: object, docname: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(TRIPWIRE)
    path: Path = built.outdir / f"{docname}.html"
    try:
        page.goto(path.as_uri(), wait_until="load")
        # Give onload/onerror handlers and iframes their chance, and move the
        # mouse over the article (onmouseover payloads).
        page.mouse.move(200, 300)
        page.hover("article")
        page.wait_for_timeout(300)
        calls = page.evaluate("window.__xssCalls")
        frames_calls = [
            frame.evaluate("window.__xssCalls || []") for frame in page.frames if frame != page.main_frame
        ]
        # Every link in the page leads to an address that runs nothing.
        schemes = page.evaluate(
            "Array.from(document.querySelectorAll('a[href]'), a => new URL(a.href).protocol)"
        )
    finally:
        page.close()
    assert calls == []
    assert [call for calls_ in frames_calls for call in calls_] == []
    assert dialogs == []
    assert set(schemes) <= {"file:", "https:", "http:", "mailto:", "tel:"}
