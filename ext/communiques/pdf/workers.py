"""Typst at work: the threads that lay the PDFs out, in a process of their own.

Typst's engine keeps native threads alive in the process it ran in, and a
process with threads must not fork (the child may inherit a lock a vanished
thread held): Sphinx forks its parallel readers and writers, and the tests
build many sites in one process. So :func:`render_apart` typesets in a child
process started afresh (``spawn``), which sends back each PDF's outcome as it
is written; :mod:`.render` decides what to render and keeps the manifest.
"""

from __future__ import annotations

import json
import multiprocessing
import multiprocessing.queues
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from communiques.core.files import write_atomically
from communiques.pdf.typeset import TypesetError, Typesetter
from communiques.pdf.validate import DataError, check_data
from communiques.pdf.year import YearSpec, year_data


@dataclass(frozen=True)
class Job:
    """One PDF to make."""

    #: where it goes, relative to the language's folder (``releases/2020/<id>.pdf``)
    name: str
    #: the file an archivist edits, for messages
    source: str
    digest: str
    #: a release's data file; for a year, its releases' (``members``)
    data: Path | None = None
    year: YearSpec | None = None
    members: tuple[Job, ...] = ()


class Renderer:
    """Render *todo* with *threads* threads, each with its own typesetter."""

    def __init__(self, root: Path, html_dir: Path, threads: int) -> None:
        self.root = root
        self.html_dir = html_dir
        self.threads = max(1, threads)
        self.local = threading.local()
        # One year at a time: memory (see the module's doc).
        self.year_lock = threading.Lock()

    def typesetter(self) -> Typesetter:
        found: Typesetter | None = getattr(self.local, "typesetter", None)
        if found is None:
            found = Typesetter(self.root)
            self.local.typesetter = found
        return found

    def release(self, job: Job) -> float:
        assert job.data is not None
        check_data(json.loads(job.data.read_bytes()))
        return self.write(job, "release.typ", job.data)

    def year(self, job: Job, members: list[Future[float]]) -> float:
        assert job.year is not None
        failed = [m.name for m, future in zip(job.members, members, strict=True) if future.exception()]
        if failed:
            raise TypesetError(f"not written, as its release {failed[0]} could not be")
        with self.year_lock:
            data = year_data(job.year, [json.loads(m.data.read_bytes()) for m in job.members if m.data])
            check_data(data)
            path = self.root / "years" / f"{job.year.year}.json"
            write_atomically(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())
            try:
                return self.write(job, "year.typ", path)
            finally:
                path.unlink(missing_ok=True)

    def write(self, job: Job, template: str, data: Path) -> float:
        # Wall-clock: Typst spreads a large document over threads of its own, which
        # no per-thread clock sees; the step's CPU time is in summary().
        started = time.perf_counter()
        write_atomically(self.html_dir / job.name, self.typesetter().compile(template, data))
        return time.perf_counter() - started

    def run(self, todo: list[Job], done: Callable[[Job, float | None, BaseException | None], None]) -> None:
        """Render *todo*: each year's releases, then the year, year after year.

        A year waits for its releases, which were all submitted before it: a
        thread takes a year only once each of them has been taken, so the wait
        cannot block the pool, and a year is laid out while the next year's
        releases are.
        """
        pending = {job.name: job for job in todo if job.year is None}
        order: list[Job] = []
        for year in sorted((job for job in todo if job.year is not None), key=lambda y: y.name):
            order += [pending.pop(m.name) for m in year.members if m.name in pending]
            order.append(year)
        order = list(pending.values()) + order
        with ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="typst") as pool:
            futures: dict[str, Future[float]] = {}
            for job in order:
                if job.year is None:
                    futures[job.name] = pool.submit(self.release, job)
                else:
                    members = [futures.get(m.name, _done()) for m in job.members]
                    futures[job.name] = pool.submit(self.year, job, members)
            jobs = {job.name: job for job in todo}
            for name, future in futures.items():
                error = future.exception()
                done(jobs[name], None if error else future.result(), error)


def render_apart(
    root: Path,
    html_dir: Path,
    jobs: int,
    todo: list[Job],
    done: Callable[[Job, float | None, str | None], None],
) -> None:
    """Render *todo* in a child process (see the module's doc); *done* is called here for each."""
    if not todo:
        return
    context = multiprocessing.get_context("spawn")
    outcomes: multiprocessing.queues.Queue[tuple[str, float | None, str | None]] = context.Queue()
    child = context.Process(target=_render_in_child, args=(root, html_dir, jobs, todo, outcomes))
    child.start()
    by_name = {job.name: job for job in todo}
    try:
        while by_name:
            try:
                name, seconds, message = outcomes.get(timeout=1)
            except queue.Empty:
                if child.is_alive():
                    continue
                break  # it died without a word (killed, out of memory): what is left failed
            done(by_name.pop(name), seconds, message)
    finally:
        child.join()
    for job in by_name.values():
        done(
            job, None, f"{job.source}: {job.name} not written: the PDF process ended (exit {child.exitcode})"
        )


def _render_in_child(
    root: Path,
    html_dir: Path,
    jobs: int,
    todo: list[Job],
    outcomes: multiprocessing.queues.Queue[tuple[str, float | None, str | None]],
) -> None:
    def done(job: Job, seconds: float | None, error: BaseException | None) -> None:
        outcomes.put((job.name, seconds, why(job, error) if error is not None else None))

    Renderer(root, html_dir, jobs).run(todo, done)


def _done() -> Future[float]:
    """A future already done: a release not rendered this time (unchanged)."""
    future: Future[float] = Future()
    future.set_result(0.0)
    return future


def why(job: Job, error: BaseException) -> str:
    """The message of a failure: the record, the PDF, the reason, what to do."""
    if isinstance(error, DataError):
        return f"{job.source}: {job.name} not written: its print data is refused: {error}"
    if isinstance(error, TypesetError):
        where = job.source
        if error.missing:
            line = line_of(Path(job.source), error.missing)
            where = f"{job.source}:{line}" if line else job.source
            hint = (
                f"the text {error.missing!r} has a character none of the PDF's fonts has, which PDF/A "
                "forbids: replace it, or add a font that has it (docs/pdf.md)"
            )
            return f"{where}: {job.name} not written: {hint}"
        return f"{where}: {job.name} not written: Typst refused it: {error}"
    return f"{job.source}: {job.name} not written: {type(error).__name__}: {error}"


def line_of(path: Path, text: str) -> int | None:
    """The first line of *path* that holds *text* (its first character, if not all of it)."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    for needle in (text, text[:1]):
        for number, line in enumerate(lines, start=1):
            if needle and needle in line:
                return number
    return None
