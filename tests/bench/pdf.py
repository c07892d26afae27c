"""Benchmark of the PDF step: CPU per release PDF, first render and after one change, both languages.

``python -m tests.bench.pdf --records 1000`` (from the repository's root, with
``PYTHONPATH=ext`` and the Python of an environment that has the
requirements) writes a synthetic archive (:mod:`tests.bench.corpus`), builds
its HTML in each language with the archive's configuration and a real site
address (the print data is written with the pages), then measures:

1. **CPU per release PDF**: a sample of the releases' data rendered one after
   the other by one typesetter in this process, each timed with
   ``time.process_time()`` (every thread of the process: Typst's own too),
   from reading and checking the data to the written file;
2. **the PDF step, first render**, per language: ``python -m
   communiques.pdf.render`` in its own process, as ``communiques.tools.site``
   runs it (``--jobs`` threads): wall-clock and CPU time, PDFs rendered, peak
   memory;
3. **the PDF step with nothing changed** (it must render nothing);
4. **the PDF step after one release changed** (a sentence added to one
   release, then the incremental HTML build of each language): it must render
   that release and its year, nothing else.

``tests.bench.run --pdf`` runs the same through :func:`measure`. A benchmark,
not a test: it prints figures and checks only what they mean.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.bench.corpus import Corpus
from tests.bench.run import run as run_command

from communiques.pdf.data import print_root
from communiques.pdf.render import is_year
from communiques.pdf.typeset import Typesetter, prepare_root
from communiques.pdf.validate import check_data
from communiques.tools.site import ROOT

LANGUAGES = ("fr", "en")
#: a real-looking address, so that links are absolute as on a published site
BASE_URL = "https://bench.example.net/"


def out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


@dataclass(frozen=True)
class Step:
    """One run of the PDF step of one language."""

    seconds: float
    cpu: float
    memory_mb: float
    rendered: list[str]

    def describe(self) -> str:
        years = [name for name in self.rendered if is_year(name)]
        return (
            f"{self.seconds:.1f} s, {self.cpu:.1f} s of CPU, {self.memory_mb:,.0f} MB; "
            f"{len(self.rendered) - len(years)} release PDFs and {len(years)} year PDFs rendered"
        )


def sphinx_build(source: Path, work: Path, lang: str, jobs: int) -> float:
    """One strict, incremental HTML build of *source* in *lang*; its seconds."""
    command = [
        sys.executable, "-m", "sphinx", "-q", "-b", "html", "-c", str(ROOT), str(source),
        str(work / f"html-{lang}"), "-d", str(work / f"doctrees-{lang}"), "-D", f"language={lang}",
        "-D", f"archive_base_url={BASE_URL}", "-n", "-W", "--keep-going", "-j", str(jobs),
    ]  # fmt: skip
    started = time.monotonic()
    subprocess.run(command, check=True, env={**os.environ, "PYTHONPATH": str(ROOT / "ext")})
    return time.monotonic() - started


def pdf_step(work: Path, lang: str, jobs: int) -> Step:
    """The PDF step of one language in its own process, as the site runs it."""
    html = work / f"html-{lang}"
    command = [
        sys.executable, "-m", "communiques.pdf.render", str(html), str(work / f"doctrees-{lang}"),
        "-j", str(jobs),
    ]  # fmt: skip
    result = run_command(command, html, env={**os.environ, "PYTHONPATH": str(ROOT / "ext")})
    rendered = [name for name in result.written if name.endswith(".pdf")]
    return Step(result.seconds, result.cpu, result.process_mb, rendered)


def release_cpu(doctrees: Path, sample: int) -> list[float]:
    """CPU seconds of each of *sample* release PDFs, rendered one after the other (after one warm-up)."""
    root = print_root(doctrees)
    prepare_root(root)
    files = sorted((root / "data" / "releases").rglob("*.json"))
    step = max(1, len(files) // (sample + 1))
    chosen = files[::step][: sample + 1]
    typesetter = Typesetter(root)
    seconds = []
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / "release.pdf"
        for index, path in enumerate(chosen):
            started = time.process_time()
            check_data(json.loads(path.read_bytes()))
            target.write_bytes(typesetter.compile("release.typ", path))
            if index:  # the first loads the fonts and parses the templates
                seconds.append(time.process_time() - started)
    return seconds


def edit_one(corpus: Corpus, source: Path) -> str:
    """Add a sentence to the release in the middle of the corpus; its id."""
    middle = corpus.releases[len(corpus.releases) // 2]
    path = source / "releases" / str(middle.year) / f"{middle.id}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nUn paragraphe ajouté par correction.\n", "utf-8")
    return middle.id


def measure(records: int, seed: int, work: Path, *, jobs: int, sample: int = 50) -> dict[str, str]:
    """Every figure of the PDF step at *records* releases, each as one line of text."""
    work.mkdir(parents=True, exist_ok=True)
    source = work / "source"
    corpus = Corpus(records, seed)
    corpus.write(source)
    figures: dict[str, str] = {}

    def note(label: str, value: str) -> None:
        figures[label] = value
        out(f"[n={records}] {label}: {value}")

    note("corpus", f"{len(corpus.releases)} releases over {len(corpus.years())} years")
    for lang in LANGUAGES:
        note(f"HTML build from scratch, {lang}", f"{sphinx_build(source, work, lang, jobs=3):.1f} s")
    for lang in LANGUAGES:
        note(f"PDF step, first render, {lang}, -j {jobs}", pdf_step(work, lang, jobs).describe())
    for lang in LANGUAGES:
        seconds = [1000 * s for s in release_cpu(work / f"doctrees-{lang}", sample)]
        deciles = statistics.quantiles(seconds, n=10)
        note(
            f"CPU per release PDF, {lang}",
            f"median {statistics.median(seconds):.1f} ms, mean {statistics.mean(seconds):.1f} ms, "
            f"p90 {deciles[-1]:.1f} ms, max {max(seconds):.1f} ms ({len(seconds)} releases, one thread)",
        )
    for lang in LANGUAGES:
        sphinx_build(source, work, lang, jobs=3)
        step = pdf_step(work, lang, jobs)
        verdict = "" if not step.rendered else " UNEXPECTED: PDFs rendered with nothing changed"
        note(f"PDF step, nothing changed, {lang}", step.describe() + verdict)
    changed = edit_one(corpus, source)
    for lang in LANGUAGES:
        seconds = sphinx_build(source, work, lang, jobs=3)
        step = pdf_step(work, lang, jobs)
        expected = len(step.rendered) == 2 and any(changed in name for name in step.rendered)
        verdict = "" if expected else f" UNEXPECTED: {step.rendered}"
        note(
            f"PDF step after one release changed, {lang}",
            f"{step.describe()}: {', '.join(step.rendered)} (HTML {seconds:.1f} s before it){verdict}",
        )
    return figures


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(prog="python -m tests.bench.pdf", description=__doc__.split("\n")[0])
    cli.add_argument("--records", type=int, default=50, help="releases in the corpus (default: %(default)s)")
    cli.add_argument("--seed", type=int, default=1)
    cli.add_argument("--out", type=Path, default=Path("/tmp/communiques-bench-pdf"), help="work folder")
    cli.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="PDF threads (default: the CPUs)")
    cli.add_argument(
        "--sample", type=int, default=50, help="releases timed one by one (default: %(default)s)"
    )
    options = cli.parse_args(argv)
    load = os.getloadavg()
    out(f"# PDF step, {options.records} releases; {os.cpu_count()} CPUs, load average {load[0]:.2f}")
    measure(options.records, options.seed, options.out.resolve(), jobs=options.jobs, sample=options.sample)
    load = os.getloadavg()
    out(f"load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
