"""Benchmark of the search: Pagefind against Sphinx's own index, on synthetic archives.

``python -m tests.bench.search --records 1000 5000`` (from the repository's
root, ``PYTHONPATH=ext``, with the requirements and the test requirements)
prints, for each size:

* the Sphinx build of the French site (with ``searchindex.js`` written, for
  the comparison) and, with ``--without-sphinx-index``, the same build
  without it, as the archive builds;
* Pagefind's index: time, size on disk, number of files;
* the bytes a browser downloads for a first query on the search page (the
  real page in Debian's Chromium; every response under ``pagefind/``
  counted), beside ``searchindex.js``, which Sphinx's search page downloads
  whole before its first query (raw and gzipped, as a server would send it);
* French elisions: for words often written after an elision (« l’économie
  »), the release pages that contain the word, and how many of them each
  index misses, with and without the apostrophe filter of
  :func:`communiques.search.index.index_text`.

Not a test: it takes minutes (a 5,000-release build is long on two cores).
"""

from __future__ import annotations

import argparse
import gzip
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from lxml import html as lxml_html
from playwright.sync_api import Browser, Response, sync_playwright
from tests.bench import corpus
from tests.browser import launch, serving

from communiques.search import bundle as index

REPO = Path(__file__).resolve().parents[2]


#: first queries whose downloads are measured
QUERIES = ("numerique", "ministre", "intelligence artificielle")

#: words often written after an elision (l’, d’, qu’…)
ELIDED_WORDS = ("économie", "innovation", "intelligence", "entente", "habitation", "action", "importance")


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def size_of(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def kib(count: float) -> str:
    return f"{count / 1024:,.0f} KiB"


def sphinx_build(source: Path, html: Path, doctrees: Path, *, sphinx_index: bool, jobs: int) -> float:
    for folder in (html, doctrees):
        shutil.rmtree(folder, ignore_errors=True)
    command = [
        sys.executable, "-m", "sphinx", "-q", "-b", "html", "-c", str(REPO), str(source), str(html),
        "-d", str(doctrees), "-j", str(jobs), "-D", "language=fr",
        "-D", f"archive_sphinx_searchindex={int(sphinx_index)}",
    ]  # fmt: skip
    started = time.monotonic()
    subprocess.run(command, check=True)
    return time.monotonic() - started


def part_of(url: str) -> str:
    """What a file of Pagefind's bundle is for."""
    name = url.split("/pagefind/", 1)[1].split("?")[0]
    folder = name.split("/")[0] if "/" in name else ""
    return {"filter": "filters", "index": "index", "fragment": "results"}.get(folder, "runtime")


def first_query_bytes(browser: Browser, base: str, query: str) -> tuple[dict[str, int], int, int, int]:
    """For a first query on the search page: bytes under pagefind/ by part, those bytes as a
    host that compresses would send them, requests, and results shown."""
    context = browser.new_context()
    page = context.new_page()
    responses: list[Response] = []
    page.on("response", lambda response: responses.append(response))
    page.goto(f"{base}/search.html?q={query}")
    page.wait_for_selector("#search-results[aria-busy=false]", state="attached", timeout=120_000)
    results = page.locator("a.search-result-link").count()
    sizes: dict[str, int] = {}
    compressed = 0
    ours = [response for response in responses if "/pagefind/" in response.url]
    for response in ours:
        body = response.body()
        part = part_of(response.url)
        sizes[part] = sizes.get(part, 0) + len(body)
        # Pagefind's index files are gzipped already; its JavaScript and WebAssembly are not.
        compressed += min(len(body), len(gzip.compress(body, 9)))
    context.close()
    return sizes, compressed, len(ours), results


def urls_found(browser: Browser, base: str, bundle: str, word: str) -> set[str]:
    """Every page the index in *bundle* returns for *word* (Pagefind's API, in the browser)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/genindex.html")
    found = page.evaluate(
        """async ([bundle, word]) => {
            const pagefind = await import(`/${bundle}/pagefind.js`);
            await pagefind.options({ baseUrl: "/" });
            const search = await pagefind.search(word.replace(/\\u2019/g, "'"));
            const data = await Promise.all(search.results.map((r) => r.data()));
            return data.map((d) => d.url);
        }""",
        [bundle, word],
    )
    context.close()
    return {url.lstrip("/") for url in found}


def pages_with_word(site: Path, pages: list[Path], word: str) -> set[str]:
    """Release pages whose indexed text has *word* as a word, elisions split (the ground truth)."""
    found = set()
    for path in pages:
        if not path.relative_to(site).as_posix().startswith("releases/") or path.name == "index.html":
            continue
        tree = lxml_html.fromstring(path.read_bytes())
        bodies = tree.xpath("//*[@data-pagefind-body]")
        if not bodies:
            continue
        text = bodies[0].text_content().casefold().replace("’", " ").replace("'", " ")
        if word.casefold() in re.findall(r"\w+", text):
            found.add(path.relative_to(site).as_posix())
    return found


def bench(
    records: int, work: Path, browser: Browser, *, jobs: int, without_sphinx_index: bool, reuse: bool
) -> None:
    out(f"== {records:,} releases")
    folder = work / str(records)
    source, html, doctrees = folder / "source", folder / "html", folder / "doctrees"
    if reuse and (html / "searchindex.js").is_file():
        out(f"reusing the site built in {html}")
    else:
        corpus.main(["--records", str(records), "--out", str(source)])
        if without_sphinx_index:
            seconds = sphinx_build(source, html, doctrees, sphinx_index=False, jobs=jobs)
            out(f"sphinx build without searchindex.js (as the archive builds): {seconds:.1f}s")
        seconds = sphinx_build(source, html, doctrees, sphinx_index=True, jobs=jobs)
        out(f"sphinx build with searchindex.js: {seconds:.1f}s")
    sphinx_index = (html / "searchindex.js").read_bytes()
    pages = index.pages(html)
    out(f"html pages: {len(pages):,}")

    started = time.monotonic()
    indexed = index.build_index(html, pages)
    index_seconds = time.monotonic() - started
    index_bytes, index_files = size_of(html / index.BUNDLE_DIR)
    out(f"pagefind index: {indexed:,} pages, {index_seconds:.1f}s, {kib(index_bytes)}, {index_files:,} files")
    index.build_index(html, pages, prepare=lambda text: text, bundle_dir="pagefind-raw")

    gzipped = len(gzip.compress(sphinx_index, 9))
    out(f"sphinx searchindex.js: {kib(len(sphinx_index))} ({kib(gzipped)} gzipped), loaded whole first")
    with serving(html) as base:
        for query in QUERIES:
            parts, compressed, requests, results = first_query_bytes(browser, base, query)
            downloaded = sum(parts.values())
            detail = ", ".join(f"{name} {kib(size)}" for name, size in sorted(parts.items()))
            out(
                f"first query {query!r} ({results} results shown): {kib(downloaded)} from pagefind/ in "
                f"{requests} requests ({detail}), {kib(compressed)} compressed; searchindex.js / pagefind: "
                f"{len(sphinx_index) / downloaded:.1f}x raw, {gzipped / compressed:.1f}x compressed"
            )
        out("elisions (release pages containing the word / missed without the filter / missed with it):")
        for word in ELIDED_WORDS:
            truth = pages_with_word(html, pages, word)
            raw = urls_found(browser, base, "pagefind-raw", word)
            fixed = urls_found(browser, base, index.BUNDLE_DIR, word)
            missed_raw, missed_fixed = len(truth - raw), len(truth - fixed)
            share = f"{100 * missed_raw / len(truth):.1f} %" if truth else "-"
            out(f"  {word}: {len(truth)} / {missed_raw} ({share}) / {missed_fixed}")


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(prog="python -m tests.bench.search", description=__doc__.split("\n\n")[0])
    cli.add_argument("--records", type=int, nargs="+", default=[1000], help="archive sizes (default: 1000)")
    cli.add_argument(
        "--work", type=Path, default=Path("/tmp/communiques-bench-search"), help="scratch folder"
    )
    cli.add_argument("-j", "--jobs", type=int, default=3, help="Sphinx's parallel jobs (default: 3)")
    cli.add_argument(
        "--without-sphinx-index",
        action="store_true",
        help="also time the build without searchindex.js (one more full build per size)",
    )
    cli.add_argument("--reuse", action="store_true", help="reuse a site built by an earlier run of this size")
    options = cli.parse_args(argv)
    options.work.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for records in options.records:
                bench(
                    records,
                    options.work,
                    browser,
                    jobs=options.jobs,
                    without_sphinx_index=options.without_sphinx_index,
                    reuse=options.reuse,
                )
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
