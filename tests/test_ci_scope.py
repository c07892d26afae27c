"""`.ci/scope`: a pull request that touches only records gets the records' CI, any other the full one."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import REPO


def git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".ci").mkdir()
    shutil.copy(REPO / ".ci" / "scope", tmp_path / ".ci" / "scope")
    for name in ("source/releases/2020/a.md", "ext/communiques/x.py", "locales/en/LC_MESSAGES/index.po"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("one\n")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "base")
    git(tmp_path, "checkout", "-qb", "change")
    return tmp_path


def scope(repo: Path, *changed: str) -> str:
    for name in changed:
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text("two\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "change")
    env = {**os.environ, "COMMUNIQUES_CI_BASE": "main"}
    done = subprocess.run(
        ["bash", ".ci/scope"], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_records_and_their_translations_alone_ask_for_the_records_ci(repo: Path) -> None:
    assert (
        scope(
            repo, "source/releases/2020/a.md", "source/releases/2021/b.md", "locales/en/LC_MESSAGES/index.po"
        )
        == "records"
    )


@pytest.mark.parametrize(
    "changed",
    [
        "ext/communiques/x.py",
        "requirements.txt",
        "locales/en/LC_MESSAGES/communiques.po",  # the extension's own labels
        ".ci/run",
    ],
)
def test_anything_else_asks_for_everything(repo: Path, changed: str) -> None:
    assert scope(repo, "source/releases/2020/a.md", changed) == "full"


def test_an_unknown_base_asks_for_everything(repo: Path) -> None:
    env = {**os.environ, "COMMUNIQUES_CI_BASE": "origin/nowhere"}
    done = subprocess.run(
        ["bash", ".ci/scope"], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "full"


def test_mtimes_date_only_what_changed_since_the_build_state_as_new(repo: Path) -> None:
    """`.ci/mtimes`: after a clone, Sphinx must see as changed only what changed since the cached build."""
    base = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True
    ).stdout.strip()
    (repo / "source/releases/2021/b.md").parent.mkdir(parents=True)
    (repo / "source/releases/2021/b.md").write_text("new\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "a release added")
    shutil.copy(REPO / ".ci" / "mtimes", repo / ".ci" / "mtimes")
    (repo / "_build").mkdir()
    (repo / "_build/state-commit").write_text(base + "\n")

    done = subprocess.run(["bash", ".ci/mtimes"], cwd=repo, capture_output=True, text=True, check=True)

    assert "1 file(s) changed since" in done.stdout
    old = (repo / "source/releases/2020/a.md").stat().st_mtime
    new = (repo / "source/releases/2021/b.md").stat().st_mtime
    assert old == 946684800  # 2000-01-01T00:00:00Z
    assert new > 946684800 + 365 * 86400


def test_mtimes_leave_everything_new_without_a_known_build_state(repo: Path) -> None:
    shutil.copy(REPO / ".ci" / "mtimes", repo / ".ci" / "mtimes")
    (repo / "_build").mkdir()
    (repo / "_build/state-commit").write_text("0" * 40 + "\n")
    done = subprocess.run(["bash", ".ci/mtimes"], cwd=repo, capture_output=True, text=True, check=True)
    assert "every file counts as changed" in done.stdout
    assert (repo / "source/releases/2020/a.md").stat().st_mtime > 946684800 + 365 * 86400
