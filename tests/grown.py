"""The archive after archivists have added to it: its content-facing tests and strict build still pass.

Archivists add records by pull request; that must never turn CI red by
itself. This runs, on a copy of the repository (a ``git clone`` of ``HEAD``),
what an archivist's pull request does to it, then what CI runs on content:

1. authority records and releases of the synthetic corpus
   (:mod:`tests.bench.corpus`) are added beside the archive's own, keeping
   every record the archive already has;
2. more releases are added the way archivists add them, with ``python -m
   communiques import`` on their plain text (:func:`tests.bench.importing.plain_text`),
   some naming people the archive does not know (the import drafts them);
3. the change is committed (pages show their history from git);
4. ``check`` passes (drafts to review are not problems), the tests about the
   live archive (marker ``content``) pass on the copy, and the strict build
   of the whole product (both languages, PDFs, search, open data) succeeds.

No catalog is updated: a new release not yet translated must not fail
anything. ``.ci/run`` runs it (``tox -e grown``)::

    PYTHONPATH=ext python -m tests.grown --records 24
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from tests.bench import corpus
from tests.bench.importing import plain_text

from communiques.core import frontmatter
from communiques.core.kinds import ENTITY_KINDS

REPO = Path(__file__).resolve().parents[1]


def say(message: str) -> None:
    sys.stderr.write(f"grown: {message}\n")
    sys.stderr.flush()


def run(command: list[str], cwd: Path) -> int:
    """Run *command* in *cwd* with the copy's extension; its exit status (its output shown)."""
    say(f"$ {' '.join(command)}")
    env = {**os.environ, "PYTHONPATH": str(cwd / "ext")}
    return subprocess.run(command, cwd=cwd, env=env, check=False).returncode


def git(cwd: Path, *args: str) -> None:
    identity = ["-c", "user.name=Grown archive", "-c", "user.email=grown@archive.invalid"]
    subprocess.run(["git", *identity, *args], cwd=cwd, check=True, capture_output=True)


def names_taken(source: Path) -> dict[str, set[str]]:
    """By folder, the names, acronyms and aliases the archive's records already use.

    Two records of one kind may not share one (the import could link
    neither): the archive refuses it, rightly, and the corpus does not know
    the archive's records.
    """
    taken: dict[str, set[str]] = {}
    for kind in ENTITY_KINDS:
        names = taken.setdefault(kind.folder, set())
        for path in (source / kind.folder).glob("*.md"):
            names.update(folded(frontmatter.read(path.read_text(encoding="utf-8")).data))
    return taken


def folded(data: dict[str, object]) -> set[str]:
    names = [
        data.get("name"),
        data.get("acronym"),
        *(data.get("aliases") or []),
        *(data.get("other_names") or []),
    ]  # type: ignore[misc]
    return {str(name).casefold() for name in names if name}


def without_names_taken(text: str, taken: set[str]) -> str:
    """A corpus record that uses no name, acronym or alias another record already has.

    The corpus invents its records; one may bear an acronym of a real one
    (MRIF) or a name that is a real one's alias: those are dropped, or the
    name is marked as the corpus's.
    """
    matter = frontmatter.read(text)
    if not matter.present:
        return text
    data = dict(matter.data)
    if not folded(data) & taken:
        return text
    if str(data.get("acronym", "")).casefold() in taken:
        del data["acronym"]
    for key in ("aliases", "other_names"):
        if key in data:
            data[key] = [name for name in data[key] if name.casefold() not in taken]
    if str(data.get("name", "")).casefold() in taken:
        data["name"] = f"{data['name']} (corpus)"
    body = "\n".join(text.split("\n")[matter.span[1] :])
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body


def grow(copy: Path, records: int) -> tuple[int, int]:
    """Add *records* corpus releases to the copy's sources, half as records, half imported.

    Returns (records added as files, releases to import); the plain texts are
    written to ``copy/_grown-imports`` for the import step.
    """
    made = corpus.Corpus(records)
    staging = copy / "_grown-corpus"
    made.write(staging)
    source = copy / "source"
    taken = names_taken(source)
    added = 0
    for path in sorted(staging.rglob("*.md")):
        relative = path.relative_to(staging)
        if relative.parts[0] == "releases" and len(relative.parts) == 3 and relative.name != "index.md":
            continue  # releases are added below, one way or the other
        if relative.name == "index.md" and len(relative.parts) <= 2:
            continue  # the archive's own home and index pages stay
        target = source / relative
        if not target.exists():  # the archive's own records stay as they are
            target.parent.mkdir(parents=True, exist_ok=True)
            text = path.read_text(encoding="utf-8")
            kind_names = taken.get(relative.parts[0])
            if kind_names is not None:
                text = without_names_taken(text, kind_names)
                kind_names.update(folded(frontmatter.read(text).data))
            target.write_text(text, encoding="utf-8")
            added += 1
    imports = copy / "_grown-imports"
    imports.mkdir()
    to_import = 0
    for number, release in enumerate(made.releases):
        relative = Path("releases", str(release.year), f"{release.id}.md")
        if number % 2 == 0:
            shutil.copyfile(staging / relative, source / relative)
            added += 1
        else:
            (imports / f"{release.id}.txt").write_text(plain_text(release, number), encoding="utf-8")
            to_import += 1
    shutil.rmtree(staging)
    return added, to_import


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(prog="python -m tests.grown", description=__doc__.split("\n")[0])
    cli.add_argument("--records", type=int, default=24, help="corpus releases to add (default: %(default)s)")
    cli.add_argument("--work", type=Path, help="folder for the copy (default: a temporary one)")
    cli.add_argument("--keep", action="store_true", help="keep the copy afterwards")
    options = cli.parse_args(argv)
    work = options.work or Path(tempfile.mkdtemp(prefix="communiques-grown-"))
    copy = work / "archive"
    if copy.exists():
        shutil.rmtree(copy)
    copy.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "clone", "-q", str(REPO), str(copy)], check=True)
    added, to_import = grow(copy, options.records)
    say(f"added {added} files of the corpus; importing {to_import} releases from their plain text")
    python = sys.executable
    steps = [
        [python, "-m", "communiques", "import", str(copy / "_grown-imports"), "-q"],
    ]
    for command in steps:
        if run(command, copy) != 0:
            return 1
    shutil.rmtree(copy / "_grown-imports")
    git(copy, "add", "-A")
    git(copy, "commit", "-q", "-m", f"Add {options.records} releases (as an archivist's pull request would)")
    checks = [
        [python, "-m", "communiques", "check", "--fresh", "-q"],
        [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "content", "tests"],
        [python, "-m", "communiques.tools.site", "--out", str(work / "site")],
    ]
    failed = [" ".join(command[2:4]) for command in checks if run(command, copy) != 0]
    if not options.keep and not options.work:
        shutil.rmtree(work, ignore_errors=True)
    if failed:
        say(f"FAILED on the grown archive: {', '.join(failed)}")
        return 1
    say(f"the archive with {options.records} more releases passes check, its tests and the strict build")
    return 0


if __name__ == "__main__":
    sys.exit(main())
