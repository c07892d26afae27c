"""The site build publishes only what it proved, and what a clean build would publish.

The test project ``tests/roots/test-search`` (three releases, both languages,
PDFs and search) is built with ``python -m communiques.tools.site`` in a
child process, as ``tox -e build`` runs it. Then each product is damaged in
the build's work folder, as a flaky step would leave it (an empty search
file, a PDF cut short, a broken feed, a page with a dangling link): the
build must refuse to call the site ready, name the file, and leave the
published site exactly as it was. A deleted record must leave the
published site equal to a clean build's.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from communiques.publishing.stage import MANIFEST_NAME
from communiques.search.verify import query_node
from helpers import REPO, ROOTS

pytestmark = pytest.mark.slow

R2019 = "releases/2019/2019-05-02-phare-restaure"
R2021 = "releases/2021/2021-11-20-lighthouse-keepers"


def build(work: Path, *args: str, out: str = "site") -> tuple[int, str]:
    """Run the site build of the project in *work*; its exit status and what it said."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "ext")}
    command = [sys.executable, "-m", "communiques.tools.site", "--root", str(work / "project")]
    command += ["--out", str(work / out), "-j", "1", *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    return done.returncode, done.stdout + done.stderr


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("publishing")
    root = shutil.copytree(ROOTS / "test-search", work / "project")
    catalog = root / "locales" / "en" / "LC_MESSAGES"
    shutil.copy(REPO / "locales" / "en" / "LC_MESSAGES" / "communiques.po", catalog / "communiques.po")
    status, said = build(work)
    assert status == 0, said
    assert "ready to host" in said
    return work


def published(site: Path) -> dict[str, str]:
    files: dict[str, str] = json.loads((site / MANIFEST_NAME).read_text(encoding="utf-8"))["files"]
    return files


def test_the_site_is_the_staged_and_proved_one(work: Path) -> None:
    site = work / "site"
    files = published(site)
    on_disk = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()} - {MANIFEST_NAME}
    assert set(files) == on_disk
    for lang in ("fr", "en"):
        assert f"{lang}/{R2021}.html" in files and f"{lang}/{R2021}.pdf" in files
        assert f"{lang}/pagefind/pagefind-entry.json" in files
        # the project's conf.py puts each past year in a bundle of its own
        listed = json.loads((site / lang / "pagefind/shards.json").read_text(encoding="utf-8"))["bundles"]
        assert [entry["path"] for entry in listed] == ["", "archive/2020/", "archive/2019/"]
        assert f"{lang}/pagefind/archive/2019/pagefind-entry.json" in files
    assert not (work / ".site.staging").exists()


def damage_search(lang_dir: Path) -> str:
    (lang_dir / "pagefind" / "pagefind-entry.json").write_bytes(b"")
    return "fr/pagefind/pagefind-entry.json: empty"


def damage_past_years_search(lang_dir: Path) -> str:
    chunk = max((lang_dir / "pagefind/archive/2019/index").iterdir(), key=lambda path: path.stat().st_size)
    chunk.write_bytes(chunk.read_bytes()[:-8])
    return f"fr/pagefind/archive/2019/index/{chunk.name}: damaged"


def damage_pdf(lang_dir: Path) -> str:
    pdf = lang_dir / f"{R2021}.pdf"
    pdf.write_bytes(pdf.read_bytes()[: pdf.stat().st_size // 2])
    return f"fr/{R2021}.pdf: "  # unreadable, or damaged or cut short: "render it again"


def damage_feed(lang_dir: Path) -> str:
    feed = lang_dir / "feeds" / "releases.xml"
    feed.write_bytes(feed.read_bytes()[:-40])
    return "fr/feeds/releases.xml: does not parse as XML"


def damage_link(lang_dir: Path) -> str:
    page = lang_dir / f"{R2021}.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace("</article>", '<a href="gone.html">x</a></article>')
    )
    return f"fr/{R2021}.html: the link to fr/releases/2021/gone.html leads nowhere"


@pytest.mark.parametrize(
    "damage", [damage_search, damage_past_years_search, damage_pdf, damage_feed, damage_link]
)
def test_a_damaged_product_stops_the_build_and_the_previous_site_stays(work: Path, damage) -> None:  # type: ignore[no-untyped-def]
    site, lang_dir = work / "site", work / "work" / "fr"
    before = (site / MANIFEST_NAME).read_bytes()
    page = lang_dir / f"{R2021}.html"
    page_before = page.read_bytes()

    expected = damage(lang_dir)
    status, said = build(work, "--lang", "fr")

    assert status == 1, said
    assert expected in said
    assert "ready to host" not in said
    assert "the published site is left as it was" in said
    assert (site / MANIFEST_NAME).read_bytes() == before
    assert not (work / ".site.staging").exists()
    # The next build makes the bad file again (the page is the source's to fix: here, ours).
    page.write_bytes(page_before)
    status, said = build(work, "--lang", "fr")
    assert status == 0, said


def test_a_failed_step_leaves_the_previous_site(work: Path) -> None:
    site = work / "site"
    before = (site / MANIFEST_NAME).read_bytes()
    bad = work / "project" / "source" / "releases" / "2021" / "2021-12-01-sans-titre.md"
    bad.write_text(
        "---\nid: 2021-12-01-sans-titre\ntype: press-release\n---\n\nNo title.\n", encoding="utf-8"
    )
    try:
        status, said = build(work, "--lang", "fr")
    finally:
        bad.unlink()
    assert status == 1
    assert "the published site" in said and "is left as it was" in said
    assert (site / MANIFEST_NAME).read_bytes() == before
    assert build(work, "--lang", "fr")[0] == 0


def test_a_deleted_record_leaves_what_a_clean_build_publishes(work: Path) -> None:
    source = work / "project" / "source" / f"{R2019}.md"
    kept = source.read_text(encoding="utf-8")
    source.unlink()
    try:
        status, said = build(work)
        assert status == 0, said
        status, said = build(work, "--clean", out="clean")
        assert status == 0, said
    finally:
        source.write_text(kept, encoding="utf-8")
    site, clean = work / "site", work / "clean"
    files = published(site)

    def beside_search(files: dict[str, str]) -> set[str]:
        # Pagefind 1.5.2 names its filter chunks after a hash of an unordered map, which differs
        # from one run to the next (ordered in 1.6.0): its bundles are compared by their entries.
        return {name for name in files if "/pagefind/" not in name}

    assert beside_search(files) == beside_search(published(clean))
    different = {name for name in beside_search(files) if files[name] != published(clean)[name]}
    assert {name.rsplit(".", 1)[-1] for name in different} <= {"pdf"}, different
    for lang in ("fr", "en"):
        assert f"{lang}/{R2019}.html" not in files
        assert f"{lang}/{R2019}.pdf" not in files
        for name in (f"{lang}/feeds/releases.xml", f"{lang}/sitemap.xml", f"{lang}/export/archive.json"):
            assert "phare-restaure" not in (site / name).read_text(encoding="utf-8"), name
        entries = [
            json.loads((folder / lang / "pagefind/pagefind-entry.json").read_text())
            for folder in (site, clean)
        ]
        assert entries[0]["languages"] == {
            key: {**value, "hash": entries[0]["languages"][key]["hash"]}
            for key, value in entries[1]["languages"].items()
        }
        for bundle in ("pagefind", "pagefind/archive/2020"):
            found = query_node(site / lang / bundle, "phare", "phare-restaure.html")
            assert found["problems"] == [] and found["rank"] is None, found
        assert not any(name.startswith(f"{lang}/pagefind/archive/2019/") for name in files)
        listed = json.loads((site / lang / "pagefind/shards.json").read_text(encoding="utf-8"))["bundles"]
        assert [entry["path"] for entry in listed] == ["", "archive/2020/"]
    # Sphinx's folder still has the page: the build knew not to publish it.
    assert (work / "work" / "fr" / f"{R2019}.html").is_file()


# -- languages built at the same time -----------------------------------------------------

R2020 = "releases/2020/2020-03-10-gras-et-guillemets"
BUILDING = re.compile(r"^communiques\.tools\.site: building (\w+) in ", re.MULTILINE)
DONE = re.compile(r"^communiques\.tools\.site: (\w+) (?:done|FAILED \(exit \d+\)) in ([\d.]+)s", re.MULTILINE)
TOGETHER = re.compile(r"^communiques\.tools\.site: fr, en built at the same time in ([\d.]+)s", re.MULTILINE)


def blocks(said: str) -> dict[str, str]:
    """Each language's lines, from its ``building`` line to its ``done`` line; each must be whole."""
    found = {}
    for start in BUILDING.finditer(said):
        lang = start.group(1)
        end = next(m for m in DONE.finditer(said, start.end()) if m.group(1) == lang)
        found[lang] = said[start.start() : end.end()]
    return found


def test_an_incremental_build_builds_the_languages_at_the_same_time_and_publishes_what_sequential_does(
    work: Path,
) -> None:
    """Started from the same state, both ways publish the same files with the same bytes."""
    source = work / "project" / "source" / f"{R2020}.md"
    kept = source.read_text(encoding="utf-8")
    edited = kept + "\nUn paragraphe ajouté, que seul un build incrémental lit.\n"

    def build_edited(*args: str) -> tuple[str, dict[str, str]]:
        source.write_text(edited, encoding="utf-8")
        status, said = build(work, *args)
        assert status == 0, said
        return said, published(work / "site")

    def build_as_kept() -> None:
        source.write_text(kept, encoding="utf-8")
        status, said = build(work)
        assert status == 0, said

    try:
        together, files_together = build_edited()
        build_as_kept()
        apart, files_apart = build_edited("--sequential")
    finally:
        build_as_kept()

    # At the same time: the languages' wall-clock time is less than their times added up.
    assert (wall := TOGETHER.search(together)), together
    took = {m.group(1): float(m.group(2)) for m in DONE.finditer(together)}
    assert set(took) == {"fr", "en"}
    assert float(wall.group(1)) < took["fr"] + took["en"], together
    # Each language's log is whole: its steps' lines are in its block, none of the other's.
    for lang, block in blocks(together).items():
        other = "en" if lang == "fr" else "fr"
        assert re.search(rf"^communiques\.pdf\.render: {lang}: [1-9]\d* rendered", block, re.MULTILINE), block
        assert f"communiques.tools.site: {lang} search index built" in block, block
        assert f"communiques.pdf.render: {other}:" not in block and f" {other} search index" not in block
        assert "writing output..." in block, "the Sphinx child's output is in its language's block"
    assert "at the same time" not in apart
    assert [m.group(1) for m in BUILDING.finditer(apart)] == ["fr", "en"]
    # The same site: every file, with the same bytes (the search bundles' file names aside, see above).
    assert f"fr/{R2020}.html" in files_together
    search_apart = {name: digest for name, digest in files_apart.items() if "/pagefind/" in name}
    assert {name: digest for name, digest in files_together.items() if "/pagefind/" not in name} == {
        name: digest for name, digest in files_apart.items() if name not in search_apart
    }


def test_a_language_failing_beside_another_fails_the_build_and_the_previous_site_stays(work: Path) -> None:
    site = work / "site"
    before = (site / MANIFEST_NAME).read_bytes()
    catalog = work / "project" / "locales" / "en" / "LC_MESSAGES" / f"{R2021}.po"
    kept = catalog.read_text(encoding="utf-8")
    # A translator's typo (a role left open) fails the English build only.
    catalog.write_text(kept.replace("{person}`bruno-roy` pays", "{person}`bruno-roy pays"), encoding="utf-8")
    marks = {lang: work / "doctrees" / lang / "communiques-site-failed" for lang in ("fr", "en")}
    try:
        status, said = build(work)
        assert status == 1, said
        assert "at the same time" in said
        assert "WARNING: unknown person id `bruno-roy pays" in blocks(said)["en"]
        assert "communiques.tools.site: fr done in" in said
        assert "the build failed for: en (exit 1)" in said
        assert "the published site" in said and "is left as it was" in said
        assert (site / MANIFEST_NAME).read_bytes() == before
        assert marks["en"].exists() and not marks["fr"].exists()
    finally:
        catalog.write_text(kept, encoding="utf-8")
    # After a failure the languages are built one after the other, English reading every source again.
    status, said = build(work)
    assert status == 0, said
    assert "at the same time" not in said
    assert "en failed last time: rereading every source" in said
    assert not marks["en"].exists()
