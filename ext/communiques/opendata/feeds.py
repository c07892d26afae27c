"""Atom feeds of one language: every release, and the releases of each entity.

Written by feedgen when the build finishes, from the ``archive`` domain (so
titles, names and summaries are those of the build's language); feeds of
entities that no longer exist are removed.

A feed is made again only when what it shows changed: each feed's
fingerprint covers its own data (:class:`FeedHead`) and that of each entry
(:class:`EntryData`), from which alone its document is written, so the
fingerprint cannot miss what the bytes depend on. A build that changes one
release makes again the feeds that list it (every release's, and those of
the entities it mentions); one that changes nothing makes none. The last
build's fingerprints are in :class:`communiques.opendata.published.OpenDataState`.

Entry ids are tag URIs (RFC 4151) made of the site's host, the release's
issue date and its id, so they stay the same when a page moves or a build
is rerun; the feed's own id is its address.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator

from communiques.archive.domain import archive_domain
from communiques.core import labels
from communiques.core.config import archive_config
from communiques.core.files import write_if_changed
from communiques.core.urls import feed_path, site_urls
from communiques.opendata.published import (
    ENTITY_KINDS,
    OpenDataState,
    Published,
    fingerprint,
    instant,
    modified,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from communiques.archive.entries import ReleaseEntry

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
    # Readers poll feeds for what is new; the whole archive is in the export.
    size = archive_config(app.config).feed_size
    specs = [
        FeedSpec(feed_path(None), labels.feed_all(), app.config.root_doc, newest(published.releases(), size))
    ]
    for kind in ENTITY_KINDS:
        for entity in published.entities_of(kind):
            entries = published.releases_mentioning(kind, entity.id)
            specs.append(
                FeedSpec(
                    feed_path(entity.docname),
                    labels.feed_of(kind, entity.name),
                    entity.docname,
                    newest(entries, size),
                )
            )
    return specs


def entry_id(host: str, entry: ReleaseEntry, language: str) -> str:
    """A tag URI that names the release in one language, whatever its address."""
    return f"tag:{host},{entry.issued.isoformat()}:{language}/{entry.id}"


@dataclass(frozen=True)
class FeedHead:
    """Everything a feed's document holds but its entries."""

    url: str
    title: str
    subtitle: str
    language: str
    #: the page the feed stands for
    page: str
    author: str
    author_uri: str
    #: its newest entry's last change, else the archive's
    updated: date


@dataclass(frozen=True)
class EntryData:
    """Everything the entry of one release holds (in every feed that lists it)."""

    id: str
    title: str
    page: str
    language: str
    published: date
    updated: date
    summary: str
    #: (name, page) of each issuer; no page for an issuer without a record
    authors: tuple[tuple[str, str | None], ...]
    #: (term, label) of each entity it mentions, then of its status if corrected or withdrawn
    categories: tuple[tuple[str, str], ...]
    #: the scheme of the categories: the site's folder of the language
    scheme: str


class FeedWriter:
    """Makes the fingerprints and the Atom documents of one build's feeds.

    A release appears in the feed of every release and in those of the
    entities it mentions: its entry's fingerprint and ``FeedEntry`` (feedgen
    accepts a ready one) are made once and shared by all of them. Its data
    is not kept once fingerprinted: a build that makes no feed would
    otherwise hold that of every release at once, for nothing.
    """

    def __init__(self, app: Sphinx, published: Published) -> None:
        self.app = app
        self.published = published
        self.urls = site_urls(app)
        self.digests: dict[str, str] = {}
        self.entries: dict[str, FeedEntry] = {}
        # Fixed by the data, not by the clock, so an unchanged archive gives the same bytes.
        self.latest = max((modified(e) for e in published.releases()), default=EPOCH)

    def page(self, docname: str) -> str:
        return self.urls.of(self.app.builder.get_target_uri(docname))

    def head(self, spec: FeedSpec) -> FeedHead:
        urls = self.urls
        return FeedHead(
            url=urls.of(spec.path),
            title=spec.title,
            subtitle=labels.feed_subtitle(),
            language=urls.language,
            page=self.page(spec.page),
            author=self.app.config.project,
            author_uri=urls.root(),
            updated=max((modified(e) for e in spec.entries), default=self.latest),
        )

    def fingerprint(self, spec: FeedSpec) -> str:
        """A digest of all that :meth:`atom` writes for *spec*."""
        return fingerprint(self.head(spec), [self.digest(entry) for entry in spec.entries])

    def atom(self, spec: FeedSpec) -> bytes:
        """The Atom document of one feed."""
        head = self.head(spec)
        feed = FeedGenerator()
        feed.id(head.url)
        feed.title(head.title)
        feed.subtitle(head.subtitle)
        feed.language(head.language)
        feed.link(href=head.url, rel="self", type=ATOM_TYPE)
        feed.link(href=head.page, rel="alternate", type="text/html", hreflang=head.language)
        feed.author(name=head.author, uri=head.author_uri)
        feed.updated(instant(head.updated))
        for entry in spec.entries:
            feed.add_entry(self.entry(entry), order="append")
        return feed.atom_str(pretty=True)

    def digest(self, entry: ReleaseEntry) -> str:
        found = self.digests.get(entry.docname)
        if found is None:
            found = self.digests[entry.docname] = fingerprint(self.entry_data(entry))
        return found

    def entry(self, entry: ReleaseEntry) -> FeedEntry:
        found = self.entries.get(entry.docname)
        if found is None:
            found = self.entries[entry.docname] = make_entry(self.entry_data(entry))
        return found

    def entry_data(self, entry: ReleaseEntry) -> EntryData:
        urls, published = self.urls, self.published
        authors = tuple(
            (issuer.entry.name, self.page(issuer.entry.docname))
            if issuer.entry is not None
            else (issuer.id, None)
            for issuer in published.issuers(entry)
        )
        categories = [(f"{kind}:{ident}", name) for kind, ident, name in published.mentioned_names(entry)]
        if entry.status != "published":
            # A correction or a withdrawal is news too: readers can filter on it.
            categories.append((f"status:{entry.status}", labels.notice_title(entry.status)))
        return EntryData(
            id=entry_id(urls.host, entry, urls.language),
            title=entry.title,
            page=self.page(entry.docname),
            language=urls.language,
            published=entry.issued,
            updated=modified(entry),
            summary=published.summary(entry),
            authors=authors,
            categories=tuple(categories),
            scheme=urls.root(),
        )


def make_entry(data: EntryData) -> FeedEntry:
    """The Atom entry of one release, from its data alone."""
    item = FeedEntry()
    item.id(data.id)
    item.title(data.title)
    # feedgen 1.0.0 writes only the href of an entry's links
    # (https://github.com/lkiesow/python-feedgen/issues/135): rel="alternate"
    # is Atom's default, so the one link needed still means the page.
    item.link(href=data.page, rel="alternate", type="text/html", hreflang=data.language)
    item.published(instant(data.published))
    item.updated(instant(data.updated))
    if data.summary:
        item.summary(data.summary)
    for name, page in data.authors:
        if page is not None:
            item.author(name=name, uri=page)
        else:
            item.author(name=name)
    if data.categories:
        # All at once: feedgen goes over every category the entry has so far
        # at each call, which made one call per category quadratic.
        item.category([{"term": t, "scheme": data.scheme, "label": label} for t, label in data.categories])
    return item


@dataclass
class FeedsReport:
    """What a build did with the feeds (the build's log says it)."""

    #: every feed of the build
    total: int = 0
    #: the feeds whose document was made again (their data changed, or their file was missing)
    made: list[str] = field(default_factory=list)
    #: those of them whose file changed
    written: list[Path] = field(default_factory=list)


def write_feeds(app: Sphinx, state: OpenDataState) -> FeedsReport:
    """Write the feeds of the language whose data changed since the last build."""
    outdir = Path(app.outdir)
    report = FeedsReport()
    kept: set[Path] = set()
    published = Published(archive_domain(app.env))
    writer = FeedWriter(app, published)
    for spec in feed_specs(app, published):
        path = outdir / spec.path
        kept.add(path)
        report.total += 1
        if state.unchanged(spec.path, writer.fingerprint(spec)):
            continue
        report.made.append(spec.path)
        if write_if_changed(path, writer.atom(spec)):
            report.written.append(path)
    # A feed whose entity was deleted would otherwise be served stale forever.
    for old in (outdir / "feeds").rglob("*.xml"):
        if old not in kept:
            old.unlink()
    return report
