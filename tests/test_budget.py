"""No single hostile record exhausts ``check``: each ends cleanly, with its message, under 500 MB.

Each case writes one record into a copy of ``tests/roots/test-consistency-base``
and runs ``python -m communiques check`` on it in a subprocess whose address
space is limited to 500 MB (``RLIMIT_AS``) and whose processor time to
5 minutes (``RLIMIT_CPU``, only so that a regression ends instead of hanging
the suite). Without the bounds (front matter composed with limits, the body's
budget, the size limit), the alias bomb grew to 11 GB and the dense bodies to
several GB or many minutes: under the limit they end in a ``MemoryError``
traceback or are killed. Nothing here measures time.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from helpers import REPO, ROOTS

if TYPE_CHECKING:
    from pathlib import Path

LIMIT = 500 * 1024 * 1024

HEAD = """\
---
id: 2020-05-05-essai
type: press-release
title: Essai
issued: 2020-05-05
place: Québec
language: fr
issuers:
  - gouvernement-du-quebec
{extra}---

"""

LAUGHS = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9 if i else ['lol'] * 9)}]\n" for i in range(10))

#: name → (content of the record, what check must say about it, at which line)
CASES: dict[str, tuple[str | bytes, str]] = {
    "alias-bomb": (
        HEAD.format(extra=LAUGHS) + "Corps.\n",
        ":10: `&l0`: anchors (`&name`) and aliases (`*name`) are not allowed in front matter",
    ),
    "deep-nesting": (
        HEAD.format(extra="contacts: " + "[" * 5000 + "]" * 5000 + "\n") + "Corps.\n",
        ":10: the front matter nests lists and mappings more than 12 levels deep",
    ),
    "long-list": (
        HEAD.format(extra="revisions:\n" + "  - {date: 2020-05-05, note: x}\n" * 2000) + "Corps.\n",
        ":1011: more than 1000 items in one list or mapping",
    ),
    "long-value": (
        HEAD.format(extra=f"subtitle: {'x' * 100_000}\n") + "Corps.\n",
        ":10: this value is longer than 20000 characters",
    ),
    "long-front-matter": (
        HEAD.format(extra="".join(f"# {'commentaire ' * 10}\n" for _ in range(5000))) + "Corps.\n",
        ":2: the front matter is longer than 256 KB",
    ),
    "huge-file": (
        HEAD.format(extra="") + "Un paragraphe.\n\n" * 600_000,
        ":1: the file is 9.2 MB, more than the 8 MB a record may have",
    ),
    "list-items": (HEAD.format(extra="") + "- a\n" * 500_000, ":1: this page would take about"),
    "emphasis": (HEAD.format(extra="") + "a*" * 1_000_000, ":1: this page would take about"),
    "brackets": (HEAD.format(extra="") + "[" * 6_000_000, ":1: this page would take about"),
    "roles": (HEAD.format(extra="") + "{a}`" * 500_000, ":1: this page would take about"),
    "table": (HEAD.format(extra="") + "| a | b |\n|---|---|\n" + "| a | b |\n" * 300_000, ":1: this page"),
}


#: included files: name → content; the record includes each (name → what check must say)
INCLUDED: dict[str, tuple[str, str]] = {
    # dense Markdown under the size limit: counted in the page's budget
    "dense.md": (
        "- a\n" * 200_000,
        ":14: `include` of `../../dense.md` is refused: the page with what it includes",
    ),
    # a large file: not read at all
    "large.txt": (
        "x" * (2 * 1024 * 1024),
        ":17: `literalinclude` of `../../large.txt` is refused: the file is 2.0 MB",
    ),
}


def limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (300, 300))


def check_limited(tmp_path: Path, content: str | bytes, extra: dict[str, str] | None = None) -> list[str]:
    """The lines ``check`` prints about the record, run under the limits (and with no traceback)."""
    shutil.copytree(ROOTS / "test-consistency-base", tmp_path / "source")
    (tmp_path / "source" / "conf.py").rename(tmp_path / "conf.py")
    for name, text in (extra or {}).items():
        (tmp_path / "source" / name).write_text(text, encoding="utf-8")
    path = tmp_path / "source/releases/2020/2020-05-05-essai.md"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "communiques", "check", "--fresh"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=limited,
        env={**os.environ, "PYTHONPATH": str(REPO / "ext")},
    )
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert done.returncode == 1, (done.returncode, done.stderr[-3000:])
    return [line for line in done.stdout.splitlines() if line.startswith("source/releases/2020/2020-05-05")]


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_record_ends_cleanly_within_the_limit(tmp_path: Path, case: str) -> None:
    content, expected = CASES[case]
    lines = check_limited(tmp_path, content)
    assert len(lines) == 1, lines
    assert expected in lines[0], lines[0]
    assert lines[0].endswith(("[archive.yaml]", "[archive.unsafe]")), lines[0]


def test_what_a_record_includes_counts_in_its_budget(tmp_path: Path) -> None:
    body = "".join(
        f"```{{{directive}}} ../../{name}\n```\n\n"
        for directive, name in (("include", "dense.md"), ("literalinclude", "large.txt"))
    )
    lines = check_limited(
        tmp_path,
        HEAD.format(extra="") + "Corps.\n\n" + body,
        {name: text for name, (text, _) in INCLUDED.items()},
    )
    for _name, (_text, expected) in INCLUDED.items():
        assert any(expected in line for line in lines), lines
