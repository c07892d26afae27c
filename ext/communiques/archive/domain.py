"""The ``archive`` domain: every release, entity and mention of the archive.

All data the extension keeps between documents lives here, behind typed
accessors, so that ``clear_doc``/``merge_domaindata`` make incremental and
parallel builds correct by construction. Roles (``{person}``, ``{org}``,
``{agreement}``, ``{release}``) resolve in :meth:`ArchiveDomain.resolve_xref`;
``objects.inv`` and the domain indices come from :meth:`get_objects`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from sphinx.domains import Domain, Index, IndexEntry, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from communiques.archive.entries import (
    Claim,
    EntityEntry,
    Lookup,
    Mention,
    Problem,
    RecordHistory,
    Redirect,
    ReleaseEntry,
    Spec,
)
from communiques.core import labels
from communiques.core.i18n import _
from communiques.core.kinds import ENTITY_KINDS, RELEASE, ROLES, EntityKind
from communiques.perf.reading import ByDocument

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Iterable, Iterator, Set

    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import RoleFunction


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
        "claims": ByDocument(),  # docname -> list[Claim] (posts given under quotes and in contacts)
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
    data_version = 3

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
    def claims(self) -> dict[str, list[Claim]]:
        return self.data["claims"]

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

    def add_claim(self, claim: Claim) -> None:
        self.changed()
        self.claims.setdefault(claim.docname, []).append(claim)

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
        for key in ("releases", "entities", "mentions", "claims", "problems", "listings", "digests"):
            self.data[key].pop(docname, None)
        for key in ("histories", "redirects", "history_digests"):
            self.data[key].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        self.changed()
        for key in (
            "releases",
            "entities",
            "mentions",
            "claims",
            "problems",
            "listings",
            "histories",
            "redirects",
        ):
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
            tooltip = labels.person_tooltip(title, [post for _, post in person.posts_at(release.issued)])
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
