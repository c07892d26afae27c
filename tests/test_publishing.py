"""The parts of publishing, each on files it reads for real: links, staging, open data, search bundles.

The whole site build (staging, proofs, deleted records) is in test_site_publishing.py.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from communiques.publishing import products, stage
from communiques.publishing.links import LinkCache, check_links, resolve
from communiques.search import bundle as search_bundle
from communiques.search import index, verify

BASE = "https://archive.example.net/sub/"


# -- links -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "href", "expected"),
    [
        ("fr/a/b.html", "c.html", ("fr/a/c.html", "")),
        ("fr/a/b.html", "../people/x.html#post-1", ("fr/people/x.html", "post-1")),
        ("fr/a/b.html", "#top", ("fr/a/b.html", "top")),
        ("fr/a/b.html", "../", ("fr/index.html", "")),
        ("fr/index.html", "../en/", ("en/index.html", "")),
        ("fr/a/b.html", "caf%C3%A9.html", ("fr/a/café.html", "")),
        ("fr/a/b.html", BASE + "en/a/b.html", ("en/a/b.html", "")),
        ("fr/a/b.html", "/sub/fr/index.html", ("fr/index.html", "")),
        ("fr/a/b.html", "https://elsewhere.example.org/x.html", None),
        ("fr/a/b.html", "mailto:presse@example.org", None),
        ("fr/a/b.html", "#", None),
        ("fr/a/b.html", "../../../etc/passwd", "../../../etc/passwd"),
        ("fr/a/b.html", "/other/x.html", "/other/x.html"),
    ],
)
def test_links_resolve_to_site_paths(page: str, href: str, expected: object) -> None:
    assert resolve(page, href, BASE) == expected


def write_page(site: Path, name: str, body: str) -> None:
    path = site / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!doctype html><html><head><title>t</title></head><body>{body}</body></html>")


def published_of(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): stage.sha256_of(p) for p in site.rglob("*") if p.is_file()}


def test_a_dangling_link_and_a_missing_anchor_are_found(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_page(site, "fr/index.html", '<a href="a.html#here">a</a> <a href="gone.html">gone</a>')
    write_page(site, "fr/a.html", '<h1 id="there">A</h1><a href="index.html">back</a>')
    cache = LinkCache(tmp_path / "links.json")

    report = check_links(
        site, published_of(site), changed=set(), removed=set(), full=True, base_url=BASE, cache=cache
    )

    assert report.pages == 2
    assert sorted(problem for _page, problem in report.problems) == [
        "fr/index.html: the link to fr/a.html#here finds no such anchor",
        "fr/index.html: the link to fr/gone.html leads nowhere (no such file)",
    ]


def test_an_incremental_check_reads_the_changed_pages_and_those_linking_to_them(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_page(site, "fr/index.html", '<a href="a.html#x">a</a>')
    write_page(site, "fr/a.html", '<p id="x">A</p>')
    write_page(site, "fr/other.html", "<p>no links</p>")
    cache = LinkCache(tmp_path / "links.json")
    first = published_of(site)
    assert not check_links(
        site, first, changed=set(), removed=set(), full=True, base_url=BASE, cache=cache
    ).problems
    cache.save(first)

    write_page(site, "fr/a.html", '<p id="y">A, its anchor renamed</p>')
    second = published_of(site)
    report = check_links(
        site,
        second,
        changed={"fr/a.html"},
        removed=set(),
        full=False,
        base_url=BASE,
        cache=LinkCache(cache.state),
    )

    assert report.pages == 2  # a.html, and index.html which links to it; not other.html
    assert [problem for _page, problem in report.problems] == [
        "fr/index.html: the link to fr/a.html#x finds no such anchor"
    ]


# -- staging -----------------------------------------------------------------------------


def test_staging_links_what_is_published_copies_the_rest_and_swaps_whole(tmp_path: Path) -> None:
    site, work = tmp_path / "site", tmp_path / "work"
    for name, text in (("fr/a.html", "A"), ("fr/b.html", "B")):
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text(text)
    wanted = {name: (work / name, stage.sha256_of(work / name)) for name in ("fr/a.html", "fr/b.html")}
    first = stage.assemble(site, wanted, stage.Manifest())
    stage.swap(site, first.staging)
    assert (first.copied, first.linked) == (2, 0)

    (work / "fr/b.html").write_text("B, changed")  # in place, as Sphinx writes
    assert (site / "fr/b.html").read_text() == "B", "the published file is no link to the work file"
    wanted = {name: (work / name, stage.sha256_of(work / name)) for name in ("fr/a.html", "fr/b.html")}
    second = stage.assemble(site, wanted, stage.Manifest.of_site(site))

    assert (second.copied, second.linked) == (1, 1)
    assert (site / "fr/b.html").read_text() == "B", "nothing is published before the swap"
    stage.swap(site, second.staging)
    assert (site / "fr/b.html").read_text() == "B, changed"
    assert stage.Manifest.of_site(site).files == {name: digest for name, (_p, digest) in wanted.items()}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.old", "site", "work"]
    assert (tmp_path / ".site.old/fr/b.html").read_text() == "B", "the replaced site is the spare"


def test_staging_starts_from_the_spare_and_keeps_only_what_the_new_site_has(tmp_path: Path) -> None:
    site, work = tmp_path / "site", tmp_path / "work"

    def publish(texts: dict[str, str], *, proved: bool = True) -> stage.Assembly:
        wanted = {}
        for name, text in texts.items():
            (work / name).parent.mkdir(parents=True, exist_ok=True)
            (work / name).write_text(text)
            wanted[name] = (work / name, stage.sha256_of(work / name))
        assembly = stage.assemble(site, wanted, stage.Manifest.of_site(site))
        if proved:
            stage.swap(site, assembly.staging)
        else:
            stage.discard(site)
        return assembly

    publish({"fr/a.html": "A", "fr/2019/b.html": "B", "fr/2019/x/d.html": "D", "fr/c.html": "C"})
    publish({"fr/a.html": "A", "fr/2019/b.html": "B", "fr/2019/x/d.html": "D", "fr/c.html": "C2"})
    spare = tmp_path / ".site.old"
    (spare / "fr/stray.html").write_text("never proved")
    (spare / "fr/link.html").symlink_to("/etc/hostname")
    third = publish({"fr/a.html": "A", "fr/c.html": "C3"})
    assert (third.kept, third.linked, third.copied) == (1, 0, 1)  # a.html kept; c.html changed again
    on_disk = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if not p.is_dir())
    assert on_disk == ["fr/a.html", "fr/c.html", stage.MANIFEST_NAME]
    assert not (site / "fr/2019").exists(), "a folder emptied of its files goes"
    assert (site / "fr/c.html").read_text() == "C3"

    # A spare left half-made (no manifest) is not trusted: staging starts empty.
    (spare / stage.MANIFEST_NAME).unlink()
    (spare / "fr/a.html").unlink()  # not written in place: it is a hard link to the published file
    (spare / "fr/a.html").write_text("other bytes")
    fourth = publish({"fr/a.html": "A", "fr/c.html": "C3"})
    assert (fourth.kept, fourth.linked, fourth.copied) == (0, 2, 0)
    assert (site / "fr/a.html").read_text() == "A"

    # A staging that failed its proof becomes the spare; the published site is untouched.
    failed = publish({"fr/a.html": "A!", "fr/c.html": "C3"}, proved=False)
    assert (site / "fr/a.html").read_text() == "A" and not failed.staging.exists()
    assert stage.Manifest.read(spare / stage.MANIFEST_NAME) is not None


def test_a_folder_that_is_no_site_is_never_replaced(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    assert stage.refuse_foreign(tmp_path) is not None
    assert stage.refuse_foreign(tmp_path / "absent") is None


# -- open data -----------------------------------------------------------------------------


def test_a_broken_feed_or_sitemap_does_not_pass(tmp_path: Path) -> None:
    feed = tmp_path / "releases.xml"
    feed.write_text('<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>')
    assert "does not parse as XML" in products.check_feed(feed, "fr/feeds/releases.xml")[0]
    feed.write_text('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>')
    assert products.check_feed(feed, "f") == [
        "f: not an Atom feed (its root is {http://www.sitemaps.org/schemas/sitemap/0.9}urlset)"
    ]
    assert products.check_sitemap(feed, "s") == []


def test_an_export_that_breaks_its_schema_does_not_pass(tmp_path: Path) -> None:
    export = tmp_path / "archive.json"
    export.write_text(json.dumps({"releases": "not a list"}))
    problems = products.check_export(export, "fr/export/archive.json")
    assert problems and all("docs/export.schema.json" in problem for problem in problems)
    export.write_text("{")
    assert "does not parse as JSON" in products.check_export(export, "e")[0]


def test_each_published_file_gets_its_check() -> None:
    assert products.kind_of("fr/releases/2020/2020.pdf") == "pdf"
    assert products.kind_of("en/feeds/people/x.xml") == "feed"
    assert products.kind_of("fr/sitemap.xml") == products.kind_of("sitemap.xml") == "sitemap"
    assert products.kind_of("fr/export/archive.json") == "export"
    assert products.kind_of("fr/index.html") is None


# -- the search bundle ------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A language's folder of three pages and a feed naming the newest."""
    site = tmp_path_factory.mktemp("search") / "fr"
    for slug, title in (("a", "Le phare restauré"), ("b", "Les gardiens du feu"), ("c", "Une écluse neuve")):
        write_page(
            site, f"releases/{slug}.html", f"<main data-pagefind-body><h1>{title}</h1><p>{title}.</p></main>"
        )
    (site / "feeds").mkdir()
    (site / "feeds/releases.xml").write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><link rel="alternate" href="https://x.example/fr/index.html"/>'
        "<entry><title>Une écluse neuve</title><published>2021-01-01T00:00:00Z</published>"
        '<link href="https://x.example/fr/releases/c.html"/></entry></feed>'
    )
    return site


def test_a_bundle_is_proved_by_its_files_and_a_query(pages: Path, tmp_path: Path) -> None:
    site = shutil.copytree(pages, tmp_path / "fr")
    outcome = index.index_language(site, tmp_path / "state")
    assert outcome.indexed and "'Une écluse neuve' found" in outcome.verified

    assert verify.verify_bundle(site, "Une écluse neuve", "releases/c.html") == []
    assert "found nothing" in verify.verify_bundle(site, "introuvable", "releases/c.html")[0]
    chunk = max((site / "pagefind/index").iterdir(), key=lambda p: p.stat().st_size)
    chunk.write_bytes(chunk.read_bytes()[:-8])
    assert any(
        p.startswith(f"index/{chunk.name}: damaged") for p in verify.check_structure(site / "pagefind")
    )
    (site / "pagefind/pagefind-entry.json").write_bytes(b"")
    assert "pagefind-entry.json: empty" in verify.check_structure(site / "pagefind")


def test_a_torn_bundle_is_written_again_from_scratch_and_twice_torn_fails_keeping_the_old(
    pages: Path, tmp_path: Path
) -> None:
    site = shutil.copytree(pages, tmp_path / "fr")
    calls: list[int] = []

    def torn_once(source: Path, bundle: Path) -> None:
        search_bundle.run_pagefind(source, bundle)
        calls.append(len(list(bundle.rglob("*"))))
        if len(calls) == 1:
            (bundle / "pagefind-entry.json").write_bytes(b"")  # as pagefind-bin 1.5.2's service left it

    attempts = search_bundle.Attempts()
    search_bundle.build_index(site, search_bundle.pages(site), indexer=torn_once, attempts=attempts)
    assert len(calls) == 2 and calls[0] == calls[1], "the second attempt starts from an empty folder"
    assert attempts.failures == [f"attempt 1: {site}/pagefind.new: pagefind-entry.json: empty"]
    assert "attempt 2" in attempts.verified
    good = (site / "pagefind/pagefind-entry.json").read_bytes()

    def always_torn(source: Path, bundle: Path) -> None:
        search_bundle.run_pagefind(source, bundle)
        (bundle / "pagefind-entry.json").write_bytes(b"")

    with pytest.raises(search_bundle.SearchIndexError, match="failed verification 2 times"):
        search_bundle.build_index(site, search_bundle.pages(site), indexer=always_torn)
    assert (site / "pagefind/pagefind-entry.json").read_bytes() == good, "the old bundle is kept"
    assert not (site / "pagefind.new").exists()


def test_a_failed_index_leaves_no_fingerprint(
    pages: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = shutil.copytree(pages, tmp_path / "fr")
    state = tmp_path / "state"
    index.index_language(site, state)
    page = site / "releases/a.html"
    page.write_text(page.read_text().replace("restauré", "repeint"))

    def always_torn(source: Path, bundle: Path) -> None:
        bundle.mkdir(parents=True)
        (bundle / "pagefind-entry.json").write_bytes(b"")

    monkeypatch.setattr(search_bundle, "run_pagefind", always_torn)
    heard: list[str] = []
    with pytest.raises(search_bundle.SearchIndexError):
        index.index_language(site, state, log=heard.append)
    assert len(heard) == 2 and heard[0].startswith("search index current: attempt 1:")
    kept = json.loads((state / index.FINGERPRINTS_FILE).read_text())
    assert "" not in kept, "the next build indexes the current bundle again"


def test_the_indexer_is_pagefinds_command_line_run_from_an_empty_folder(pages: Path, tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "pagefind", "--version"], capture_output=True, text=True)
    assert done.stdout.strip().endswith("1.5.2"), "the pinned wheel's binary"
    # A configuration file where the build runs is not read: only the build's options count.
    (tmp_path / "pagefind.yml").write_text("force_language: de\n")
    bundle = tmp_path / "bundle"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        search_bundle.run_pagefind(pages, bundle)
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    assert "de" not in entry["languages"]


def test_links_into_a_language_not_built_yet_are_counted_not_checked(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_page(site, "fr/index.html", '<a href="../en/index.html">English</a> <a href="../de/">Deutsch</a>')
    report = check_links(
        site, published_of(site), changed=set(), removed=set(), full=True, base_url=BASE,
        cache=LinkCache(tmp_path / "links.json"), absent=frozenset({"en"}),
    )  # fmt: skip
    assert report.unchecked == 1
    assert [problem for _page, problem in report.problems] == [
        "fr/index.html: the link to de/index.html leads nowhere (no such file)"
    ]


#: an export's head that its schema accepts, with empty lists
EXPORT_HEAD = {
    "format": "communiques-archive",
    "version": 2,
    "language": "fr",
    "languages": ["fr", "en"],
    "base_url": BASE,
    "edition": {"commit": "0" * 40, "date": "2026-12-06T02:13:49+00:00", "dirty": False},
    "counts": {"releases": 2, "people": 0, "organisations": 0, "agreements": 0, "topics": 0},
    "people": [],
    "organisations": [],
    "agreements": [],
    "topics": [],
}


def test_an_export_is_validated_again_only_where_it_changed(tmp_path: Path) -> None:
    published, new = tmp_path / "published.json", tmp_path / "new.json"
    unchanged = {"id": "a", "title": 1}  # invalid, but proved (and published) before: not checked again
    published.write_text(json.dumps({**EXPORT_HEAD, "releases": [unchanged, {"id": "b", "title": "B"}]}))
    new.write_text(json.dumps({**EXPORT_HEAD, "releases": [unchanged, {"id": "b", "title": 2}]}))

    problems = products.check_export(new, "fr/export/archive.json", published)

    assert problems and all(" at /releases/1" in problem for problem in problems), problems
    assert any(" at /releases/0" in problem for problem in products.check_export(new, "e"))
