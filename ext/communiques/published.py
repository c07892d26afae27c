"""What the archive publishes for machines, read from the ``archive`` domain.

Feeds, JSON-LD, sitemaps and the export describe the same releases and
entities; this module gives them one view of the domain's data, in the
build's language (titles, names and summaries as read, i.e. translated), so
that they cannot disagree with each other or with the pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from communiques.paths import ENTITY_FOLDERS

if TYPE_CHECKING:
    from communiques.domain import ArchiveDomain, EntityEntry, ReleaseEntry


#: the kinds of entity, in the order feeds and exports list them
ENTITY_KINDS = tuple(ENTITY_FOLDERS)


def last_revision(entry: ReleaseEntry) -> date | None:
    """The date of the release's last recorded revision, if any."""
    revisions = getattr(entry.record, "revisions", None) or []
    return max((revision.date for revision in revisions), default=None)


def modified(entry: ReleaseEntry) -> date:
    """When the release last changed: its last revision, else its issue date."""
    revised = last_revision(entry)
    return max(revised, entry.issued) if revised else entry.issued


def instant(day: date) -> datetime:
    """A date as the instant feeds need: midnight UTC (releases carry a day, not a time)."""
    return datetime.combine(day, time(), tzinfo=UTC)


@dataclass(frozen=True)
class MentionedEntity:
    kind: str
    id: str
    entry: EntityEntry | None


class Published:
    """The domain's releases and entities as feeds, JSON-LD, sitemaps and exports show them.

    Lookups go through the domain's indexes (:class:`communiques.domain.Lookup`),
    built once per build: these modules ask for every entity's releases.
    """

    def __init__(self, domain: ArchiveDomain) -> None:
        self.domain = domain

    def entity(self, kind: str, ident: str) -> EntityEntry | None:
        return self.domain.entity(kind, ident)

    def entities_of(self, kind: str) -> list[EntityEntry]:
        return self.domain.entities_of(kind)

    def releases(self) -> list[ReleaseEntry]:
        """Every release, oldest first."""
        return sorted(self.domain.releases.values(), key=lambda e: (e.issued, e.id))

    def releases_mentioning(self, kind: str, ident: str) -> list[ReleaseEntry]:
        """Releases that mention an entity or name it as issuer, oldest first (as its page lists them)."""
        return list(self.domain.releases_mentioning(kind, ident))

    def mentioned(self, entry: ReleaseEntry) -> list[MentionedEntity]:
        """The entities a release links to, each once, in the order of the page.

        Its issuers (linked from its header), the people quoted or to contact
        and every role of its body, as the domain recorded them.
        """
        return [
            MentionedEntity(kind, ident, self.entity(kind, ident)) for kind, ident in self.mention_keys(entry)
        ]

    def mention_keys(self, entry: ReleaseEntry) -> list[tuple[str, str]]:
        """(kind, id) of :meth:`mentioned`, without looking the entities up (the export needs no more)."""
        mentions = self.domain.mentions.get(entry.docname, ())
        return list(dict.fromkeys((m.kind, m.id) for m in mentions if m.kind in ENTITY_KINDS))

    def issuers(self, entry: ReleaseEntry) -> list[MentionedEntity]:
        return [MentionedEntity("org", ident, self.entity("org", ident)) for ident in entry.issuers]

    def summary(self, entry: ReleaseEntry) -> str:
        """The release's summary as one line, entity links shown by the entity's name."""
        text = []
        for part, kind, ident in entry.summary:
            if kind:
                found = self.entity(kind, ident)
                part = found.name if found is not None else ident
            text.append(part)
        return " ".join("".join(text).split())


def feed_path(docname: str | None) -> str:
    """Where a feed is written, relative to the language's folder.

    ``feeds/releases.xml`` for every release (``docname`` None), else the
    entity page's path: ``feeds/people/nadine-girault.xml``.
    """
    return f"feeds/{docname or 'releases'}.xml"


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write *data* unless the file already holds it (keeps mtimes and caches valid)."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True
