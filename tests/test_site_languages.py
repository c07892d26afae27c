"""The site build's languages at the same time: when, with which ``-j``, and whose output is whose.

Quick tests, with the steps faked; ``tests/test_site_publishing.py`` builds
a real project both ways and compares the sites.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from communiques.tools import site, site_languages
from communiques.tools.site_languages import Console, build_side_by_side, jobs_each, side_by_side


def saved(tmp_path: Path, *languages: str, failed: str = "") -> list[tuple[Path, Path]]:
    """Doctree folders with a saved environment, and their failure marks (*failed*'s present)."""
    found = []
    for lang in languages:
        doctrees = tmp_path / "doctrees" / lang
        doctrees.mkdir(parents=True)
        (doctrees / site_languages.ENVIRONMENT).write_bytes(b"")
        mark = doctrees / site.FAILURE_MARK
        if lang == failed:
            mark.touch()
        found.append((doctrees, mark))
    return found


def test_only_incremental_builds_of_several_languages_are_built_at_the_same_time(tmp_path: Path) -> None:
    assert side_by_side(saved(tmp_path / "both", "fr", "en"))
    assert not side_by_side(saved(tmp_path / "told", "fr", "en"), sequential=True)
    assert not side_by_side(saved(tmp_path / "one", "fr"))
    assert not side_by_side(saved(tmp_path / "failed", "fr", "en", failed="en"))
    first = saved(tmp_path / "first", "fr", "en")
    (first[1][0] / site_languages.ENVIRONMENT).unlink()
    assert not side_by_side(first), "a language built for the first time uses every core alone"


def test_languages_at_the_same_time_share_the_jobs() -> None:
    assert jobs_each(3, 2) == 1
    assert jobs_each(8, 2) == 4
    assert jobs_each(1, 2) == 1


def test_each_languages_output_is_printed_whole_even_when_they_write_at_the_same_time(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Both chains say a line, then a child of each prints, then each says another: never mixed."""
    turn = threading.Barrier(2, timeout=10)

    def build(lang: str, output: Console) -> int:
        assert not output.alone
        turn.wait()  # both started: this fails, not hangs, if they are built one after the other
        output.say(f"building {lang} in here")
        turn.wait()
        # stdout flushed first: written to a file, it is buffered until the child exits
        child = f"import sys; print('{lang} out', flush=True); print('{lang} err', file=sys.stderr)"
        status = output.run([sys.executable, "-c", child])
        turn.wait()
        output.say(f"{lang} done in 1.0s")
        return status + (1 if lang == "en" else 0)

    assert build_side_by_side(["fr", "en"], build) == {"fr": 0, "en": 1}

    lines = capsys.readouterr().err.splitlines()
    prefix = site_languages.PREFIX
    for lang in ("fr", "en"):
        start = lines.index(f"{prefix}building {lang} in here")
        expected = [
            f"{prefix}building {lang} in here",
            f"{lang} out",
            f"{lang} err",
            f"{prefix}{lang} done in 1.0s",
        ]
        assert lines[start : start + 4] == expected, lines
    assert lines[-1].startswith(f"{prefix}fr, en built at the same time in ")


def test_a_chain_that_raises_still_prints_its_output_and_the_error_reaches_the_build(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def build(lang: str, output: Console) -> int:
        output.say(f"building {lang} in here")
        if lang == "en":
            raise OSError("disk full")
        return 0

    with pytest.raises(OSError, match="disk full"):
        build_side_by_side(["fr", "en"], build)
    said = capsys.readouterr().err
    assert "building fr in here" in said and "building en in here" in said


def test_main_builds_incremental_languages_at_the_same_time_with_their_share_of_jobs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each language's Sphinx waits for the other's to start: built one after the other, this fails."""
    out = tmp_path / "site"
    saved(tmp_path, "fr", "en")  # tmp_path/doctrees: the site's default doctrees
    started = threading.Barrier(2, timeout=10)
    shares: dict[str, int] = {}

    def fake_build(lang: str, layout: site.Layout, *, jobs: int, output: Console, **options: object) -> int:
        started.wait()
        shares[lang] = jobs
        output.say(f"{lang}: Sphinx says hello")
        return 1 if lang == "en" else 0

    monkeypatch.setattr(site, "build_language", fake_build)
    monkeypatch.setattr(site, "index_search", lambda *args: 0)

    status = site.main(["--out", str(out), "--no-pdf", "-j", "3"])

    assert status == 1
    assert shares == {"fr": 1, "en": 1}
    said = capsys.readouterr().err
    assert "fr and en at the same time" in said
    assert "fr: Sphinx says hello" in said
    assert "the build failed for: en (exit 1)" in said
    assert not out.exists(), "a failed build publishes nothing"


def test_sequential_keeps_the_languages_one_after_the_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    saved(tmp_path, "fr", "en")
    order: list[tuple[str, int, bool]] = []

    def fake_build(lang: str, layout: site.Layout, *, jobs: int, output: Console, **options: object) -> int:
        order.append((lang, jobs, output.alone))
        return 1

    monkeypatch.setattr(site, "build_language", fake_build)

    assert site.main(["--out", str(tmp_path / "site"), "--sequential", "-j", "3"]) == 1
    assert order == [("fr", 3, True), ("en", 3, True)]
    assert "at the same time" not in capsys.readouterr().err
