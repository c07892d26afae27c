"""The site build's languages at the same time, when that helps; where each language's output goes.

:mod:`communiques.tools.site` builds each language as a chain of steps (HTML,
PDFs, search). An incremental build (a pull request adding a release) keeps
each chain mostly on one core: Sphinx loads its environment, reads a couple
of documents and writes a dozen pages in one process. Two chains side by
side then overlap those parts on two cores (Pagefind, which already uses
every core, gains least: docs/benchmarks.md has the figures).

**The rule** (:func:`side_by_side`): the languages are built at the same
time when there are several, every one has a saved Sphinx environment
(``environment.pickle`` in its doctrees) and none failed last time (its
failure mark). A first build, or one after a failure (which rereads every
source), keeps the languages one after the other: each Sphinx then reads
the whole archive with ``-j`` and uses every core alone, and two would only
double the memory. ``--sequential`` always builds one after the other.
Beside each other, each language's Sphinx gets its share of ``-j``
(:func:`jobs_each`).

**Output.** A language built alone writes to the terminal as it goes
(:class:`Console`). Built beside another, everything it says, and the
stdout and stderr of its child processes, go to a file of its own
(:class:`Captured`), printed whole on stderr once its chain is done: the
first language done is printed first, and its lines never mix with the
other's. Each block starts with the ``building <lang> in`` line, as in a
sequential build, so that a reader (and ``tests/bench/site.py``) knows
whose lines follow; a last line gives the wall-clock time of the languages
together.

The chains run in threads: their heavy work is in child processes (Sphinx,
Typst, Pagefind, Node), and what runs in this process (the search step's
copying and proof) writes only into its language's folders.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import TracebackType

PREFIX = "communiques.tools.site: "

#: the file in which Sphinx saves its environment, in a doctree folder
ENVIRONMENT = "environment.pickle"


class Console:
    """A language built alone: its messages and its child processes' output go straight to the terminal."""

    #: the language's steps may use process-wide state (the PDF step counts its children's CPU time)
    alone = True

    def say(self, message: str) -> None:
        print(f"{PREFIX}{message}", file=sys.stderr)  # noqa: T201 (the build's progress)

    def run(self, command: Sequence[str]) -> int:
        """Run *command* in a child process; its exit status."""
        return subprocess.run(list(command), check=False).returncode


#: where a language built alone writes: the terminal
CONSOLE = Console()


class Captured(Console):
    """A language built beside another: what it says and its children print, kept for later.

    One file, opened for appending and without a buffer in this process: the
    lines said here and the output of a child process, which writes into the
    same file, stay in the order they were written.
    """

    alone = False

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile(mode="a+b", buffering=0, prefix="communiques-site-")

    def say(self, message: str) -> None:
        self.file.write(f"{PREFIX}{message}\n".encode())

    def run(self, command: Sequence[str]) -> int:
        done = subprocess.run(list(command), stdout=self.file, stderr=subprocess.STDOUT, check=False)
        return done.returncode

    def text(self) -> str:
        self.file.seek(0)
        return self.file.read().decode("utf-8", errors="replace")

    def __enter__(self) -> Captured:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.file.close()


def incremental(doctree_dir: Path, failure_mark: Path) -> bool:
    """Whether the language's next Sphinx build starts from a saved environment, reading only what changed."""
    return (doctree_dir / ENVIRONMENT).is_file() and not failure_mark.exists()


def side_by_side(languages: Sequence[tuple[Path, Path]], *, sequential: bool = False) -> bool:
    """Whether to build the languages at the same time (the module's rule).

    *languages* are each language's doctree folder and failure mark.
    """
    if sequential or len(languages) < 2:
        return False
    return all(incremental(doctree_dir, mark) for doctree_dir, mark in languages)


def jobs_each(jobs: int, languages: int) -> int:
    """Each language's ``-j`` when they are built at the same time: its share of *jobs*.

    An incremental build reads its few changed pages in one process whatever
    ``-j`` says (:mod:`communiques.perf.reading`), so ``-j`` only forks
    writers for the dozen pages it writes again: two languages each forking
    ``jobs - 1`` of them would ask for twice the cores ``-j`` was given. A
    build that reads most of the archive again (a changed configuration)
    reads each language on one core, the two languages on two.
    """
    return max(1, jobs // languages)


def build_languages(
    languages: Sequence[str],
    build: Callable[[str, int, Console], int],
    jobs: int,
    saved: Sequence[tuple[Path, Path]],
    *,
    sequential: bool = False,
) -> dict[str, int]:
    """Each language's exit status, built by ``build(lang, jobs, output)``.

    One after the other, or at the same time with their share of *jobs*
    when the module's rule says so; *saved* are each language's doctree
    folder and failure mark.
    """
    if not side_by_side(saved, sequential=sequential):
        return {lang: build(lang, jobs, CONSOLE) for lang in languages}
    each = jobs_each(jobs, len(languages))
    CONSOLE.say(
        f"{' and '.join(languages)} at the same time (each has a saved environment), each with "
        f"-j {each}; each language's log follows whole when it is done"
    )
    return build_side_by_side(languages, lambda lang, output: build(lang, each, output))


def render_pdfs_apart(lang: str, html_dir: Path, doctree_dir: Path, *, jobs: int, output: Console) -> int:
    """The PDF step (:mod:`communiques.pdf.render`) in a child process; its exit status.

    Beside another language it cannot run in this process: it reports its
    CPU time from ``os.times()``, which counts every child process this
    process waited for (the other language's Sphinx too), and its
    typesetting process writes straight to this process's stderr, which
    would mix the languages' output.
    """
    command = [sys.executable, "-m", "communiques.pdf.render", "--lang", lang]
    return output.run([*command, str(html_dir), str(doctree_dir), "--jobs", str(jobs)])


def build_side_by_side(languages: Sequence[str], build: Callable[[str, Console], int]) -> dict[str, int]:
    """Run ``build(lang, output)`` for every language at once, each in a thread; their exit statuses.

    Each language's output is printed whole when its chain is done (see the
    module's doc); an exception in a chain is raised here, after its output
    is printed and the other chains have finished.
    """
    printing = threading.Lock()
    started = time.monotonic()
    took: dict[str, float] = {}

    def build_and_print(lang: str) -> int:
        with Captured() as output:
            begun = time.monotonic()
            try:
                return build(lang, output)
            finally:
                took[lang] = time.monotonic() - begun
                with printing:
                    sys.stderr.write(output.text())
                    sys.stderr.flush()

    with ThreadPoolExecutor(max_workers=len(languages), thread_name_prefix="communiques-site") as pool:
        futures = [pool.submit(build_and_print, lang) for lang in languages]
    statuses = {lang: future.result() for lang, future in zip(languages, futures, strict=True)}
    each = ", ".join(f"{lang} {took[lang]:.1f}s" for lang in languages)
    CONSOLE.say(
        f"{', '.join(languages)} built at the same time in {time.monotonic() - started:.1f}s ({each})"
    )
    return statuses
