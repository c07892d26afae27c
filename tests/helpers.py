"""Helpers shared by the tests: warnings as text, HTML as a parsed tree."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, Tag
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
ROOTS = TESTS / "roots"
#: the archive as it was with its seed alone: tests about particular records build it
SEED_ARCHIVE = ROOTS / "test-seed-archive"


def build_once(srcdir: Path, **kwargs: Any) -> SphinxTestApp:
    """One HTML build of *srcdir*, like one ``sphinx-build`` run (incremental if built before).

    The application is cleaned up (its nodes and roles unregistered) before
    it is returned, so that the next build in the process starts afresh.
    """
    app = SphinxTestApp("html", srcdir=srcdir, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def warnings_of(app: SphinxTestApp) -> list[str]:
    """The warnings of *app*, one per line, with paths relative to the srcdir.

    ANSI colour codes are removed and ``<srcdir>/`` is dropped, so a warning
    reads ``releases/2020/x.md:5: WARNING: … [archive.schema]``.
    """
    text = strip_escape_sequences(app.warning.getvalue())
    prefix = str(app.srcdir).rstrip("/") + "/"
    return [line.replace(prefix, "") for line in text.splitlines() if line.strip()]


def status_of(app: SphinxTestApp) -> str:
    """The status output of *app* without ANSI colour codes."""
    return strip_escape_sequences(app.status.getvalue())


def soup_of(app: SphinxTestApp, docname: str) -> BeautifulSoup:
    """The parsed HTML page of *docname*."""
    html = (Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "lxml")


def main_of(soup: BeautifulSoup) -> Tag:
    """The page's main content: furo's ``<article>``, the basic theme's body."""
    found = soup.find("article") or soup.find(attrs={"role": "main"})
    assert isinstance(found, Tag), "page without a main content element"
    return found


def article_html(app: SphinxTestApp, docname: str) -> str:
    """The HTML of the main content of *docname*, to compare two builds."""
    return str(main_of(soup_of(app, docname)))


def copy_sources(src: Path, dest: Path) -> Path:
    """Copy a source folder without its build output."""
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("_build"))
    return dest


def run_archive_conf(srcdir: Path, conf: Path = REPO / "conf.py") -> None:
    """Give *srcdir* (a copy of ``source/``) a ``conf.py`` that runs the archive's own *conf*.

    The archive keeps its ``conf.py`` beside ``source/``, not in it (``-c .``);
    Sphinx's test application reads the configuration from its source folder.
    """
    (srcdir / "conf.py").write_text(
        '"""The real conf.py, run from this copy of the sources."""\n'
        "import runpy\n\n"
        f"_settings = runpy.run_path({str(conf)!r})\n"
        "globals().update({k: v for k, v in _settings.items() if not k.startswith('__')})\n",
        encoding="utf-8",
    )


def text_of(tag: Tag) -> str:
    """The text of *tag* with its whitespace collapsed."""
    return " ".join(tag.get_text(" ").split())


#: the catalogs of the site's interface (the archive's labels, the theme's strings)
INTERFACE_CATALOGS = (
    Path("locales", "en", "LC_MESSAGES", "communiques.po"),
    Path("locales", "fr", "LC_MESSAGES", "sphinx.po"),
)


def with_interface_catalogs(root: Path) -> Path:
    """Give *root* the archive's interface catalogs, so the tests see the labels readers see."""
    for catalog in INTERFACE_CATALOGS:
        (root / catalog).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / catalog, root / catalog)
    return root


def translation_root(dest: Path) -> Path:
    """A copy of ``test-translation`` (laid out like the archive) with the archive's interface catalogs.

    The root's own catalogs translate its pages; the labels come from the
    archive's ``communiques.po`` (and the theme's from its ``sphinx.po``).
    """
    return with_interface_catalogs(copy_sources(ROOTS / "test-translation", dest))


def bilingual_root(dest: Path) -> Path:
    """A copy of ``test-bilingual`` (the seed and an English original) with the interface catalogs."""
    return with_interface_catalogs(copy_sources(ROOTS / "test-bilingual", dest))


def git(cwd: Path, *args: str, when: str) -> str:
    """Run git in a test repository with a fixed identity and date, and no user configuration.

    Its output, stripped. Fixed dates make histories, edition stamps and
    exports the same on every run.
    """
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Archiviste",
        "GIT_AUTHOR_EMAIL": "archives@example.org",
        "GIT_COMMITTER_NAME": "Archiviste",
        "GIT_COMMITTER_EMAIL": "archives@example.org",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    done = subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True)
    return done.stdout.strip()


def seed_archive(dest: Path) -> Path:
    """The frozen seed archive laid out like the repository in *dest*; *dest*.

    Its ``source/`` and content catalogs, with the code's own catalogs (the
    extension's labels, furo's French) and ``conf.py`` from the repository.
    """
    shutil.copytree(SEED_ARCHIVE / "source", dest / "source")
    shutil.copytree(SEED_ARCHIVE / "locales", dest / "locales")
    shutil.copy(REPO / "conf.py", dest / "conf.py")
    for catalog in ("communiques.po", "sphinx.po"):
        for found in (REPO / "locales").glob(f"*/LC_MESSAGES/{catalog}"):
            target = dest / found.relative_to(REPO)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(found, target)
    return dest
