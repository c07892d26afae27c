"""How long ``python -m communiques check`` takes, on the archive and on synthetic ones.

Each archive is copied (or generated, with :mod:`tests.bench.corpus`) into a
temporary folder beside a ``conf.py`` that runs the repository's, and checked
four times, each run a fresh process as an archivist would start it:

1. first check (every file read; its environment did not exist);
2. again, nothing changed;
3. after editing one release (its text changes);
4. after breaking one release (a misspelt key): the check must find it.

Run from the repository's root::

    PYTHONPATH=ext python -m tests.bench.check                 # the archive, 300 and 1000 releases
    PYTHONPATH=ext python -m tests.bench.check --records 100 --records 2000
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench import corpus

REPO = Path(__file__).resolve().parents[2]
CONF = (
    '"""The repository\'s conf.py, run from this benchmark archive."""\n'
    "import runpy\n\n"
    "_settings = runpy.run_path({conf!r})\n"
    "globals().update({{k: v for k, v in _settings.items() if not k.startswith('__')}})\n"
)


def check(root: Path) -> tuple[float, int, str]:
    """(seconds, exit status, last line of stderr) of one check in a new process."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "communiques", "--root", str(root), "check"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO / "ext")},
        cwd=root,
    )
    seconds = time.perf_counter() - started
    summary = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    return seconds, done.returncode, summary + (" | " + done.stdout.strip() if done.stdout.strip() else "")


def releases(source: Path) -> list[Path]:
    return sorted(p for p in (source / "releases").glob("*/*.md") if p.name != "index.md")


def measure(name: str, root: Path) -> list[tuple[str, str, float, int, str]]:
    rows = []
    record = releases(root / "source")[0]
    for step in ("first check", "nothing changed", "one release edited", "one release broken"):
        if step == "one release edited":
            record.write_text(
                record.read_text(encoding="utf-8") + "\nUn paragraphe ajouté.\n", encoding="utf-8"
            )
        elif step == "one release broken":
            text = record.read_text(encoding="utf-8")
            record.write_text(text.replace("\ntitle:", "\ntitel:", 1), encoding="utf-8")
        seconds, status, summary = check(root)
        rows.append((name, step, seconds, status, summary))
        sys.stdout.write(f"{name:>22} | {step:<20} | {seconds:6.2f} s | exit {status} | {summary}\n")
        sys.stdout.flush()
    return rows


def archive_copy(folder: Path) -> Path:
    shutil.copytree(REPO / "source", folder / "source")
    (folder / "conf.py").write_text(CONF.format(conf=str(REPO / "conf.py")), encoding="utf-8")
    return folder


def synthetic(folder: Path, records: int) -> Path:
    corpus.Corpus(records, 1).write(folder / "source", plain=False)
    (folder / "conf.py").write_text(CONF.format(conf=str(REPO / "conf.py")), encoding="utf-8")
    return folder


def with_bad_cases(folder: Path) -> tuple[Path, int]:
    """The archive plus every bad case of ``tests/test_check.py`` (and the records they need)."""
    sys.path.insert(0, str(REPO / "tests"))  # the tests import their helpers so
    from tests.test_check import CASES, EXPECTED, make_archive

    root = archive_copy(folder)
    staging = make_archive(folder.parent / "staging", CASES)
    for part in ("people", "organisations", "releases/2020", "releases/2021"):
        (root / "source" / part).mkdir(parents=True, exist_ok=True)
        for path in (staging / "source" / part).glob("*.md"):
            if path.name != "index.md":
                shutil.copy(path, root / "source" / part / path.name)
    return root, len(EXPECTED)


def bad_cases(root: Path, expected: int) -> None:
    seconds, status, _summary = check(root)
    done = subprocess.run(
        [sys.executable, "-m", "communiques", "--root", str(root), "check", "-q"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO / "ext")},
        cwd=root,
    )
    found = len(done.stdout.splitlines())
    sys.stdout.write(
        f"{'archive + bad cases':>22} | {'first check':<20} | {seconds:6.2f} s | exit {status} | "
        f"{found} problems reported, {expected} bad cases laid\n"
    )


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(prog="python -m tests.bench.check", description=__doc__.splitlines()[0])
    cli.add_argument("--records", type=int, action="append", help="size of a synthetic archive (repeatable)")
    options = cli.parse_args(argv)
    sizes = options.records or [300, 1000]
    with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
        base = Path(tmp)
        files = len(list((REPO / "source").rglob("*.md")))
        measure(f"archive ({files} files)", archive_copy(base / "archive"))
        bad_cases(*with_bad_cases(base / "bad" / "archive"))
        for size in sizes:
            root = synthetic(base / f"corpus-{size}", size)
            files = len(list((root / "source").rglob("*.md")))
            measure(f"{size} releases ({files} files)", root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
