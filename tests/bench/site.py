"""Benchmark of the whole product as CI builds it: ``python -m tests.bench.site --records 1000``.

From the repository's root, with ``PYTHONPATH=ext``. It writes a project
(the repository's ``conf.py`` and ``locales/``, and a synthetic archive of N
releases from :mod:`tests.bench.corpus` as ``source/``) in a git repository
of its own, then times ``python -m communiques.tools.site`` (both languages:
HTML, PDFs, Pagefind, open data, the proof and the publishing), each time in
a child process as ``tox -e build`` runs it:

1. **the first build of the whole product**, with its parts per language
   (HTML with open data, open data alone, PDFs, Pagefind) and the staging and
   proof, read from the build's own log;
2. a build with nothing changed;
3. **the pull request's path**: one release added and committed, then the
   incremental build of both languages with its PDFs, search and feeds, from
   the state the first build left (what CI's cache restores).

``--reuse`` starts from the project and build state a previous run left in
``--work`` (step 1 skipped), for measuring the pull request's path again.
The incremental builds (2 and 3) build the languages at the same time;
``--sequential`` builds them one after the other, to compare.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.bench.corpus import Corpus, Writer

REPO = Path(__file__).resolve().parents[2]

#: what the build's log says of each part (see communiques.tools.site and its steps)
PATTERNS = {
    "building": re.compile(r"communiques\.tools\.site: building (\w+) in"),
    "open data": re.compile(r"communiques: open data in ([\d.]+) s"),
    "PDFs": re.compile(r"communiques\.pdf\.render: (\w+): (\d+) rendered.* in ([\d.]+)s"),
    "Pagefind": re.compile(
        r"communiques\.tools\.site: (\w+) search index (?:built from \d+ pages in ([\d.]+)s|unchanged)"
    ),
    "search proof": re.compile(
        r"communiques\.tools\.site: (\w+) search index built .*verified in ([\d.]+)s, attempt"
    ),
    "done": re.compile(r"communiques\.tools\.site: (\w+) done in ([\d.]+)s"),
    "staging": re.compile(
        r"communiques\.tools\.site: staged (\d+) files in ([\d.]+)s \((\d+) new or changed"
    ),
    "proof": re.compile(
        r"communiques\.tools\.site: (\w+|site root): (?:verified|\d+ PROBLEM\(S\)) in ([\d.]+)s"
    ),
    "published": re.compile(r"communiques\.tools\.site: published in ([\d.]+)s"),
    # The languages built at the same time: each one's lines come whole, after its "building" line.
    "together": re.compile(r"communiques\.tools\.site: ([\w, ]+) built at the same time in ([\d.]+)s"),
}

#: the parts that add up to a sequential build's time (per language, then publishing)
STEPS = ("with open data)", "PDFs", "Pagefind (with its proof)", "staging, proof and publishing")
#: the wall-clock time of languages built at the same time (their parts overlap)
TOGETHER = "languages at the same time (wall-clock)"


@dataclass
class Build:
    """One run of the site build: its time and its parts."""

    seconds: float
    status: int
    parts: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    log: str = ""


def parts_of(log: str) -> tuple[dict[str, float], list[str]]:
    """The seconds of each part of a build, by language, from its log."""
    parts: dict[str, float] = {}
    notes: list[str] = []
    lang = ""
    for line in log.splitlines():
        if m := PATTERNS["building"].search(line):
            lang = m.group(1)
        elif m := PATTERNS["open data"].search(line):
            parts[f"{lang} open data"] = float(m.group(1))
        elif m := PATTERNS["PDFs"].search(line):
            parts[f"{m.group(1)} PDFs"] = float(m.group(3))
            notes.append(f"{m.group(1)}: {m.group(2)} PDF(s) rendered")
        elif m := PATTERNS["Pagefind"].search(line):
            parts[f"{m.group(1)} Pagefind (with its proof)"] = float(m.group(2) or 0)
            if proof := PATTERNS["search proof"].search(line):
                parts[f"{m.group(1)} proof of the search index (in the search step)"] = float(proof.group(2))
        elif m := PATTERNS["done"].search(line):
            lang = m.group(1)
            others = parts.get(f"{lang} PDFs", 0) + parts.get(f"{lang} Pagefind (with its proof)", 0)
            parts[f"{lang} HTML (Sphinx, with open data)"] = float(m.group(2)) - others
        elif m := PATTERNS["staging"].search(line):
            parts["staging"] = float(m.group(2))
            notes.append(f"staged {m.group(1)} files, {m.group(3)} new or changed")
        elif m := PATTERNS["proof"].search(line):
            parts[f"proof of {m.group(1)}"] = float(m.group(2))
            notes.append(line.split("communiques.tools.site: ", 1)[1])
        elif m := PATTERNS["published"].search(line):
            parts["staging, proof and publishing"] = float(m.group(1))
        elif m := PATTERNS["together"].search(line):
            parts[TOGETHER] = float(m.group(2))
            notes.append(f"{m.group(1)} built at the same time")
    return parts, notes


def total_of(parts: dict[str, float]) -> float:
    """A build's time from its parts: languages built at the same time count once, by their wall-clock."""
    if TOGETHER in parts:
        return parts[TOGETHER] + parts.get("staging, proof and publishing", 0)
    return sum(seconds for part, seconds in parts.items() if part.endswith(STEPS))


def site_build(project: Path, work: Path, *args: str) -> Build:
    env = {**os.environ, "PYTHONPATH": str(REPO / "ext")}
    command = [
        sys.executable,
        "-m",
        "communiques.tools.site",
        "--root",
        str(project),
        "--out",
        str(work / "site"),
    ]
    started = time.monotonic()
    # One stream, so that Sphinx's lines (open data) come between the site build's own.
    done = subprocess.run(
        [*command, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False
    )
    seconds = time.monotonic() - started
    log = done.stdout
    (work / f"log-{int(time.time())}.txt").write_text(log, encoding="utf-8")
    parts, notes = parts_of(log)
    return Build(seconds, done.returncode, parts, notes, log)


def git(project: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org"}
    env |= {"GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}
    subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)


def make_project(corpus: Corpus, project: Path) -> None:
    """The repository's configuration and catalogs, the corpus as ``source/``, committed."""
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    shutil.copy(REPO / "conf.py", project / "conf.py")
    # The compiled catalogs (*.mo) the build writes must not make the tree "dirty" (the edition).
    shutil.copy(REPO / ".gitignore", project / ".gitignore")
    shutil.copytree(REPO / "locales", project / "locales")
    corpus.write(project / "source")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "the corpus")


def report(label: str, build: Build) -> str:
    lines = [f"### {label}: {build.seconds:.1f} s (exit {build.status})", ""]
    proved = verification(build)
    lines += [f"- verification: {proved:.1f} s, {100 * proved / build.seconds:.0f} % of the build", ""]
    lines += [f"- {part}: {seconds:.1f} s" for part, seconds in build.parts.items()]
    lines += [f"- {note}" for note in build.notes]
    return "\n".join(lines) + "\n"


def verification(build: Build) -> float:
    """The seconds a build spent proving its products: the search step's proof, and staging's."""
    return sum(seconds for part, seconds in build.parts.items() if "proof of" in part)


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(prog="python -m tests.bench.site", description=__doc__.split("\n\n")[0])
    cli.add_argument("--records", type=int, default=1000)
    cli.add_argument("--seed", type=int, default=1)
    cli.add_argument("--work", type=Path, default=Path("/tmp/communiques-bench-site"))
    cli.add_argument("--jobs", type=int, default=3, help="the site build's -j (default: %(default)s)")
    cli.add_argument("--reuse", action="store_true", help="start from the state a previous run left")
    cli.add_argument(
        "--sequential",
        action="store_true",
        help="pass --sequential to the site build: the languages one after the other",
    )
    cli.add_argument("--log", type=Path, nargs="*", help="only report on the logs of earlier builds")
    options = cli.parse_args(argv)
    if options.log:
        for path in options.log:
            parts, notes = parts_of(path.read_text(encoding="utf-8"))
            sys.stdout.write(report(str(path), Build(total_of(parts), 0, parts, notes)) + "\n")
        return 0
    work = options.work / f"n{options.records}"
    project = work / "project"
    corpus = Corpus(options.records, options.seed)
    args = ["-j", str(options.jobs), *(["--sequential"] if options.sequential else [])]
    out = sys.stdout
    out.write(
        f"## The whole product at {options.records} releases (-j {options.jobs}, {os.cpu_count()} cores"
        f"{', languages one after the other' if options.sequential else ''})\n\n"
    )
    if not options.reuse:
        shutil.rmtree(work, ignore_errors=True)
        make_project(corpus, project)
        first = site_build(project, work, *args)
        out.write(report("first build of the whole product", first) + "\n")
        if first.status != 0:
            out.write(first.log[-3000:])
            return 1
    same = site_build(project, work, *args)
    # Reused, the project has the previous run's release removed again (a deletion to publish).
    out.write(
        report("the previous run's release removed" if options.reuse else "nothing changed", same) + "\n"
    )
    extra = corpus.extra_release()
    Writer(project / "source").release(extra)
    git(project, "add", "-A")
    git(project, "commit", "-qm", f"one release added: {extra.id}")
    added = site_build(project, work, *args)
    out.write(report(f"one release added ({extra.id}), as a pull request", added) + "\n")
    # Leave the project as the first build found it, for --reuse.
    git(project, "revert", "--no-edit", "HEAD")
    return 0 if same.status == added.status == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
