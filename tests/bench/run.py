"""Benchmark the archive's build against plain Sphinx + MyST on the same corpus.

``python -m tests.bench.run --records 1000`` (from the repository's root,
with ``PYTHONPATH=ext``) generates a synthetic archive of 1,000 releases
(:mod:`tests.bench.corpus`) and its plain variant, builds both, and prints
every figure with the ratio ours/plain:

- full HTML build of one language (French) with ``-j 1``, ``-j 2`` and ``-j 3``
  (Sphinx writes with ``jobs - 1`` worker processes, so ``-j 3`` is the one that
  keeps two cores writing);
- a second build with nothing changed;
- incremental builds after adding one release and after editing one, with the
  pages they re-wrote (output files whose modification time changed);
- a full gettext build;
- peak memory: the largest sum of the resident memory of the build's process
  tree, and the largest peak of a single process (its ``VmHWM``), both sampled
  from ``/proc`` every 0.2 s. Processes forked for ``-j`` share the pages they
  were forked with, so the sum overstates; the single process is what one
  process needs.

Every build is a separate ``python -m sphinx`` process, as in
``communiques.tools.site``: ours with ``-c <repository>`` (the archive's own
``conf.py``, furo and the extension), strict (``-nW --keep-going``); the
plain one with the generated ``conf.py`` (MyST and the basic theme only).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.bench.corpus import Corpus, Release

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Run:
    """What one build took."""

    seconds: float
    #: processor time (user and system) of the build's processes: unlike
    #: the wall-clock time, it hardly depends on what else the machine runs
    cpu: float
    #: largest sum of the resident memory of the build's processes, in MB
    tree_mb: float
    #: largest peak resident memory of one of its processes (``VmHWM``, sampled), in MB
    process_mb: float
    #: output files (re)written, relative to the output folder
    written: list[str] = field(default_factory=list)


def tree_rss_kb(root: int) -> tuple[int, int]:
    """Resident memory of *root* and its descendants, in kB, from ``/proc``;
    and the largest peak (``VmHWM``) of one of them so far."""
    children: dict[int, list[int]] = {}
    rss: dict[int, tuple[int, int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/status", encoding="ascii", errors="replace") as status:
                ppid, kb, hwm = 0, 0, 0
                for line in status:
                    if line.startswith("PPid:"):
                        ppid = int(line.split()[1])
                    elif line.startswith("VmRSS:"):
                        kb = int(line.split()[1])
                    elif line.startswith("VmHWM:"):
                        hwm = int(line.split()[1])
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        pid = int(entry.name)
        children.setdefault(ppid, []).append(pid)
        rss[pid] = (kb, hwm)
    total, largest, todo = 0, 0, [root]
    while todo:
        pid = todo.pop()
        kb, hwm = rss.get(pid, (0, 0))
        total += kb
        largest = max(largest, hwm)
        todo += children.get(pid, [])
    return total, largest


def snapshot(folder: Path) -> dict[str, int]:
    if not folder.is_dir():
        return {}
    return {
        str(p.relative_to(folder)): p.stat().st_mtime_ns
        for p in folder.rglob("*")
        if p.is_file() and p.suffix in (".html", ".pot", ".js", ".pdf")
    }


def run(command: list[str], outdir: Path, *, env: dict[str, str] | None = None) -> Run:
    """Run one build, sampling its memory; fail loudly if it fails."""
    before = snapshot(outdir)
    peak = largest = 0
    before_usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=outdir.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, largest
        while not done.wait(0.2):
            total, hwm = tree_rss_kb(process.pid)
            peak, largest = max(peak, total), max(largest, hwm)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        sys.stderr.write(out[-5000:] + err[-5000:])
        raise SystemExit(f"build failed ({process.returncode}): {' '.join(command)}")
    after_usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after_usage.ru_utime + after_usage.ru_stime) - (before_usage.ru_utime + before_usage.ru_stime)
    after = snapshot(outdir)
    written = sorted(name for name, mtime in after.items() if before.get(name) != mtime)
    return Run(seconds, cpu, peak / 1024, largest / 1024, written)


@dataclass
class Project:
    """One generated source folder and how to build it."""

    name: str
    src: Path
    work: Path
    plain: bool
    #: Sphinx settings given with -D (the plain build's theme, to tell the theme's cost from ours)
    settings: tuple[str, ...] = ()

    def command(self, builder: str, outdir: Path, doctrees: Path, jobs: int) -> list[str]:
        conf = [] if self.plain else ["-c", str(REPO)]
        for setting in self.settings:
            conf += ["-D", setting]
        return [
            sys.executable, "-m", "sphinx", "-b", builder, *conf, str(self.src), str(outdir),
            "-d", str(doctrees), "-n", "-W", "--keep-going", "-q", "-j", str(jobs),
        ]  # fmt: skip

    def pagefind(self, label: str) -> Run:
        """The search step of ``communiques.tools.site`` (Pagefind) on an HTML build, in its own process.

        Like the site, it keeps the fingerprint of the indexed pages with the
        doctrees and indexes again only when a page changed.
        """
        outdir = self.work / f"{self.name}-{label}"
        doctrees = self.work / f"{self.name}-{label}-doctrees"
        command = [sys.executable, "-m", "communiques.search.index", str(outdir), "--state", str(doctrees)]
        return run(command, outdir, env=self.env())

    def env(self) -> dict[str, str]:
        return {**os.environ, "PYTHONPATH": str(REPO / "ext")}

    def build(self, label: str, *, builder: str = "html", jobs: int = 1, fresh: bool = False) -> Run:
        outdir = self.work / f"{self.name}-{label}"
        doctrees = self.work / f"{self.name}-{label}-doctrees"
        if fresh:
            for folder in (outdir, doctrees):
                shutil.rmtree(folder, ignore_errors=True)
        outdir.mkdir(parents=True, exist_ok=True)
        return run(self.command(builder, outdir, doctrees, jobs), outdir, env=self.env())


def add_release(corpus: Corpus, release: Release, project: Project) -> None:
    """Add a release as an archivist would: its file (and, in plain Sphinx, a link on its year page)."""
    from tests.bench.corpus import PlainWriter, Writer

    if not project.plain:
        Writer(project.src).release(release)
        return
    writer = PlainWriter(project.src)
    writer.release(release)
    same_year = sorted([*(r for r in corpus.releases if r.year == release.year), release], key=lambda r: r.id)
    writer.year(release.year, same_year)


def edit_release(release: Release, *projects: Project) -> None:
    """Correct a typo in a release's body: one more sentence in its last paragraph."""
    for project in projects:
        path = project.src / "releases" / str(release.year) / f"{release.id}.md"
        text = path.read_text(encoding="utf-8")
        marker = "## Citations" if project.plain else "::::{citations}"
        text = text.replace(marker, "Une phrase ajoutée par correction.\n\n" + marker, 1)
        path.write_text(text, encoding="utf-8")


def pages(written: list[str]) -> list[str]:
    """The documents among written files (not search data or the domain indices)."""
    generated = ("genindex.html", "search.html", "py-modindex.html")
    return [
        name
        for name in written
        if name.endswith(".html") and name not in generated and not name.startswith(("archive-", "_"))
    ]


@dataclass(frozen=True)
class Plan:
    """What to measure: full builds at each of ``jobs``; the incremental
    builds with ``incremental_jobs``; the gettext build; the plain baseline."""

    jobs: tuple[int, ...] = (1, 2, 3)
    incremental_jobs: int = 1
    gettext: bool = True
    plain: bool = True
    #: the plain build's theme (default: basic, from its conf.py)
    plain_theme: str | None = None
    #: index the archive's pages with Pagefind (``communiques.search.index``) after
    #: each HTML build of the incremental series, as ``communiques.tools.site`` does
    pagefind: bool = True
    #: measure the PDF step (:mod:`tests.bench.pdf`): both languages, first render and
    #: after one release changed, on a corpus of its own
    pdf: bool = False
    #: only the PDF step: no HTML figures, no plain baseline
    only_pdf: bool = False


def benchmark(records: int, seed: int, work: Path, plan: Plan) -> dict[str, dict[str, float | str]]:
    """Every figure for one size of archive: {figure: {"ours": …, "plain": …}}."""
    work = work / f"n{records}"
    shutil.rmtree(work, ignore_errors=True)
    corpus = Corpus(records, seed)
    ours = Project("ours", work / "ours-src", work, plain=False)
    settings = (f"html_theme={plan.plain_theme}",) if plan.plain_theme else ()
    plain = Project("plain", work / "plain-src", work, plain=True, settings=settings)
    projects = (ours, plain) if plan.plain else (ours,)
    for project in projects:
        corpus.write(project.src, plain=project.plain)
    figures: dict[str, dict[str, float | str]] = {}

    def note(figure: str, project: Project, value: float | str) -> None:
        figures.setdefault(figure, {})[project.name] = value

    def log(message: str) -> None:
        sys.stderr.write(f"[n={records}] {message}\n")
        sys.stderr.flush()

    # Each project in turn, ours first: its full builds (the one made with the
    # incremental builds' -j is the one they start from), then its incremental builds.
    jobs = sorted(set(plan.jobs) | {plan.incremental_jobs})
    extra = corpus.extra_release()
    edited = corpus.releases[len(corpus.releases) // 2]
    rewritten: dict[str, list[str]] = {}

    def incremental(project: Project, change: str) -> None:
        """The incremental build after one release was *change* ("added", "edited"), and what it re-wrote."""
        result = project.build("main", jobs=plan.incremental_jobs)
        written = pages(result.written)
        log(f"{project.name} one {change}: {result.seconds:.1f} s, {len(written)} pages: {written}")
        note(f"incremental, one release {change}, -j {plan.incremental_jobs} (s)", project, result.seconds)
        note(f"  CPU time (one {change})", project, result.cpu)
        note(f"  pages re-written (one {change})", project, len(written))
        rewritten[f"one {change} ({project.name})"] = written

    for project in projects:
        for j in jobs:
            label = "main" if j == plan.incremental_jobs else f"j{j}"
            result = project.build(label, jobs=j, fresh=True)
            log(
                f"{project.name} full -j {j}: {result.seconds:.1f} s, {result.cpu:.1f} s CPU, "
                f"{result.tree_mb:.0f} MB"
            )
            note(f"full build -j {j} (s)", project, result.seconds)
            note(f"  CPU time -j {j} (s)", project, result.cpu)
            note(f"  per release -j {j} (ms)", project, 1000 * result.seconds / records)
            note(f"  CPU per release -j {j} (ms)", project, 1000 * result.cpu / records)
            note(f"  peak memory -j {j}, all processes (MB)", project, result.tree_mb)
            note(f"  peak memory -j {j}, largest process (MB)", project, result.process_mb)
        if plan.pagefind and not project.plain:
            result = project.pagefind("main")
            log(
                f"{project.name} Pagefind: {result.seconds:.1f} s, {result.cpu:.1f} s CPU, "
                f"{result.tree_mb:.0f} MB"
            )
            note("Pagefind index, all pages (s)", project, result.seconds)
            note("  CPU time (Pagefind, all pages)", project, result.cpu)
            note("  peak memory (Pagefind, all pages) (MB)", project, result.tree_mb)
        result = project.build("main", jobs=plan.incremental_jobs)
        log(f"{project.name} nothing changed: {result.seconds:.1f} s")
        note(f"rebuild, nothing changed, -j {plan.incremental_jobs} (s)", project, result.seconds)
        note("  CPU time (nothing changed)", project, result.cpu)
        note("  pages re-written (nothing changed)", project, len(pages(result.written)))

        add_release(corpus, extra, project)
        incremental(project, "added")
        if plan.pagefind and not project.plain:
            result = project.pagefind("main")
            log(f"{project.name} Pagefind after adding one: {result.seconds:.1f} s")
            note("Pagefind index after adding one (s)", project, result.seconds)
            note("  CPU time (Pagefind, one added)", project, result.cpu)

        edit_release(edited, project)
        incremental(project, "edited")

    if plan.gettext:
        for project in projects:
            result = project.build("gettext", builder="gettext", jobs=1, fresh=True)
            log(f"{project.name} gettext: {result.seconds:.1f} s")
            note("gettext build -j 1 (s)", project, result.seconds)
            note("  CPU time (gettext)", project, result.cpu)
    for label, written in rewritten.items():
        figures[f"pages re-written, {label}"] = {"ours": ", ".join(written)}
    return figures


def table(records: int, figures: dict[str, dict[str, float | str]]) -> str:
    rows = [f"## {records:,} releases".replace(",", " "), ""]
    rows.append(f"| {'figure':<40} | {'ours':>10} | {'plain':>10} | {'ours/plain':>10} |")
    rows.append(f"| {'-' * 40} | {'-' * 10}: | {'-' * 10}: | {'-' * 10}: |")
    for figure, values in figures.items():
        mine, theirs = values.get("ours"), values.get("plain")
        if isinstance(mine, str):
            rows.append(f"\n{figure}: {mine}")
            continue
        shown = f"{mine:>10.1f}" if mine is not None else f"{'':>10}"
        if isinstance(theirs, float | int):
            ratio = f"{mine / theirs:.2f}" if theirs and mine is not None else "–"
            rows.append(f"| {figure:<40} | {shown} | {theirs:>10.1f} | {ratio:>10} |")
        else:
            rows.append(f"| {figure:<40} | {shown} | {'':>10} | {'':>10} |")
    return "\n".join(rows)


def _value(figures: dict[str, dict[str, float | str]], figure: str, who: str = "ours") -> float | None:
    value = figures.get(figure, {}).get(who)
    return float(value) if isinstance(value, float | int) else None


def targets(results: dict[int, dict[str, dict[str, float | str]]], plan: Plan) -> list[str]:
    """The targets of the scale issue, each with what this run measured and whether it is met.

    Checked at the largest size measured (the targets speak of 10,000
    releases); linearity against 1,000 if it was measured (the issue's
    reference), else the smallest size, with plain Sphinx's own ratio beside.
    """
    lines: list[str] = []

    def check(label: str, measured: str, met: bool | None) -> None:
        verdict = "met" if met else ("not met" if met is not None else "not measured")
        lines.append(f"- {label}: {measured}: {verdict}")

    largest = max(results)
    smallest = 1000 if 1000 in results and largest != 1000 else min(results)
    figures = results[largest]
    size = f"{largest:,}".replace(",", " ")
    walls = {j: _value(figures, f"full build -j {j} (s)") for j in plan.jobs}
    best_j = min((j for j in walls if walls[j] is not None), key=lambda j: walls[j] or 0.0, default=None)
    if best_j is not None:
        best = walls[best_j] or 0.0
        check(f"{size} releases, full build ≤ 300 s", f"{best:.0f} s at -j {best_j}", best <= 300)
        memory = _value(figures, f"  peak memory -j {best_j}, largest process (MB)")
        if memory is not None:
            check("… and ≤ 2 GB", f"{memory:,.0f} MB (largest process, -j {best_j})", memory <= 2048)
    for j in plan.jobs:
        mine = _value(figures, f"  CPU time -j {j} (s)")
        theirs = _value(figures, f"  CPU time -j {j} (s)", "plain")
        wall, wall_plain = walls[j], _value(figures, f"full build -j {j} (s)", "plain")
        if mine and theirs and wall and wall_plain:
            ratio = wall / wall_plain
            check(
                f"ours ≤ 1.25 × plain Sphinx + MyST, -j {j}",
                f"{ratio:.2f} in time, {mine / theirs:.2f} in CPU time",
                # both: wall-clock time flatters whichever build the machine's load favoured
                max(ratio, mine / theirs) <= 1.25,
            )
    if largest != smallest:
        for j in plan.jobs:
            here = _value(figures, f"  CPU per release -j {j} (ms)")
            there = _value(results[smallest], f"  CPU per release -j {j} (ms)")
            plain_here = _value(figures, f"  CPU per release -j {j} (ms)", "plain")
            plain_there = _value(results[smallest], f"  CPU per release -j {j} (ms)", "plain")
            if here and there:
                plain = f" (plain: {plain_here / plain_there:.2f})" if plain_here and plain_there else ""
                check(
                    f"per-release cost at {size} within 1.2 × at {smallest}, -j {j}",
                    f"{here:.1f} / {there:.1f} ms of CPU = {here / there:.2f}{plain}",
                    here / there <= 1.2,
                )
    added = _value(figures, f"incremental, one release added, -j {plan.incremental_jobs} (s)")
    if added is not None:
        measured = f"{added:.1f} s at -j {plan.incremental_jobs}"
        check(f"adding one release to {size}: ≤ 10 s", measured, added <= 10)
    if walls.get(1) and walls.get(2):
        two, one = walls[2] or 0.0, walls[1] or 0.0
        check("-j 2 faster than -j 1", f"{two:.1f} s against {one:.1f} s", two < one)
    else:
        check("-j 2 faster than -j 1", "needs --jobs 1,2", None)
    return lines


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(
        prog="python -m tests.bench.run",
        description="Build a synthetic archive with the extension and with plain Sphinx + MyST, "
        "and print the figures with their ratios.",
    )
    cli.add_argument(
        "--records",
        type=int,
        action="append",
        help="size of the archive (repeat for several; default: 300, the quick run)",
    )
    cli.add_argument("--seed", type=int, default=1, help="seed of the corpus (default: %(default)s)")
    cli.add_argument(
        "--work",
        type=Path,
        default=Path("/tmp/communiques-bench"),
        help="scratch folder (default: %(default)s)",
    )
    cli.add_argument(
        "--jobs",
        default="1,2,3",
        help="parallel jobs of the full builds, comma-separated (default: %(default)s)",
    )
    cli.add_argument(
        "--incremental-jobs",
        type=int,
        default=1,
        help="parallel jobs of the incremental builds (default: %(default)s)",
    )
    cli.add_argument("--no-gettext", action="store_true", help="skip the gettext build")
    cli.add_argument("--no-pagefind", action="store_true", help="skip the Pagefind search index")
    cli.add_argument("--no-plain", action="store_true", help="skip the plain Sphinx + MyST baseline")
    cli.add_argument(
        "--plain-theme",
        help="theme of the plain build instead of basic (e.g. furo, to measure the theme's share)",
    )
    cli.add_argument(
        "--pdf",
        action="store_true",
        help="also measure the PDF step, both languages, first render and after one change "
        "(tests.bench.pdf; builds the HTML of each language first)",
    )
    cli.add_argument("--only-pdf", action="store_true", help="measure the PDF step alone (implies --pdf)")
    cli.add_argument(
        "--pdf-jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="threads of the PDF step (default: the CPUs)",
    )
    return cli


def main(argv: list[str] | None = None) -> int:
    options = parser().parse_args(argv)
    plan = Plan(
        jobs=tuple(int(j) for j in options.jobs.split(",")),
        incremental_jobs=options.incremental_jobs,
        gettext=not options.no_gettext,
        plain=not options.no_plain,
        pdf=options.pdf or options.only_pdf,
        only_pdf=options.only_pdf,
        pagefind=not options.no_pagefind,
        plain_theme=options.plain_theme,
    )
    sizes = options.records or [300]
    load = os.getloadavg()
    sys.stdout.write(
        f"# Communiqués build benchmark\n\nplain build's theme: {plan.plain_theme or 'basic'}; "
        f"{os.cpu_count()} CPUs, load average at start "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; Python {sys.version.split()[0]}\n\n"
    )
    results: dict[int, dict[str, dict[str, float | str]]] = {}
    for records in sizes:
        if not plan.only_pdf:
            results[records] = benchmark(records, options.seed, options.work, plan)
            sys.stdout.write(table(records, results[records]) + "\n\n")
        if plan.pdf:
            from tests.bench.pdf import measure

            work = options.work / f"n{records}-pdf"
            figures = measure(records, options.seed, work, jobs=options.pdf_jobs)
            size = f"{records:,}".replace(",", " ")
            lines = [f"## PDF step, {size} releases, {options.pdf_jobs} threads", ""]
            sys.stdout.write("\n".join([*lines, *(f"- {k}: {v}" for k, v in figures.items())]) + "\n\n")
        sys.stdout.flush()
    if results:
        sys.stdout.write("## Targets\n\n" + "\n".join(targets(results, plan)) + "\n")
    load = os.getloadavg()
    sys.stdout.write(f"\nload average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
