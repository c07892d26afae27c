"""The ``archive`` domain: every release, entity and mention of the archive.

All data the extension keeps between documents lives here, behind typed
accessors, so that ``clear_doc``/``merge_domaindata`` make incremental and
parallel builds correct by construction. Roles (``{person}``, ``{org}``,
``{agreement}``, ``{release}``) resolve in :meth:`ArchiveDomain.resolve_xref`;
``objects.inv`` and the domain indices come from :meth:`get_objects`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from sphinx.domains import Domain, Index, IndexEntry, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from communiques.core.i18n import _
from communiques.core.kinds import ENTITY_KINDS, RELEASE, ROLES, EntityKind
from communiques.core.schema import Release
from communiques.perf.reading import ByDocument

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Iterable, Iterator, Set
    from datetime import date

    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import RoleFunction

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


@dataclass(frozen=True)
class RelationsSpec:
    """The relations of one entity, both directions (an ``entity_relations`` placeholder)."""

    kind: str
    id: str


@dataclass(frozen=True)
class EntityListSpec:
    """Every entity of one kind (an ``entity_list`` placeholder)."""

    kind: str


Spec = ListingSpec | RelationsSpec | EntityListSpec


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


class ArchiveDomain(Domain):
    name = "archive"
    label = "Archive"
    object_types: ClassVar[dict[str, ObjType]] = {
        RELEASE: ObjType(_("communiqué"), RELEASE),
        **{kind.role: ObjType(kind.label, kind.role) for kind in ENTITY_KINDS},
    }
    # Mentions read as running text, not as code: inline, not literal.
    roles: ClassVar[dict[str, RoleFunction | XRefRole]] = {
        role: XRefRole(innernodeclass=nodes.inline) for role in (RELEASE, *ROLES)
    }
    initial_data: ClassVar[dict[str, Any]] = {
        # By document (a reading process sends back only those it read).
        "releases": ByDocument(),  # docname -> ReleaseEntry
        "entities": ByDocument(),  # docname -> EntityEntry
        "mentions": ByDocument(),  # docname -> list[Mention]
        "problems": ByDocument(),  # docname -> list[Problem]
        "listings": ByDocument(),  # docname -> list[Spec] of the placeholders on the page
        "digests": ByDocument(),  # docname -> digest of what its listings showed when last written
        "histories": ByDocument(),  # docname -> RecordHistory of a release
        "redirects": ByDocument(),  # docname -> list[Redirect] it declares
        "history_digests": ByDocument(),  # docname -> digest of the git history its page last showed
        "shown": {},  # (kind, id) -> what links to the entity showed when pages were last written
        # Not per document: set when each build starts (see history.py, edition.py).
        "repo": None,  # gitrepo.RepoState of the sources, or None without git
        "git": None,  # gitrepo.Log of the sources, or None without git
        "edition": None,  # edition.Edition of this build
        "edition_shown": None,  # the Edition the pages were last written with
    }
    data_version = 2

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        #: what was computed from the data since it last changed
        self._derived: dict[Hashable, Any] = {}

    def derived[T](self, key: Hashable, make: Callable[[], T]) -> T:
        """``make()``, computed once as long as the data does not change.

        Reading changes the data; resolving and writing pages, where the
        archive-wide lookups are needed thousands of times, do not.
        """
        if key not in self._derived:
            self._derived[key] = make()
        return cast("T", self._derived[key])

    @property
    def lookup(self) -> Lookup:
        """Indexes of the current data (see :class:`Lookup`)."""
        return self.derived("lookup", lambda: Lookup.of(self.data))

    def changed(self) -> None:
        """Forget what was derived from the data; every change calls it."""
        self._derived.clear()

    # -- typed access -------------------------------------------------------------------

    @property
    def releases(self) -> dict[str, ReleaseEntry]:
        return self.data["releases"]

    @property
    def entities(self) -> dict[str, EntityEntry]:
        return self.data["entities"]

    @property
    def mentions(self) -> dict[str, list[Mention]]:
        return self.data["mentions"]

    @property
    def problems(self) -> dict[str, list[Problem]]:
        return self.data["problems"]

    @property
    def listings(self) -> dict[str, list[Spec]]:
        return self.data["listings"]

    @property
    def digests(self) -> dict[str, str]:
        return self.data["digests"]

    @property
    def shown(self) -> dict[tuple[str, str], str]:
        return self.data.setdefault("shown", {})

    @property
    def histories(self) -> dict[str, RecordHistory]:
        return self.data["histories"]

    @property
    def redirects(self) -> dict[str, list[Redirect]]:
        return self.data["redirects"]

    @property
    def history_digests(self) -> dict[str, str]:
        return self.data["history_digests"]

    def add_release(self, entry: ReleaseEntry) -> None:
        self.changed()
        self.releases[entry.docname] = entry

    def add_entity(self, entry: EntityEntry) -> None:
        self.changed()
        self.entities[entry.docname] = entry

    def add_mention(self, mention: Mention) -> None:
        self.changed()
        self.mentions.setdefault(mention.docname, []).append(mention)

    def add_problem(self, problem: Problem) -> None:
        self.changed()
        self.problems.setdefault(problem.docname, []).append(problem)

    def add_listing(self, docname: str, spec: Spec) -> None:
        self.listings.setdefault(docname, []).append(spec)

    def entity(self, kind: str, ident: str) -> EntityEntry | None:
        return self.lookup.entities.get((kind, ident))

    def entities_by_key(self) -> dict[tuple[str, str], EntityEntry]:
        return self.lookup.entities

    def entities_of(self, kind: str) -> list[EntityEntry]:
        return list(self.lookup.of_kind.get(kind, ()))

    def release_by_id(self, ident: str) -> ReleaseEntry | None:
        return self.lookup.releases.get(ident)

    def releases_mentioning(self, kind: str, ident: str) -> Iterator[ReleaseEntry]:
        """Releases that mention an entity or name it as issuer, by date."""
        yield from self.lookup.mentioning.get((kind, ident), ())

    # -- incremental and parallel builds ----------------------------------------------------

    def clear_doc(self, docname: str) -> None:
        self.changed()
        for key in ("releases", "entities", "mentions", "problems", "listings", "digests"):
            self.data[key].pop(docname, None)
        for key in ("histories", "redirects", "history_digests"):
            self.data[key].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        self.changed()
        for key in ("releases", "entities", "mentions", "problems", "listings", "histories", "redirects"):
            # By the merged documents, not the other process's whole data:
            # Sphinx forks each reading process from the main one, so that
            # data also holds every document merged before.
            theirs = otherdata[key]
            for docname in docnames:
                if docname in theirs:
                    self.data[key][docname] = theirs[docname]

    # -- cross-references -------------------------------------------------------------------

    def _target(self, typ: str, target: str) -> tuple[str, str] | None:
        """(docname, display text) of the object *typ*:*target*."""
        if typ == "release":
            release = self.release_by_id(target)
            return (release.docname, release.title) if release else None
        entity = self.entity(typ, target)
        return (entity.docname, entity.name) if entity else None

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        found = self._target(typ, target)
        if found is None:
            return None
        docname, title = found
        tooltip = title
        release = self.releases.get(fromdocname)
        person = self.entity("person", target) if typ == "person" else None
        if release is not None and person is not None:
            # A person mentioned in a release: show the post held that day.
            posts = [post for _, post in person.posts_at(release.issued)]
            if posts:
                tooltip = f"{title} — {'; '.join(posts)}"
        if not node.get("refexplicit"):
            # Text of the target in this build's language, like :ref: without a title.
            contnode = nodes.inline(title, title, classes=contnode.get("classes", []))
        return make_refnode(builder, fromdocname, docname, "", contnode, tooltip)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        results = []
        for typ in self.object_types:
            ref = self.resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
            if ref is not None:
                results.append((f"{self.name}:{typ}", ref))
        return results

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        for entry in self.releases.values():
            yield entry.id, entry.title, "release", entry.docname, "", 1
        for entity in self.entities.values():
            yield entity.id, entity.name, entity.kind, entity.docname, "", 1

    def get_full_qualified_name(self, node: nodes.Element) -> str | None:
        return node.get("reftarget")


class _KindIndex(Index):
    """Alphabetical index of one kind of entity (a domain index page)."""

    kind: ClassVar[str]

    def generate(
        self, docnames: Iterable[str] | None = None
    ) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        domain = self.domain
        assert isinstance(domain, ArchiveDomain)
        groups: dict[str, list[IndexEntry]] = {}
        entries = sorted(
            (e for e in domain.entities.values() if e.kind == self.kind),
            key=lambda e: (e.sort_key, e.id),
        )
        for entry in entries:
            if docnames is not None and entry.docname not in docnames:
                continue
            letter = entry.sort_key[:1].upper()
            groups.setdefault(letter, []).append(IndexEntry(entry.name, 0, entry.docname, "", "", "", ""))
        return sorted(groups.items()), False


def kind_index(kind: EntityKind) -> type[_KindIndex]:
    """The domain index of one kind (``archive-people``…)."""
    attributes = {
        "name": kind.folder,
        "localname": kind.index_title,
        "shortname": kind.index_short,
        "kind": kind.role,
    }
    return type(f"{kind.folder.title()}Index", (_KindIndex,), attributes)


ArchiveDomain.indices = [kind_index(kind) for kind in ENTITY_KINDS]


def archive_domain(env: BuildEnvironment) -> ArchiveDomain:
    return cast("ArchiveDomain", env.domains["archive"])


def setup_domain(app: Sphinx) -> None:
    app.add_domain(ArchiveDomain)
