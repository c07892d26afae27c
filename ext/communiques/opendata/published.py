"""What the archive publishes for machines, read from the ``archive`` domain.

Feeds, JSON-LD, sitemaps and the export describe the same releases and
entities; this module gives them one view of the domain's data, in the
build's language (titles, names and summaries as read, i.e. translated), so
that they cannot disagree with each other or with the pages.

It also keeps what the previous build made of them (:class:`OpenDataState`),
so that a build makes again only the files whose data changed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from communiques.archive.entries import summary_text
from communiques.core.files import PACKAGE_DIR, write_atomically
from communiques.core.kinds import ROLES

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from communiques.archive.domain import ArchiveDomain
    from communiques.archive.entries import EntityEntry, ReleaseEntry

logger = logging.getLogger(__name__)


#: the kinds of entity, in the order feeds and exports list them
ENTITY_KINDS = ROLES


def last_revision(entry: ReleaseEntry) -> date | None:
    """The date of the release's last recorded revision, if any."""
    return max(entry.revised, default=None)


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

    Lookups go through the domain's indexes (:class:`communiques.archive.domain.Lookup`),
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

    def mentioned_names(self, entry: ReleaseEntry) -> list[tuple[str, str, str]]:
        """(kind, id, name) of the entities of :meth:`mentioned` that exist.

        Without an object per mention: feeds and the print plan ask it of
        every release (170,000 mentions at 10,000 releases).
        """
        entities = self.domain.entities_by_key()
        return [
            (kind, ident, found.name)
            for kind, ident in self.mention_keys(entry)
            if (found := entities.get((kind, ident))) is not None
        ]

    def mention_keys(self, entry: ReleaseEntry) -> list[tuple[str, str]]:
        """(kind, id) of :meth:`mentioned`, without looking the entities up (the export needs no more)."""
        mentions = self.domain.mentions.get(entry.docname, ())
        return list(dict.fromkeys((m.kind, m.id) for m in mentions if m.kind in ENTITY_KINDS))

    def issuers(self, entry: ReleaseEntry) -> list[MentionedEntity]:
        return [MentionedEntity("org", ident, self.entity("org", ident)) for ident in entry.issuers]

    def summary(self, entry: ReleaseEntry) -> str:
        """The release's summary as one line, entity links shown by the entity's name."""
        return summary_text(entry, self.domain.entities_by_key())


# -- what the previous build made ------------------------------------------------------------

#: bump to forget what every build remembers of its open data
STATE_VERSION = 1
#: the libraries that write the open data's bytes (with the extension's own code)
WRITERS = ("feedgen", "lxml", "pydantic", "pydantic-core")


def fingerprint(*parts: object) -> str:
    """A digest of *parts*, equal for equal data.

    Parts are built of strings, numbers, dates, None, and tuples, lists,
    dicts and dataclasses of them, whose ``repr`` says everything they hold
    (never sets: their order changes from one process to the next).
    """
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


@functools.cache
def code_digest() -> str:
    """A digest of what, besides the data, makes the open data's bytes.

    The extension's code (all of it: a change of any module may change what
    the open data says) and the versions of Python and of the libraries that
    write the files. A new digest makes everything again.
    """
    package = PACKAGE_DIR
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update(repr([sys.version, *(version(name) for name in WRITERS)]).encode())
    return digest.hexdigest()


def state_path(app: Sphinx, name: str, suffix: str) -> Path:
    """A file beside the doctrees for one builder (html and dirhtml may share the doctrees)."""
    return Path(app.doctreedir) / f"communiques-{name}-{app.builder.name}.{suffix}"


@dataclass
class OpenDataState:
    """The fingerprint of every open-data file the last build of a builder wrote.

    A file is made again unless its fingerprint (of everything its bytes
    depend on) is the one of the last build and the file still exists. Kept
    beside the doctrees in a small JSON file, not in the environment: Sphinx
    pickles the environment back from every reading process, so it must stay
    small. A missing, unreadable or foreign file (another output folder,
    another version of the code) is an empty state: everything is made again.
    """

    path: Path
    outdir: Path
    #: output path (relative to the output folder) -> fingerprint, of the last build
    previous: dict[str, str]
    #: the same, of this build
    current: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, app: Sphinx) -> OpenDataState:
        path = state_path(app, "opendata", "json")
        outdir = Path(app.outdir)
        state = cls(path, outdir, read_state(path, str(outdir)))
        # Forgotten until this build's is saved: a build that stops halfway
        # may have written some files and not others, and the next one must
        # not trust fingerprints that no longer describe them.
        path.unlink(missing_ok=True)
        return state

    def unchanged(self, relative: str, digest: str) -> bool:
        """Record the fingerprint of a file; whether the file is still what the last build wrote."""
        self.current[relative] = digest
        return self.previous.get(relative) == digest and (self.outdir / relative).is_file()

    def save(self) -> None:
        document = {"version": STATE_VERSION, "code": code_digest(), "outdir": str(self.outdir)}
        write_atomically(self.path, json.dumps({**document, "files": self.current}, indent=0).encode())


def read_state(path: Path, outdir: str) -> dict[str, str]:
    """The fingerprints in a state file, or none if it cannot be trusted."""
    try:
        document = json.loads(path.read_bytes())
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, RecursionError) as error:
        logger.info("communiques: %s cannot be read (%s); the open data is made again", path, error)
        return {}
    expected = {"version": STATE_VERSION, "code": code_digest(), "outdir": outdir}
    if not isinstance(document, dict) or any(document.get(key) != value for key, value in expected.items()):
        return {}
    files = document.get("files")
    if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
        return {}
    return files
