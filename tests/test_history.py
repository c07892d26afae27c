"""Revisions, provenance, permalinks and the edition stamp, on real git histories.

``tests/roots/test-history`` is copied into a temporary folder and made a git
repository there with three commits at fixed dates (a first deposit, a
rename, a correction), then built: the pages must show the history git and
the records tell, offer the original, keep the old address of the renamed
record working, and stamp the footer with the commit.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin
from urllib.request import url2pathname

import pytest
from bs4 import BeautifulSoup, Tag
from sphinx.testing.util import SphinxTestApp

import helpers
from communiques.core import frontmatter
from communiques.versioning.edition import Edition, edition
from communiques.versioning.history import history_of
from helpers import (
    REPO,
    ROOTS,
    build_once,
    copy_sources,
    main_of,
    run_archive_conf,
    soup_of,
    status_of,
    warnings_of,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser

CORRECTED = "releases/2020/2020-03-10-corrige"
WITHDRAWN = "releases/2020/2020-04-01-retire"
RENAMED = "releases/2020/2020-05-04-nouveau-nom"
FORMER = "releases/2020/2020-05-04-ancien-nom"
ORIGINAL = "originals/2020-03-10-corrige.txt"

FIRST = ("Premier versement des communiqués", "2021-01-15T10:00:00+00:00")
RENAME = ("Renommer un communiqué", "2021-02-01T09:00:00+00:00")
FIX = ("Corriger la date de l’événement", "2021-03-05T08:30:00+00:00")


def git(cwd: Path, *args: str, when: str = FIX[1]) -> str:
    """git at the date of the correction unless told."""
    return helpers.git(cwd, *args, when=when)


def commit(cwd: Path, message: str, when: str) -> None:
    git(cwd, "add", "-A")
    git(cwd, "commit", "-q", "-m", message, when=when)


def make_repository(folder: Path) -> Path:
    """The test root as a git repository: deposit, rename, correction."""
    srcdir = copy_sources(ROOTS / "test-history", folder)
    (srcdir / ".gitignore").write_text("_build/\n", encoding="utf-8")
    (srcdir / f"{RENAMED}.md").rename(srcdir / f"{FORMER}.md")
    git(srcdir, "init", "-q", "-b", "main")
    commit(srcdir, *FIRST)
    git(srcdir, "mv", f"{FORMER}.md", f"{RENAMED}.md")
    commit(srcdir, *RENAME)
    record = srcdir / f"{CORRECTED}.md"
    record.write_text(record.read_text(encoding="utf-8").replace("21 mars", "20 mars"), encoding="utf-8")
    commit(srcdir, *FIX)
    return srcdir


def plain(tag: Tag | None) -> str:
    """The text of *tag* as a reader sees it, whitespace collapsed."""
    assert tag is not None
    return " ".join(tag.get_text().split())


def history(soup: BeautifulSoup) -> list[str]:
    return [plain(li) for li in main_of(soup).select(".release-history ul.history > li")]


def short(srcdir: Path, message: str) -> str:
    return git(srcdir, "log", "--format=%h", "--abbrev=7", f"--grep={message}", "-F")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SphinxTestApp]:
    srcdir = make_repository(tmp_path_factory.mktemp("history") / "src")
    yield build_once(srcdir)


def test_builds_without_warnings(built: SphinxTestApp) -> None:
    assert warnings_of(built) == []


def test_history_shows_the_addition_and_the_revisions_newest_first(built: SphinxTestApp) -> None:
    assert history(soup_of(built, CORRECTED)) == [
        "15 janvier 2021 — Ajout à l’archive",
        "12 mars 2020 — Correction : La date de l’événement a été corrigée.",
        "10 mars 2020 — Publication",
    ]
    # Followed across the rename: the first commit knew the file by its old name.
    assert history(soup_of(built, RENAMED)) == [
        "15 janvier 2021 — Ajout à l’archive",
        "4 mai 2020 — Publication",
    ]
    # The commits are provenance (in the export), not the reader's history.
    for docname in (CORRECTED, RENAMED):
        text = main_of(soup_of(built, docname)).get_text()
        assert not any(message in text for message in (FIRST[0], RENAME[0], FIX[0])), docname


def test_a_withdrawal_is_an_event_of_the_history(built: SphinxTestApp) -> None:
    events = [line.split(" — ", 1)[1].split(" : ")[0] for line in history(soup_of(built, WITHDRAWN))]
    assert events == ["Ajout à l’archive", "Retrait", "Correction", "Publication"]


def test_history_for_other_modules(built: SphinxTestApp) -> None:
    entries = history_of(built.env, CORRECTED)
    assert [(e.date, e.kind, e.note) for e in entries] == [
        (date(2021, 3, 5), "commit", FIX[0]),
        (date(2021, 1, 15), "commit", FIRST[0]),
        (date(2020, 3, 12), "revision", "La date de l’événement a été corrigée."),
        (date(2020, 3, 10), "published", ""),
    ]
    assert entries[0].commit == git(Path(built.srcdir), "rev-parse", "HEAD")


def test_notices_of_corrected_and_withdrawn(built: SphinxTestApp) -> None:
    corrected = main_of(soup_of(built, CORRECTED)).select_one(".release-notice.release-corrected")
    assert corrected is not None
    assert (
        plain(corrected)
        == "Communiqué corrigé Corrigé le 12 mars 2020 : La date de l’événement a été corrigée."
    )
    withdrawn = main_of(soup_of(built, WITHDRAWN)).select_one(".release-notice.release-withdrawn")
    assert withdrawn is not None  # the page is still built, with the latest revision's reason
    assert plain(withdrawn) == "Communiqué retiré Retiré le 3 avril 2020 : Retiré à la demande du ministère."
    assert main_of(soup_of(built, RENAMED)).select(".release-notice") == []


def test_listings_mark_withdrawn_releases(built: SphinxTestApp) -> None:
    items = main_of(soup_of(built, "releases/2020/index")).select("ul.release-list > li")
    marks = {plain(li.a): [plain(m) for m in li.select(".release-withdrawn-mark")] for li in items}
    assert marks == {
        "Un communiqué corrigé": [],
        "Un communiqué retiré": ["(retiré)"],
        "Un communiqué renommé": [],
    }


def test_original_offered_with_its_checksum(built: SphinxTestApp) -> None:
    page = Path(built.outdir) / f"{CORRECTED}.html"
    block = main_of(soup_of(built, CORRECTED)).select_one(".release-provenance")
    assert block is not None
    link = block.select_one("a.download")
    assert link is not None
    assert plain(link) == "Original capturé"
    copy = page.parent / unquote(link["href"])
    assert copy.read_bytes() == (Path(built.srcdir) / ORIGINAL).read_bytes()
    expected = hashlib.sha256(copy.read_bytes()).hexdigest()
    assert plain(block.select_one(".checksum")) == f"Empreinte SHA-256 : {expected}"
    assert "capturé le 11 mars 2020" in plain(block.select_one(".original"))
    assert block.select_one(".original-url a")["href"] == "https://www.example.org/communiques/2020-03-10"


def test_the_home_page_shows_the_edition_and_every_page_its_own_last_change(built: SphinxTestApp) -> None:
    srcdir = Path(built.srcdir)
    head = git(srcdir, "rev-parse", "HEAD")
    assert edition(built) == Edition(commit=head, date=datetime(2021, 3, 5, 8, 30, tzinfo=UTC), dirty=False)
    stamp = soup_of(built, "index").select_one(".archive-edition")
    assert stamp is not None
    assert stamp["data-commit"] == head
    assert plain(stamp) == f"Édition du 5 mars 2021 ({head[:7]})"
    assert stamp.time["datetime"] == "2021-03-05T08:30:00+00:00"
    # Every other page: the newest commit of its own source, not the archive's edition.
    first = git(srcdir, "rev-list", "--max-parents=0", "HEAD")
    for docname, commit_hash, shown in (
        (CORRECTED, head, "Page modifiée le 5 mars 2021"),
        ("organisations/gouvernement-du-quebec", first, "Page modifiée le 15 janvier 2021"),
    ):
        page = soup_of(built, docname)
        assert page.select_one(".archive-edition") is None, docname
        own = page.select_one(".archive-page-changed")
        assert own is not None, docname
        assert own["data-commit"] == commit_hash
        assert plain(own) == f"{shown} ({commit_hash[:7]})"
    # What the site was built from, for machines, beside the pages.
    assert json.loads((Path(built.outdir) / "edition.json").read_text(encoding="utf-8")) == {
        "commit": head,
        "date": "2021-03-05T08:30:00+00:00",
        "dirty": False,
    }


def redirect_target(app: SphinxTestApp, old: str) -> Path:
    """The file the redirect page at *old* leads to, checked on the way."""
    out = Path(app.outdir)
    page = out / f"{old}.html"
    soup = parse(page)
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh is not None
    delay, _, url = refresh["content"].partition("; url=")
    assert delay == "0"
    assert soup.find("a")["href"] == url
    target = Path(url2pathname(urljoin(page.as_uri(), url).removeprefix("file://")))
    # The canonical address is the new page's, absolute, in the language's folder.
    canonical = soup.find("link", rel="canonical")["href"]
    assert canonical.startswith("https://")
    assert canonical.endswith(f"/fr/{target.relative_to(out).as_posix()}")
    return target


def parse(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")


def test_old_address_of_a_moved_record_redirects(built: SphinxTestApp) -> None:
    old = Path(built.outdir) / f"{FORMER}.html"
    target = redirect_target(built, FORMER)
    assert target == Path(built.outdir) / f"{RENAMED}.html"
    assert target.is_file()
    assert plain(parse(old).body) == "Cette page a déménagé : Un communiqué renommé"


def test_old_address_in_a_browser(built: SphinxTestApp, browser: Browser) -> None:
    page = browser.new_page()
    try:
        page.goto((Path(built.outdir) / f"{FORMER}.html").as_uri())
        page.wait_for_url(f"**/{RENAMED}.html", timeout=10_000)
        assert page.locator("h1").first.inner_text().startswith("Un communiqué renommé")
    finally:
        page.close()


def test_parallel_build_equals_serial(built: SphinxTestApp, tmp_path: Path) -> None:
    srcdir = Path(built.srcdir)
    copy = tmp_path / "src"
    shutil.copytree(srcdir, copy, ignore=shutil.ignore_patterns("_build"))
    parallel = build_once(copy, parallel=2)
    assert warnings_of(parallel) == []
    for docname in (CORRECTED, WITHDRAWN, RENAMED, "releases/2020/index"):
        assert str(main_of(soup_of(parallel, docname))) == str(main_of(soup_of(built, docname))), docname
    assert (Path(parallel.outdir) / f"{FORMER}.html").is_file()


# -- changes between builds ----------------------------------------------------------------------


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    return make_repository(tmp_path / "src")


def fixity_line(srcdir: Path) -> int:
    lines = (srcdir / f"{CORRECTED}.md").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.strip().startswith("sha256:"))


def test_tampered_original_fails_until_restored(repository: Path) -> None:
    assert warnings_of(build_once(repository)) == []
    original = repository / ORIGINAL
    kept = original.read_bytes()
    original.write_bytes(kept.replace(b"20 mars", b"27 mars"))
    expected, found = hashlib.sha256(kept).hexdigest(), hashlib.sha256(original.read_bytes()).hexdigest()
    assert warnings_of(build_once(repository)) == [
        f"{CORRECTED}.md:{fixity_line(repository)}: WARNING: the captured original `{ORIGINAL}` does not "
        f"match its checksum: expected SHA-256 {expected}, found {found}. "
        f"An original never changes: restore it from version control (`git checkout -- {ORIGINAL}`); "
        "if the record names the wrong file, correct `source.file`; only if a new capture replaces it, "
        "record the new checksum and add a `revisions` entry saying why [archive.fixity]"
    ]
    git(repository, "checkout", "--", ORIGINAL)
    assert warnings_of(build_once(repository)) == []


def test_missing_original_fails(repository: Path) -> None:
    (repository / ORIGINAL).unlink()
    line = fixity_line(repository) - 1  # `file:` is the line above `sha256:`
    assert warnings_of(build_once(repository)) == [
        f"{CORRECTED}.md:{line}: WARNING: the captured original `{ORIGINAL}` is missing: restore it from "
        f"version control (`git checkout -- {ORIGINAL}`), or correct `source.file` [archive.fixity]"
    ]


def test_a_new_commit_rewrites_the_pages_it_concerns(repository: Path) -> None:
    before = plain(soup_of(build_once(repository), WITHDRAWN).select_one(".archive-page-changed"))
    record = repository / f"{CORRECTED}.md"
    record.write_text(record.read_text(encoding="utf-8") + "\nUne phrase ajoutée.\n", encoding="utf-8")
    # An edit not yet committed leaves the stamps (and so the other pages) as they were.
    dirty = build_once(repository)
    assert plain(soup_of(dirty, WITHDRAWN).select_one(".archive-page-changed")) == before
    # Committing changes no source file: only git's history and the stamp differ.
    commit(repository, "Ajouter une phrase", "2021-04-01T12:00:00+00:00")
    after = build_once(repository)
    assert warnings_of(after) == []
    # A later commit changes nothing the reader's history shows.
    assert history(soup_of(after, CORRECTED))[0] == "15 janvier 2021 — Ajout à l’archive"
    assert "Ajouter une phrase" not in main_of(soup_of(after, CORRECTED)).get_text()
    # The same pages as a clean build of the same commit.
    clean = build_once(copy_sources(repository, repository.parent / "clean"))
    for docname in (CORRECTED, WITHDRAWN, RENAMED):
        assert str(main_of(soup_of(after, docname))) == str(main_of(soup_of(clean, docname))), docname
    head = git(repository, "rev-parse", "--short=7", "HEAD")
    assert (
        plain(soup_of(after, "index").select_one(".archive-edition")) == f"Édition du 1er avril 2021 ({head})"
    )
    assert plain(soup_of(after, CORRECTED).select_one(".archive-page-changed")) == (
        f"Page modifiée le 1er avril 2021 ({head})"
    )
    assert plain(soup_of(after, WITHDRAWN).select_one(".archive-page-changed")) == before


def written_pages(srcdir: Path) -> list[str]:
    """An incremental build of *srcdir*; the documents whose pages it wrote."""
    written: list[str] = []
    app = SphinxTestApp("html", srcdir=srcdir)
    app.connect("html-page-context", lambda _app, pagename, *_args: written.append(pagename))
    try:
        app.build()
    finally:
        app.cleanup()
    return sorted(set(written) & set(app.env.found_docs))


def test_a_commit_that_changes_no_record_rewrites_only_the_home_page(repository: Path) -> None:
    """A commit of the README or the code leaves every record's page as it was (issue: stamps)."""
    build_once(repository)
    assert written_pages(repository) == []  # nothing changed, nothing written
    (repository / "NOTES.txt").write_text("Notes for maintainers.\n", encoding="utf-8")
    commit(repository, "Notes for maintainers", "2021-04-02T12:00:00+00:00")
    assert written_pages(repository) == ["index"]  # the edition it shows


def test_shallow_clone_warns_once(repository: Path, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", repository.as_uri(), str(shallow))
    app = build_once(shallow)
    assert warnings_of(app) == [
        f"git:{shallow}: WARNING: the sources are a shallow git clone: record histories would be incomplete; "
        "fetch the whole history (`git fetch --unshallow`) and build again [archive.history]"
    ]
    # Only the latest commit is known: the record looks added then, as the warning says.
    assert history(soup_of(app, CORRECTED)) == [
        "5 mars 2021 — Ajout à l’archive",
        "12 mars 2020 — Correction : La date de l’événement a été corrigée.",
        "10 mars 2020 — Publication",
    ]


def test_without_git_only_an_info_message(tmp_path: Path) -> None:
    app = build_once(copy_sources(ROOTS / "test-history", tmp_path / "src"))
    assert warnings_of(app) == []
    assert "not in a git repository" in status_of(app)
    assert history(soup_of(app, CORRECTED)) == [
        "12 mars 2020 — Correction : La date de l’événement a été corrigée.",
        "10 mars 2020 — Publication",
    ]
    assert plain(soup_of(app, "index").select_one(".archive-edition")) == "Édition hors gestion de versions"
    assert soup_of(app, CORRECTED).select_one(".archive-page-changed") is None
    assert redirect_target(app, FORMER).is_file()


def test_translated_build(repository: Path) -> None:
    messages = repository / "locales" / "en" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    shutil.copy(REPO / "locales" / "en" / "LC_MESSAGES" / "communiques.po", messages)
    (messages / "releases.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "La date de l’événement a été corrigée."\nmsgstr "The date of the event was corrected."\n',
        encoding="utf-8",
    )
    app = build_once(repository, confoverrides={"language": "en"})
    assert warnings_of(app) == []
    notice = main_of(soup_of(app, CORRECTED)).select_one(".release-notice")
    assert (
        plain(notice) == "Corrected release Corrected on March 12, 2020: The date of the event was corrected."
    )
    assert history(soup_of(app, CORRECTED)) == [
        "January 15, 2021 — Added to the archive",
        "March 12, 2020 — Correction: The date of the event was corrected.",
        "March 10, 2020 — Publication",
    ]
    assert plain(soup_of(app, "index").select_one(".archive-edition")).startswith("Edition of March 5, 2021")
    assert plain(parse(Path(app.outdir) / f"{FORMER}.html").body) == (
        "This page has moved: Un communiqué renommé"
    )


def test_gettext_extracts_notes_not_labels(tmp_path: Path) -> None:
    srcdir = copy_sources(ROOTS / "test-history", tmp_path / "src")
    app = SphinxTestApp("gettext", srcdir=srcdir, confoverrides={"gettext_compact": False})
    try:
        app.build()
    finally:
        app.cleanup()
    pot = (Path(app.outdir) / "fr" / f"{WITHDRAWN}.pot").read_text(encoding="utf-8")
    messages = [
        line.removeprefix("msgid ").strip('"') for line in pot.splitlines() if line.startswith("msgid ")
    ]
    assert messages == [
        "",
        "Un communiqué retiré",
        "Québec",
        "Retiré à la demande du ministère.",
        "Ce texte reste consultable.",
        "Publié par erreur.",
    ]


# -- redirects that cannot work --------------------------------------------------------------------


def test_bad_redirects_are_reported_where_declared(tmp_path: Path) -> None:
    srcdir = copy_sources(ROOTS / "test-history-redirects", tmp_path / "src")
    (srcdir / ".gitignore").write_text("_build/\n", encoding="utf-8")
    git(srcdir, "init", "-q", "-b", "main")
    commit(srcdir, *FIRST)
    # A move that keeps no redirect: git knows, the build says so.
    git(srcdir, "mv", "releases/2020/2020-01-04-d.md", "releases/2020/2020-01-04-d-bis.md")
    record = srcdir / "releases/2020/2020-01-04-d-bis.md"
    record.write_text(record.read_text(encoding="utf-8").replace("id: 2020-01-04-d", "id: 2020-01-04-d-bis"))
    commit(srcdir, *RENAME)
    app = build_once(srcdir)
    loop = (
        "WARNING: redirect loop: `releases/2020/{0}` redirects here and this record redirects from "
        "`releases/2020/{0}`, which is a page of the archive: remove the entry from the record that moved "
        "[archive.redirect]"
    )
    assert warnings_of(app) == [
        "releases/2020/2020-01-01-a.md:11: WARNING: `releases/2020/2020-01-01-a` is this record's own "
        "path: remove it from `redirect_from` [archive.redirect]",
        "releases/2020/2020-01-01-a.md:12: WARNING: `releases/2020/index` is a page of the archive: "
        "a redirect there would hide it; remove the entry, or move that page first [archive.redirect]",
        "releases/2020/2020-01-02-b.md:11: " + loop.format("2020-01-03-c"),
        "releases/2020/2020-01-03-c.md:11: " + loop.format("2020-01-02-b"),
        "releases/2020/2020-01-04-d-bis.md:1: WARNING: this record was moved from "
        "`releases/2020/2020-01-04-d` (git history) but keeps no redirect: add "
        "`releases/2020/2020-01-04-d` to `redirect_from` so that old links keep working [archive.redirect]",
        "releases/2020/2020-01-05-e.md:11: WARNING: `releases/2020/ancien` already redirects to "
        "`releases/2020/2020-01-04-d-bis`: an old address can lead to one record only [archive.redirect]",
    ]
    out = Path(app.outdir)
    assert redirect_target(app, "releases/2020/ancien") == out / "releases/2020/2020-01-04-d-bis.html"
    assert (out / "releases/2020/index.html").read_text(encoding="utf-8").count("http-equiv") == 0


# -- the archive itself ------------------------------------------------------------------------------


@pytest.fixture
def live_clone(tmp_path: Path) -> Path:
    """A clone of the archive's repository: its real sources with their real history."""
    try:
        git(REPO, "rev-parse", "--verify", "HEAD")
    except (subprocess.CalledProcessError, FileNotFoundError):
        pytest.skip("the archive is not a git repository here (built from an export)")
    if git(REPO, "rev-parse", "--is-shallow-repository") == "true":
        pytest.skip("shallow clone: `git fetch --unshallow` first (.ci/run does)")
    clone = tmp_path / "archive"
    git(tmp_path, "clone", "-q", "--no-hardlinks", str(REPO), str(clone))
    # The test's conf.py runs the real one; neither it nor the output is a change of the archive.
    (clone / ".git" / "info" / "exclude").write_text("/source/conf.py\n", encoding="utf-8")
    run_archive_conf(clone / "source", clone / "conf.py")
    return clone


def a_kept_original(srcdir: Path) -> tuple[str, Path, str]:
    """A release of the archive that keeps its original (the first by name, drafts aside).

    Its docname, its original's file and the year it was issued; the test is
    skipped if no release keeps one. Chosen by rule, so that the test holds
    whatever releases the archive holds.
    """
    for path in sorted((srcdir / "releases").glob("*/*.md")):
        data = frontmatter.read(path.read_text(encoding="utf-8")).data
        source = data.get("source")
        kept = isinstance(source, dict) and source.get("file")
        if path.name != "index.md" and not data.get("draft") and kept:
            docname = path.relative_to(srcdir).with_suffix("").as_posix()
            return docname, srcdir / str(source["file"]), str(data["issued"])[:4]
    pytest.skip("no release of the archive keeps its original")


def test_a_release_shows_its_history_and_tampering_fails(live_clone: Path) -> None:
    srcdir = live_clone / "source"
    release, original, year = a_kept_original(srcdir)
    app = build_once(srcdir)
    assert warnings_of(app) == []
    commits = git(live_clone, "log", "--format=%s", "--", f"source/{release}.md").splitlines()
    assert commits, "the record has no history"
    shown = history(soup_of(app, release))
    assert shown[-1].endswith(f" {year} — Publication"), shown
    assert any(line.endswith(" — Ajout à l’archive") for line in shown), shown
    text = main_of(soup_of(app, release)).get_text()
    assert not any(subject in text for subject in commits), "commit subjects are provenance, not history"
    stamp = soup_of(app, release).select_one(".archive-page-changed")
    assert stamp is not None
    assert stamp["data-commit"] == git(live_clone, "log", "-1", "--format=%H", "--", f"source/{release}.md")
    assert "modifications non enregistrées" not in plain(stamp)

    original.write_bytes(original.read_bytes() + b"\n")
    tampered = warnings_of(build_once(srcdir))
    assert len(tampered) == 1
    assert tampered[0].startswith(f"{release}.md:")
    assert "does not match its checksum" in tampered[0]
    assert tampered[0].endswith("[archive.fixity]")
