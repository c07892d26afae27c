"""Render a release's front matter: header before the body, footer after.

The header holds the subtitle, the archive's notice of the release (type,
date, issuers, topics, language: labels the original does not print, set
apart) and what the original prints before its body.

A read-time transform that runs before Sphinx's i18n transforms (priority
< 10), so that the data strings it shows (subtitle, letterhead, place,
posts…) are extracted into the record's catalog by the gettext builder and
translated when the record is read in another language. Labels come from the
extension's catalog in the language of the build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from communiques.archive.nodes import generated, make_data_text
from communiques.archive.records import lines_being_read, record_being_read
from communiques.core import labels, schema
from communiques.core.dates import long_date
from communiques.core.languages import build_language, language_name
from communiques.pages import notice_labels

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sphinx.application import Sphinx


def entity_xref(kind: str, ident: str, source: str, line: int | None) -> addnodes.pending_xref:
    """A link to an entity, shown with the entity's name once resolved."""
    xref = addnodes.pending_xref(
        "",
        nodes.inline(ident, ident),
        refdomain="archive",
        reftype=kind,
        reftarget=ident,
        refexplicit=False,
        refwarn=True,
    )
    xref.source, xref.line = source, line
    return xref


def joined(items: Sequence[nodes.Node], separator: str = " · ") -> list[nodes.Node]:
    """*items* with *separator* between them."""
    out: list[nodes.Node] = []
    for index, item in enumerate(items):
        if index:
            out.append(nodes.Text(separator))
        out.append(item)
    return out


def meta_field(name: str, css_class: str, value: list[nodes.Node]) -> nodes.field:
    """One row of a release's notice: its label (the extension's catalog) and its value."""
    label = notice_labels.release_meta(name)
    body = generated(nodes.paragraph("", "", *value, classes=[css_class]))
    field = nodes.field("", generated(nodes.field_name(label, label)), nodes.field_body("", body))
    field["classes"].append(f"release-meta-{name}")
    return field


def fill_pattern(pattern: str, **parts: nodes.Node | str) -> list[nodes.Node]:
    """Split a translated pattern like ``{place}, le {date}.`` into nodes."""
    out: list[nodes.Node] = []
    rest = pattern
    while rest:
        starts = [(rest.find("{" + key + "}"), key) for key in parts if "{" + key + "}" in rest]
        if not starts:
            out.append(nodes.Text(rest))
            break
        index, key = min(starts)
        if index:
            out.append(nodes.Text(rest[:index]))
        part = parts[key]
        out.append(nodes.Text(part) if isinstance(part, str) else part)
        rest = rest[index + len(key) + 2 :]
    return out


def release_and_section(transform: SphinxTransform) -> tuple[schema.Release, nodes.section] | None:
    """The release being read and its page's titled section, or None on any other page."""
    record = record_being_read(transform.env)
    if not isinstance(record, schema.Release):
        return None
    section = next(iter(transform.document.findall(nodes.section)), None)
    if section is None or not isinstance(section[0], nodes.title):
        return None
    return record, section


class ReleaseHeader(SphinxTransform):
    """Insert the header and the footer of a release page."""

    default_priority = 5  # before PreserveTranslatableMessages (10) and Locale (20)

    def apply(self, **kwargs: object) -> None:
        found = release_and_section(self)
        if found is None:
            return
        record, section = found
        self.source = self.document["source"]
        self.lines: dict[tuple[str | int, ...], int] = lines_being_read(self.env)
        section.insert(1, self.header(record))
        section.extend(self.footer(record))

    # Nodes that show data get the record's source, so the gettext builder
    # extracts them; nodes that only show labels get none, so it does not.

    def sourced(self, node: nodes.Element) -> nodes.Element:
        node.source, node.line = self.source, 1
        return node

    def header(self, record: schema.Release) -> nodes.container:
        """The release's header: its subtitle, the archive's notice, then what the original prints
        before its body (letterheads, distribution mark, dateline)."""
        header = nodes.container(classes=["release-header"])
        if record.subtitle:
            header += self.sourced(nodes.paragraph(record.subtitle, record.subtitle, classes=["subtitle"]))
        header += self.notice(record)
        if record.letterhead:
            letterheads = nodes.container(classes=["letterheads"])
            for block in record.letterhead:
                lines = nodes.line_block(classes=["letterhead", f"letterhead-{block.issuer}"])
                for text in block.lines:
                    lines += self.sourced(nodes.line(text, text))
                letterheads += lines
            header += letterheads
        if record.distribution:
            mark = generated(nodes.paragraph(classes=["distribution"]))
            mark += nodes.strong("", labels.distribution(record.distribution))
            header += mark
        date = nodes.inline(classes=["date"])
        date += nodes.Text(long_date(record.issued, self.config))
        place = make_data_text(record.place, self.source, 1)
        place["classes"] = ["place"]
        dateline = generated(nodes.paragraph(classes=["dateline"]))
        dateline += nodes.strong("", "", *fill_pattern(labels.dateline(), place=place, date=date))
        header += dateline
        return header

    def notice(self, record: schema.Release) -> nodes.container:
        """What the archive says of the release, apart from what the original prints.

        Labels (« Publié par ») the original lacks are here, in a block of
        their own, never mixed with the printed text. Issuers and topics are
        links (and so mentions of the release). The PDF, the permanent
        address and the citation are added when the page is written
        (:mod:`communiques.pages.release_page`).
        """
        notice = nodes.container(classes=["release-meta"])
        heading = notice_labels.release_meta_heading()
        notice += generated(nodes.rubric(heading, heading, classes=["release-meta-heading"]))
        rows = nodes.field_list(classes=["release-meta-fields"])
        issuers = [
            entity_xref("org", issuer, self.source, self.lines.get(("issuers", index), 1))
            for index, issuer in enumerate(record.issuers)
        ]
        topics = [
            entity_xref("topic", topic, self.source, self.lines.get(("topics", index), 1))
            for index, topic in enumerate(dict.fromkeys(record.topics))
        ]
        language = language_name(record.language, build_language(self.config))
        values: list[tuple[str, str, list[nodes.Node]]] = [
            ("type", "release-type", [nodes.Text(labels.release_type(record.type))]),
            ("date", "release-date", [nodes.Text(long_date(record.issued, self.config))]),
            ("issuers", "issuers", joined(issuers)),
            ("topics", "topics", joined(topics)),
            ("language", "original-language", [nodes.Text(language)]),
        ]
        for name, css_class, value in values:
            if value:
                rows += meta_field(name, css_class, value)
        notice += rows
        return notice

    def footer(self, record: schema.Release) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        if record.end_mark:
            out.append(generated(nodes.paragraph(record.end_mark, record.end_mark, classes=["end-mark"])))
        if record.contacts:
            contacts = nodes.container(classes=["contacts"])
            for index, group in enumerate(record.contacts):
                contacts += self.contact_group(group, ("contacts", index, "entries"))
            out.append(contacts)
        return out

    def contact_group(self, group: schema.ContactGroup, path: tuple[str | int, ...]) -> nodes.container:
        block = nodes.container(classes=["contact-group", f"contact-{group.role}"])
        heading = labels.contacts_heading(group.role, len(group.entries))
        block += generated(nodes.rubric(heading, heading, classes=["contact-heading"]))
        for number, entry in enumerate(group.entries):
            lines = nodes.line_block(classes=["contact"])
            if entry.name:
                name = generated(nodes.line())
                if entry.person:
                    line = self.lines.get((*path, number, "person"), 1)
                    xref = entity_xref("person", entry.person, self.source, line)
                    xref["refexplicit"] = True
                    xref[0] = nodes.inline(entry.name, entry.name)
                    name += xref
                else:
                    name += nodes.Text(entry.name)
                lines += name
            for text in (entry.post, entry.unit, entry.organisation):
                if text:
                    lines += self.sourced(nodes.line(text, text))
            if entry.phone:
                # The word for an extension is the reader's language ("poste", "ext."), not data;
                # « Tél. : » only where the original prints it (`phone_label`).
                if entry.phone_label:
                    pattern = labels.phone_extension() if entry.extension else labels.phone()
                else:
                    pattern = labels.bare_phone_extension() if entry.extension else "{phone}"
                parts = fill_pattern(pattern, phone=entry.phone, extension=entry.extension or "")
                phone_line = generated(nodes.line("", "", *parts))
                # Text a PDF keeps on one line (an attribute: the page's HTML is unchanged).
                phone_line["nobreak"] = [entry.phone]
                lines += phone_line
            if entry.email:
                mail = nodes.reference(entry.email, entry.email, refuri=f"mailto:{entry.email}")
                lines += generated(nodes.line("", "", mail))
            block += lines
        return block


def setup_header(app: Sphinx) -> None:
    app.add_transform(ReleaseHeader)
