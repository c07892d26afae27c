"""Atom feeds of one language: every release, and the releases of each entity.

Written by feedgen when the build finishes, from the ``archive`` domain (so
titles, names and summaries are those of the build's language). Every feed is
regenerated on every build, which costs little, and written only when its
bytes change; feeds of entities that no longer exist are removed.

Entry ids are tag URIs (RFC 4151) made of the site's host, the release's
issue date and its id, so they stay the same when a page moves or a build
is rerun; the feed's own id is its address.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator

from communiques import labels
from communiques.published import ENTITY_KINDS, Published, feed_path, instant, modified, write_if_changed
from communiques.records import archive_domain
from communiques.urls import site_urls

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from communiques.domain import ReleaseEntry

ATOM_TYPE = "application/atom+xml"
#: the date part of entry tag URIs when there is no release yet to date a feed
EPOCH = date(1970, 1, 1)


@dataclass(frozen=True)
class FeedSpec:
    """One feed: where it goes, its title, the page it stands for and what it lists."""

    path: str
    title: str
    page: str
    entries: tuple[ReleaseEntry, ...]


def newest(entries: list[ReleaseEntry], size: int) -> tuple[ReleaseEntry, ...]:
    """The *size* newest of *entries* (oldest first), newest first; all of them if *size* is 0."""
    ordered = tuple(reversed(entries))
    return ordered[:size] if size > 0 else ordered


def feed_specs(app: Sphinx, published: Published) -> list[FeedSpec]:
    """Every feed of the build's language: all releases first, then one per entity."""
    size = app.config.archive_feed_size
    specs = [
        FeedSpec(feed_path(None), labels.feed_all(), app.config.root_doc, newest(published.releases(), size))
    ]
    for kind in ENTITY_KINDS:
        for entity in published.entities_of(kind):
            entries = published.releases_mentioning(kind, entity.id)
            specs.append(
                FeedSpec(
                    feed_path(entity.docname),
                    labels.feed_mentioning(entity.name),
                    entity.docname,
                    newest(entries, size),
                )
            )
    return specs


def entry_id(host: str, entry: ReleaseEntry, language: str) -> str:
    """A tag URI that names the release in one language, whatever its address."""
    return f"tag:{host},{entry.issued.isoformat()}:{language}/{entry.id}"


class FeedWriter:
    """Makes the Atom documents of one build's feeds.

    A release appears in the feed of every release and in those of the
    entities it mentions: its entry is made once (feedgen accepts a ready
    ``FeedEntry``) and shared by all of them.
    """

    def __init__(self, app: Sphinx, published: Published) -> None:
        self.app = app
        self.published = published
        self.urls = site_urls(app)
        self.entries: dict[str, FeedEntry] = {}
        # Fixed by the data, not by the clock, so an unchanged archive gives the same bytes.
        self.latest = max((modified(e) for e in published.releases()), default=EPOCH)

    def page(self, docname: str) -> str:
        return self.urls.of(self.app.builder.get_target_uri(docname))

    def atom(self, spec: FeedSpec) -> bytes:
        """The Atom document of one feed."""
        urls = self.urls
        feed_url = urls.of(spec.path)
        feed = FeedGenerator()
        feed.id(feed_url)
        feed.title(spec.title)
        feed.subtitle(labels.feed_subtitle())
        feed.language(urls.language)
        feed.link(href=feed_url, rel="self", type=ATOM_TYPE)
        feed.link(href=self.page(spec.page), rel="alternate", type="text/html", hreflang=urls.language)
        feed.author(name=self.app.config.project, uri=urls.root())
        latest = max((modified(e) for e in spec.entries), default=self.latest)
        feed.updated(instant(latest))
        for entry in spec.entries:
            feed.add_entry(self.entry(entry), order="append")
        return feed.atom_str(pretty=True)

    def entry(self, entry: ReleaseEntry) -> FeedEntry:
        found = self.entries.get(entry.docname)
        if found is None:
            found = self.entries[entry.docname] = self.make_entry(entry)
        return found

    def make_entry(self, entry: ReleaseEntry) -> FeedEntry:
        urls, published = self.urls, self.published
        item = FeedEntry()
        item.id(entry_id(urls.host, entry, urls.language))
        item.title(entry.title)
        # feedgen 1.0.0 writes only the href of an entry's links
        # (https://github.com/lkiesow/python-feedgen/issues/135): rel="alternate"
        # is Atom's default, so the one link needed still means the page.
        item.link(href=self.page(entry.docname), rel="alternate", type="text/html", hreflang=urls.language)
        item.published(instant(entry.issued))
        item.updated(instant(modified(entry)))
        text = published.summary(entry)
        if text:
            item.summary(text)
        for issuer in published.issuers(entry):
            if issuer.entry is not None:
                item.author(name=issuer.entry.name, uri=self.page(issuer.entry.docname))
            else:
                item.author(name=issuer.id)
        for mention in published.mentioned(entry):
            if mention.entry is not None:
                item.category(
                    term=f"{mention.kind}:{mention.id}", scheme=urls.root(), label=mention.entry.name
                )
        if entry.status != "published":
            # A correction or a withdrawal is news too: readers can filter on it.
            item.category(
                term=f"status:{entry.status}", scheme=urls.root(), label=labels.notice_title(entry.status)
            )
        return item


def setup_feeds(app: Sphinx) -> None:
    # Readers poll feeds for what is new; the whole archive is in the export.
    app.add_config_value("archive_feed_size", 50, "", types=frozenset({int}))


def write_feeds(app: Sphinx) -> list[Path]:
    """Write the language's feeds into the output folder; the paths written."""
    outdir = Path(app.outdir)
    written: list[Path] = []
    kept: set[Path] = set()
    published = Published(archive_domain(app.env))
    writer = FeedWriter(app, published)
    for spec in feed_specs(app, published):
        path = outdir / spec.path
        kept.add(path)
        if write_if_changed(path, writer.atom(spec)):
            written.append(path)
    # A feed whose entity was deleted would otherwise be served stale forever.
    for old in (outdir / "feeds").rglob("*.xml"):
        if old not in kept:
            old.unlink()
    return written
