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
:data:`~communiques.core.config.PLACEHOLDER_BASE_URL` keeps every link
absolute, but points nowhere real; a deploy refuses it. The option is
declared with the others in :mod:`communiques.core.config`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlsplit

from pydantic import BeforeValidator, HttpUrl

from communiques.core.config import archive_config, base_url_problem
from communiques.core.schema_advice import UNSAFE_ADDRESS

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: the schemes an address in a record may have; one without a scheme (relative, ``#anchor``) is safe too
SAFE_SCHEMES = ("http", "https", "mailto", "tel")
# Browsers ignore ASCII whitespace and control characters inside a scheme
# (``java\tscript:``) and compare it without regard to case.
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def scheme_of(uri: str) -> str | None:
    """The scheme of *uri* as a browser reads it (lowercase, blanks ignored), or None."""
    match = _SCHEME.match(_IGNORED_IN_SCHEME.sub("", uri))
    return match.group(1).lower() if match else None


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


#: the export of the whole archive, in each language's folder (communiques.opendata.export)
EXPORT_PATH = "export/archive.json"


def feed_path(docname: str | None) -> str:
    """Where a feed is written, relative to the language's folder.

    ``feeds/releases.xml`` for every release (``docname`` None), else the
    entity page's path: ``feeds/people/nadine-girault.xml``.
    """
    return f"feeds/{docname or 'releases'}.xml"


def site_urls(app: Sphinx) -> SiteUrls:
    options = archive_config(app.config)
    return SiteUrls(options.base, app.config.language or options.languages[0], options.languages)


def page_url(app: Sphinx, docname: str, language: str | None = None) -> str:
    """The absolute address of *docname*'s page, in *language* (default: the build's)."""
    return site_urls(app).of(app.builder.get_target_uri(docname), language)


def canonical_addresses(app: Sphinx, config: Config) -> None:
    """``config-inited``: every page gets its canonical address (``<link rel="canonical">``)."""
    options = archive_config(config)
    if base_url_problem(options.base_url) is None and not config.html_baseurl:
        config.html_baseurl = f"{options.base}{config.language or options.languages[0]}/"


def setup_urls(app: Sphinx) -> None:
    # After the options are checked (communiques.core.config).
    app.connect("config-inited", canonical_addresses, priority=600)


def _web_address(value: Any) -> Any:
    """Refuse, as unsafe, an address whose scheme is not one a record may use (``javascript:``…)."""
    if isinstance(value, str):
        scheme = scheme_of(value)
        if scheme is not None and scheme not in SAFE_SCHEMES:
            msg = f"{UNSAFE_ADDRESS}{scheme}"
            raise ValueError(msg)
    return value


#: the address of a web page: ``http:`` or ``https:`` (another scheme is ``archive.unsafe``)
WebUrl = Annotated[HttpUrl, BeforeValidator(_web_address)]
