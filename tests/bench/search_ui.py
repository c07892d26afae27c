"""Benchmark of the search page as a reader meets it: bytes and time to results, in Chromium.

``python -m tests.bench.search_ui --records 1000`` (from the repository's
root, ``PYTHONPATH=ext``, with the requirements and the test requirements)
writes the synthetic archive of N releases (:mod:`tests.bench.corpus`),
builds its French site as the archive builds it (no ``searchindex.js``) and
its Pagefind index, serves it locally and, in Debian's Chromium, prints for
each query:

* the first query, on a fresh page with an empty cache (``search.html?q=…``):
  bytes the page downloads (everything: HTML, CSS, scripts, Pagefind's
  runtime and index; raw, and what a host that compresses would send), the
  requests, and the time from navigation to the results shown (the results'
  list no longer busy, measured in the page);
* the next query typed on the same page (index chunks cached): time from
  the keystroke to its results;
* unfolding the filters: bytes and time until every filter's list is built,
  and how many values the person and organisation filters have against the
  checkboxes actually made (the most frequent values first);
* "show all" records and the counts announced against the results listed.

Not a test: it takes minutes (the build of 10,000 releases is long on two
cores; ``--reuse`` measures a site built by an earlier run again).
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import statistics
import sys
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, sync_playwright
from tests.bench import corpus
from tests.bench.search import kib, part_of, sphinx_build
from tests.browser import launch, serving

from communiques.search import index

#: first queries measured: frequent words, a rarer one, two words, a name
QUERIES = ("ministre", "numerique", "intelligence artificielle", "forêts", "Québec")
#: typed after the first query, on the same page
NEXT_QUERY = "santé publique"

#: installed before the page's scripts: when its results list stops being busy, note the time
RESULTS_CLOCK = """
window.__resultsAt = null;
new MutationObserver((changes, observer) => {
  const results = document.getElementById("search-results");
  if (results && results.getAttribute("aria-busy") === "false" && window.__resultsAt === null
      && document.querySelector(".search-status")?.textContent) {
    window.__resultsAt = performance.now();
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["aria-busy"], childList: true });
"""


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class Traffic:
    """Every response of a page: bytes by part, compressed as a host would send them, requests.

    Responses the browser took from its cache (the search page's second copy
    of each bundle's runtime, which looks words up, reads the first copy's
    files) are not counted: nothing was downloaded.
    """

    def __init__(self, page: Page) -> None:
        self.responses: list[Any] = []
        page.on("response", lambda response: self.responses.append(response))

    def since(self, start: int) -> tuple[dict[str, int], int, int]:
        sizes: dict[str, int] = {}
        compressed = 0
        requests = 0
        for response in self.responses[start:]:
            try:
                if response.request.sizes()["responseBodySize"] < 0:
                    continue  # from the browser's cache
                requests += 1
                body = response.body()
            except Exception:  # a redirect or an aborted request has no body
                continue
            part = part_of(response.url) if "/pagefind/" in response.url else "page"
            sizes[part] = sizes.get(part, 0) + len(body)
            # Pagefind's index files are gzipped already; its JavaScript and WebAssembly are not.
            compressed += min(len(body), len(gzip.compress(body, 6)))
        return sizes, compressed, requests


def settle(page: Page) -> None:
    page.wait_for_selector("#search-results[aria-busy=false]", state="attached", timeout=300_000)


def first_query(browser: Browser, base: str, query: str) -> dict[str, Any]:
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(RESULTS_CLOCK)
    traffic = Traffic(page)
    page.goto(f"{base}/search.html?q={query}")
    settle(page)
    page.wait_for_function("window.__resultsAt !== null", timeout=300_000)
    shown_at = page.evaluate("window.__resultsAt")
    sizes, compressed, requests = traffic.since(0)
    status = page.locator(".search-status").inner_text()
    releases = page.locator(".search-release-list .search-result").count()
    entities = page.locator(".search-entity-list .search-result").count()
    # "show all" records: every record announced is then listed
    button = page.locator(".search-all-entities")
    if button.is_visible():
        started = page.evaluate("performance.now()")
        button.click()
        page.wait_for_function("document.querySelector('.search-all-entities').hidden", timeout=300_000)
        result_all_ms = page.evaluate("performance.now()") - started
    else:
        result_all_ms = 0.0
    after_show_all = page.locator(".search-entity-list .search-result").count()
    result = {
        "after_show_all": after_show_all,
        "show_all_ms": result_all_ms,
        "sizes": sizes,
        "compressed": compressed,
        "requests": requests,
        "ms": shown_at,
        "status": status,
        "listed": (releases, entities),
    }
    # the next query, typed on the same page
    page.evaluate("window.__resultsAt = null; window.__typedAt = null")
    page.focus("#search-query")
    page.evaluate("document.getElementById('search-query').value = ''")
    before = len(traffic.responses)
    started = page.evaluate("performance.now()")
    page.fill("#search-query", NEXT_QUERY)
    page.press("#search-query", "Enter")
    page.wait_for_function(
        "document.getElementById('search-results').getAttribute('aria-busy') === 'false' "
        "&& window.__resultsAt !== null",
        timeout=300_000,
    )
    result["next_ms"] = page.evaluate("window.__resultsAt") - started
    result["next_bytes"] = sum(traffic.since(before)[0].values())
    # the filters, unfolded
    before = len(traffic.responses)
    started = page.evaluate("performance.now()")
    page.click("details.search-filters summary")
    page.wait_for_selector("details.search-filters[data-loaded]", state="attached", timeout=300_000)
    settle(page)
    result["filters_ms"] = page.evaluate("performance.now()") - started
    result["filters_bytes"] = sum(traffic.since(before)[0].values())
    result["facets"] = {
        key: page.evaluate(
            """key => {
                const group = document.querySelector(`fieldset[data-filter=${key}]`);
                return group ? [group.querySelectorAll("input[type=checkbox]").length,
                                group.querySelector(".search-filter-more")?.textContent || ""] : null;
            }""",
            key,
        )
        for key in ("person", "organisation", "topic", "year")
    }
    context.close()
    return result


def build(records: int, work: Path, *, jobs: int, reuse: bool) -> Path:
    folder = work / str(records)
    source, html, doctrees = folder / "source", folder / "html", folder / "doctrees"
    if reuse and (html / index.BUNDLE_DIR).is_dir():
        out(f"reusing the site built in {html}")
        return html
    corpus.main(["--records", str(records), "--out", str(source)])
    seconds = sphinx_build(source, html, doctrees, sphinx_index=False, jobs=jobs)
    out(f"sphinx build (as the archive builds, no searchindex.js): {seconds:.1f}s")
    outcome = index.index_language(html, doctrees, force=True)
    out(f"pagefind index, in bundles as the site build writes it: {outcome.describe()}")
    return html


def report(records: int, html: Path, browser: Browser, repeat: int) -> None:
    out(f"== {records:,} releases")
    with serving(html) as base:
        for query in QUERIES:
            runs = [first_query(browser, base, query) for _ in range(repeat)]
            last = runs[-1]
            total = sum(last["sizes"].values())
            detail = ", ".join(f"{name} {kib(size)}" for name, size in sorted(last["sizes"].items()))
            median = statistics.median(run["ms"] for run in runs)
            out(
                f"first query {query!r}: {kib(total)} in {last['requests']} requests ({detail}); "
                f"{kib(last['compressed'])} compressed; results shown after {median:.0f} ms "
                f"(median of {repeat}, cold cache)"
            )
            releases, entities = last["listed"]
            out(
                f"  announced: {last['status']!r}; listed: {releases} releases, {entities} records "
                f'({last["after_show_all"]} records after "show all", {last["show_all_ms"]:.0f} ms)'
            )
            out(
                f"  next query {NEXT_QUERY!r} typed: {statistics.median(r['next_ms'] for r in runs):.0f} ms, "
                f"{kib(last['next_bytes'])} more"
            )
            facets = "; ".join(
                f"{key} {made} checkboxes{f' ({more})' if more else ''}"
                for key, value in last["facets"].items()
                if value
                for made, more in [value]
            )
            out(
                f"  filters unfolded: {statistics.median(r['filters_ms'] for r in runs):.0f} ms, "
                f"{kib(last['filters_bytes'])}; {facets}"
            )


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(
        prog="python -m tests.bench.search_ui", description=__doc__.split("\n\n")[0]
    )
    cli.add_argument("--records", type=int, nargs="+", default=[1000], help="archive sizes (default: 1000)")
    cli.add_argument(
        "--work", type=Path, default=Path("/tmp/communiques-bench-search-ui"), help="scratch folder"
    )
    cli.add_argument("-j", "--jobs", type=int, default=3, help="Sphinx's parallel jobs (default: 3)")
    cli.add_argument("--repeat", type=int, default=3, help="first queries timed per query (default: 3)")
    cli.add_argument("--reuse", action="store_true", help="reuse a site built by an earlier run of this size")
    cli.add_argument("--clean", action="store_true", help="delete the scratch folder first")
    options = cli.parse_args(argv)
    if options.clean:
        shutil.rmtree(options.work, ignore_errors=True)
    options.work.mkdir(parents=True, exist_ok=True)
    sites = {n: build(n, options.work, jobs=options.jobs, reuse=options.reuse) for n in options.records}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for records, html in sites.items():
                report(records, html, browser, options.repeat)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
