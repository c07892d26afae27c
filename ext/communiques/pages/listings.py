"""Listings of releases, filled after reading and kept fresh.

Following ``sphinx.ext.todo``: ``release-list`` leaves a placeholder while
reading; :class:`FillListings` (on ``doctree-resolved``) replaces it when the
page is written, from the domain's data. Pages that list releases must be written
again when what they list changes, although their own source did not: on
``env-get-updated`` each listing page's content is fingerprinted and the
page is re-written when the fingerprint differs from the last build's. The
same holds for pages that link entities, whose names the links show: what
each entity's links show is compared with the last build's, and the pages
that link an entity whose links changed are written again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.errors import NoUri
from sphinx.util.nodes import make_refnode

from communiques.archive.consistency import pages_with_findings
from communiques.archive.domain import archive_domain
from communiques.archive.entries import (
    EntityListSpec,
    ListingSpec,
    NeighboursSpec,
    RelationsSpec,
    YearsSpec,
)
from communiques.archive.nodes import ListingRow, entity_list, entity_relations, release_list, release_rows
from communiques.core import labels
from communiques.core.dates import long_date
from communiques.core.paths import year_page
from communiques.pages.home import card_text, release_cards, years_of

if TYPE_CHECKING:
    from datetime import date

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from communiques.archive.domain import ArchiveDomain
    from communiques.archive.entries import EntityEntry, ReleaseEntry, Spec


@dataclass(frozen=True)
class RelationRow:
    """One line of an entity's relations: *label* *target* (*detail*), *period*."""

    label: str
    target: EntityEntry
    detail: str = ""
    start: date | None = None
    end: date | None = None


def relations_of(domain: ArchiveDomain, kind: str, ident: str) -> list[RelationRow]:
    """An entity's relations in both directions, outgoing first."""
    me = domain.entity(kind, ident)
    if me is None:
        return []
    rows: list[RelationRow] = []
    for relation in getattr(me.record, "relations", []):
        target = domain.entity("org", relation.target)
        if target is not None:
            rows.append(
                RelationRow(
                    labels.relation(relation.type, inverse=False), target, "", relation.start, relation.end
                )
            )
    incoming = domain.derived("incoming-relations", lambda: incoming_relations(domain))
    return rows + incoming.get((kind, ident), [])


def incoming_relations(domain: ArchiveDomain) -> dict[tuple[str, str], list[RelationRow]]:
    """The relations others state about each entity, in one pass over all entities.

    Each entity page shows them; looking for them page by page would read
    every entity for every page.
    """
    found: dict[tuple[str, str], list[RelationRow]] = {}

    def add(kind: str, ident: str, row: RelationRow) -> None:
        found.setdefault((kind, ident), []).append(row)

    others = [
        entity for kind in ("org", "agreement", "person", "topic") for entity in domain.entities_of(kind)
    ]
    for other in others:
        record = other.record
        if other.kind == "org":
            for relation in record.relations:
                row = RelationRow(
                    labels.relation(relation.type, inverse=True), other, "", relation.start, relation.end
                )
                add("org", relation.target, row)
        elif other.kind == "agreement":
            for party in dict.fromkeys(p.org for p in record.parties):
                add("org", party, RelationRow(labels.relation("party-to", inverse=False), other))
            for created in dict.fromkeys(record.creates):
                add("org", created, RelationRow(labels.relation("created-by", inverse=False), other))
            for signatory in dict.fromkeys(record.signatories):
                add("person", signatory, RelationRow(labels.relation("signed", inverse=False), other))
        elif other.kind == "topic":
            for broader in dict.fromkeys(record.broader):
                add("topic", broader, RelationRow(labels.relation("broader", inverse=True), other))
        else:
            for appointment, post in zip(record.appointments, other.posts, strict=False):
                if appointment.organisation:
                    row = RelationRow(
                        labels.relation("appointment", inverse=True),
                        other,
                        post,
                        appointment.start,
                        appointment.end,
                    )
                    add("org", appointment.organisation, row)
    return found


def rows_of(domain: ArchiveDomain, spec: Spec) -> list[object]:
    """What a placeholder shows; compared between builds to find stale pages."""
    if isinstance(spec, ListingSpec):
        return [
            (e.docname, e.title, e.issued, e.status, person_posts(domain, spec, e))
            for e in select(domain, spec)
        ]
    if isinstance(spec, RelationsSpec):
        return [
            (r.label, r.target.docname, r.target.name, r.detail, r.start, r.end)
            for r in relations_of(domain, spec.kind, spec.id)
        ]
    if isinstance(spec, NeighboursSpec):
        return list(neighbours_of(domain, spec.docname))
    if isinstance(spec, YearsSpec):
        return list(years_of(domain))
    return [(e.docname, e.name, e.acronym) for e in domain.entities_of(spec.kind)]


def person_posts(domain: ArchiveDomain, spec: ListingSpec, entry: ReleaseEntry) -> str:
    """On a person's page, the post(s) they held on the release's date."""
    if spec.mentioning is None or spec.mentioning[0] != "person":
        return ""
    person = domain.entity("person", spec.mentioning[1])
    if person is None:
        return ""
    return labels.enumeration([post for _, post in person.posts_at(entry.issued)])


def select(domain: ArchiveDomain, spec: ListingSpec) -> list[ReleaseEntry]:
    """The releases a listing shows, in the order it shows them."""
    if spec.mentioning is not None:
        return list(domain.releases_mentioning(*spec.mentioning))
    if spec.year is not None:
        return list(domain.derived("releases-by-year", lambda: by_year(domain)).get(spec.year, ()))
    entries = domain.derived("releases-by-date", lambda: by_date(domain))
    return list(reversed(entries[-spec.latest :] if spec.latest else entries))


def by_date(domain: ArchiveDomain) -> list[ReleaseEntry]:
    return sorted(domain.releases.values(), key=lambda e: (e.issued, e.id))


#: no neighbour: (docname, title) both empty
NO_NEIGHBOUR = ("", "")


def neighbours_of(domain: ArchiveDomain, docname: str) -> tuple[tuple[str, str], tuple[str, str]]:
    """(docname, title) of the release before and after *docname* by date, or of the years
    before and after a year page; :data:`NO_NEIGHBOUR` where there is none."""
    table = domain.derived("neighbours", lambda: neighbours_table(domain))
    return table.get(docname, (NO_NEIGHBOUR, NO_NEIGHBOUR))


def neighbours_table(domain: ArchiveDomain) -> dict[str, tuple[tuple[str, str], tuple[str, str]]]:
    """Every release's and year page's neighbours, in one pass (each page asks for its own)."""
    table: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {}
    ordered = [(e.docname, e.title) for e in domain.derived("releases-by-date", lambda: by_date(domain))]
    years = [
        (year_page(y), str(y)) for y in sorted(domain.derived("releases-by-year", lambda: by_year(domain)))
    ]
    for sequence in (ordered, years):
        for index, (docname, _title) in enumerate(sequence):
            before = sequence[index - 1] if index else NO_NEIGHBOUR
            after = sequence[index + 1] if index + 1 < len(sequence) else NO_NEIGHBOUR
            table[docname] = (before, after)
    return table


def by_year(domain: ArchiveDomain) -> dict[int, list[ReleaseEntry]]:
    years: dict[int, list[ReleaseEntry]] = {}
    for entry in domain.derived("releases-by-date", lambda: by_date(domain)):
        years.setdefault(entry.issued.year, []).append(entry)
    return years


def standard_rows(rows: list[ListingRow]) -> nodes.Element:
    """The listing in docutils' standard nodes, for builders other than HTML."""
    items = nodes.bullet_list(classes=["release-list"])
    for row in rows:
        before_title, before_mark, before_posts = row.separators
        line = nodes.paragraph()
        line += nodes.inline("", row.date, classes=["release-date"])
        line += nodes.Text(before_title)
        if row.uri is None:
            line += nodes.inline(row.title, row.title, classes=["release-title"])
        else:
            link = nodes.reference("", "", nodes.Text(row.title), internal=True, refuri=row.uri)
            link["reftitle"] = row.tooltip
            link["classes"].append("release-title")
            line += link
        if row.withdrawn:
            line += nodes.Text(before_mark)
            line += nodes.inline("", f"({row.withdrawn})", classes=["release-withdrawn-mark"])
        if row.posts:
            line += nodes.Text(before_posts)
            line += nodes.inline("", row.posts, classes=["post-at-date"])
        items += nodes.list_item("", line, classes=[f"release-status-{row.status}"])
    return items


class FillListings:
    """Fills a page's placeholders when it is written (``doctree-resolved``)."""

    def __init__(self, app: Sphinx, doctree: nodes.document, docname: str) -> None:
        self.builder = app.builder
        self.config = app.config
        self.docname = docname
        self.document = doctree
        self.domain = archive_domain(app.env)
        for placeholder in list(self.document.findall(release_list)):
            placeholder.replace_self(self.releases(placeholder["spec"]))
        for relations in list(self.document.findall(entity_relations)):
            relations.replace_self(self.relations(relations["spec"]))
        for entities in list(self.document.findall(entity_list)):
            entities.replace_self(self.entities(entities["spec"]))

    def link(self, docname: str, text: str, css_class: str) -> nodes.Node:
        try:
            # The class on the link itself, as in release listings (nodes.release_rows).
            link = make_refnode(self.builder, self.docname, docname, "", nodes.Text(text), text)
        except NoUri:
            # Single-file builders (LaTeX, Texinfo) hold only the toctree's
            # documents: the listed page has no address there.
            return nodes.inline(text, text, classes=[css_class])
        link["classes"].append(css_class)
        return link

    def releases(self, spec: ListingSpec) -> nodes.Element:
        entries = select(self.domain, spec)
        if not entries:
            return nodes.paragraph("", labels.no_releases(), classes=["release-list-empty"])
        if spec.cards and self.builder.format == "html":
            return release_cards(self.domain, self.builder, self.config, self.docname, entries)
        rows = [self.row(spec, entry) for entry in entries]
        if self.builder.format == "html":
            return release_rows("", rows=rows, classes=["release-list"])
        return standard_rows(rows)

    def row(self, spec: ListingSpec, entry: ReleaseEntry) -> ListingRow:
        try:
            uri: str | None = self.builder.get_relative_uri(self.docname, entry.docname)
        except NoUri:
            uri = None  # as in link()
        return ListingRow(
            date=long_date(entry.issued, self.config),
            title=entry.title,
            status=entry.status,
            uri=uri,
            tooltip=entry.title,
            # Withdrawn releases stay listed and reachable, marked as such.
            withdrawn=labels.withdrawn_mark() if entry.status == "withdrawn" else "",
            posts=person_posts(self.domain, spec, entry),
        )

    def relations(self, spec: RelationsSpec) -> list[nodes.Node]:
        rows = relations_of(self.domain, spec.kind, spec.id)
        if not rows:
            return []
        section = nodes.section(ids=["relations"], classes=["entity-relations"])
        heading = labels.relations_heading()
        section += nodes.title(heading, heading)
        items = nodes.bullet_list()
        for row in rows:
            line = nodes.paragraph()
            target = self.link(row.target.docname, row.target.name, "relation-target")
            # The label's pattern places the name: "Fait partie de : {target}".
            label, _, rest = row.label.partition("{target}")
            line += nodes.inline("", label.rstrip(), classes=["relation-label"])
            line += nodes.Text(label[len(label.rstrip()) :])
            line += target
            if rest:
                line += nodes.Text(rest)
            if row.detail:
                line += nodes.Text(f", {row.detail}")
            span = labels.period(
                long_date(row.start, self.config) if row.start else None,
                long_date(row.end, self.config) if row.end else None,
            )
            if span:
                line += nodes.Text(f" ({span})")
            items += nodes.list_item("", line)
        section += items
        return [section]

    def entities(self, spec: EntityListSpec) -> nodes.Element:
        entries = self.domain.entities_of(spec.kind)
        if not entries:
            return nodes.paragraph("", labels.no_entities(), classes=["entity-list-empty"])
        items = nodes.bullet_list(classes=["entity-list"])
        for entry in entries:
            line = nodes.paragraph()
            line += self.link(entry.docname, entry.name, "entity-name")
            if entry.acronym:
                line += nodes.Text(f" ({entry.acronym})")
            items += nodes.list_item("", line)
        return items


class Fingerprints:
    """What listing pages and links show, for one build.

    Every build fingerprints every listing page (1,300 at 10,000 releases):
    what many of them share (a release's row) is made into text once per
    build, not once per page that shows it.
    """

    def __init__(self, domain: ArchiveDomain) -> None:
        self.domain = domain
        self.rows: dict[str, str] = {}

    def of(self, docname: str) -> str:
        """A digest of what the listings of *docname* show."""
        digest = hashlib.sha256()
        for spec in self.domain.listings.get(docname, ()):
            digest.update(self.spec_text(spec).encode())
        return digest.hexdigest()

    def spec_text(self, spec: Spec) -> str:
        if not isinstance(spec, ListingSpec):
            return repr(rows_of(self.domain, spec))
        # As rows_of, from each release's row made once; cards show more of each release.
        return "\n".join(
            f"{self.row_text(entry)}\0{person_posts(self.domain, spec, entry)}"
            + (f"\0{card_text(self.domain, entry)}" if spec.cards else "")
            for entry in select(self.domain, spec)
        )

    def row_text(self, entry: ReleaseEntry) -> str:
        found = self.rows.get(entry.docname)
        if found is None:
            found = self.rows[entry.docname] = repr((entry.docname, entry.title, entry.issued, entry.status))
        return found

    def shown(self) -> dict[tuple[str, str], str]:
        """What a link to each entity shows: its page, its name and, for people, their posts."""
        return {key: repr((e.docname, e.name, e.posts)) for key, e in self.domain.entities_by_key().items()}


def stale_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: pages whose listings or links changed.

    Their own source did not change, so Sphinx would not write them again.
    """
    domain = archive_domain(env)
    fingerprints = Fingerprints(domain)
    stale = set(pages_with_findings(domain, set(env.all_docs)))
    for docname in sorted(domain.listings):
        current = fingerprints.of(docname)
        if domain.digests.get(docname) != current:
            domain.digests[docname] = current
            stale.add(docname)
    # Links: only the entities whose links show something else (or that
    # appeared or went) make pages stale; most builds change none, and then
    # the mentions of 10,000 releases need not be looked at.
    shown, before = fingerprints.shown(), domain.shown
    changed = {key for key in shown.keys() | before.keys() if shown.get(key) != before.get(key)}
    domain.shown.clear()
    domain.shown.update(shown)
    if changed:
        for docname, mentions in domain.mentions.items():
            if any((mention.kind, mention.id) in changed for mention in mentions):
                stale.add(docname)
    return sorted(stale)


def setup_listings(app: Sphinx) -> None:
    app.connect("doctree-resolved", FillListings)
    app.connect("env-get-updated", stale_pages)
