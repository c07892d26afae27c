"""schema.org descriptions (JSON-LD) of release and entity pages.

A release is a ``NewsArticle`` published by its issuing organisations, which
``mentions`` every person, organisation and agreement it links to, each
identified (``@id``) by its page's address, so that a crawler can join the
pages of the archive into one graph. Its French and English pages point at
each other (``workTranslation`` from the original's page,
``translationOfWork`` from a translation's) and at the captured original
(``isBasedOn``, a ``MediaObject`` with its SHA-256).

A release's topics are what it is ``about`` (``DefinedTerm``s of the
archive's vocabulary). People are ``Person`` with their posts as ``Role``s of ``affiliation``;
organisations ``Organization`` (or a more precise subtype) with
``parentOrganization``/``subOrganization``. Agreements are ``CreativeWork``s:
schema.org's ``Legislation`` means acts of a legislature, which an agreement
between a university and a foundation is not.

Names, titles and summaries are those of the page's language.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from communiques.archive.domain import archive_domain
from communiques.core import labels, schema
from communiques.core.kinds import ENTITY_KINDS
from communiques.core.urls import page_url, site_urls
from communiques.opendata.published import Published, modified
from communiques.translation.notices import text_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from communiques.archive.entries import EntityEntry, ReleaseEntry

CONTEXT = "https://schema.org"

#: schema.org type of each classification of organisation
ORGANISATION_TYPES: dict[str, str] = {
    "government": "GovernmentOrganization",
    "ministry": "GovernmentOrganization",
    "ministerial-office": "GovernmentOrganization",
    "government-agency": "GovernmentOrganization",
    "university": "CollegeOrUniversity",
    "school": "EducationalOrganization",
    "research-institute": "ResearchOrganization",
    "research-chair": "ResearchOrganization",
    "centre-of-expertise": "ResearchOrganization",
    "foundation": "Organization",
    "international-organisation": "Organization",
    "intergovernmental-forum": "Organization",
    "partnership": "Organization",
}

#: relations whose target contains the organisation (its parent)
PARENT_RELATIONS = ("part-of", "centre-of", "hosted-by")

KIND_TYPES = {kind.role: kind.schema_org for kind in ENTITY_KINDS}


def script_text(data: dict[str, Any]) -> str:
    """JSON safe inside ``<script>``: no ``</script>``, ``<!--`` or ``&`` can appear.

    ``<``, ``>`` and ``&`` become ``\\u003c``-style escapes, which JSON
    parsers read back as the same characters.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, indent=None, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def reference(app: Sphinx, entity: EntityEntry) -> dict[str, Any]:
    """A short node naming an entity: its type, page address and name.

    Only what the pages that link the entity are written again for (its
    name): the precise type of an organisation is on its own page.
    """
    url = page_url(app, entity.docname)
    return {"@type": KIND_TYPES[entity.kind], "@id": url, "url": url, "name": entity.name}


def release_data(app: Sphinx, entry: ReleaseEntry, published: Published) -> dict[str, Any]:
    """The ``NewsArticle`` of a release page."""
    urls = site_urls(app)
    url = page_url(app, entry.docname)
    record = entry.record
    issuers = [
        reference(app, issuer.entry) for issuer in published.issuers(entry) if issuer.entry is not None
    ]
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "@id": url,
        "url": url,
        "identifier": entry.id,
        "headline": entry.title,
        "genre": labels.release_type(entry.type),
        "datePublished": entry.issued.isoformat(),
        "dateModified": modified(entry).isoformat(),
        "inLanguage": urls.language,
        "creativeWorkStatus": entry.status,
        "publisher": issuers,
        "author": issuers,
        "mentions": [
            reference(app, m.entry)
            for m in published.mentioned(entry)
            if m.entry is not None and m.kind != "topic"
        ],
    }
    # Its topics are what it is about, not what it mentions.
    about = [reference(app, m.entry) for m in published.mentioned(entry) if m.entry and m.kind == "topic"]
    if about:
        data["about"] = about
    if entry.subtitle:
        data["alternativeHeadline"] = entry.subtitle
    description = published.summary(entry)
    if description:
        data["description"] = description
    if record is not None and record.place:
        data["locationCreated"] = {"@type": "Place", "name": record.place}
    original_language = getattr(record, "language", None) or urls.languages[0]
    others = [lang for lang in urls.languages if lang != urls.language]
    # The language of the text the page shows: its own where translated, the
    # original's where not (a page not translated yet shows the original).
    state, languages = text_state(app, entry.docname)
    data["inLanguage"] = languages[0] if len(languages) == 1 else languages
    if state == "original":
        data["workTranslation"] = [
            {"@type": "NewsArticle", "@id": page_url(app, entry.docname, lang), "inLanguage": lang}
            for lang in others
        ]
    elif state != "untranslated":
        data["translationOfWork"] = {
            "@type": "NewsArticle",
            "@id": page_url(app, entry.docname, original_language),
            "inLanguage": original_language,
        }
    else:
        # Not a translation: the original itself, shown on this language's site.
        data["sameAs"] = page_url(app, entry.docname, original_language)
    source = getattr(record, "source", None)
    if source is not None and (source.url or source.sha256):
        original: dict[str, Any] = {"@type": "MediaObject", "inLanguage": original_language}
        if source.url:
            original["contentUrl"] = str(source.url)
        if source.file:
            original["name"] = source.file
            original["encodingFormat"] = "text/plain"
        if source.sha256:
            original["sha256"] = source.sha256
        if source.retrieved:
            original["uploadDate"] = source.retrieved.isoformat()
        data["isBasedOn"] = original
    return data


def entity_data(app: Sphinx, entity: EntityEntry, published: Published) -> dict[str, Any]:
    """The ``Person``, ``Organization`` or ``CreativeWork`` of an entity page."""
    data: dict[str, Any] = {"@context": CONTEXT, **reference(app, entity), "identifier": entity.id}
    if entity.kind == "org":
        data["@type"] = ORGANISATION_TYPES.get(entity.record.classification, data["@type"])
    record = entity.record
    same_as = _same_as(record)
    if same_as:
        data["sameAs"] = same_as
    if entity.kind == "person":
        data.update(_person(app, published, entity))
    elif entity.kind == "org":
        data.update(_organisation(app, published, entity))
    elif entity.kind == "topic":
        data.update(_topic(app, published, entity))
    else:
        data.update(_agreement(app, published, entity))
    return data


def _same_as(record: Any) -> list[str]:
    identifiers = record.identifiers
    if identifiers is None:
        return []
    found = []
    if identifiers.wikidata:
        found.append(f"https://www.wikidata.org/wiki/{identifiers.wikidata}")
    if identifiers.isni:
        found.append(f"https://isni.org/isni/{identifiers.isni}")
    if identifiers.website:
        found.append(str(identifiers.website))
    return found


def _dates(role: dict[str, Any], dated: Any) -> dict[str, Any]:
    if dated.start:
        role["startDate"] = dated.start.isoformat()
    if dated.end:
        role["endDate"] = dated.end.isoformat()
    return role


def _person(app: Sphinx, domain: Published, entity: EntityEntry) -> dict[str, Any]:
    record: schema.Person = entity.record
    data: dict[str, Any] = {}
    if record.other_names:
        data["alternateName"] = list(record.other_names)
    if entity.posts:
        data["jobTitle"] = list(dict.fromkeys(entity.posts))
    roles = []
    for appointment, post in zip(record.appointments, entity.posts, strict=False):
        # schema.org's Role pattern: the Role stands in the property's place
        # and repeats the property for the organisation it qualifies.
        role: dict[str, Any] = {"@type": "OrganizationRole", "roleName": post}
        organisation = domain.entity("org", appointment.organisation) if appointment.organisation else None
        if organisation is not None:
            role["affiliation"] = reference(app, organisation)
        roles.append(_dates(role, appointment))
    if roles:
        data["affiliation"] = roles
    return data


def _organisation(app: Sphinx, domain: Published, entity: EntityEntry) -> dict[str, Any]:
    record: schema.Organisation = entity.record
    data: dict[str, Any] = {}
    names = ([record.acronym] if record.acronym else []) + list(record.aliases)
    if names:
        data["alternateName"] = names
    if record.founded:
        data["foundingDate"] = record.founded.isoformat()
    if record.dissolved:
        data["dissolutionDate"] = record.dissolved.isoformat()
    parents = []
    for relation in record.relations:
        target = domain.entity("org", relation.target)
        if target is not None and relation.type in PARENT_RELATIONS:
            parents.append(reference(app, target))
    if parents:
        data["parentOrganization"] = parents
    children = []
    for other in domain.entities_of("org"):
        for relation in other.record.relations:
            if relation.target == entity.id and relation.type in PARENT_RELATIONS:
                children.append(reference(app, other))
    if children:
        data["subOrganization"] = children
    return data


def _agreement(app: Sphinx, domain: Published, entity: EntityEntry) -> dict[str, Any]:
    record: schema.Agreement = entity.record
    data: dict[str, Any] = {"genre": labels.agreement_type(record.type)}
    parties = [reference(app, org) for party in record.parties if (org := domain.entity("org", party.org))]
    if parties:
        data["sourceOrganization"] = parties
    signatories = [reference(app, p) for ident in record.signatories if (p := domain.entity("person", ident))]
    if signatories:
        data["contributor"] = signatories
    if record.signed:
        data["dateCreated"] = record.signed.isoformat()
    if record.start or record.end:
        start = record.start.isoformat() if record.start else ".."
        end = record.end.isoformat() if record.end else ".."
        data["temporalCoverage"] = f"{start}/{end}"
    return data


def _topic(app: Sphinx, domain: Published, entity: EntityEntry) -> dict[str, Any]:
    """A term of the archive's vocabulary: its set is the index of topics (SKOS's scheme)."""
    record: schema.Topic = entity.record
    data: dict[str, Any] = {"termCode": entity.id, "inDefinedTermSet": page_url(app, "topics/index")}
    if record.aliases:
        data["alternateName"] = list(record.aliases)
    # schema.org has no "broader"; a narrower term is part of its broader terms' subject.
    broader = [reference(app, t) for ident in record.broader if (t := domain.entity("topic", ident))]
    if broader:
        data["isPartOf"] = broader
    return data


def page_data(app: Sphinx, docname: str) -> dict[str, Any] | None:
    """The JSON-LD of *docname*'s page, if it is a release or an entity."""
    domain = archive_domain(app.env)
    release = domain.releases.get(docname)
    if release is not None:
        return release_data(app, release, Published(domain))
    entity = domain.entities.get(docname)
    if entity is not None:
        return entity_data(app, entity, Published(domain))
    return None
