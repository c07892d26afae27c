"""What git knows about the archive's sources: one ``git log`` pass, read once.

Two questions are asked of git per build, each with one command:

* :func:`inspect`: which commit the sources are at (``HEAD``, its committer
  date, whether the working tree has changes, whether the clone is shallow);
* :func:`read_log`: for every file under the source folder, the commits that
  changed it, newest first, following renames, from a single
  ``git log --name-status`` over the whole tree (one process, however many
  records: one ``git log`` per file would cost a process per record).

Both return plain frozen dataclasses (picklable, comparable), or ``None``
when the sources are not in a git working tree (a tarball, an export).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

#: separators unlikely in commit subjects: record (RS) and unit (US)
_RECORD = "\x1e"
_UNIT = "\x1f"

#: file names with accents are printed as they are, not octal-escaped
_GIT = ("git", "-c", "core.quotepath=off", "--no-pager")


@dataclass(frozen=True)
class Commit:
    """One commit that changed a file."""

    hash: str
    #: committer date: when the change entered the archive
    date: datetime
    subject: str

    @property
    def short(self) -> str:
        return self.hash[:7]


@dataclass(frozen=True)
class RepoState:
    """Where the working tree stands."""

    head: str
    committed: datetime
    dirty: bool
    shallow: bool
    #: the source folder relative to the repository's top (``source/``), or ``""``
    prefix: str


@dataclass(frozen=True)
class Log:
    """The history of every file of the source folder, at one ``HEAD``."""

    head: str
    shallow: bool
    #: path relative to the source folder (as in ``HEAD``) → its commits, newest first
    commits: dict[str, tuple[Commit, ...]] = field(default_factory=dict)
    #: path (as in ``HEAD``) → the paths it had before, most recent first
    former_paths: dict[str, tuple[str, ...]] = field(default_factory=dict)


class GitError(Exception):
    """git is present but failed (message: its error output)."""


def _git(cwd: Path, *args: str) -> str | None:
    """git's output, or None when git is missing or *cwd* is not in a work tree."""
    try:
        done = subprocess.run(
            [*_GIT, *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", check=False
        )
    except FileNotFoundError:  # no git installed
        return None
    if done.returncode != 0:
        if "not a git repository" in done.stderr or "does not have any commits" in done.stderr:
            return None
        if "unknown revision" in done.stderr and "HEAD" in done.stderr:  # a repository without commits
            return None
        raise GitError(done.stderr.strip() or f"git {' '.join(args)} exited with {done.returncode}")
    return done.stdout


def inspect(srcdir: Path) -> RepoState | None:
    """HEAD, its date and the tree's state; None outside a git work tree."""
    out = _git(srcdir, "rev-parse", "--show-prefix", "--is-shallow-repository", "--verify", "-q", "HEAD")
    if out is None:
        return None
    lines = out.split("\n")
    if len(lines) < 3 or not lines[2]:
        return None  # a repository without any commit yet
    prefix, shallow, head = lines[0], lines[1] == "true", lines[2]
    date = _git(srcdir, "show", "-s", "--format=%cI", head) or ""
    # Untracked files count (a new record not yet committed), ignored ones
    # (the build's output) do not.
    status = _git(srcdir, "status", "--porcelain", "--untracked-files=normal") or ""
    return RepoState(
        head=head,
        committed=datetime.fromisoformat(date.strip()),
        dirty=bool(status.strip()),
        shallow=shallow,
        prefix=prefix,
    )


def read_log(srcdir: Path, state: RepoState) -> Log:
    """Every file's commits under *srcdir*, from one ``git log`` pass.

    Paths are followed across renames: the history of a moved record is kept
    under its current path, and its former paths are listed (for redirects).
    A path deleted and later re-created starts a new history.
    """
    out = _git(
        srcdir,
        "log",
        "-M",
        "--relative",
        "--name-status",
        f"--format={_RECORD}%H{_UNIT}%cI{_UNIT}%s",
        "HEAD",
        "--",
        ".",
    )
    commits: dict[str, list[Commit]] = {}
    former: dict[str, list[str]] = {}
    # Walking from the newest commit back: what each older path is called now.
    current_name: dict[str, str] = {}
    generation = 0
    for chunk in (out or "").split(_RECORD)[1:]:
        header, _, changes = chunk.partition("\n")
        sha, date, subject = header.split(_UNIT, 2)
        commit = Commit(sha, datetime.fromisoformat(date), subject)
        for line in changes.splitlines():
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            status, path = parts[0], parts[-1]
            now = current_name.get(path, path)
            commits.setdefault(now, []).append(commit)
            if status.startswith("R") and len(parts) == 3:
                current_name[parts[1]] = now
                former.setdefault(now, []).append(parts[1])
            elif status.startswith("A"):
                # Before this commit the path named another, older file.
                generation += 1
                current_name[path] = f"{path}\x00{generation}"
    return Log(
        head=state.head,
        shallow=state.shallow,
        commits={path: tuple(found) for path, found in commits.items() if "\x00" not in path},
        former_paths={path: tuple(paths) for path, paths in former.items() if "\x00" not in path},
    )
