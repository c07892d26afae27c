"""The pull-request flow: pre-commit hooks, CI workflow and code owners agree with the project."""

from __future__ import annotations

import configparser
import re
import shlex
import subprocess
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from pathlib import Path

from helpers import REPO


def load(path: str) -> dict:
    return yaml.safe_load((REPO / path).read_text(encoding="utf-8"))


def hooks() -> dict[str, dict]:
    return {hook["id"]: hook for repo in load(".pre-commit-config.yaml")["repos"] for hook in repo["hooks"]}


def test_ruff_hook_is_the_pinned_ruff() -> None:
    pinned = re.search(r"^ruff==(\S+)", (REPO / "requirements-test.txt").read_text(), re.MULTILINE)
    assert pinned is not None
    repos = {repo["repo"]: repo for repo in load(".pre-commit-config.yaml")["repos"]}
    assert repos["https://github.com/astral-sh/ruff-pre-commit"]["rev"] == f"v{pinned.group(1)}"


def test_record_hook_runs_the_checker_through_tox() -> None:
    hook = hooks()["check-records"]
    entry = shlex.split(hook["entry"])
    assert entry[:4] == ["tox", "-q", "-e", "archive"]
    assert entry[entry.index("--") + 1] == "check"
    tox = configparser.ConfigParser()
    tox.read(REPO / "tox.ini", encoding="utf-8")
    assert "python -m communiques" in tox["testenv:archive"]["commands"]
    assert re.search(hook["files"], "source/releases/2020/2020-06-25-x.md")
    assert not re.search(hook["files"], "ext/communiques/tools/cli.py")


def test_catalog_hook_accepts_the_catalogs(tmp_path: Path) -> None:
    hook = hooks()["check-catalogs"]
    catalogs = sorted(str(p) for p in REPO.glob("locales/**/*.po"))
    assert catalogs
    done = subprocess.run(
        [*shlex.split(hook["entry"]), *catalogs], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stderr) == (0, "")
    # and it refuses a broken catalog
    broken = tmp_path / "broken.po"
    broken.write_text('msgid "a"\nmsgstr "b"\nmsgid "a"\nmsgstr "c"\n', encoding="utf-8")
    done = subprocess.run(
        [*shlex.split(hook["entry"]), catalogs[0], str(broken)], capture_output=True, check=False
    )
    assert done.returncode != 0


def test_ci_runs_the_ci_script_with_full_history() -> None:
    job = load(".github/workflows/ci.yml")["jobs"]["ci"]
    checkout = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    runs = [step["run"] for step in job["steps"] if step.get("run", "").startswith("bash .ci/run")]
    assert runs == ["bash .ci/run ${{ steps.scope.outputs.mode }}"], (
        "one entry point, in the mode .ci/scope chose"
    )
    assert job["timeout-minutes"] <= 30


def test_ci_publishes_main_and_previews_pull_requests() -> None:
    jobs = load(".github/workflows/ci.yml")["jobs"]
    uses = [step.get("uses", "") for step in jobs["ci"]["steps"]]
    assert any(use.startswith("actions/upload-pages-artifact") for use in uses)
    assert any(use.startswith("actions/upload-artifact") for use in uses)
    assert any(
        "site_changes" in step.get("run", "") and "GITHUB_STEP_SUMMARY" in step["run"]
        for step in jobs["ci"]["steps"]
    )
    build = next(step for step in jobs["ci"]["steps"] if step.get("run", "").startswith("bash .ci/run"))
    assert "COMMUNIQUES_DEPLOY" in build["env"] and "COMMUNIQUES_BASE_URL" in build["env"]
    assert jobs["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages")
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_extension_changes_need_the_maintainers() -> None:
    owners = {
        line.split()[0]: line.split()[1:]
        for line in (REPO / ".github/CODEOWNERS").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert owners["/ext/"] == ["@communiques/maintainers"]
