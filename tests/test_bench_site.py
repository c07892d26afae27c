"""The whole-product benchmark reads each part of a build from its log, languages one after the other or not.

``tests/bench/site.py`` is run as ``python -m tests.bench.site`` from the
repository's root (its imports say ``tests.bench``), so it is run so here,
on logs in the site build's two formats, through ``--log``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers import REPO

SITE = "communiques.tools.site: "

#: a sequential build's log: each language's lines as they come, after its "building" line
ONE_AFTER_THE_OTHER = f"""\
{SITE}building fr in /w/fr
Running Sphinx v9.2.0
communiques: open data in 0.30 s
build succeeded.
communiques.pdf.render: fr: 2 rendered, 4 unchanged (not rendered) in 1.5s (1.2s of CPU)
{SITE}fr search index built from 8 pages in 5.0s (/w/fr/pagefind; verified in 0.7s, attempt 1, 'X' found)
{SITE}fr done in 9.0s
{SITE}building en in /w/en
communiques: open data in 0.40 s
communiques.pdf.render: en: 2 rendered, 4 unchanged (not rendered) in 1.8s (1.0s of CPU)
{SITE}en search index built from 8 pages in 6.0s (/w/en/pagefind; verified in 0.8s, attempt 1, 'X' found)
{SITE}en done in 10.0s
{SITE}staged 198 files in 0.5s (16 new or changed, 182 as published)
{SITE}published in 1.3s: the archive is ready to host in /w/site
"""

#: the same languages built at the same time: English, done first, printed first
AT_THE_SAME_TIME = f"""\
{SITE}fr and en at the same time (each has a saved environment), each with -j 1; each language's log follows
{SITE}building en in /w/en
communiques: open data in 0.40 s
communiques.pdf.render: en: 2 rendered, 4 unchanged (not rendered) in 1.8s (1.0s of CPU)
{SITE}en search index built from 8 pages in 6.0s (/w/en/pagefind; verified in 0.8s, attempt 1, 'X' found)
{SITE}en done in 10.0s
{SITE}building fr in /w/fr
communiques: open data in 0.30 s
communiques.pdf.render: fr: 2 rendered, 4 unchanged (not rendered) in 1.5s (1.2s of CPU)
{SITE}fr search index built from 8 pages in 5.0s (/w/fr/pagefind; verified in 0.7s, attempt 1, 'X' found)
{SITE}fr done in 11.0s
{SITE}fr, en built at the same time in 11.2s (fr 11.0s, en 10.0s)
{SITE}staged 198 files in 0.5s (16 new or changed, 182 as published)
{SITE}published in 1.3s: the archive is ready to host in /w/site
"""


def report_of(tmp_path: Path, log: str) -> list[str]:
    path = tmp_path / "log.txt"
    path.write_text(log, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO / "ext")}
    command = [sys.executable, "-m", "tests.bench.site", "--log", str(path)]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, check=True)
    return done.stdout.splitlines()


def assert_report(lines: list[str], total: str, parts: tuple[str, ...]) -> None:
    assert lines[0].endswith(f": {total} (exit 0)"), lines
    for part in parts:
        assert f"- {part}" in lines, lines


def test_the_parts_of_a_build_one_language_after_the_other(tmp_path: Path) -> None:
    lines = report_of(tmp_path, ONE_AFTER_THE_OTHER)

    # 9.0 + 10.0 s of languages, then 1.3 s to publish
    assert_report(
        lines,
        "20.3 s",
        (
            "fr open data: 0.3 s",
            "fr PDFs: 1.5 s",
            "fr HTML (Sphinx, with open data): 2.5 s",
            "en open data: 0.4 s",
            "en HTML (Sphinx, with open data): 2.2 s",
            "staging, proof and publishing: 1.3 s",
        ),
    )
    assert not any("at the same time" in line for line in lines)


def test_the_parts_of_a_build_with_the_languages_at_the_same_time(tmp_path: Path) -> None:
    lines = report_of(tmp_path, AT_THE_SAME_TIME)

    # the languages' wall-clock time, not their times added up, then 1.3 s to publish
    assert_report(
        lines,
        "12.5 s",
        (
            "en open data: 0.4 s",
            "en HTML (Sphinx, with open data): 2.2 s",
            "fr open data: 0.3 s",
            "fr PDFs: 1.5 s",
            "fr HTML (Sphinx, with open data): 4.5 s",
            "languages at the same time (wall-clock): 11.2 s",
            "fr, en built at the same time",
        ),
    )
