"""Benchmark: the records' git history read in one pass, against one pass per file.

Writes a synthetic archive (``tests.bench.corpus``), makes it a git repository
with a first commit and then ``--commits`` commits each correcting a few
records, and times what a build asks of git:

* ``inspect`` (HEAD, its date, the tree's state: three quick commands);
* ``read_log``: the whole tree's history in one ``git log --name-status``;
* the alternative it replaces: one ``git log`` per record;

then checks both give the same commits. Run from the repository's root::

    PYTHONPATH=ext python -m tests.bench.git_history --records 1000 --commits 200
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from tests.bench.corpus import Corpus

from communiques.versioning import git as gitrepo

if TYPE_CHECKING:
    from collections.abc import Callable


ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=ENV, check=True, capture_output=True, text=True).stdout


def make_history(srcdir: Path, commits: int, per_commit: int, seed: int) -> list[Path]:
    """A repository whose every commit corrects *per_commit* records; the records."""
    git(srcdir, "init", "-q", "-b", "main")
    git(srcdir, "add", "-A")
    git(srcdir, "commit", "-q", "-m", "Premier versement")
    records = sorted(p for p in (srcdir / "releases").rglob("*.md") if p.name != "index.md")
    chance = random.Random(seed)
    for number in range(commits):
        for record in chance.sample(records, per_commit):
            with record.open("a", encoding="utf-8") as text:
                text.write(f"\nCorrection {number}.\n")
        git(srcdir, "commit", "-q", "-a", "-m", f"Correction {number}")
    return records


def timed[T](run: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    result = run()
    return time.perf_counter() - started, result


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(
        prog="python -m tests.bench.git_history", description=(__doc__ or "").splitlines()[0]
    )
    cli.add_argument("--records", type=int, default=1000)
    cli.add_argument("--commits", type=int, default=200)
    cli.add_argument("--per-commit", type=int, default=5, help="records changed by each commit")
    cli.add_argument("--per-file-sample", type=int, default=200, help="records timed one by one")
    options = cli.parse_args(argv)

    with tempfile.TemporaryDirectory() as folder:
        srcdir = Path(folder)
        Corpus(options.records, 1).write(srcdir)
        made, records = timed(lambda: make_history(srcdir, options.commits, options.per_commit, 1))
        out = sys.stdout.write
        out(f"{len(records)} records, {options.commits + 1} commits (made in {made:.1f}s)\n")

        inspect_s, state = timed(lambda: gitrepo.inspect(srcdir))
        assert state is not None
        log_s, log = timed(lambda: gitrepo.read_log(srcdir, state))
        out(f"inspect (HEAD, date, status): {inspect_s * 1000:.0f} ms\n")
        out(f"read_log, one pass over the tree: {log_s * 1000:.0f} ms for {len(log.commits)} files\n")

        sample = records[: options.per_file_sample]

        def one_per_file() -> dict[str, list[str]]:
            return {
                path.relative_to(srcdir).as_posix(): git(
                    srcdir, "log", "--format=%H", "--follow", "--", str(path.relative_to(srcdir))
                ).split()
                for path in sample
            }

        each_s, each = timed(one_per_file)
        per_record = each_s / len(sample)
        out(
            f"one git log per record: {per_record * 1000:.1f} ms each, "
            f"{per_record * len(records):.1f}s for all {len(records)} (extrapolated from {len(sample)})\n"
        )
        out(f"ratio: one pass is {per_record * len(records) / log_s:.0f}x faster\n")
        same = all([c.hash for c in log.commits.get(path, ())] == hashes for path, hashes in each.items())
        out(f"same commits per record both ways: {same}\n")
        return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
