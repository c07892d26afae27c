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
that changed are rendered (:mod:`communiques.pdf.render`; ``--no-pdf`` skips them).

Each language is built by its own ``python -m sphinx`` process: Sphinx keeps
translations in process-wide state, so two languages built in one process
would leak the first one's strings into the second.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from communiques.core.config import base_url_problem, from_conf_py, normalised
from communiques.core.files import REPOSITORY, write_if_changed
from communiques.core.languages import name_of
from communiques.opendata.sitemaps import sitemap_index
from communiques.pdf.render import build_language_pdfs

#: the repository's root: ``conf.py`` and ``source/`` live there
ROOT = REPOSITORY

#: Sphinx writes with ``jobs - 1`` worker processes: 3 keeps two cores busy
DEFAULT_JOBS = 3

FAILURE_MARK = "communiques-site-failed"


@dataclass(frozen=True)
class Layout:
    """Where a build reads from and writes to."""

    root: Path
    out: Path
    doctrees: Path

    @property
    def source(self) -> Path:
        return self.root / "source"

    def html_dir(self, lang: str) -> Path:
        return self.out / lang

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
    lang: str, layout: Layout, *, jobs: int = DEFAULT_JOBS, base_url: str | None = None
) -> int:
    """Build one language with Sphinx in a child process; its exit status.

    After a failure the next build rereads everything (see the module's doc).
    """
    mark = layout.failure_mark(lang)
    reread = mark.exists()
    if reread:
        print(f"communiques.tools.site: {lang} failed last time: rereading every source", file=sys.stderr)
    command = [
        sys.executable,
        "-m",
        "sphinx",
        *sphinx_args(lang, layout, jobs=jobs, reread=reread, base_url=base_url),
    ]
    status = subprocess.run(command, check=False).returncode
    if status == 0:
        mark.unlink(missing_ok=True)
    else:
        mark.parent.mkdir(parents=True, exist_ok=True)
        mark.touch()
    return status


def index_search(lang: str, layout: Layout) -> int:
    """Build the language's search index (Pagefind) once its pages are written."""
    from communiques.search.index import index_language

    outcome = index_language(layout.html_dir(lang), layout.doctree_dir(lang))
    print(f"communiques.tools.site: {lang} {outcome.describe()}", file=sys.stderr)
    return 0


def clean_language(lang: str, layout: Layout) -> None:
    """Forget one language's output and doctrees, for a build from scratch."""
    for folder in (layout.html_dir(lang), layout.doctree_dir(lang)):
        if folder.is_dir():
            shutil.rmtree(folder)


def root_page(languages: Sequence[str], *, default: str | None = None) -> str:
    """The HTML of the site's root page, which sends readers to their language.

    Plain links work without script; the script only saves a click, picking
    the first of the reader's languages (``navigator.languages``) the archive
    has, else ``default`` (the first of ``languages``).
    """
    if not languages:
        raise ValueError("the site needs at least one language")
    default = default or languages[0]
    if default not in languages:
        raise ValueError(f"default language {default!r} is not one of {list(languages)}")

    def name(lang: str) -> str:
        return escape(name_of(lang))

    alternates = "\n".join(
        f'    <link rel="alternate" hreflang="{escape(lang)}" href="{escape(lang)}/">' for lang in languages
    )
    links = "\n".join(
        f'      <li><a href="{escape(lang)}/" hreflang="{escape(lang)}" lang="{escape(lang)}">'
        f"{name(lang)}</a></li>"
        for lang in languages
    )
    known = ", ".join(f'"{escape(lang)}"' for lang in languages)
    return f"""<!DOCTYPE html>
<html lang="{escape(default)}">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Communiqués</title>
{alternates}
    <link rel="alternate" hreflang="x-default" href="./">
    <script>
      (function () {{
        var known = [{known}];
        var wanted = navigator.languages || [navigator.language || ""];
        for (var i = 0; i < wanted.length; i++) {{
          var lang = String(wanted[i]).toLowerCase().split("-")[0];
          if (known.indexOf(lang) !== -1) {{ location.replace(lang + "/"); return; }}
        }}
        location.replace("{escape(default)}/");
      }})();
    </script>
    <style>
      body {{ font-family: system-ui, sans-serif; margin: 4rem auto; max-width: 30rem; padding: 0 1rem; }}
      ul {{ list-style: none; padding: 0; }}
      li {{ margin: 0.5rem 0; font-size: 1.25rem; }}
    </style>
  </head>
  <body>
    <h1>Communiqués</h1>
    <ul>
{links}
    </ul>
  </body>
</html>
"""


def write_root_page(languages: Sequence[str], out_dir: Path, *, default: str | None = None) -> Path:
    """Write the root ``index.html`` into ``out_dir``; its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    page = out_dir / "index.html"
    write_if_changed(page, root_page(languages, default=default))
    return page


def write_sitemap_index(base_url: str, languages: Sequence[str], out_dir: Path) -> Path:
    """Write the root ``sitemap.xml``, which lists each language's sitemap; its path."""
    path = out_dir / "sitemap.xml"
    write_if_changed(path, sitemap_index(base_url, languages))
    return path


def robots_txt(base_url: str) -> str:
    """The root ``robots.txt``: everything may be crawled; where the sitemap index is.

    Crawlers look for sitemaps at the root's ``robots.txt``; the languages'
    sitemaps are listed by the index (``sitemap.xml``).
    """
    return f"User-agent: *\nAllow: /\n\nSitemap: {base_url.rstrip('/')}/sitemap.xml\n"


def write_robots_txt(base_url: str, out_dir: Path) -> Path:
    """Write the root ``robots.txt`` when it changed; its path."""
    path = out_dir / "robots.txt"
    write_if_changed(path, robots_txt(base_url))
    return path


def default_doctrees(out: Path) -> Path:
    """Where a site's doctrees go unless told: beside it, never shared by two sites.

    ``_build/site`` keeps them in ``_build/doctrees``; any other site folder
    in ``<name>-doctrees`` beside it, so that ``--out /tmp/a`` and ``--out
    /tmp/b`` do not overwrite each other's environments.
    """
    return out.parent / ("doctrees" if out.name == "site" else f"{out.name}-doctrees")


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
        "--no-pdf",
        action="store_true",
        help="skip the PDFs (rendered after each language's HTML, only those that changed)",
    )
    return cli


def main(argv: Sequence[str] | None = None) -> int:
    cli = parser()
    options = cli.parse_args(argv)
    site_languages = from_conf_py(ROOT).languages
    out = options.out.resolve()
    doctrees = (options.doctrees or default_doctrees(out)).resolve()
    layout = Layout(root=ROOT, out=out, doctrees=doctrees)
    languages = [lang for lang in site_languages if lang in (options.lang or site_languages)]

    problem = base_url_problem(options.base_url)
    if problem is not None:
        cli.error(problem)
    base_url = normalised(options.base_url)

    failed: list[tuple[str, int]] = []
    for lang in languages:
        if options.clean:
            clean_language(lang, layout)
        print(f"communiques.tools.site: building {lang} into {layout.html_dir(lang)}", file=sys.stderr)
        started = time.monotonic()
        status = build_language(lang, layout, jobs=options.jobs, base_url=base_url)
        if status == 0 and not options.no_pdf:
            status = build_language_pdfs(
                lang, layout.html_dir(lang), layout.doctree_dir(lang), jobs=options.jobs
            )
        if status == 0:
            status = index_search(lang, layout)
        elapsed = time.monotonic() - started
        outcome = "done" if status == 0 else f"FAILED (exit {status})"
        print(f"communiques.tools.site: {lang} {outcome} in {elapsed:.1f}s", file=sys.stderr)
        if status != 0:
            failed.append((lang, status))

    page = write_root_page(site_languages, out)
    print(f"communiques.tools.site: root page {page}", file=sys.stderr)
    index = write_sitemap_index(base_url, site_languages, out)
    print(f"communiques.tools.site: sitemap index {index}", file=sys.stderr)
    robots = write_robots_txt(base_url, out)
    print(f"communiques.tools.site: {robots}", file=sys.stderr)

    if failed:
        names = ", ".join(f"{lang} (exit {status})" for lang, status in failed)
        print(f"communiques.tools.site: the build failed for: {names}", file=sys.stderr)
        return 1
    print(f"communiques.tools.site: the archive is ready to host in {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
