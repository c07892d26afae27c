"""The kinds of record the archive holds: one definition for every part that lists them.

A release mentions entities of three kinds (people, organisations,
agreements) and is about topics (its ``topics``, a controlled vocabulary),
each an authority record in its own folder of ``source/`` and a role of the
``archive`` domain. Everything
that depends on the kinds (paths, schema models, the domain's object types
and indices, listings, search filters, JSON-LD types, exports, the import's
authority file) reads them from :data:`ENTITY_KINDS`, so adding a kind is
adding one :class:`EntityKind` here (with its schema model and labels).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from communiques.core import schema
from communiques.core.i18n import _

if TYPE_CHECKING:
    from pydantic import BaseModel


@dataclass(frozen=True)
class EntityKind:
    """One kind of authority record."""

    #: its role in records (``{person}`…```), its object type in the domain, its key everywhere
    role: str
    #: its folder in ``source/`` (``source/people/<id>.md``), and its domain index's name
    folder: str
    #: what messages to archivists call it
    noun: str
    #: its front matter's schema
    model: type[BaseModel]
    #: its schema.org type, in JSON-LD
    schema_org: str
    #: the key of its search filter (Pagefind)
    search_filter: str
    #: what readers call it (the domain's object type), and its domain index's titles
    label: str
    index_title: str
    index_short: str
    #: the heading of the list of releases on its page
    mentions_heading: str


PERSON = EntityKind(
    role="person",
    folder="people",
    noun="person",
    model=schema.Person,
    schema_org="Person",
    search_filter="person",
    label=_("personne"),
    index_title=_("Index des personnes"),
    index_short=_("personnes"),
    mentions_heading=_("Communiqués qui mentionnent cette personne"),
)
ORGANISATION = EntityKind(
    role="org",
    folder="organisations",
    noun="organisation",
    model=schema.Organisation,
    schema_org="Organization",
    search_filter="organisation",
    label=_("organisation"),
    index_title=_("Index des organisations"),
    index_short=_("organisations"),
    mentions_heading=_("Communiqués qui mentionnent cette organisation"),
)
AGREEMENT = EntityKind(
    role="agreement",
    folder="agreements",
    noun="agreement",
    model=schema.Agreement,
    schema_org="CreativeWork",
    search_filter="agreement",
    label=_("entente"),
    index_title=_("Index des ententes"),
    index_short=_("ententes"),
    mentions_heading=_("Communiqués qui mentionnent cette entente"),
)

TOPIC = EntityKind(
    role="topic",
    folder="topics",
    noun="topic",
    model=schema.Topic,
    # schema.org's term of a controlled vocabulary (SKOS's concept)
    schema_org="DefinedTerm",
    search_filter="topic",
    label=_("sujet"),
    index_title=_("Index des sujets"),
    index_short=_("sujets"),
    mentions_heading=_("Communiqués sur ce sujet"),
)

#: every kind of authority record, in the order pages and exports list them
ENTITY_KINDS: tuple[EntityKind, ...] = (PERSON, ORGANISATION, AGREEMENT, TOPIC)
#: each kind by its role
BY_ROLE: dict[str, EntityKind] = {kind.role: kind for kind in ENTITY_KINDS}
#: each kind by its folder in ``source/``
BY_FOLDER: dict[str, EntityKind] = {kind.folder: kind for kind in ENTITY_KINDS}
#: the roles of the entity kinds: ``person``, ``org``, ``agreement``, ``topic``
ROLES: tuple[str, ...] = tuple(BY_ROLE)

#: the role of a release, the other object type of the ``archive`` domain
RELEASE = "release"


def noun_of(role: str) -> str:
    """What messages call a role's records (``org`` → organisation)."""
    return BY_ROLE[role].noun if role in BY_ROLE else role


def authority_file(role: str, ident: str) -> str | None:
    """Where the record *ident* of *role* is, relative to the repository (None for a release)."""
    kind = BY_ROLE.get(role)
    return f"source/{kind.folder}/{ident}.md" if kind else None
