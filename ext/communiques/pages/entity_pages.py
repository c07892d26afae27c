"""Entity pages: a person, an organisation or an agreement.

The page of an entity is its MyST document: front matter for the facts, the
body for prose. A read-time transform (before the i18n transforms, so every
data string reaches the page's catalog and is translated) gives the page its
title and a table of facts, and leaves two placeholders filled when the page
is written: its relations in both directions, and the releases that mention
it (see :mod:`communiques.pages.listings`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from babel.dates import format_timedelta
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms import SphinxTransform

from communiques.archive.domain import archive_domain
from communiques.archive.entries import EntityListSpec, ListingSpec, RelationsSpec
from communiques.archive.nodes import entity_list, entity_relations, generated, make_data_text, release_list
from communiques.archive.records import lines_being_read, record_being_read
from communiques.core import labels, schema
from communiques.core.dates import long_date
from communiques.core.kinds import ROLES
from communiques.core.languages import build_language
from communiques.core.paths import entity_path
from communiques.pages.directives import ArchiveDirective
from communiques.pages.release_header import entity_xref, joined

if TYPE_CHECKING:
    from datetime import date

    from sphinx.application import Sphinx
    from sphinx.util.typing import OptionSpec


#: ISO 8601 period designators and Babel's names of their units
_PERIOD_UNITS: dict[str, Literal["year", "month", "day"]] = {"Y": "year", "M": "month", "D": "day"}


class EntityPage(SphinxTransform):
    """Title, facts and placeholders of an entity page."""

    default_priority = 5  # before PreserveTranslatableMessages (10) and Locale (20)

    def apply(self, **kwargs: object) -> None:
        path = entity_path(self.env.docname)
        record: Any = record_being_read(self.env)
        if path is None or path.is_index or not hasattr(record, "name"):
            return
        self.source = self.document["source"]
        self.lines = lines_being_read(self.env)
        section = self.title_section(record.name)
        if getattr(record, "draft", False):
            # Written by `import` from what one release printed: readers are told, discreetly.
            mark = labels.draft_mark()
            section += generated(nodes.paragraph(mark, mark, classes=["entity-draft"]))
        section += self.facts(path.kind, record)
        section.extend(self.moved)
        domain = archive_domain(self.env)
        relations = RelationsSpec(path.kind, record.id)
        domain.add_listing(self.env.docname, relations)
        section += entity_relations(spec=relations)
        mentions = ListingSpec(mentioning=(path.kind, record.id))
        domain.add_listing(self.env.docname, mentions)
        section += self.subsection(
            labels.mentions_heading(path.kind), "mentions", release_list(spec=mentions)
        )

    def title_section(self, name: str) -> nodes.section:
        """A section titled with the entity's name, wrapping the page's prose."""
        section = nodes.section(ids=[nodes.make_id(self.env.docname.rsplit("/", 1)[-1])])
        title = nodes.title(name, name)
        title.source, title.line = self.source, 1
        section += title
        # Keep MyST's front matter field list first in the document, where
        # docutils' DocInfo transform and Sphinx's metadata collector find it.
        keep = [c for c in self.document.children if isinstance(c, nodes.field_list | nodes.docinfo)]
        self.moved = [c for c in self.document.children if c not in keep]
        self.document.children = []
        self.document.extend(keep)
        self.document += section
        return section

    def subsection(self, heading: str, ident: str, *content: nodes.Node) -> nodes.section:
        section = nodes.section(ids=[ident], classes=[f"entity-{ident}"])
        section += generated(nodes.title(heading, heading))
        section.extend(content)
        return section

    # -- facts -----------------------------------------------------------------------

    def data(self, text: str) -> nodes.Element:
        return make_data_text(text, self.source, 1)

    def date_text(self, value: date | None) -> nodes.Text | None:
        return nodes.Text(long_date(value, self.config)) if value else None

    def date(self, value: date | None) -> str | None:
        return long_date(value, self.config) if value else None

    def facts(self, kind: str, record: Any) -> nodes.definition_list:
        # A definition list, not a field list: docutils' HTML writer adds a
        # colon of its own after a field's name, with no space before it;
        # the label's pattern gives each language its own ("Sigle :", "Acronym:").
        facts = nodes.definition_list(classes=["entity-facts"])
        rows_of: dict[str, Callable[[Any], list[tuple[str, Any]]]] = {
            "person": self.person_rows,
            "org": self.org_rows,
            "agreement": self.agreement_rows,
            "topic": self.topic_rows,
        }
        rows = rows_of[kind](record)
        for name, value in rows + self.common_rows(record):
            if value is None:
                continue
            if isinstance(value, list):
                value = nodes.paragraph("", "", *value)
            elif not isinstance(value, nodes.Body):
                value = nodes.paragraph("", "", value)
            label = labels.field_label(name)
            if isinstance(value, nodes.paragraph):
                generated(value)
            facts += nodes.definition_list_item(
                "", generated(nodes.term(label, label)), nodes.definition("", value)
            )
        return facts

    def joined(self, items: Sequence[nodes.Node]) -> list[nodes.Node] | None:
        """*items* joined as the release header joins them; None (no row) when there is none."""
        return joined(items) if items else None

    def person_rows(self, record: schema.Person) -> list[tuple[str, Any]]:
        posts = nodes.bullet_list(classes=["appointments"])
        for index, appointment in enumerate(record.appointments):
            line = generated(nodes.paragraph())
            post = self.data(appointment.post)
            post["post_index"] = index
            line += post
            if appointment.organisation:
                line += nodes.Text(" — ")
                line += entity_xref("org", appointment.organisation, self.source, 1)
            span = labels.period(self.date(appointment.start), self.date(appointment.end))
            if span:
                line += nodes.Text(f" ({span})")
            posts += nodes.list_item("", line)
        return [
            ("other_names", self.joined([self.data(n) for n in record.other_names])),
            ("appointments", posts if record.appointments else None),
        ]

    def org_rows(self, record: schema.Organisation) -> list[tuple[str, Any]]:
        return [
            ("acronym", self.acronym(record.acronym) if record.acronym else None),
            ("aliases", self.joined([self.data(a) for a in record.aliases])),
            (
                "classification",
                nodes.Text(labels.classification(record.classification)) if record.classification else None,
            ),
            ("founded", self.date_text(record.founded)),
            ("dissolved", self.date_text(record.dissolved)),
        ]

    def acronym(self, text: str) -> nodes.Node:
        """An acronym is a data string too: OCDE reads OECD in English."""
        node = make_data_text(text, self.source, 1)
        node["acronym"] = True
        return node

    def agreement_rows(self, record: schema.Agreement) -> list[tuple[str, Any]]:
        parties: list[nodes.Node] = []
        for party in record.parties:
            item = nodes.inline()
            item += entity_xref("org", party.org, self.source, 1)
            if party.role:
                item += nodes.Text(" (")
                item += self.data(party.role)
                item += nodes.Text(")")
            parties.append(item)
        span = labels.period(self.date(record.start), self.date(record.end))
        return [
            ("aliases", self.joined([self.data(a) for a in record.aliases])),
            ("type", nodes.Text(labels.agreement_type(record.type))),
            ("parties", self.joined(parties)),
            (
                "signatories",
                self.joined([entity_xref("person", p, self.source, 1) for p in record.signatories]),
            ),
            ("signed", self.date_text(record.signed)),
            ("period", nodes.Text(span) if span else None),
            ("duration", nodes.Text(self.duration(record.duration)) if record.duration else None),
            ("status", nodes.Text(labels.agreement_status(record.status))),
            ("creates", self.joined([entity_xref("org", o, self.source, 1) for o in record.creates])),
        ]

    def topic_rows(self, record: schema.Topic) -> list[tuple[str, Any]]:
        """Its other names and broader terms; its narrower terms are among its relations."""
        broader = [
            entity_xref("topic", ident, self.source, self.lines.get(("broader", index), 1))
            for index, ident in enumerate(record.broader)
        ]
        return [
            ("aliases", self.joined([self.data(a) for a in record.aliases])),
            ("broader", self.joined(broader)),
        ]

    def duration(self, iso: str) -> str:
        """``P3Y`` as ``3 ans`` / ``3 years``, by Babel."""
        number, unit = "", ""
        parts: list[str] = []
        for char in iso.removeprefix("P"):
            if char.isdigit():
                number += char
                continue
            unit = _PERIOD_UNITS[char]
            days = {"year": 365, "month": 30, "day": 1}[unit] * int(number)
            parts.append(
                format_timedelta(
                    timedelta(days=days), granularity=unit, threshold=1e9, locale=build_language(self.config)
                )
            )
            number = ""
        return " ".join(parts)

    def common_rows(self, record: Any) -> list[tuple[str, Any]]:
        links: list[nodes.Node] = []
        identifiers = record.identifiers
        if identifiers and identifiers.wikidata:
            uri = f"https://www.wikidata.org/wiki/{identifiers.wikidata}"
            links.append(nodes.reference("", f"Wikidata {identifiers.wikidata}", refuri=uri))
        if identifiers and identifiers.isni:
            links.append(
                nodes.reference(
                    "", f"ISNI {identifiers.isni}", refuri=f"https://isni.org/isni/{identifiers.isni}"
                )
            )
        if identifiers and identifiers.website:
            links.append(nodes.reference("", str(identifiers.website), refuri=str(identifiers.website)))
        sources = [nodes.reference("", str(u), refuri=str(u)) for u in record.sources]
        return [("identifiers", self.joined(links)), ("sources", self.joined(sources))]


class EntityList(ArchiveDirective):
    """Every entity of one kind, for the index page of that kind."""

    option_spec: ClassVar[OptionSpec] = {"kind": lambda arg: directives.choice(arg, ROLES)}

    def run(self) -> list[nodes.Node]:
        kind = self.options.get("kind")
        if kind is None:
            self.problem(f"entity-list needs `:kind:` {', '.join(ROLES[:-1])} or {ROLES[-1]}")
            return []
        spec = EntityListSpec(kind)
        archive_domain(self.env).add_listing(self.env.docname, spec)
        node = entity_list(spec=spec)
        self.set_source_info(node)
        return [node]


def setup_entities(app: Sphinx) -> None:
    app.add_transform(EntityPage)
    app.add_directive("entity-list", EntityList)
