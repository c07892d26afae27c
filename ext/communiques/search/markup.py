"""Search, on the Sphinx side: what each page tells the search index, and the search page.

The index itself is built by Pagefind after Sphinx has written the site (see
:mod:`communiques.search.index`). Pagefind reads the written HTML, so this
module only marks it up, through the templates (``page.html`` and
``communiques/search-data.html``):

* the body of every release and entity page becomes the indexed text
  (``data-pagefind-body``); nothing else of the page is indexed (navigation,
  sidebars, footers, other pages);
* a release carries its filters (organisations, people, agreements and
  topics it mentions or that issued it, issuers, year, day, type, language
  of the original),
  its date to sort by and the metadata shown in results (title, date,
  issuers); an entity page carries its kind (a filter of its own: the
  release types are another). Pagefind also
  searches metadata: only what a reader may look for goes there (a release's
  type, which every release has, stays a filter);
* the search page (``search.html``) gets its labels, in the build's language,
  as data for its script.

Sphinx's own search index (``searchindex.js``) is not written: nothing reads
it once the search page uses Pagefind, and building it costs time on every
build. ``communiques_sphinx_searchindex = True`` writes it again (used to
compare the two).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from communiques.archive.domain import archive_domain
from communiques.core import labels, search_labels
from communiques.core.config import archive_config
from communiques.core.dates import long_date
from communiques.core.kinds import ENTITY_KINDS
from communiques.core.languages import build_language, language_name
from communiques.internals import sphinx_search_index_is_on, turn_off_sphinx_search_index

if TYPE_CHECKING:
    from collections.abc import Iterator

    from docutils import nodes
    from sphinx.application import Sphinx

    from communiques.archive.domain import ArchiveDomain
    from communiques.archive.entries import EntityEntry, ReleaseEntry

#: filter keys, in the order the search page shows them: releases' type apart from
#: the kind of an entity's page
FILTER_KEYS = ("type", "topic", "year", "issuer", "organisation", "person", "agreement", "language", "kind")

#: a release's day (``2020-06-25``), a filter the page does not list: its date range
#: asks for the days of the years it covers in part (whole years through ``year``)
DAY_FILTER = "day"

#: a filter the page does not show: releases and entity pages are listed apart
RECORD_FILTER = "record"

#: the name of each entity kind's filter
KIND_FILTERS = {kind.role: kind.search_filter for kind in ENTITY_KINDS}

#: Pagefind keeps ``l’économie`` as one word but splits ``l'économie``; the
#: indexer therefore reads typographic apostrophes as straight ones (see
#: :func:`communiques.search.index.index_text`). Values the index must keep
#: as written (filters, metadata) are written with this character reference,
#: which that substitution leaves alone and Pagefind decodes.
APOSTROPHE_REFERENCE = Markup("&#8217;")


def index_value(text: str) -> Markup:
    """*text* escaped for HTML, its typographic apostrophes kept from the indexer's substitution."""
    return escape(text).replace("’", APOSTROPHE_REFERENCE)


@dataclass
class SearchData:
    """What one page tells the index: filters, metadata, sort keys."""

    filters: dict[str, list[str]] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    sort: dict[str, str] = field(default_factory=dict)

    def add_filter(self, key: str, value: str) -> None:
        values = self.filters.setdefault(key, [])
        if value and value not in values:
            values.append(value)

    def items(self, mapping: dict[str, Any]) -> Iterator[tuple[str, Markup]]:
        for key, value in mapping.items():
            for one in value if isinstance(value, list) else [value]:
                yield key, index_value(one)

    @property
    def filter_items(self) -> list[tuple[str, Markup]]:
        return list(self.items(self.filters))

    @property
    def meta_items(self) -> list[tuple[str, Markup]]:
        return list(self.items(self.meta))

    @property
    def sort_items(self) -> list[tuple[str, Markup]]:
        return list(self.items(self.sort))


def release_data(domain: ArchiveDomain, entry: ReleaseEntry, original: str | None, app: Sphinx) -> SearchData:
    language = build_language(app.config)
    names = domain.entities_by_key()
    data = SearchData()
    data.add_filter(RECORD_FILTER, "release")
    data.add_filter("type", labels.release_type(entry.type))
    data.add_filter("year", str(entry.issued.year))
    data.add_filter(DAY_FILTER, entry.issued.isoformat())
    issuers = [names[("org", ident)].name for ident in entry.issuers if ("org", ident) in names]
    for name in issuers:
        data.add_filter("issuer", name)
        data.add_filter("organisation", name)
    for mention in domain.mentions.get(entry.docname, ()):
        target = names.get((mention.kind, mention.id))
        if target is not None and mention.kind in KIND_FILTERS:
            data.add_filter(KIND_FILTERS[mention.kind], target.name)
    if original:
        data.add_filter("language", language_name(original, language))
    data.meta = {
        "title": entry.title,
        "date": long_date(entry.issued, app.config),
        "issuer": " · ".join(issuers),
    }
    # Every release has a date, so sorting by date keeps them all.
    data.sort = {"date": entry.issued.isoformat()}
    return data


def entity_data(entry: EntityEntry) -> SearchData:
    data = SearchData()
    data.add_filter(RECORD_FILTER, "entity")
    kind = search_labels.search_entity_kind(entry.kind)
    data.add_filter("kind", kind)
    data.meta = {"title": entry.name}
    return data


def page_data(app: Sphinx, pagename: str) -> SearchData | None:
    """The search data of *pagename*, or None if it is not a record."""
    domain = archive_domain(app.env)
    release = domain.releases.get(pagename)
    if release is not None:
        return release_data(domain, release, release.language, app)
    entity = domain.entities.get(pagename)
    if entity is not None:
        return entity_data(entity)
    return None


def search_page_config(app: Sphinx) -> dict[str, Any]:
    """Labels and settings of the search page's script, in the build's language."""
    return {
        "language": build_language(app.config),
        # where the page's content goes depends on the theme (see search.html)
        "furo": app.config.html_theme == "furo",
        "record_filter": RECORD_FILTER,
        "day_filter": DAY_FILTER,
        "filters": [{"key": key, "label": search_labels.search_filter(key)} for key in FILTER_KEYS],
        "labels": search_labels.search_ui(),
    }


def add_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``html-page-context``: the search data of records, the search page's configuration."""
    context["communiques_search"] = page_data(app, pagename) if doctree is not None else None
    if pagename == "search":
        context["communiques_search_page"] = search_page_config(app)


def search_page(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: our search page, since Sphinx's is turned off."""
    if not sphinx_search_index_is_on(app.builder) and app.builder.name in ("html", "dirhtml"):
        yield "search", {"title": search_labels.search_title()}, "search.html"


def turn_off_sphinx_search(app: Sphinx) -> None:
    """``builder-inited``: no ``searchindex.js`` unless asked for.

    ``search`` is the builder's switch for its search index (HTML Help and
    similar builders turn it off the same way); our page replaces its page.
    """
    if app.builder.name in ("html", "dirhtml") and not archive_config(app.config).sphinx_searchindex:
        turn_off_sphinx_search_index(app.builder)


def setup_markup(app: Sphinx) -> None:
    app.connect("builder-inited", turn_off_sphinx_search)
    app.connect("html-page-context", add_page_context)
    app.connect("html-collect-pages", search_page)
