"""Absolute addresses of the archive's pages, for feeds, JSON-LD, sitemaps and exports.

Readers follow relative links; machines (feed readers, search engines, data
users) need absolute ones. The site's address is one configuration value,
``archive_base_url`` (e.g. ``https://communiques.example.org/``); each
language lives in its folder below it (``<base>/fr/``, ``<base>/en/``), as
``python -m communiques.tools.site`` lays the site out.

A host sets it, in order of precedence, with ``-D archive_base_url=…`` on the
``sphinx-build`` line (``python -m communiques.tools.site --base-url …`` passes it),
``archive_base_url = …`` in ``conf.py``, or the environment variable
``COMMUNIQUES_BASE_URL``. Without any of them the placeholder
:data:`DEFAULT_BASE_URL` keeps every link absolute, but points nowhere real.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from communiques.core.warnings_ import ArchiveWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: where the site is served when nothing says otherwise (a placeholder)
DEFAULT_BASE_URL = "https://communiques.example.org/"
#: environment variable read when neither conf.py nor ``-D`` set the base URL
BASE_URL_ENV = "COMMUNIQUES_BASE_URL"
#: the archive's languages, its source language first (each a folder of the site)
DEFAULT_LANGUAGES = ("fr", "en")


def base_url_from_environment() -> str:
    """The base URL a build uses when its configuration sets none."""
    return os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL


def _default_base_url(config: Config) -> str:
    return base_url_from_environment()


def problem_with(url: str) -> str | None:
    """Why *url* cannot be the site's address, or None if it can."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"archive_base_url {url!r} is not an absolute http(s) URL (e.g. {DEFAULT_BASE_URL!r})"
    if parts.query or parts.fragment:
        return f"archive_base_url {url!r} must not have a query or a fragment"
    return None


def normalised(url: str) -> str:
    """*url* with exactly one trailing slash, so paths can be appended."""
    return url.rstrip("/") + "/"


@dataclass(frozen=True)
class SiteUrls:
    """Absolute addresses in one language's folder of the site."""

    base: str
    language: str
    languages: tuple[str, ...]

    def root(self, language: str | None = None) -> str:
        """The folder of *language* (default: the build's), ending in ``/``."""
        return f"{self.base}{language or self.language}/"

    def of(self, path: str, language: str | None = None) -> str:
        """The address of *path* (relative to a language folder)."""
        return self.root(language) + path

    @property
    def host(self) -> str:
        return urlsplit(self.base).hostname or ""


def site_urls(app: Sphinx) -> SiteUrls:
    config = app.config
    languages = tuple(config.archive_languages)
    language = config.language or languages[0]
    return SiteUrls(normalised(config.archive_base_url), language, languages)


def page_url(app: Sphinx, docname: str, language: str | None = None) -> str:
    """The absolute address of *docname*'s page, in *language* (default: the build's)."""
    return site_urls(app).of(app.builder.get_target_uri(docname), language)


def config_location(app: Sphinx, name: str) -> str:
    """``conf.py:<line>`` of the line that sets *name*, else of the file's first line.

    Sphinx reads a location without a colon as a document's name, hence the line.
    """
    conf_py = Path(app.confdir, "conf.py")
    lines = conf_py.read_text(encoding="utf-8").splitlines() if conf_py.is_file() else []
    number = next((n for n, line in enumerate(lines, 1) if line.lstrip().startswith(name)), 1)
    return f"{conf_py}:{number}"


def check_base_url(app: Sphinx, config: Config) -> None:
    """``config-inited``: refuse an address that would make relative links."""
    problem = problem_with(config.archive_base_url)
    if problem is not None:
        where = config_location(app, "archive_base_url")
        warn(
            f"{problem}; set it in conf.py, with -D archive_base_url=… or ${BASE_URL_ENV}",
            ArchiveWarning.CONFIG,
            location=where,
        )
    elif not config.html_baseurl:
        # Sphinx then gives every page its canonical address (<link rel="canonical">).
        config.html_baseurl = (
            f"{normalised(config.archive_base_url)}{config.language or DEFAULT_LANGUAGES[0]}/"
        )
    if not config.archive_languages:
        where = config_location(app, "archive_languages")
        warn("archive_languages is empty: list the site's languages", ArchiveWarning.CONFIG, location=where)
        config.archive_languages = list(DEFAULT_LANGUAGES)


def setup_urls(app: Sphinx) -> None:
    # "env": every page's head holds absolute links, so a new address re-reads everything.
    app.add_config_value("archive_base_url", _default_base_url, "env", types=frozenset({str}))
    app.add_config_value("archive_languages", list(DEFAULT_LANGUAGES), "env", types=frozenset({list, tuple}))
    app.connect("config-inited", check_base_url)
