"""Pages written after a commit that changes no record: ``python -m tests.bench.commit --records 1000``.

From the repository's root, with ``PYTHONPATH=ext``. It writes the project
as :mod:`tests.bench.site` does (the repository's ``conf.py``, ``.gitignore``
and ``locales/``, the synthetic corpus as ``source/``, in a git repository
of its own), builds its French HTML as the site build does (strict, ``-j``),
then, each time an incremental build of the same folder:

1. with nothing changed;
2. after a commit that touches only ``README.md`` (the archive's edition
   moves, no record changes): the pages written must be a handful (the home
   page, which shows the edition), not the archive;
3. after a commit that corrects one release, for comparison.

It prints the seconds and the pages written by each. A benchmark, not a
test: ``tests/test_history.py`` holds the rule on a small archive.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from tests.bench.corpus import Corpus
from tests.bench.run import pages, run
from tests.bench.site import REPO, git, make_project


def build(project: Path, jobs: int) -> tuple[float, list[str]]:
    """An incremental French HTML build of *project*; its seconds and the pages it wrote."""
    html, doctrees = project / "_build" / "html", project / "_build" / "doctrees"
    html.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, "-m", "sphinx", "-b", "html", str(project / "source"), str(html),
        "-c", str(project), "-d", str(doctrees), "-n", "-W", "--keep-going", "-q", "-j", str(jobs),
    ]  # fmt: skip
    done = run(command, html, env={**os.environ, "PYTHONPATH": str(REPO / "ext")})
    return done.seconds, pages(done.written)


def out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(prog="python -m tests.bench.commit", description=__doc__.split("\n\n")[0])
    cli.add_argument("--records", type=int, default=1000)
    cli.add_argument("--seed", type=int, default=1)
    cli.add_argument("--jobs", type=int, default=2, help="Sphinx's -j (default: %(default)s)")
    cli.add_argument("--work", type=Path, default=Path("/tmp/communiques-bench-commit"))
    options = cli.parse_args(argv)
    corpus = Corpus(options.records, options.seed)
    project = options.work / "project"
    make_project(corpus, project)
    seconds, written = build(project, options.jobs)
    out(f"# {options.records} releases, French HTML, -j {options.jobs}")
    out(f"first build: {seconds:.1f} s, {len(written)} pages")

    seconds, written = build(project, options.jobs)
    out(f"nothing changed: {seconds:.1f} s, {len(written)} pages written: {written}")

    (project / "README.md").write_text("# Archive\n\nHow to contribute.\n", encoding="utf-8")
    git(project, "add", "README.md")
    git(project, "commit", "-qm", "README only")
    seconds, written = build(project, options.jobs)
    out(f"after a commit touching only README.md: {seconds:.1f} s, {len(written)} pages written: {written}")

    release = corpus.releases[len(corpus.releases) // 2]
    path = project / "source" / "releases" / str(release.year) / f"{release.id}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nUn paragraphe ajouté par correction.\n", "utf-8")
    git(project, "commit", "-qam", "one release corrected")
    seconds, written = build(project, options.jobs)
    out(f"after a commit correcting one release: {seconds:.1f} s, {len(written)} pages written: {written}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
