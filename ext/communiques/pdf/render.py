"""Render the archive's PDFs: one per release and one per year, in each language.

Run after a language's HTML build succeeded (``python -m communiques.tools.site``
does), or alone: ``python -m communiques.pdf.render HTML_DIR DOCTREE_DIR``.

What is printed is the *print plan* the Sphinx build wrote (:mod:`.plan`) and
each release's *print data*, made from its page's resolved doctree
(:mod:`.data`); Typst lays it out and validates each file as PDF/A-2a and
PDF/UA-1 while writing it (:mod:`.typeset`). A file Typst refuses is not
written, and the step fails naming the record and the reason.

- **Incremental.** A PDF's digest is that of its data and of the engine
  (Typst's version, the templates); the digests are kept in a manifest in the
  doctree folder, and a PDF whose digest did not change (and which exists) is
  not rendered again. A year's digest is made of its releases' digests, so
  it is rendered again when, and only when, one of them changed: the work
  after a change is that release and its year, whatever the archive's size.
- **In a process of its own** (:mod:`.workers`): Typst keeps native threads
  alive, and a process with threads must not fork, as Sphinx does.
- **Parallel.** Threads, each with its own Typst compilers; Typst releases
  the GIL while it compiles. A year is rendered once its releases are written
  (it is one document: a release Typst refuses would fail it too), while the
  next year's releases are. Years are rendered one at a time: a year of 500
  releases takes about 2 GB while it is laid out, and Typst already spreads
  one over several cores.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from communiques.core.files import write_atomically
from communiques.pdf.data import data_file, print_root
from communiques.pdf.plan import PLAN_VERSION, plan_file
from communiques.pdf.typeset import engine_key, prepare_root
from communiques.pdf.workers import Job, render_apart
from communiques.pdf.year import YearSpec

MANIFEST_NAME = "communiques-pdf-manifest.json"


def say(message: str) -> None:
    print(f"communiques.pdf.render: {message}", file=sys.stderr)  # noqa: T201 (the build's progress)


@dataclass
class Report:
    #: (name, seconds it took to lay out, validate and write)
    rendered: list[tuple[str, float]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    #: (name, what went wrong and what to do)
    failed: list[tuple[str, str]] = field(default_factory=list)


class PlanError(Exception):
    """The print plan or data cannot be used; the message says what to do."""


def load_plan(doctree_dir: Path) -> dict[str, Any]:
    path = plan_file(doctree_dir)
    if not path.is_file():
        raise PlanError(f"{path}: no print plan: build the language's HTML first")
    plan: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if plan.get("version") != PLAN_VERSION:
        raise PlanError(f"{path}: a print plan of another version: build the language's HTML again")
    return plan


def digest_of(*parts: bytes | str) -> str:
    key = hashlib.sha256()
    for part in parts:
        key.update(part.encode("utf-8") if isinstance(part, str) else part)
        key.update(b"\0")
    return key.hexdigest()


def jobs_of(plan: dict[str, Any], root: Path) -> tuple[list[Job], list[tuple[str, str]]]:
    """The release and year jobs of *plan*, with their digests; and what has no data."""
    engine = engine_key()
    releases: dict[str, Job] = {}
    missing: list[tuple[str, str]] = []
    for entry in plan["releases"]:
        path = data_file(root, entry["docname"])
        if not path.is_file():
            missing.append(
                (entry["pdf"], f"{entry['source']}: no print data ({path}): build the language's HTML again")
            )
            continue
        digest = digest_of(engine, path.read_bytes())
        releases[entry["docname"]] = Job(entry["pdf"], entry["source"], digest, data=path)
    years = []
    for entry in plan["years"]:
        members = tuple(releases[name] for name in entry["releases"] if name in releases)
        spec = YearSpec(
            year=entry["year"],
            title=entry["title"],
            permalink=entry["permalink"],
            language=plan["language"],
            archive=plan["archive"],
            contents=plan["labels"]["contents"],
        )
        digest = digest_of(engine, json.dumps(spec.__dict__, sort_keys=True), *(m.digest for m in members))
        years.append(Job(entry["pdf"], entry["source"], digest, year=spec, members=members))
    return [*releases.values(), *years], missing


def build_pdfs(
    html_dir: Path, doctree_dir: Path, *, jobs: int = 1, on_done: Callable[[str], None] = say
) -> Report:
    """Render the PDFs of one built language that changed since the last run."""
    report = Report()
    try:
        plan = load_plan(doctree_dir)
    except PlanError as error:
        report.failed.append(("", str(error)))
        on_done(f"FAILED: {error}")
        return report
    root = print_root(doctree_dir)
    prepare_root(root)
    manifest_path = doctree_dir / MANIFEST_NAME
    manifest: dict[str, str] = {}
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.is_file() else {}
    except (ValueError, OSError):
        on_done(f"{manifest_path}: unreadable, so every PDF is rendered again")
    every, missing = jobs_of(plan, root)
    for name, message in missing:
        manifest.pop(name, None)
        report.failed.append((name, message))
        on_done(f"FAILED {message}")
    todo = []
    for job in every:
        if manifest.get(job.name) == job.digest and (html_dir / job.name).is_file():
            report.skipped.append(job.name)
        else:
            manifest.pop(job.name, None)
            todo.append(job)
    wanted = {job.name for job in every} | {name for name, _ in missing}
    for name in sorted(set(manifest) - wanted):
        # A record removed or renamed: its PDF and its data go with it.
        (html_dir / name).unlink(missing_ok=True)
        data_file(root, name.removesuffix(".pdf")).unlink(missing_ok=True)
        del manifest[name]
        report.removed.append(name)

    def done(job: Job, seconds: float | None, message: str | None) -> None:
        if message is not None or seconds is None:
            message = message or f"{job.source}: {job.name} not written"
            report.failed.append((job.name, message))
            on_done(f"FAILED {message}")
            return
        manifest[job.name] = job.digest
        report.rendered.append((job.name, seconds))
        if job.year is not None:
            on_done(f"rendered {job.name} ({len(job.members)} releases) in {seconds:.1f}s")

    try:
        render_apart(root, html_dir, jobs, todo, done)
    finally:
        write_atomically(manifest_path, json.dumps(manifest, indent=1, sort_keys=True).encode())
    return report


def cpu_seconds() -> float:
    """CPU time of this process and of the children it has waited for.

    The typesetting runs in a child process (see :mod:`communiques.pdf.workers`),
    which is joined before the step ends: ``time.process_time()`` alone would
    leave out nearly all of the step's work.
    """
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def summary(report: Report, seconds: float, cpu: float) -> str:
    """One line: what was rendered, skipped, removed, failed; wall-clock and CPU time."""
    parts = [f"{len(report.rendered)} rendered", f"{len(report.skipped)} unchanged (not rendered)"]
    if report.removed:
        parts.append(f"{len(report.removed)} removed")
    if report.failed:
        parts.append(f"{len(report.failed)} FAILED")
    return f"{', '.join(parts)} in {seconds:.1f}s ({cpu:.1f}s of CPU)"


def is_year(name: str) -> bool:
    """A year's PDF is ``releases/<YYYY>/<YYYY>.pdf``."""
    path = Path(name)
    return path.stem == path.parent.name


def build_language_pdfs(lang: str, html_dir: Path, doctree_dir: Path, *, jobs: int) -> int:
    """The PDF step of ``python -m communiques.tools.site`` for one built language; its exit status."""
    started, cpu = time.monotonic(), cpu_seconds()
    report = build_pdfs(html_dir, doctree_dir, jobs=min(jobs, os.cpu_count() or 1))
    say(f"{lang}: {summary(report, time.monotonic() - started, cpu_seconds() - cpu)}")
    placeholder = placeholder_address(doctree_dir)
    if placeholder and report.rendered:
        say(
            f"{lang}: the site's address is the placeholder {placeholder}: the PDFs' links and "
            "permalinks point there; give the real one (--base-url, archive_base_url or "
            "$COMMUNIQUES_BASE_URL) before publishing"
        )
    return 1 if report.failed else 0


def placeholder_address(doctree_dir: Path) -> str | None:
    try:
        plan = load_plan(doctree_dir)
    except PlanError:
        return None
    return str(plan["base_url"]) if plan.get("placeholder") else None


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(
        prog="python -m communiques.pdf.render",
        description="Render the PDFs of one language already built as HTML (only those that changed).",
    )
    cli.add_argument("html_dir", type=Path, help="the language's HTML output, e.g. _build/site/fr")
    cli.add_argument("doctree_dir", type=Path, help="its doctrees, e.g. _build/doctrees/fr")
    cli.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, help="PDFs rendered at once")
    cli.add_argument(
        "--lang",
        help="report as the site build's PDF step of this language (the site build runs it so when it "
        "builds languages at the same time)",
    )
    return cli


def main(argv: Sequence[str] | None = None) -> int:
    options = parser().parse_args(argv)
    if options.lang:
        html_dir, doctree_dir = options.html_dir.resolve(), options.doctree_dir.resolve()
        return build_language_pdfs(options.lang, html_dir, doctree_dir, jobs=options.jobs)
    started, cpu = time.monotonic(), cpu_seconds()
    report = build_pdfs(options.html_dir.resolve(), options.doctree_dir.resolve(), jobs=options.jobs)
    say(summary(report, time.monotonic() - started, cpu_seconds() - cpu))
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
