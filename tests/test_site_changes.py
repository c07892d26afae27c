"""The pull request's summary: pages added, changed and removed, from two site manifests."""

from __future__ import annotations

from pathlib import Path

import pytest

from communiques.publishing.stage import Manifest
from communiques.tools import site_changes

BEFORE = {
    "fr/index.html": "a",
    "fr/releases/2020/x.html": "b",
    "fr/releases/2020/x.pdf": "c",
    "fr/releases/2019/old.html": "d",
    "fr/pagefind/pagefind-entry.json": "e",
    "en/index.html": "f",
}
AFTER = {
    "fr/index.html": "a2",  # the home page lists the new release
    "fr/releases/2020/x.html": "b",
    "fr/releases/2020/x.pdf": "c",
    "fr/releases/2021/new.html": "g",
    "fr/releases/2021/new.pdf": "h",
    "fr/pagefind/pagefind-entry.json": "e2",
    "en/index.html": "f",
}


def write(path: Path, files: dict[str, str]) -> Path:
    path.write_bytes(Manifest(files).dumps())
    return path


def test_pages_are_sorted_into_added_changed_and_removed() -> None:
    found = site_changes.compare(BEFORE, AFTER)
    pages = found["pages"]
    assert (pages.added, pages.changed, pages.removed) == (
        ["fr/releases/2021/new.html"],
        ["fr/index.html"],
        ["fr/releases/2019/old.html"],
    )
    assert found["PDFs"].added == ["fr/releases/2021/new.pdf"]
    assert found["search index files"].changed == ["fr/pagefind/pagefind-entry.json"]


def test_the_command_appends_the_summary_to_the_job_summary(tmp_path: Path) -> None:
    before, after = write(tmp_path / "main.json", BEFORE), write(tmp_path / "pr.json", AFTER)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")

    status = site_changes.main([str(before), str(after), "--output", str(summary)])

    assert status == 0
    text = summary.read_text()
    assert text.startswith("earlier step\n## What this change publishes")
    assert "**Pages:** 1 added, 1 changed, 1 removed." in text
    assert "### Pages added (1)\n\n- `fr/releases/2021/new.html`" in text
    assert "### Pages removed (1)\n\n- `fr/releases/2019/old.html`" in text
    assert "1 changed search index files" in text.replace("0 added, ", "").replace(", 0 removed", "")


def test_without_the_main_branchs_manifest_everything_is_added(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    after = write(tmp_path / "pr.json", AFTER)
    assert site_changes.main([str(tmp_path / "missing.json"), str(after)]) == 0
    out = capsys.readouterr().out
    assert "No build of the main branch was found" in out
    assert "**Pages:** 4 added, 0 changed, 0 removed." in out


def test_the_same_site_says_so_and_links_go_to_the_preview(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    same = write(tmp_path / "a.json", AFTER)
    assert site_changes.main([str(same), str(same)]) == 0
    assert "the same, file for file" in capsys.readouterr().out
    text = site_changes.summary(Manifest(BEFORE), Manifest(AFTER), preview="https://preview.example/")
    assert "- [`fr/releases/2021/new.html`](https://preview.example/fr/releases/2021/new.html)" in text


def test_a_missing_build_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        site_changes.main([str(tmp_path / "a.json"), str(tmp_path / "b.json")])
