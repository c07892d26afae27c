"""Open data made again only where its data changed (issue #9).

Each build of the ``opendata`` root logs what its open-data step made again
(``communiques: open data: …``); the tests read that line, the files'
modification times, and compare the files with those of a clean build of
the same sources.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

import helpers
from communiques.opendata import export
from helpers import copy_sources, status_of, warnings_of
from test_opendata import (
    ENTENTE,
    GOUVERNEMENT,
    JEANNE,
    MINISTERE,
    PAUL,
    PREMIER,
    build,
    copy_root,
    feeds_of,
    out,
)

#: the log line of a build whose open data did not change
NOTHING_MADE = "0 of 6 feed(s) made again (0 written), sitemap unchanged, export unchanged"
#: … of a build that made all of it again, and found every file as it was
ALL_MADE_SAME_BYTES = (
    "6 of 6 feed(s) made again (0 written), sitemap made again, "
    "export made again (2 of 2 release(s) serialised)"
)
#: the feeds that list the first release
LISTING_PREMIER = {
    "feeds/releases.xml",
    f"feeds/{JEANNE}.xml",
    f"feeds/{MINISTERE}.xml",
    f"feeds/{GOUVERNEMENT}.xml",
    f"feeds/{ENTENTE}.xml",
}


def made(app: SphinxTestApp) -> str:
    """What the build's open-data step says it made, from its log."""
    marker = "communiques: open data: "
    lines = [line.split(marker, 1)[1] for line in status_of(app).splitlines() if marker in line]
    assert len(lines) == 1, status_of(app)
    return lines[0]


def open_data(app: SphinxTestApp) -> list[str]:
    return [*feeds_of(app), "sitemap.xml", export.EXPORT_PATH, export.SCHEMA_PATH]


def times(app: SphinxTestApp) -> dict[str, int]:
    return {path: out(app, path).stat().st_mtime_ns for path in open_data(app)}


def rebuild(srcdir: Path, **overrides: object) -> SphinxTestApp:
    app = build(srcdir, **overrides)
    app.cleanup()
    assert warnings_of(app) == []
    return app


def state_file(app: SphinxTestApp) -> Path:
    return Path(app.doctreedir) / "communiques-opendata-html.json"


def fragments_file(app: SphinxTestApp) -> Path:
    return Path(app.doctreedir) / "communiques-export-html.pickle"


def assert_same_as_a_clean_build(app: SphinxTestApp, tmp_path: Path) -> None:
    clean = rebuild(copy_sources(Path(app.srcdir), tmp_path / "clean" / "src"))
    assert open_data(app) == open_data(clean)
    for path in open_data(clean):
        assert out(app, path).read_bytes() == out(clean, path).read_bytes(), path


TITLE = "Premier communiqué sur les essais"


def retitle(srcdir: Path, old: str, new: str) -> None:
    release = srcdir / f"{PREMIER}.md"
    text = release.read_text(encoding="utf-8")
    assert f"title: {old}\n" in text
    release.write_text(text.replace(f"title: {old}\n", f"title: {new}\n"), "utf-8")


@pytest.fixture
def srcdir(tmp_path: Path) -> Path:
    return copy_root(tmp_path / "incremental")


def test_a_build_with_nothing_changed_makes_no_open_data_again(srcdir: Path) -> None:
    first = rebuild(srcdir)
    assert made(first).startswith(
        "6 of 6 feed(s) made again (6 written), sitemap made again, export made again"
    )
    before = times(first)

    again = rebuild(srcdir)
    assert made(again) == NOTHING_MADE
    assert times(again) == before


def test_editing_a_title_makes_again_the_feeds_that_list_the_release(srcdir: Path, tmp_path: Path) -> None:
    before = times(rebuild(srcdir))
    retitle(srcdir, TITLE, "Premier communiqué, renommé")

    changed = rebuild(srcdir)
    # Five feeds made again, and five files changed: the same five.
    assert made(changed) == (
        "5 of 6 feed(s) made again (5 written), sitemap unchanged, "
        "export made again (1 of 2 release(s) serialised)"
    )
    rewritten = {path for path in before if out(changed, path).stat().st_mtime_ns != before[path]}
    assert rewritten == {*LISTING_PREMIER, export.EXPORT_PATH}
    assert_same_as_a_clean_build(changed, tmp_path)

    # and back: compared with the last build's fingerprints, not the first's
    retitle(srcdir, "Premier communiqué, renommé", TITLE)
    back = rebuild(srcdir)
    assert made(back) == made(changed)
    assert_same_as_a_clean_build(back, tmp_path / "back")


@pytest.mark.parametrize(
    "damage",
    [
        b"\x00\xff not JSON",
        b'{"version": 1, "files": {"feeds/releases.xml": ',
        b'{"version": 1, "files": 3}',
        b"[" * 100_000,
    ],
    ids=["binary", "truncated", "wrong-shape", "too-deep"],
)
def test_a_damaged_state_makes_everything_again(srcdir: Path, tmp_path: Path, damage: bytes) -> None:
    first = rebuild(srcdir)
    before = {path: out(first, path).read_bytes() for path in open_data(first)}
    state_file(first).write_bytes(damage)
    fragments_file(first).write_bytes(damage)

    again = rebuild(srcdir)  # no warning: rebuild() checks
    assert made(again) == ALL_MADE_SAME_BYTES
    assert {path: out(again, path).read_bytes() for path in open_data(again)} == before
    # and the next build trusts the state it wrote
    assert made(rebuild(srcdir)) == NOTHING_MADE


def test_a_deleted_feed_or_export_is_made_again(srcdir: Path) -> None:
    first = rebuild(srcdir)
    before = {path: out(first, path).read_bytes() for path in open_data(first)}
    for path in (f"feeds/{JEANNE}.xml", "sitemap.xml", export.EXPORT_PATH, export.SCHEMA_PATH):
        out(first, path).unlink()

    again = rebuild(srcdir)
    assert made(again) == (
        "1 of 6 feed(s) made again (1 written), sitemap made again, "
        "export made again (0 of 2 release(s) serialised)"
    )
    assert {path: out(again, path).read_bytes() for path in open_data(again)} == before


def test_a_deleted_entity_loses_its_feed_and_no_other_is_made_again(srcdir: Path, tmp_path: Path) -> None:
    rebuild(srcdir)
    (srcdir / f"{PAUL}.md").unlink()

    app = rebuild(srcdir)
    assert not out(app, f"feeds/{PAUL}.xml").exists()
    # Paul is in no release: no other feed shows him; the export and the sitemap did.
    assert made(app) == (
        "0 of 5 feed(s) made again (0 written), sitemap made again, "
        "export made again (0 of 2 release(s) serialised)"
    )
    assert_same_as_a_clean_build(app, tmp_path)


def test_a_new_base_url_makes_everything_again(srcdir: Path) -> None:
    rebuild(srcdir)
    moved = rebuild(srcdir, archive_base_url="https://moved.test/")
    assert made(moved).startswith(
        "6 of 6 feed(s) made again (6 written), sitemap made again, export made again"
    )
    assert b"https://moved.test/fr/feeds/releases.xml" in out(moved, "feeds/releases.xml").read_bytes()
    assert export.Archive.model_validate_json(out(moved, export.EXPORT_PATH).read_bytes()).base_url == (
        "https://moved.test/"
    )


def git(cwd: Path, *args: str) -> str:
    return helpers.git(cwd, *args, when="2026-01-15T10:00:00+00:00")


def edition_in_export(app: SphinxTestApp) -> dict[str, object]:
    return json.loads(out(app, export.EXPORT_PATH).read_bytes())["edition"]


def test_a_new_edition_makes_the_export_again_and_no_feed(srcdir: Path) -> None:
    git(srcdir, "init", "-q", "-b", "main")
    (srcdir / ".gitignore").write_text("_build/\n", encoding="utf-8")
    git(srcdir, "add", "-A")
    git(srcdir, "commit", "-q", "-m", "Premiers communiqués")
    first = rebuild(srcdir)
    assert edition_in_export(first)["commit"] == git(srcdir, "rev-parse", "HEAD")

    # A file that is no page: the sources are dirty, then committed; no release changed.
    (srcdir / "NOTES.txt").write_text("Notes.\n", encoding="utf-8")
    dirty = rebuild(srcdir)
    assert made(dirty) == (
        "0 of 6 feed(s) made again (0 written), sitemap unchanged, "
        "export made again (0 of 2 release(s) serialised)"
    )
    assert edition_in_export(dirty)["dirty"] is True

    git(srcdir, "add", "-A")
    git(srcdir, "commit", "-q", "-m", "Notes")
    committed = rebuild(srcdir)
    assert made(committed) == made(dirty)
    assert edition_in_export(committed) == {
        "commit": git(srcdir, "rev-parse", "HEAD"),
        "date": "2026-01-15T10:00:00+00:00",
        "dirty": False,
    }


def test_the_state_of_another_output_folder_is_not_trusted(srcdir: Path, tmp_path: Path) -> None:
    first = rebuild(srcdir)
    state = json.loads(state_file(first).read_bytes())
    state_file(first).write_text(json.dumps({**state, "outdir": str(tmp_path / "elsewhere")}), "utf-8")

    again = rebuild(srcdir)
    # Every file made again; the releases' JSON is named by their data, and kept.
    assert made(again) == (
        "6 of 6 feed(s) made again (0 written), sitemap made again, "
        "export made again (0 of 2 release(s) serialised)"
    )


# -- the export, assembled from the releases' JSON --------------------------------------------


def test_the_export_is_the_json_of_the_whole_archive(srcdir: Path) -> None:
    app = build(srcdir)
    try:
        assert out(app, export.EXPORT_PATH).read_bytes() == export.document(app)
    finally:
        app.cleanup()


@pytest.mark.parametrize("count", [0, 1, 3])
def test_document_bytes_are_what_json_dumps_writes(count: int) -> None:
    releases = [
        {
            "id": f"r{n}",
            "title": 'Ligne\nsuivante, "guillemets", </script>, é, \u2028, \x01, \\',
            "empty": [],
            "nothing": {},
            "nested": {"list": [1, 2.5, None, True, {"deep": ["x"]}], "text": "\t"},
        }
        for n in range(count)
    ]
    head = {"format": "f", "counts": {"releases": count}, "releases": [], "people": [{"id": "p"}], "last": []}
    expected = json.dumps({**head, "releases": releases}, ensure_ascii=False, indent=2) + "\n"
    members = [export.release_member(export.to_json(r)) for r in releases]
    assert export.document_bytes(head, members) == expected.encode()
