"""Open data of the archive: feeds, JSON-LD, sitemap and export, wired into the build.

* While pages are written (``html-page-context``), each page's head gets the
  ``<link rel="alternate">`` of its feeds and, on releases and entities, its
  schema.org JSON-LD (``templates/communiques/opendata-head.html``).
* The home page and entity pages show a visible link to their feed
  (``doctree-resolved``; the label comes from the extension's catalog).
* When an HTML build finishes, the Atom feeds (:mod:`communiques.opendata.feeds`), the
  sitemap (:mod:`communiques.opendata.sitemaps`) and the export
  (:mod:`communiques.opendata.export`) whose data changed since the last build are
  made again from the ``archive`` domain, and written where their bytes
  changed. The fingerprints of the last build's are kept beside the doctrees
  (:class:`communiques.opendata.published.OpenDataState`); the build's log says what
  was made (and, with ``-v``, what it cost).

Everything is computed from the environment, so an incremental build sees
the same data as a clean one. Addresses come from :mod:`communiques.core.urls`.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from communiques.archive.domain import archive_domain
from communiques.archive.nodes import generated
from communiques.core import labels
from communiques.core.urls import feed_path, site_urls
from communiques.opendata import jsonld
from communiques.opendata.export import write_export
from communiques.opendata.feeds import write_feeds
from communiques.opendata.published import OpenDataState
from communiques.opendata.sitemaps import write_sitemap

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

#: builders whose pages have the addresses the open data points to
PAGE_BUILDERS = ("html", "dirhtml")


def publishes(app: Sphinx) -> bool:
    return app.builder.name in PAGE_BUILDERS


def own_feed(app: Sphinx, docname: str) -> tuple[str, str] | None:
    """(path, title) of the feed a page stands for: an entity's, or all releases on the home page."""
    entity = archive_domain(app.env).entities.get(docname)
    if entity is not None:
        return feed_path(docname), labels.feed_of(entity.kind, entity.name)
    if docname == app.config.root_doc:
        return feed_path(None), labels.feed_all()
    return None


def add_head(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: feeds and JSON-LD for the page's head."""
    if not publishes(app):
        return
    urls = site_urls(app)
    feeds = [(feed_path(None), labels.feed_all())]
    own = own_feed(app, pagename)
    if own is not None and own[0] != feeds[0][0]:
        feeds.insert(0, own)
    context["communiques_feeds"] = [{"title": title, "href": urls.of(path)} for path, title in feeds]
    data = jsonld.page_data(app, pagename) if pagename in app.env.all_docs else None
    context["communiques_jsonld"] = jsonld.script_text(data) if data is not None else ""


def add_subscribe_link(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: a visible "Subscribe" link under the page's title."""
    if not publishes(app):
        return
    own = own_feed(app, docname)
    section = next(iter(doctree.findall(nodes.section)), None)
    if own is None or section is None or not isinstance(section[0], nodes.title):
        return
    href = relative_uri(app.builder.get_target_uri(docname), own[0])
    link = nodes.reference("", labels.subscribe(), refuri=href, reftitle=labels.subscribe_hint())
    link["classes"].append("subscribe-link")
    section.insert(1, generated(nodes.paragraph("", "", link, classes=["subscribe"])))


def timed[T](action: Callable[[], T], times: dict[str, float], label: str) -> T:
    """``action()``, its duration added to *times* under *label*."""
    started = time.perf_counter()
    result = action()
    times[label] = times.get(label, 0.0) + time.perf_counter() - started
    return result


def write_open_data(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: feeds, sitemap and export of the language."""
    if exception is not None or not publishes(app):
        return
    times: dict[str, float] = {}
    state = timed(lambda: OpenDataState.load(app), times, "state")
    feeds = timed(lambda: write_feeds(app, state), times, "feeds")
    sitemap = timed(lambda: write_sitemap(app, state), times, "sitemap")
    export = timed(lambda: write_export(app, state), times, "export")
    timed(state.save, times, "state")
    logger.info(
        "communiques: open data: %d of %d feed(s) made again (%d written), sitemap %s, export %s",
        len(feeds.made),
        feeds.total,
        len(feeds.written),
        "made again" if sitemap else "unchanged",
        f"made again ({export.serialised} of {export.total} release(s) serialised)"
        if export.made
        else "unchanged",
    )
    # The site build's benchmark (tests/bench/site.py) reads the step's time from this line.
    logger.info("communiques: open data in %.2f s", sum(times.values()))
    # Shown with -v: what the step costs a build (tests/bench/opendata.py reads it).
    logger.verbose(
        "communiques: open data in %.3f s (%s)",
        sum(times.values()),
        ", ".join(f"{label} {seconds:.3f} s" for label, seconds in times.items()),
    )


def setup_publish(app: Sphinx) -> None:
    app.connect("html-page-context", add_head)
    app.connect("doctree-resolved", add_subscribe_link)
    app.connect("build-finished", write_open_data)
