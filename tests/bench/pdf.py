"""Benchmark of the PDFs: seconds per PDF, and the cost of a rebuild with no change.

``python -m tests.bench.pdf --records 50`` (from the repository's root, with
``PYTHONPATH=ext`` and the Python of an environment that has the
requirements) writes a synthetic archive (:mod:`tests.bench.corpus`), builds
its French HTML with the archive's configuration, then measures:

1. the first rendering of every PDF (one per release, one per year):
   seconds per PDF (each measured in the process that renders it) and the
   wall-clock time of the whole step with ``--jobs`` renderers;
2. a rebuild with no change: Sphinx's incremental build, then the PDF step,
   which must render nothing;
3. a rebuild after one release changed: its PDF and its year's are rendered
   again, nothing else.

A benchmark, not a test: it prints figures and checks only what the figures
mean (nothing rendered when nothing changed).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.bench.corpus import Corpus

from communiques.pdf import render as pdf_render
from communiques.tools.site import ROOT


def out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def sphinx_build(source: Path, html: Path, doctrees: Path, jobs: int) -> float:
    """One strict, incremental HTML build of *source* in French; its seconds."""
    command = [
        sys.executable, "-m", "sphinx", "-q", "-b", "html", "-c", str(ROOT), str(source), str(html),
        "-d", str(doctrees), "-D", "language=fr", "-n", "-W", "--keep-going", "-j", str(jobs),
    ]  # fmt: skip
    started = time.monotonic()
    subprocess.run(command, check=True)
    return time.monotonic() - started


def render(html: Path, doctrees: Path, jobs: int) -> tuple[pdf_render.Report, float]:
    started = time.monotonic()
    report = pdf_render.build_pdfs(html, doctrees, jobs=jobs, on_done=lambda message: None)
    return report, time.monotonic() - started


def is_year(name: str) -> bool:
    """A year's PDF is ``releases/<YYYY>/<YYYY>.pdf``."""
    path = Path(name)
    return path.stem == path.parent.name


def describe(seconds: list[float]) -> str:
    if not seconds:
        return "none"
    return (
        f"{len(seconds)} PDFs, mean {statistics.mean(seconds):.2f}s, "
        f"median {statistics.median(seconds):.2f}s, max {max(seconds):.2f}s"
    )


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(prog="python -m tests.bench.pdf", description=__doc__.split("\n")[0])
    cli.add_argument("--records", type=int, default=50, help="releases in the corpus (default: %(default)s)")
    cli.add_argument("--seed", type=int, default=1)
    cli.add_argument("--out", type=Path, default=Path("/tmp/communiques-bench-pdf"), help="work folder")
    cli.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="renderers at once")
    options = cli.parse_args(argv)

    work = options.out.resolve()
    source, html, doctrees = work / "source", work / "html", work / "doctrees"
    corpus = Corpus(options.records, options.seed)
    corpus.write(source)
    years = len(corpus.years())
    out(f"corpus: {len(corpus.releases)} releases over {years} years in {source}")

    seconds = sphinx_build(source, html, doctrees, jobs=3)
    out(f"HTML build (from scratch): {seconds:.1f}s")

    report, wall = render(html, doctrees, options.jobs)
    year_pdfs = [(name, s) for name, s in report.rendered if is_year(name)]
    releases = [s for name, s in report.rendered if not is_year(name)]
    out(f"first rendering, {options.jobs} renderers: {len(report.rendered)} PDFs in {wall:.1f}s wall-clock")
    out(f"  per release PDF: {describe(releases)}")
    out(f"  per year PDF: {describe([s for _, s in year_pdfs])}")
    biggest = max(year_pdfs, key=lambda item: item[1], default=None)
    if biggest:
        out(f"  slowest year: {biggest[0]} in {biggest[1]:.2f}s")
    out(f"  wall-clock per PDF: {wall / max(len(report.rendered), 1):.2f}s")

    sphinx_seconds = sphinx_build(source, html, doctrees, jobs=3)
    report, wall = render(html, doctrees, options.jobs)
    out(
        f"rebuild with no change: HTML {sphinx_seconds:.1f}s, PDF step {wall:.2f}s "
        f"({len(report.rendered)} rendered, {len(report.skipped)} unchanged)"
    )
    if report.rendered:
        out("  UNEXPECTED: a rebuild with no change rendered PDFs")
        return 1

    middle = corpus.releases[len(corpus.releases) // 2]
    changed = source / "releases" / str(middle.year) / f"{middle.id}.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nUn paragraphe ajouté.\n", encoding="utf-8")
    sphinx_seconds = sphinx_build(source, html, doctrees, jobs=3)
    report, wall = render(html, doctrees, options.jobs)
    names = ", ".join(name for name, _ in report.rendered)
    out(
        f"rebuild after one release changed: HTML {sphinx_seconds:.1f}s, PDF step {wall:.2f}s "
        f"({len(report.rendered)} rendered: {names}; {len(report.skipped)} unchanged)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
