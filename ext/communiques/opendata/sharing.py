"""What a shared link shows: a meta description and Open Graph tags on every page.

On ``html-page-context`` each page gets ``communiques_sharing`` for
``templates/communiques/sharing-head.html``: a description and the Open Graph
properties (https://ogp.me/) that social networks and messaging apps read
to preview a link. Everything comes from the record, in the page's language:

* a release: its title, its summary (subtitle, else first paragraph), its
  dates, type and topics (``article:*``);
* an entity: its name and the first paragraph of its page, else what the
  record says (posts, kind of organisation, broader terms);
* any other page: its title and first paragraph, else the archive's
  description.

Addresses are absolute (``og:url`` is the page's canonical address), from
``archive_base_url`` (:mod:`communiques.core.urls`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from babel.core import get_global
from docutils import nodes
from markupsafe import Markup

from communiques.archive.domain import archive_domain
from communiques.core import labels
from communiques.core.config import archive_config
from communiques.core.languages import build_language
from communiques.core.urls import page_url
from communiques.opendata.published import Published, modified
from communiques.pages.home import shortened

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from communiques.archive.domain import ArchiveDomain
    from communiques.archive.entries import EntityEntry

#: longest description, in characters (what search engines and previews show)
DESCRIPTION_LENGTH = 200

#: paragraphs that are not a page's prose: labels, links the archive adds
NOT_PROSE = frozenset({"subscribe", "pdf-download", "rubric", "release-list-empty", "entity-list-empty"})


def og_locale(language: str) -> str:
    """Open Graph's ``language_TERRITORY`` form of a language (CLDR's likely territory): ``fr_FR``."""
    likely = get_global("likely_subtags").get(language, language)
    parts = likely.split("_")
    return f"{parts[0]}_{parts[-1]}" if len(parts) > 1 else language


def first_paragraph(doctree: nodes.document | None) -> str:
    """The first paragraph of the page's prose (not a label, a listing or a table of facts)."""
    if doctree is None:
        return ""
    for paragraph in doctree.findall(nodes.paragraph):
        if NOT_PROSE & set(paragraph["classes"]):
            continue
        parent = paragraph.parent
        inside_record = False
        while parent is not None:
            classes = set(parent.get("classes", []))
            if isinstance(parent, nodes.field_list | nodes.line_block) or classes & {
                "release-header",
                "release-list",
                "entity-list",
                "contacts",
                "sd-card",
            }:
                inside_record = True
                break
            parent = parent.parent
        if not inside_record and paragraph.astext().strip():
            return paragraph.astext()
    return ""


def entity_description(domain: ArchiveDomain, entity: EntityEntry) -> str:
    """What the record says of an entity, when its page has no prose."""
    record = entity.record
    if entity.kind == "person":
        details = list(dict.fromkeys(entity.posts))
    elif entity.kind == "org":
        details = [labels.classification(record.classification)]
    elif entity.kind == "agreement":
        details = [labels.agreement_type(record.type)]
    else:
        broader = [domain.entity("topic", ident) for ident in record.broader]
        details = [found.name for found in broader if found is not None]
    return " — ".join([entity.name, "; ".join(details)]) if details else entity.name


def sharing(
    app: Sphinx, pagename: str, context: dict[str, Any], doctree: nodes.document | None
) -> dict[str, Any]:
    domain = archive_domain(app.env)
    language = build_language(app.config)
    site = app.config.project
    title = Markup(context.get("title") or site).striptags()
    url = page_url(app, pagename)
    kind = "website"
    description = first_paragraph(doctree)
    extra: list[tuple[str, str]] = []
    release = domain.releases.get(pagename)
    entity = domain.entities.get(pagename)
    if release is not None:
        published = Published(domain)
        title, kind = release.title, "article"
        description = published.summary(release) or description
        extra += [
            ("article:published_time", release.issued.isoformat()),
            ("article:modified_time", modified(release).isoformat()),
            ("article:section", labels.release_type(release.type)),
        ]
        extra += [
            ("article:tag", name)
            for mention_kind, _ident, name in published.mentioned_names(release)
            if mention_kind == "topic"
        ]
    elif entity is not None:
        title = entity.name
        kind = "profile" if entity.kind == "person" else "website"
        description = description or entity_description(domain, entity)
    description = shortened(description or labels.feed_subtitle(), DESCRIPTION_LENGTH)
    properties = [
        ("og:type", kind),
        ("og:site_name", site),
        ("og:title", title),
        ("og:description", description),
        ("og:url", url),
        ("og:locale", og_locale(language)),
    ]
    properties += [
        ("og:locale:alternate", og_locale(other))
        for other in archive_config(app.config).languages
        if other != language
    ]
    return {"description": description, "properties": properties + extra}


def sharing_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``html-page-context``: the page's description and Open Graph properties."""
    if app.builder.format != "html":
        return
    context["communiques_sharing"] = sharing(app, pagename, context, doctree)


def setup_sharing(app: Sphinx) -> None:
    app.connect("html-page-context", sharing_context)
