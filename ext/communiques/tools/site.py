"""Build the whole archive, ready to host: ``python -m communiques.tools.site``.

The site is one full Sphinx HTML build of ``source/`` per language, each in
its own folder (``fr/``, ``en/``), plus a small root ``index.html`` that sends
readers to their language. Each language keeps its own doctrees (under
``_build/doctrees/<lang>`` by default), which are never deleted unless asked
with ``--clean``: a second run with nothing changed only checks and exits.

Sphinx reports a warning only when it reads or writes the page that causes
it, so an incremental run after a failed one would skip the unchanged faulty
pages and pass. A failed language therefore leaves a mark in its doctrees,
and its next build rereads every source (``-E``) until it succeeds.

After a language's HTML build succeeds, the PDFs of its releases and years
that changed are rendered (:mod:`communiques.pdf.render`; ``--no-pdf`` skips them)
and its search index is written and proved (:mod:`communiques.search.index`).

The steps write into work folders (``_build/work/<lang>`` by default), which
keep what the next incremental build needs. The published site (``--out``,
``_build/site``) is assembled from what the build means to publish, in a
staging folder, proved (links, search, PDFs, open data) and only then moved
into place (:mod:`communiques.publishing`): a build that fails anywhere leaves
the previous site as it was and exits non-zero, and the pages, PDFs, search
entries and feeds of deleted records are not published.

Each language is built by its own ``python -m sphinx`` process: Sphinx keeps
translations in process-wide state, so two languages built in one process
would leak the first one's strings into the second.

When every language to build has a saved environment in its doctrees and
no failure mark (an incremental build), the languages are built at the same
time, each language's steps in order, and each language's output is printed
whole once it is done; a first build, or ``--sequential``, builds them one
after the other (:mod:`communiques.tools.site_languages`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from communiques.core.config import PLACEHOLDER_BASE_URL, base_url_problem, from_conf_py, normalised
from communiques.core.files import REPOSITORY
from communiques.pdf.render import build_language_pdfs
from communiques.publishing.outputs import Outputs
from communiques.publishing.publish import Language, publish
from communiques.publishing.stage import refuse_foreign
from communiques.tools.site_languages import CONSOLE, Console, build_languages, render_pdfs_apart
from communiques.tools.site_root import (  # noqa: F401 (the site's root, part of this command's API)
    robots_txt,
    root_page,
    write_robots_txt,
    write_root_files,
    write_root_page,
    write_sitemap_index,
)

#: the repository's root: ``conf.py`` and ``source/`` live there
ROOT = REPOSITORY

#: Sphinx writes with ``jobs - 1`` worker processes: 3 keeps two cores busy
DEFAULT_JOBS = 3

FAILURE_MARK = "communiques-site-failed"

#: set (to anything but 0 or empty) to build for a deploy: the placeholder host is then an error
DEPLOY_ENV = "COMMUNIQUES_DEPLOY"


@dataclass(frozen=True)
class Layout:
    """Where a build reads from and writes to.

    Each language's steps write into ``<work>/<lang>``; ``main`` publishes the
    site into ``out`` from there. Without ``work`` (the tests that run one
    step), the steps write into ``out`` itself.
    """

    root: Path
    out: Path
    doctrees: Path
    work: Path | None = None

    @property
    def source(self) -> Path:
        return self.root / "source"

    @property
    def work_dir(self) -> Path:
        return self.work if self.work is not None else self.out

    def html_dir(self, lang: str) -> Path:
        return self.work_dir / lang

    def doctree_dir(self, lang: str) -> Path:
        return self.doctrees / lang

    def failure_mark(self, lang: str) -> Path:
        """Present while the language's last build failed."""
        return self.doctree_dir(lang) / FAILURE_MARK


def sphinx_args(
    lang: str,
    layout: Layout,
    *,
    jobs: int = DEFAULT_JOBS,
    reread: bool = False,
    base_url: str | None = None,
) -> list[str]:
    """The ``sphinx-build`` arguments of one language's strict HTML build.

    ``reread`` ignores the saved environment, so every page is read again and
    every warning reported again. ``base_url`` is the site's address, for
    the feeds, sitemaps and exports (default: the configuration's).
    """
    return [
        *(["-E"] if reread else []),
        "-b", "html",
        "-c", str(layout.root),
        str(layout.source),
        str(layout.html_dir(lang)),
        "-d", str(layout.doctree_dir(lang)),
        "-D", f"language={lang}",
        "-n", "-W", "--keep-going",
        "-j", str(jobs),
        *(["-D", f"archive_base_url={base_url}"] if base_url else []),
    ]  # fmt: skip


def build_language(
    lang: str,
    layout: Layout,
    *,
    jobs: int = DEFAULT_JOBS,
    base_url: str | None = None,
    output: Console = CONSOLE,
) -> int:
    """Build one language with Sphinx in a child process; its exit status.

    After a failure the next build rereads everything (see the module's doc).
    """
    mark = layout.failure_mark(lang)
    reread = mark.exists()
    if reread:
        output.say(f"{lang} failed last time: rereading every source")
    command = [
        sys.executable,
        "-m",
        "sphinx",
        *sphinx_args(lang, layout, jobs=jobs, reread=reread, base_url=base_url),
    ]
    status = output.run(command)
    if status == 0:
        mark.unlink(missing_ok=True)
    else:
        mark.parent.mkdir(parents=True, exist_ok=True)
        mark.touch()
    return status


def index_search(
    lang: str,
    layout: Layout,
    proved: set[str] | None = None,
    output: Console = CONSOLE,
    shard_pages: int | None = None,
) -> int:
    """Build the language's search index (Pagefind) once its pages are written, and prove it.

    Only the pages the HTML build publishes are indexed (not those of deleted
    records that Sphinx leaves in its folder). A language whose new index was
    proved by a query is added to *proved*. *shard_pages*: ``conf.py``'s, read when not given.
    """
    from communiques.search.bundle import SearchIndexError, is_indexed
    from communiques.search.index import index_language

    html_dir = layout.html_dir(lang)
    try:
        outputs = Outputs.load(layout.doctree_dir(lang))
        found = [html_dir / name for name in outputs.files if is_indexed(name)]
    except ValueError:
        found = None  # an HTML build without the extension's record: every page of the folder
    try:
        outcome = index_language(
            html_dir, layout.doctree_dir(lang), found=found, log=lambda line: output.say(f"{lang} {line}"),
            shard_pages=from_conf_py(layout.root).search_shard_pages if shard_pages is None else shard_pages,
        )  # fmt: skip
    except SearchIndexError as error:
        output.say(f"{lang} search index FAILED: {error}")
        return 1
    output.say(f"{lang} {outcome.describe()}")
    if outcome.indexed and proved is not None:
        proved.add(lang)
    return 0


@dataclass(frozen=True)
class Steps:
    """What to build of each language, the same for every language."""

    layout: Layout
    base_url: str
    pdf: bool
    #: the languages whose new search index was proved by a query (see :func:`index_search`)
    proved: set[str]
    #: conf.py's, read before the languages' threads start: Sphinx reads conf.py after os.chdir()
    shard_pages: int

    def build(self, lang: str, jobs: int, output: Console = CONSOLE) -> int:
        """One language's HTML, then its PDFs, then its search index; its exit status."""
        output.say(f"building {lang} in {self.layout.html_dir(lang)}")
        started = time.monotonic()
        status = build_language(lang, self.layout, jobs=jobs, base_url=self.base_url, output=output)
        if status == 0 and self.pdf:
            html_dir, doctree_dir = self.layout.html_dir(lang), self.layout.doctree_dir(lang)
            if output.alone:
                status = build_language_pdfs(lang, html_dir, doctree_dir, jobs=jobs)
            else:  # beside another language: in a child process (see render_pdfs_apart)
                status = render_pdfs_apart(lang, html_dir, doctree_dir, jobs=jobs, output=output)
        if status == 0:
            status = index_search(lang, self.layout, self.proved, output, self.shard_pages)
        elapsed = time.monotonic() - started
        output.say(f"{lang} {'done' if status == 0 else f'FAILED (exit {status})'} in {elapsed:.1f}s")
        return status


say = CONSOLE.say


def clean_language(lang: str, layout: Layout) -> None:
    """Forget one language's output and doctrees, for a build from scratch."""
    for folder in (layout.html_dir(lang), layout.doctree_dir(lang)):
        if folder.is_dir():
            shutil.rmtree(folder)


def default_doctrees(out: Path) -> Path:
    """Where a site's doctrees go unless told: beside it, never shared by two sites.

    ``_build/site`` keeps them in ``_build/doctrees``; any other site folder
    in ``<name>-doctrees`` beside it, so that ``--out /tmp/a`` and ``--out
    /tmp/b`` do not overwrite each other's environments.
    """
    return out.parent / ("doctrees" if out.name == "site" else f"{out.name}-doctrees")


def default_work(out: Path) -> Path:
    """Where the steps write unless told: ``_build/work`` for ``_build/site``, else ``<name>-work``."""
    return out.parent / ("work" if out.name == "site" else f"{out.name}-work")


def deploying(flag: bool) -> bool:
    return flag or os.environ.get(DEPLOY_ENV, "") not in ("", "0")


def parser(root: Path = ROOT) -> argparse.ArgumentParser:
    """The command line; the languages and the site's address default to ``conf.py``'s."""
    options = from_conf_py(root)
    languages = options.languages
    cli = argparse.ArgumentParser(
        prog="python -m communiques.tools.site",
        description=(
            "Build the whole archive, ready to host: one strict Sphinx HTML build of source/ "
            f"per language ({', '.join(f'{lang}/' for lang in languages)}) and a root index.html "
            "that sends readers to their language. Builds are incremental: a second run with "
            "nothing changed is quick."
        ),
    )
    cli.add_argument(
        "--lang",
        action="append",
        choices=languages,
        metavar="|".join(languages),
        help="build only this language (repeat for several; default: all)",
    )
    cli.add_argument(
        "--clean",
        action="store_true",
        help="delete the built languages' output and doctrees first, to build from scratch",
    )
    cli.add_argument(
        "--out",
        type=Path,
        default=ROOT / "_build" / "site",
        help="the site's folder (default: %(default)s)",
    )
    cli.add_argument(
        "--doctrees",
        type=Path,
        help="where Sphinx keeps its doctrees, one folder per language (default: beside --out, "
        "doctrees/ for a folder named site, else <name>-doctrees/)",
    )
    cli.add_argument(
        "--root",
        type=Path,
        default=root,
        help="the project to build: a folder with conf.py, source/ and locales/ (default: %(default)s)",
    )
    cli.add_argument(
        "--work",
        type=Path,
        help="where the steps write and keep what incremental builds need, one folder per language "
        "(default: beside --out, work/ for a folder named site, else <name>-work/)",
    )
    cli.add_argument(
        "--deploy",
        action="store_true",
        help=f"a build to deploy: the placeholder address {PLACEHOLDER_BASE_URL} is an error "
        f"(also when ${DEPLOY_ENV} is set)",
    )
    cli.add_argument(
        "--base-url",
        default=options.base_url,
        help="the address the site is served from, for feeds, sitemaps and exports "
        "(default: conf.py's archive_base_url, else $COMMUNIQUES_BASE_URL, else %(default)s)",
    )
    cli.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=DEFAULT_JOBS,
        help="Sphinx's parallel jobs (default: %(default)s)",
    )
    cli.add_argument(
        "--sequential",
        action="store_true",
        help="build the languages one after the other, even in an incremental build (see the module's doc)",
    )
    cli.add_argument(
        "--no-pdf",
        action="store_true",
        help="skip the PDFs (rendered after each language's HTML, only those that changed)",
    )
    return cli


def main(argv: Sequence[str] | None = None) -> int:
    cli = parser()
    options = cli.parse_args(argv)
    root = options.root.resolve()
    conf = from_conf_py(root)
    out = options.out.resolve()
    doctrees = (options.doctrees or default_doctrees(out)).resolve()
    work = (options.work or default_work(out)).resolve()
    layout = Layout(root=root, out=out, doctrees=doctrees, work=work)
    languages = [lang for lang in conf.languages if lang in (options.lang or conf.languages)]

    problem = base_url_problem(options.base_url)
    if problem is not None:
        cli.error(problem)
    base_url = normalised(options.base_url)
    if deploying(options.deploy) and base_url == normalised(PLACEHOLDER_BASE_URL):
        cli.error(
            f"a build to deploy needs the site's address, not the placeholder {PLACEHOLDER_BASE_URL}: "
            "give --base-url (or archive_base_url in conf.py, or $COMMUNIQUES_BASE_URL)"
        )
    problem = refuse_foreign(out)
    if problem is not None:
        cli.error(problem)

    if options.clean:
        for lang in languages:
            clean_language(lang, layout)
    steps = Steps(layout, base_url, not options.no_pdf, proved=set(), shard_pages=conf.search_shard_pages)
    marks = [(layout.doctree_dir(lang), layout.failure_mark(lang)) for lang in languages]
    statuses = build_languages(languages, steps.build, options.jobs, marks, sequential=options.sequential)
    failed = [(lang, status) for lang, status in statuses.items() if status != 0]
    built = [Language(lang, layout.html_dir(lang), layout.doctree_dir(lang)) for lang in languages]

    if failed:
        names = ", ".join(f"{lang} (exit {status})" for lang, status in failed)
        say(f"the build failed for: {names}; the published site {out} is left as it was")
        return 1
    started = time.monotonic()
    status = publish(
        out,
        work,
        built,
        conf.languages,
        lambda present: write_root_files(base_url, work, present),
        base_url=base_url,
        full=options.clean,
        proved_search=steps.proved,
        say=say,
    )
    if status != 0:
        return status
    say(f"published in {time.monotonic() - started:.1f}s: the archive is ready to host in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
