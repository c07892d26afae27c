"""``check`` after any sequence of edits reports exactly what ``check --fresh`` reports.

One archive is edited step by step, the way archivists (and mistakes) do:
a problem made and mended, a file saved in Latin-1 after being mended, a
copy with the same id, an included file, an original changed with its old
modification time kept (``cp -p``), a link out of ``source/``, a label
removed from under a reference, a missing table-of-contents entry created,
a record over the budget. After each step the incremental check (one
working folder kept throughout) must print exactly what a fresh check (a new
working folder each time) prints.
"""

from __future__ import annotations

import hashlib
import os
from typing import TYPE_CHECKING

import pytest

from communiques.tools import check
from test_check import make_archive, release

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

R = "source/releases/2020"
NEW = f"{R}/2020-06-01-essai.md"
ORIGINAL = "source/originals/2020-06-01-essai.txt"


def write(root: Path, path: str, text: str | bytes, *, keep_time: bool = False) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    before = target.stat() if keep_time and target.exists() else None
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, encoding="utf-8")
    if before is not None:  # as `cp -p` or an unpacked archive leave it
        os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))


def with_original(root: Path, content: str) -> str:
    digest = hashlib.sha256(content.encode()).hexdigest()
    return release("2020-06-01").replace(
        "language: fr\n",
        f"language: fr\nsource:\n  file: originals/2020-06-01-essai.txt\n  sha256: {digest}\n",
    )


STEPS: list[tuple[str, Callable[[Path], None]]] = [
    ("a new valid record", lambda root: write(root, NEW, release("2020-06-01"))),
    (
        "a problem made",
        lambda root: write(root, NEW, release("2020-06-01").replace("title: Essai", "titel: Essai")),
    ),
    (
        "mended, but saved in Latin-1",
        lambda root: write(root, NEW, release("2020-06-01").replace("Essai", "Été").encode("latin-1")),
    ),
    ("saved as UTF-8", lambda root: write(root, NEW, release("2020-06-01"))),
    (
        "a copy with the same id",
        lambda root: write(root, "source/releases/2021/2020-06-01-essai.md", release("2020-06-01")),
    ),
    ("the copy removed", lambda root: (root / "source/releases/2021/2020-06-01-essai.md").unlink()),
    (
        "an included file with a problem",
        lambda root: (
            write(root, "source/extrait.md", "Un extrait avec <b>du HTML</b>.\n"),
            write(
                root,
                NEW,
                release("2020-06-01").replace("Corps du communiqué.", "```{include} ../../extrait.md\n```"),
            ),
        ),
    ),
    (
        "the included file mended, its time kept",
        lambda root: write(root, "source/extrait.md", "Un extrait sans HTML, bien.\n", keep_time=True),
    ),
    (
        "an original and its checksum",
        lambda root: (
            write(root, ORIGINAL, "Le texte original.\n"),
            write(root, NEW, with_original(root, "Le texte original.\n")),
        ),
    ),
    (
        "the original changed, its time kept",
        lambda root: write(root, ORIGINAL, "Le texte modifié!!\n", keep_time=True),
    ),
    ("the original restored", lambda root: write(root, ORIGINAL, "Le texte original.\n", keep_time=True)),
    ("a link out of source/", lambda root: (root / "source/lien.txt").symlink_to(root / "conf.py")),
    ("the link removed", lambda root: (root / "source/lien.txt").unlink()),
    (
        "a page referring to a label of another",
        lambda root: (
            write(root, "source/cible.md", "---\norphan: true\n---\n\n(cible)=\n# Cible\n\nTexte.\n"),
            write(root, "source/renvoi.md", "---\norphan: true\n---\n\n# Renvoi\n\nVoir {ref}`cible`.\n"),
        ),
    ),
    (
        "the label removed",
        lambda root: write(root, "source/cible.md", "---\norphan: true\n---\n\n# Cible\n\nTexte.\n"),
    ),
    (
        "a table of contents naming a missing page",
        lambda root: write(
            root,
            "source/index.md",
            (root / "source/index.md")
            .read_text(encoding="utf-8")
            .replace("organisations/index\n", "organisations/index\nmanquante\n"),
        ),
    ),
    ("the missing page created", lambda root: write(root, "source/manquante.md", "# Manquante\n\nTexte.\n")),
    (
        "a record over the budget",
        lambda root: write(
            root, NEW, release("2020-06-01").replace("Corps du communiqué.", "- a\n" * 200_000)
        ),
    ),
    ("mended", lambda root: write(root, NEW, release("2020-06-01"))),
    ("the record deleted", lambda root: (root / NEW).unlink()),
    (
        "the label back, the extract removed",
        lambda root: (
            write(root, "source/cible.md", "---\norphan: true\n---\n\n(cible)=\n# Cible\n\nTexte.\n"),
            (root / "source/extrait.md").unlink(),
            (root / "source/manquante.md").unlink(),
            write(
                root,
                "source/index.md",
                (root / "source/index.md").read_text(encoding="utf-8").replace("manquante\n", ""),
            ),
        ),
    ),
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_archive(tmp_path_factory.mktemp("incremental") / "archive", {})


def test_each_incremental_check_equals_a_fresh_one(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(archive)
    kept = tmp_path / "kept"
    check.run(archive, workdir=kept, progress=None)
    seen = []
    for number, (name, step) in enumerate(STEPS):
        step(archive)
        incremental = check.run(archive, workdir=kept, progress=None)
        fresh = check.run(archive, workdir=tmp_path / f"fresh-{number}", progress=None, fresh=True)
        assert [str(f) for f in incremental.findings] == [str(f) for f in fresh.findings], name
        seen.append(bool(fresh.findings))
    # the sequence does make problems, and mends them
    assert any(seen)
    assert not seen[-1]
