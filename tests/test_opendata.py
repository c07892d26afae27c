"""Open data: Atom feeds, JSON-LD, sitemaps and the JSON export.

The ``opendata`` root (see its ``conf.py``) is built once in French and once
in English (with its ``.po`` files and the extension's catalog); the real
archive is built once in French. Feeds are read back with feedparser,
sitemaps with lxml, pages with BeautifulSoup, the export with its own model.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree
from sphinx.testing.util import SphinxTestApp

import helpers
from communiques.archive.domain import archive_domain
from communiques.opendata import export, jsonld
from communiques.tools import export_schema, site
from helpers import REPO, ROOTS, run_archive_conf, soup_of, text_of, warnings_of

BASE = "https://archive.test/communiques/"
PREMIER = "releases/2020/2020-03-10-premier"
SECOND = "releases/2020/2020-09-01-second"
# Ends a script for a browser (</script) without being an HTML tag for MyST,
# which refuses raw HTML (archive.unsafe).
SECOND_TITLE = "Second communiqué </script & > fin"
#: the first paragraph of the second release, its summary
SECOND_SUMMARY = "Le Ministère des Essais publie le bilan des essais de l’été (balise <!--)."
JEANNE = "people/jeanne-essai"
PAUL = "people/paul-absent"
GOUVERNEMENT = "organisations/gouvernement-du-quebec"
MINISTERE = "organisations/ministere-essais"
ENTENTE = "agreements/entente-essais"
ENTITIES = (JEANNE, PAUL, GOUVERNEMENT, MINISTERE, ENTENTE)

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}

if TYPE_CHECKING:
    from playwright.sync_api import Browser


def copy_root(tmp: Path, name: str = "opendata") -> Path:
    """A copy of a test root with the extension's English catalog beside its own."""
    srcdir = tmp / "src"
    shutil.copytree(ROOTS / f"test-{name}", srcdir)
    catalog = srcdir / "locales" / "en" / "LC_MESSAGES"
    catalog.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "locales" / "en" / "LC_MESSAGES" / "communiques.po", catalog)
    return srcdir


def build(srcdir: Path, **overrides: Any) -> SphinxTestApp:
    parallel = overrides.pop("parallel", 0)
    app = SphinxTestApp("html", srcdir=srcdir, confoverrides=overrides or None, parallel=parallel)
    app.build()
    return app


@pytest.fixture(scope="module")
def fr(tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    app = build(copy_root(tmp_path_factory.mktemp("opendata-fr")))
    # Unregister its nodes and roles at once, so that the other builds of the
    # module start clean; its output and environment stay readable.
    app.cleanup()
    assert warnings_of(app) == []
    return app


@pytest.fixture(scope="module")
def en(tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    app = build(copy_root(tmp_path_factory.mktemp("opendata-en")), language="en")
    app.cleanup()
    assert warnings_of(app) == []
    return app


@pytest.fixture(scope="module")
def live_build(tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    """The real archive, built in French with the real conf.py."""
    project = tmp_path_factory.mktemp("real")
    srcdir = project / "source"
    shutil.copytree(REPO / "source", srcdir)
    shutil.copytree(REPO / "locales", project / "locales")
    run_archive_conf(srcdir)
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
    finally:
        app.cleanup()
    assert warnings_of(app) == []
    return app


# -- reading the output -------------------------------------------------------------------


def out(app: SphinxTestApp, path: str) -> Path:
    return Path(app.outdir) / path


def feed(app: SphinxTestApp, path: str) -> Any:
    parsed = feedparser.parse(out(app, path).read_bytes())
    assert parsed.bozo == 0, f"{path}: {parsed.get('bozo_exception')}"
    assert parsed.version == "atom10"
    return parsed


def feeds_of(app: SphinxTestApp) -> list[str]:
    root = out(app, "feeds")
    return sorted(p.relative_to(app.outdir).as_posix() for p in root.rglob("*.xml"))


def links_in(parsed: Any) -> list[str]:
    """Every address a feed holds: its links and ids, its entries' links, authors and categories."""
    found = [link.href for link in parsed.feed.links] + [parsed.feed.id]
    for entry in parsed.entries:
        found += [link.href for link in entry.links]
        found += [author.href for author in entry.get("authors", []) if "href" in author]
        found += [tag.scheme for tag in entry.get("tags", [])]
    return found


def jsonld_of(app: SphinxTestApp, docname: str) -> list[dict[str, Any]]:
    soup = soup_of(app, docname)
    scripts = soup.select('head script[type="application/ld+json"]')
    return [json.loads(script.string) for script in scripts]


def page_url(lang: str, docname: str, base: str = BASE) -> str:
    return f"{base}{lang}/{docname}.html"


def mention_ids(app: SphinxTestApp, docname: str) -> set[str]:
    """Addresses of the entities the domain recorded as mentioned by *docname*."""
    domain = archive_domain(app.env)
    lang, base = app.config.language, app.config.archive_base_url.rstrip("/") + "/"
    return {
        page_url(lang, entity.docname, base)
        for mention in domain.mentions[docname]
        if (entity := domain.entity(mention.kind, mention.id)) is not None
    }


# -- feeds ----------------------------------------------------------------------------------


def test_every_feed_is_valid_atom_with_absolute_links(fr: SphinxTestApp) -> None:
    paths = feeds_of(fr)
    assert paths == sorted(["feeds/releases.xml", *(f"feeds/{docname}.xml" for docname in ENTITIES)])
    for path in paths:
        parsed = feed(fr, path)
        for address in links_in(parsed):
            parts = urlsplit(address)
            assert (parts.scheme, parts.netloc) == ("https", "archive.test"), (path, address)
        # and the feed's file parses as XML on its own
        etree.parse(str(out(fr, path)))


def test_feed_of_all_releases_lists_them_newest_first(fr: SphinxTestApp) -> None:
    parsed = feed(fr, "feeds/releases.xml")

    assert parsed.feed.title == "Communiqués\u00a0: tous les communiqués"  # French spacing, no-break
    assert parsed.feed.id == f"{BASE}fr/feeds/releases.xml"
    assert parsed.feed.language == "fr"
    links = {link.rel: link.href for link in parsed.feed.links}
    assert links == {"self": f"{BASE}fr/feeds/releases.xml", "alternate": f"{BASE}fr/index.html"}
    # the newest change of any entry, not the time of the build
    assert parsed.feed.updated == "2020-09-01T00:00:00+00:00"

    second, premier = parsed.entries
    assert premier.title == "Premier communiqué sur les essais"
    assert premier.link == page_url("fr", PREMIER)
    assert premier.id == "tag:archive.test,2020-03-10:fr/2020-03-10-premier"
    assert premier.published == "2020-03-10T00:00:00+00:00"
    assert premier.updated == "2020-04-02T00:00:00+00:00"  # its revision
    assert premier.summary == "Les essais commencent au ministère"
    assert [a.name for a in premier.authors] == ["Ministère des Essais"]
    assert premier.authors[0].href == page_url("fr", MINISTERE)
    assert [(t.term, t.label) for t in premier.tags] == [
        ("org:ministere-essais", "Ministère des Essais"),
        ("person:jeanne-essai", "Jeanne Essai"),
        ("org:gouvernement-du-quebec", "Gouvernement du Québec"),
        ("agreement:entente-essais", "Entente sur les essais"),
        ("status:corrected", "Communiqué corrigé"),
    ]

    assert second.title == SECOND_TITLE
    assert second.published == second.updated == "2020-09-01T00:00:00+00:00"
    # no subtitle: the first paragraph of the body
    assert second.summary == SECOND_SUMMARY
    assert [a.name for a in second.authors] == ["Gouvernement du Québec", "Ministère des Essais"]


@pytest.mark.parametrize(
    ("docname", "title", "entries"),
    [
        (JEANNE, "Communiqués qui mentionnent Jeanne Essai", [PREMIER]),
        (MINISTERE, "Communiqués qui mentionnent Ministère des Essais", [SECOND, PREMIER]),
        (GOUVERNEMENT, "Communiqués qui mentionnent Gouvernement du Québec", [SECOND, PREMIER]),
        (ENTENTE, "Communiqués qui mentionnent Entente sur les essais", [PREMIER]),
        (PAUL, "Communiqués qui mentionnent Paul Absent", []),
    ],
)
def test_each_entity_has_the_feed_of_the_releases_that_mention_it(
    fr: SphinxTestApp, docname: str, title: str, entries: list[str]
) -> None:
    parsed = feed(fr, f"feeds/{docname}.xml")

    assert parsed.feed.title == title
    alternate = next(link.href for link in parsed.feed.links if link.rel == "alternate")
    assert alternate == page_url("fr", docname)
    assert [entry.link for entry in parsed.entries] == [page_url("fr", e) for e in entries]


def test_english_feeds_hold_the_translated_text(en: SphinxTestApp) -> None:
    parsed = feed(en, "feeds/releases.xml")
    assert parsed.feed.title == "Communiqués: all releases"
    assert parsed.feed.language == "en"
    premier = parsed.entries[1]
    assert premier.title == "First release on trials"
    assert premier.summary == "Trials begin at the ministry"
    assert premier.link == page_url("en", PREMIER)
    assert premier.id == "tag:archive.test,2020-03-10:en/2020-03-10-premier"
    assert [a.name for a in premier.authors] == ["Ministry of Trials"]
    assert feed(en, f"feeds/{MINISTERE}.xml").feed.title == "Releases that mention Ministry of Trials"


def test_feeds_hold_the_newest_releases_up_to_their_size(tmp_path: Path) -> None:
    app = build(copy_root(tmp_path), archive_feed_size=1)
    try:
        assert [e.link for e in feed(app, "feeds/releases.xml").entries] == [page_url("fr", SECOND)]
        assert [e.link for e in feed(app, f"feeds/{JEANNE}.xml").entries] == [page_url("fr", PREMIER)]
        # the export still holds everything
        assert len(load_export(app).releases) == 2
    finally:
        app.cleanup()


def test_pages_link_their_feeds_in_the_head(fr: SphinxTestApp) -> None:
    def alternates(docname: str) -> list[tuple[str, str]]:
        links = soup_of(fr, docname).select('head link[rel="alternate"][type="application/atom+xml"]')
        return [(link["title"], link["href"]) for link in links]

    everything = ("Communiqués\u00a0: tous les communiqués", f"{BASE}fr/feeds/releases.xml")
    assert alternates(JEANNE) == [
        ("Communiqués qui mentionnent Jeanne Essai", f"{BASE}fr/feeds/{JEANNE}.xml"),
        everything,
    ]
    assert alternates("index") == [everything]
    canonical = soup_of(fr, JEANNE).select_one('head link[rel="canonical"]')
    assert canonical is not None and canonical["href"] == page_url("fr", JEANNE)
    assert alternates(PREMIER) == [everything]
    for _, href in alternates(JEANNE):
        assert out(fr, href.removeprefix(f"{BASE}fr/")).is_file()


@pytest.mark.parametrize("docname", ["index", JEANNE, MINISTERE, ENTENTE])
def test_home_and_entity_pages_show_a_subscribe_link(fr: SphinxTestApp, docname: str) -> None:
    link = soup_of(fr, docname).select_one("a.subscribe-link")
    assert link is not None
    assert text_of(link) == "S’abonner"
    target = (out(fr, docname).parent / link["href"]).resolve()
    wanted = "feeds/releases.xml" if docname == "index" else f"feeds/{docname}.xml"
    assert target == out(fr, wanted).resolve()


def test_release_pages_have_no_subscribe_link(fr: SphinxTestApp) -> None:
    assert soup_of(fr, PREMIER).select("a.subscribe-link") == []


def test_subscribe_link_is_translated(en: SphinxTestApp) -> None:
    link = soup_of(en, JEANNE).select_one("a.subscribe-link")
    assert link is not None
    assert text_of(link) == "Subscribe"
    assert link["title"] == "Atom feed: get new releases in a feed reader"


def test_feeds_are_written_only_when_their_bytes_change(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path)
    first = build(srcdir)
    paths = feeds_of(first)
    before = {path: out(first, path).stat().st_mtime_ns for path in paths}
    first.cleanup()

    again = build(srcdir)  # nothing changed
    assert {path: out(again, path).stat().st_mtime_ns for path in paths} == before
    again.cleanup()

    release = srcdir / f"{PREMIER}.md"
    release.write_text(
        release.read_text(encoding="utf-8").replace(
            "title: Premier communiqué sur les essais", "title: Premier communiqué, renommé"
        ),
        encoding="utf-8",
    )
    changed = build(srcdir)
    assert warnings_of(changed) == []
    rewritten = {path for path in paths if out(changed, path).stat().st_mtime_ns != before[path]}
    # the feeds that list the first release, and only those
    assert rewritten == {
        "feeds/releases.xml",
        f"feeds/{JEANNE}.xml",
        f"feeds/{MINISTERE}.xml",
        f"feeds/{GOUVERNEMENT}.xml",
        f"feeds/{ENTENTE}.xml",
    }
    assert feed(changed, f"feeds/{JEANNE}.xml").entries[0].title == "Premier communiqué, renommé"
    changed.cleanup()


def test_a_removed_entity_loses_its_feed(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path)
    build(srcdir).cleanup()
    (srcdir / f"{PAUL}.md").unlink()
    app = build(srcdir)
    assert not out(app, f"feeds/{PAUL}.xml").exists()
    assert out(app, f"feeds/{JEANNE}.xml").is_file()
    app.cleanup()


def test_parallel_build_writes_the_same_open_data(fr: SphinxTestApp, tmp_path: Path) -> None:
    app = build(copy_root(tmp_path), parallel=2)
    try:
        assert warnings_of(app) == []
        for path in [*feeds_of(fr), "sitemap.xml", export.EXPORT_PATH]:
            assert out(app, path).read_bytes() == out(fr, path).read_bytes(), path
    finally:
        app.cleanup()


# -- JSON-LD -----------------------------------------------------------------------------------


def test_release_is_a_news_article(fr: SphinxTestApp) -> None:
    (data,) = jsonld_of(fr, PREMIER)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["@id"] == data["url"] == page_url("fr", PREMIER)
    assert data["headline"] == "Premier communiqué sur les essais"
    assert data["alternativeHeadline"] == "Les essais commencent au ministère"
    assert data["datePublished"] == "2020-03-10"
    assert data["dateModified"] == "2020-04-02"
    assert data["inLanguage"] == "fr"
    assert data["creativeWorkStatus"] == "corrected"
    assert [o["@id"] for o in data["publisher"]] == [page_url("fr", MINISTERE)]
    assert data["author"] == data["publisher"]
    assert data["publisher"][0]["@type"] == "Organization"
    assert {m["@id"] for m in data["mentions"]} == mention_ids(fr, PREMIER)
    assert {(m["@type"], m["name"]) for m in data["mentions"]} == {
        ("Organization", "Ministère des Essais"),
        ("Organization", "Gouvernement du Québec"),
        ("Person", "Jeanne Essai"),
        ("CreativeWork", "Entente sur les essais"),
    }
    assert data["workTranslation"] == [
        {"@type": "NewsArticle", "@id": page_url("en", PREMIER), "inLanguage": "en"}
    ]
    assert "translationOfWork" not in data
    original = data["isBasedOn"]
    assert original["@type"] == "MediaObject"
    assert original["contentUrl"] == "https://example.org/communiques/premier"
    assert original["sha256"] == "fff2d031b36f1744ae350639294a55a16606f1766668790e3b349b915fb89d90"


def test_translation_points_to_the_original(en: SphinxTestApp) -> None:
    (data,) = jsonld_of(en, PREMIER)
    assert data["headline"] == "First release on trials"
    # partly translated: the text is in English, and in French where it is not translated yet
    assert data["inLanguage"] == ["en", "fr"]
    assert data["translationOfWork"] == {
        "@type": "NewsArticle",
        "@id": page_url("fr", PREMIER),
        "inLanguage": "fr",
    }
    assert "workTranslation" not in data
    assert {m["@id"] for m in data["mentions"]} == mention_ids(en, PREMIER)


def test_person_has_roles(fr: SphinxTestApp) -> None:
    (data,) = jsonld_of(fr, JEANNE)
    assert data["@type"] == "Person"
    assert data["name"] == "Jeanne Essai"
    assert data["alternateName"] == ["J. Essai"]
    assert data["jobTitle"] == ["ministre des Essais"]
    assert data["sameAs"] == ["https://www.wikidata.org/wiki/Q42"]
    assert data["affiliation"] == [
        {
            "@type": "OrganizationRole",
            "roleName": "ministre des Essais",
            "startDate": "2019-01-15",
            "affiliation": {
                "@type": "Organization",
                "@id": page_url("fr", MINISTERE),
                "url": page_url("fr", MINISTERE),
                "name": "Ministère des Essais",
            },
        }
    ]


def test_organisations_know_their_parents_and_children(fr: SphinxTestApp) -> None:
    (ministere,) = jsonld_of(fr, MINISTERE)
    (gouvernement,) = jsonld_of(fr, GOUVERNEMENT)
    assert ministere["@type"] == "GovernmentOrganization"
    assert ministere["alternateName"] == ["ME"]
    assert [o["@id"] for o in ministere["parentOrganization"]] == [page_url("fr", GOUVERNEMENT)]
    assert [o["@id"] for o in gouvernement["subOrganization"]] == [page_url("fr", MINISTERE)]
    assert "parentOrganization" not in gouvernement


def test_agreement_is_a_creative_work(fr: SphinxTestApp) -> None:
    (data,) = jsonld_of(fr, ENTENTE)
    assert data["@type"] == "CreativeWork"
    assert data["dateCreated"] == "2020-02-01"
    assert data["temporalCoverage"] == "2020-02-01/.."
    assert [o["@id"] for o in data["sourceOrganization"]] == [
        page_url("fr", GOUVERNEMENT),
        page_url("fr", MINISTERE),
    ]
    assert [p["@id"] for p in data["contributor"]] == [page_url("fr", JEANNE)]


def test_pages_that_are_not_records_have_no_jsonld(fr: SphinxTestApp) -> None:
    for docname in ("index", "releases/2020/index", "people/index"):
        assert jsonld_of(fr, docname) == []


def test_markup_in_a_title_cannot_break_out_of_the_script(fr: SphinxTestApp) -> None:
    html = out(fr, f"{SECOND}.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "lxml")
    scripts = soup.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    text = scripts[0].string
    assert "</script" not in text.lower()
    assert "<!--" not in text
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["headline"] == SECOND_TITLE
    assert json.loads(text)["description"] == SECOND_SUMMARY


def test_script_text_escapes_what_html_would_read() -> None:
    data = {"headline": "</script><script>alert(1)</script> <!-- a & b -->"}
    text = jsonld.script_text(data)
    assert text == (
        '{"headline":"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e'
        ' \\u003c!-- a \\u0026 b --\\u003e"}'
    )
    assert json.loads(text) == data


# -- sitemaps ------------------------------------------------------------------------------


def sitemap_rows(app: SphinxTestApp) -> dict[str, tuple[str | None, dict[str, str]]]:
    """loc → (lastmod, hreflang → href) of each page of the sitemap."""
    tree = etree.parse(str(out(app, "sitemap.xml")))
    rows = {}
    for url in tree.getroot().findall("s:url", SITEMAP_NS):
        lastmod = url.find("s:lastmod", SITEMAP_NS)
        links = {
            link.get("hreflang"): link.get("href")
            for link in url.findall("x:link", SITEMAP_NS)
            if link.get("rel") == "alternate"
        }
        rows[url.findtext("s:loc", namespaces=SITEMAP_NS)] = (
            lastmod.text if lastmod is not None else None,
            links,
        )
    return rows


def test_sitemap_lists_every_page_with_its_translations(fr: SphinxTestApp) -> None:
    rows = sitemap_rows(fr)
    assert set(rows) == {page_url("fr", docname) for docname in fr.env.all_docs}
    for docname in fr.env.all_docs:
        _, links = rows[page_url("fr", docname)]
        assert links == {
            "fr": page_url("fr", docname),
            "en": page_url("en", docname),
            "x-default": page_url("fr", docname),
        }


def test_sitemaps_of_both_languages_point_at_each_other(fr: SphinxTestApp, en: SphinxTestApp) -> None:
    french, english = sitemap_rows(fr), sitemap_rows(en)
    for loc, (_, links) in french.items():
        assert loc == links["fr"]
        assert links["en"] in english
        assert english[links["en"]][1]["fr"] == loc


def test_sitemap_dates_come_from_the_records(fr: SphinxTestApp) -> None:
    rows = sitemap_rows(fr)
    assert rows[page_url("fr", PREMIER)][0] == "2020-04-02"  # revised
    assert rows[page_url("fr", SECOND)][0] == "2020-09-01"
    assert rows[page_url("fr", JEANNE)][0] == "2020-04-02"  # the last release it lists
    assert rows[page_url("fr", MINISTERE)][0] == "2020-09-01"
    assert rows[page_url("fr", PAUL)][0] is None  # nothing dates it
    assert rows[page_url("fr", "index")][0] == "2020-09-01"
    assert rows[page_url("fr", "releases/2020/index")][0] == "2020-09-01"


def test_site_writes_a_sitemap_index(tmp_path: Path) -> None:
    path = site.write_sitemap_index("https://archive.test/", ["fr", "en"], tmp_path)
    root = etree.parse(str(path)).getroot()
    assert root.tag == f"{{{SITEMAP_NS['s']}}}sitemapindex"
    assert [loc.text for loc in root.iterfind("s:sitemap/s:loc", SITEMAP_NS)] == [
        "https://archive.test/fr/sitemap.xml",
        "https://archive.test/en/sitemap.xml",
    ]


def test_site_writes_robots_txt_naming_the_sitemap_index(tmp_path: Path) -> None:
    path = site.write_robots_txt("https://archive.test/archive/", tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert "Sitemap: https://archive.test/archive/sitemap.xml" in lines
    before = path.stat().st_mtime_ns
    site.write_robots_txt("https://archive.test/archive/", tmp_path)
    assert path.stat().st_mtime_ns == before  # unchanged: not written again


def test_site_passes_the_base_url_to_sphinx(tmp_path: Path) -> None:
    layout = site.Layout(root=site.ROOT, out=tmp_path / "site", doctrees=tmp_path / "doctrees")
    args = site.sphinx_args("fr", layout, base_url="https://archive.test/")
    assert "archive_base_url=https://archive.test/" in args
    assert not any(arg.startswith("archive_base_url") for arg in site.sphinx_args("fr", layout))


def test_site_refuses_a_relative_base_url(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        site.main(["--base-url", "communiques/", "--out", "/nonexistent"])
    assert "not an absolute http(s) URL" in capsys.readouterr().err


# -- configuration -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["communiques.example.org", "ftp://archive.test/", "https://archive.test/?a=1"]
)
def test_a_base_url_that_cannot_make_absolute_links_is_reported(tmp_path: Path, url: str) -> None:
    app = SphinxTestApp("html", srcdir=copy_root(tmp_path), confoverrides={"archive_base_url": url})
    try:
        problems = [w for w in warnings_of(app) if "[archive.config]" in w]
        assert len(problems) == 1
        # the line of conf.py that sets it (the test overrides it from there)
        assert problems[0].startswith("conf.py:24: WARNING: archive_base_url")
    finally:
        app.cleanup()


def test_base_url_comes_from_the_environment_when_unset(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COMMUNIQUES_BASE_URL", "https://elsewhere.test/archive/")
    srcdir = copy_root(tmp_path)
    conf = srcdir / "conf.py"
    conf.write_text(
        "\n".join(line for line in conf.read_text().splitlines() if not line.startswith("archive_base_url")),
        encoding="utf-8",
    )
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        assert app.config.archive_base_url == "https://elsewhere.test/archive/"
    finally:
        app.cleanup()


# -- export --------------------------------------------------------------------------------


def load_export(app: SphinxTestApp) -> export.Archive:
    text = out(app, export.EXPORT_PATH).read_text(encoding="utf-8")
    return export.Archive.model_validate_json(text)


def test_export_round_trips(fr: SphinxTestApp) -> None:
    text = out(fr, export.EXPORT_PATH).read_text(encoding="utf-8")
    archive = export.Archive.model_validate_json(text)
    assert json.loads(archive.model_dump_json()) == json.loads(text)
    assert archive.format == "communiques-archive"
    assert archive.language == "fr"
    assert archive.base_url == BASE
    assert archive.edition.commit is None  # the copy of the test root is not in git
    assert archive.counts.model_dump() == {
        "releases": 2,
        "people": 2,
        "organisations": 2,
        "agreements": 1,
        "topics": 0,
    }


def test_export_holds_every_record_with_its_facts(fr: SphinxTestApp) -> None:
    archive = load_export(fr)
    premier, second = archive.releases
    assert (premier.id, second.id) == ("2020-03-10-premier", "2020-09-01-second")
    assert premier.title == "Premier communiqué sur les essais"
    assert premier.summary == "Les essais commencent au ministère"
    assert premier.issued.isoformat() == "2020-03-10"
    assert premier.modified.isoformat() == "2020-04-02"
    assert premier.status == "corrected"
    assert premier.issuers == ["ministere-essais"]
    assert [(r.date.isoformat(), r.note) for r in premier.revisions] == [
        ("2020-04-02", "Date de signature de l’entente corrigée.")
    ]
    # newest first; the copy of the test root is not in git: no commits
    assert [(h.date.isoformat(), h.kind, h.note) for h in premier.history] == [
        ("2020-04-02", "revision", "Date de signature de l’entente corrigée."),
        ("2020-03-10", "published", ""),
    ]
    assert premier.source is not None
    assert premier.source.sha256 == "fff2d031b36f1744ae350639294a55a16606f1766668790e3b349b915fb89d90"
    assert premier.urls == {"fr": page_url("fr", PREMIER), "en": page_url("en", PREMIER)}
    assert premier.record.place == "Québec"
    assert second.title == SECOND_TITLE
    assert {p.id for p in archive.people} == {"jeanne-essai", "paul-absent"}
    assert {o.id for o in archive.organisations} == {"gouvernement-du-quebec", "ministere-essais"}
    assert [a.id for a in archive.agreements] == ["entente-essais"]
    jeanne = next(p for p in archive.people if p.id == "jeanne-essai")
    assert jeanne.posts == ["ministre des Essais"]
    assert jeanne.feed == f"{BASE}fr/feeds/{JEANNE}.xml"
    assert jeanne.record.sort_name == "Essai, Jeanne"


def test_export_mentions_agree_both_ways(fr: SphinxTestApp) -> None:
    archive = load_export(fr)
    forward = {(m.kind, m.id, r.id) for r in archive.releases for m in r.mentions}
    backward = set()
    for kind, entities in (
        ("person", archive.people),
        ("org", archive.organisations),
        ("agreement", archive.agreements),
    ):
        for entity in entities:
            backward |= {(kind, entity.id, release) for release in entity.mentioned_in}
    assert forward == backward
    assert ("person", "jeanne-essai", "2020-03-10-premier") in forward
    assert next(p for p in archive.people if p.id == "paul-absent").mentioned_in == []


def test_english_export_has_english_titles(en: SphinxTestApp) -> None:
    archive = load_export(en)
    assert archive.language == "en"
    assert archive.releases[0].title == "First release on trials"
    assert archive.releases[0].record.title == "Premier communiqué sur les essais"  # as archived
    assert next(o for o in archive.organisations if o.id == "ministere-essais").name == "Ministry of Trials"


def test_export_schema_is_published_and_committed(fr: SphinxTestApp) -> None:
    published = json.loads(out(fr, export.SCHEMA_PATH).read_text(encoding="utf-8"))
    assert published == export.json_schema()
    committed = REPO / "docs" / "export.schema.json"
    assert committed.read_text(encoding="utf-8") == export.schema_text(), (
        "docs/export.schema.json is out of date: run "
        "PYTHONPATH=ext python -m communiques.tools.export_schema --write docs/export.schema.json"
    )
    assert export_schema.main(["--check", str(committed)]) == 0


# -- the real archive ------------------------------------------------------------------------


def source_count(folder: str, pattern: str = "*.md") -> int:
    return sum(1 for path in (REPO / "source" / folder).glob(pattern) if path.name != "index.md")


def test_real_archive_feeds_are_valid(live_build: SphinxTestApp) -> None:
    paths = feeds_of(live_build)
    entities = sum(source_count(folder) for folder in ("people", "organisations", "agreements", "topics"))
    assert len(paths) == 1 + entities
    for path in paths:
        feed(live_build, path)
    assert len(feed(live_build, "feeds/releases.xml").entries) == source_count("releases", "*/*.md")


def test_real_archive_jsonld_names_every_mention_of_every_release(live_build: SphinxTestApp) -> None:
    domain = archive_domain(live_build.env)
    assert domain.releases
    for release in domain.releases.values():
        (data,) = jsonld_of(live_build, release.docname)
        # its topics are what it is about, the other entities what it mentions
        named = {m["@id"]: m["name"] for m in data.get("mentions", []) + data.get("about", [])}
        assert set(named) == mention_ids(live_build, release.docname), release.docname
        assert all(m["@type"] == "DefinedTerm" for m in data.get("about", []))
        assert all(m["@type"] != "DefinedTerm" for m in data.get("mentions", []))
        for mention in domain.mentions.get(release.docname, []):
            entity = domain.entity(mention.kind, mention.id)
            assert entity is not None
            assert named[page_url("fr", entity.docname, "https://communiques.example.org/")] == entity.name


def test_real_archive_export_counts_equal_the_sources(live_build: SphinxTestApp) -> None:
    archive = load_export(live_build)
    assert archive.counts.releases == len(archive.releases) == source_count("releases", "*/*.md")
    assert archive.counts.people == len(archive.people) == source_count("people")
    assert archive.counts.organisations == len(archive.organisations) == source_count("organisations")
    assert archive.counts.agreements == len(archive.agreements) == source_count("agreements")
    mentions = archive_domain(live_build.env).mentions
    by_id = {release.id: release.docname for release in archive_domain(live_build.env).releases.values()}
    for release in archive.releases:
        assert {(m.kind, m.id) for m in release.mentions} == {
            (m.kind, m.id) for m in mentions.get(by_id[release.id], [])
        }, release.id


def test_other_builders_publish_nothing(tmp_path: Path) -> None:
    app = SphinxTestApp("gettext", srcdir=copy_root(tmp_path))
    try:
        app.build()
    finally:
        app.cleanup()
    assert warnings_of(app) == []
    assert not out(app, "feeds").exists()
    assert not out(app, "sitemap.xml").exists()
    assert not out(app, export.EXPORT_PATH).exists()
    # the labels of the feeds reach the extension's catalog for translators
    pot = out(app, "fr/communiques.pot").read_text(encoding="utf-8")
    assert 'msgid "S’abonner"' in pot
    assert 'msgid "Communiqués qui mentionnent {name}"' in pot


def git(cwd: Path, *args: str) -> str:
    return helpers.git(cwd, *args, when="2026-01-15T10:00:00+00:00")


def test_export_names_the_edition_and_the_commits_of_each_release(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path)
    git(srcdir, "init", "-q", "-b", "main")
    git(srcdir, "add", "-A")
    git(srcdir, "commit", "-q", "-m", "Premiers communiqués")
    head = git(srcdir, "rev-parse", "HEAD")
    app = build(srcdir)
    try:
        archive = load_export(app)
    finally:
        app.cleanup()
    assert archive.edition.model_dump() == {
        "commit": head,
        "date": "2026-01-15T10:00:00+00:00",
        "dirty": False,
    }
    commits = [
        (h.date.isoformat(), h.note, h.commit) for h in archive.releases[1].history if h.kind == "commit"
    ]
    assert commits == [("2026-01-15", "Premiers communiqués", head)]


# -- in a browser --------------------------------------------------------------------------


def test_reader_subscribes_from_an_entity_page(fr: SphinxTestApp, browser: Browser) -> None:
    """A reader clicks "S’abonner" and gets the entity's Atom feed; the page's head announces it."""
    page = browser.new_page()
    try:
        page.goto(out(fr, f"{JEANNE}.html").as_uri())
        announced = page.eval_on_selector_all(
            'head link[rel="alternate"][type="application/atom+xml"]', "links => links.map(l => l.href)"
        )
        assert announced == [f"{BASE}fr/feeds/{JEANNE}.xml", f"{BASE}fr/feeds/releases.xml"]
        page.get_by_role("link", name="S’abonner").click()
        page.wait_for_url(f"**/feeds/{JEANNE}.xml", timeout=10_000)
        # the browser read it as XML (and shows its tree): the entity's feed
        assert page.evaluate("document.contentType") == "text/xml"
        assert page.get_by_text("Communiqués qui mentionnent Jeanne Essai", exact=True).count() >= 1
    finally:
        page.close()


def test_incremental_build_after_renaming_a_person_equals_a_clean_one(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path / "incremental")
    build(srcdir).cleanup()
    person = srcdir / f"{JEANNE}.md"
    person.write_text(
        person.read_text(encoding="utf-8").replace("name: Jeanne Essai", "name: Jeanne Nouvelle"),
        encoding="utf-8",
    )
    incremental = build(srcdir)
    incremental.cleanup()
    clean_src = tmp_path / "clean" / "src"
    shutil.copytree(srcdir, clean_src, ignore=shutil.ignore_patterns("_build"))
    clean = build(clean_src)
    clean.cleanup()
    assert warnings_of(incremental) == warnings_of(clean) == []

    (data,) = jsonld_of(incremental, PREMIER)
    assert "Jeanne Nouvelle" in [m["name"] for m in data["mentions"]]
    for docname in (PREMIER, JEANNE, ENTENTE):
        assert jsonld_of(incremental, docname) == jsonld_of(clean, docname), docname
    for path in [*feeds_of(clean), "sitemap.xml", export.EXPORT_PATH]:
        assert out(incremental, path).read_bytes() == out(clean, path).read_bytes(), path


def test_real_archive_every_page_has_parsable_jsonld_and_a_sitemap_entry(live_build: SphinxTestApp) -> None:
    rows = sitemap_rows(live_build)
    base = "https://communiques.example.org/"
    domain = archive_domain(live_build.env)
    for docname in live_build.env.all_docs:
        data = jsonld_of(live_build, docname)  # json.loads of every ld+json script of the page
        is_record = docname in domain.releases or docname in domain.entities
        assert len(data) == (1 if is_record else 0), docname
        if is_record:
            assert data[0]["@id"] == page_url("fr", docname, base)
        _, links = rows[page_url("fr", docname, base)]
        assert set(links) == {"fr", "en", "x-default"}
