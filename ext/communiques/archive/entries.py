"""What the ``archive`` domain keeps: one frozen record per release, entity, mention, problem.

Each is stored by document in :class:`~communiques.archive.domain.ArchiveDomain`
(so a document's entries go with it when it is read again or removed);
:class:`Lookup` is derived from them once per build for lookups in constant time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from communiques.core.schema import Release

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import date

    from communiques.core.warnings_ import ArchiveWarning


#: a piece of a summary: text, or ("", kind, id) for a link to an entity shown by its name
SummaryPart = tuple[str, str, str]


@dataclass(frozen=True)
class ReleaseEntry:
    id: str
    docname: str
    title: str
    issued: date
    type: str
    issuers: tuple[str, ...]
    status: str
    #: line of each front matter key or item, for messages about it
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict, compare=False)
    #: subtitle, and a summary (the subtitle or the first paragraph), as read (translated)
    subtitle: str | None = None
    summary: tuple[SummaryPart, ...] = ()
    #: the dates of its revisions and the language of its original: every
    #: build needs them for every release (feeds, print plan), the rest of
    #: the record only for the pages and files it makes again
    revised: tuple[date, ...] = ()
    language: str = "fr"
    #: the validated front matter (``schema.Release``) as JSON: the environment is
    #: loaded and saved by every build and sent back by every reading process,
    #: and 10,000 models took 1.5 s to unpickle where their text takes 0.02 s
    record_json: str = field(default="", compare=False, repr=False)

    @cached_property
    def record(self) -> Any:
        """The validated front matter, for feeds, exports and JSON-LD (parsed on first use)."""
        return Release.model_validate_json(self.record_json) if self.record_json else None

    def __getstate__(self) -> dict[str, Any]:
        # The model made on first use is not pickled: its JSON is.
        return {key: value for key, value in self.__dict__.items() if key != "record"}


@dataclass(frozen=True)
class EntityEntry:
    kind: str
    id: str
    docname: str
    #: display name in the build's language, read after translation
    name: str
    sort_key: str
    #: the validated front matter (a pydantic model from ``schema``)
    record: Any = field(compare=False)
    #: posts of a person, in the build's language, in the order of ``record.appointments``
    posts: tuple[str, ...] = ()
    #: acronym of an organisation, in the build's language, read after translation
    acronym: str | None = None
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict, compare=False)

    def posts_at(self, day: date) -> list[tuple[Any, str]]:
        """(appointment, translated post) of each post held on *day*."""
        appointments = getattr(self.record, "appointments", [])
        return [(a, post) for a, post in zip(appointments, self.posts, strict=False) if a.covers(day)]


@dataclass(frozen=True)
class Mention:
    kind: str
    id: str
    docname: str
    line: int | None


@dataclass(frozen=True)
class Claim:
    """A post a release gives a person: under a quote, or in a contact.

    Checked against the person's appointments on the release's date
    (:func:`communiques.archive.consistency.check_claimed_posts`); a mere
    mention in running text claims nothing.
    """

    person: str
    post: str
    docname: str
    line: int | None
    #: where the release prints it, for the advice: ``:post:`` of a quote, or a contact's `post`
    where: str


@dataclass(frozen=True)
class Problem:
    """A problem found while reading, reported again on every build."""

    docname: str
    line: int | None
    subtype: ArchiveWarning
    message: str


@dataclass(frozen=True)
class Revision:
    """One correction of a record: its date and its note in the build's language."""

    date: date
    note: str


@dataclass(frozen=True)
class RecordHistory:
    """What a release says of its own life: status, corrections, provenance."""

    status: str
    #: oldest first, as in the front matter; notes read after translation
    revisions: tuple[Revision, ...] = ()
    #: the captured original, relative to the source folder, and its checksum
    original: str | None = None
    sha256: str | None = None


@dataclass(frozen=True)
class Redirect:
    """A former path of a record (``redirect_from``), to keep old links working."""

    old: str
    docname: str
    line: int | None


@dataclass(frozen=True)
class ListingSpec:
    """What a ``release_list`` placeholder shows."""

    year: int | None = None
    latest: int | None = None
    mentioning: tuple[str, str] | None = None  # (kind, id)
    #: shown as cards (the home page), not as a list
    cards: bool = False


@dataclass(frozen=True)
class RelationsSpec:
    """The relations of one entity, both directions (an ``entity_relations`` placeholder)."""

    kind: str
    id: str


@dataclass(frozen=True)
class EntityListSpec:
    """Every entity of one kind (an ``entity_list`` placeholder)."""

    kind: str


@dataclass(frozen=True)
class NeighboursSpec:
    """The pages before and after a release (by date) or a year page (by year), in its footer."""

    docname: str


@dataclass(frozen=True)
class YearsSpec:
    """Every year that has releases, with their number (a ``year_list`` placeholder)."""


Spec = ListingSpec | RelationsSpec | EntityListSpec | NeighboursSpec | YearsSpec


@dataclass(frozen=True)
class Lookup:
    """Indexes of the domain's data, for lookups in constant time.

    Derived from the data (never stored in the environment) and dropped as
    soon as the data changes; built at most once per build after reading,
    since nothing changes it while pages are resolved and written.
    """

    #: (kind, id) -> entity; with duplicate ids, the first in the data's order
    entities: dict[tuple[str, str], EntityEntry]
    #: kind -> its entities in alphabetical order
    of_kind: dict[str, list[EntityEntry]]
    #: id -> release; with duplicate ids, the first in the data's order
    releases: dict[str, ReleaseEntry]
    #: (kind, id) -> releases that mention it or name it as issuer, by date
    mentioning: dict[tuple[str, str], list[ReleaseEntry]]

    @classmethod
    def of(cls, data: dict[str, Any]) -> Lookup:
        entities: dict[tuple[str, str], EntityEntry] = {}
        of_kind: dict[str, list[EntityEntry]] = {}
        for entity in data["entities"].values():
            entities.setdefault((entity.kind, entity.id), entity)
            of_kind.setdefault(entity.kind, []).append(entity)
        for group in of_kind.values():
            # By id among equal names: the order must not depend on which process read what first.
            group.sort(key=lambda e: (e.sort_key, e.id))
        releases: dict[str, ReleaseEntry] = {}
        mentioning: dict[tuple[str, str], list[ReleaseEntry]] = {}
        mentions: dict[str, list[Mention]] = data["mentions"]
        for docname, release in data["releases"].items():
            releases.setdefault(release.id, release)
            keys = {(m.kind, m.id) for m in mentions.get(docname, ())}
            keys.update(("org", issuer) for issuer in release.issuers)
            for key in keys:
                mentioning.setdefault(key, []).append(release)
        for found in mentioning.values():
            found.sort(key=lambda e: (e.issued, e.id))
        return cls(entities, of_kind, releases, mentioning)


def summary_text(entry: ReleaseEntry, entities: Mapping[tuple[str, str], EntityEntry]) -> str:
    """A release's summary as one line, entity links shown by the entity's name (its id if unknown)."""
    text = []
    for part, kind, ident in entry.summary:
        if kind:
            found = entities.get((kind, ident))
            part = found.name if found is not None else ident
        text.append(part)
    return " ".join("".join(text).split())
