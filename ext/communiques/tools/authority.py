"""The authority records of an archive, read straight from ``source/``.

The command-line tools (import, new) need the names, acronyms and aliases of
every person, organisation and agreement without building the archive: each
record's front matter is read with :mod:`communiques.core.frontmatter` and
validated with :mod:`communiques.core.schema`, exactly as the build does. Records
that do not validate are skipped here; ``check`` and the build report them.

The names a record has in other languages are in its catalogs
(``locales/<lang>/LC_MESSAGES/<folder>/<id>.po``): the translation of each
of its names, and of each of its posts, is read with them, so an English
release that writes ``Global Partnership on Artificial Intelligence`` or
``Minister of International Relations and La Francophonie`` finds the record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.messages.pofile import read_po

from communiques.core import frontmatter, schema
from communiques.core.kinds import ENTITY_KINDS

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from pydantic import BaseModel

_MODELS: dict[str, type[BaseModel]] = {kind.role: kind.model for kind in ENTITY_KINDS}
#: the folder of each kind's records in ``source/``, by role
FOLDERS: dict[str, str] = {kind.role: kind.folder for kind in ENTITY_KINDS}
#: a record or catalog larger than this is not an authority record someone typed: skipped
MAX_BYTES = 1 << 20


@dataclass(frozen=True)
class Entity:
    kind: str  # the role that links to it: person, org or agreement
    id: str
    name: str
    record: Any = field(hash=False, compare=False)  # the validated front matter
    #: the translation, in each language's catalog, of each of its names and posts
    translations: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False, compare=False)
    path: Path | None = field(default=None, hash=False, compare=False)

    @property
    def acronyms(self) -> tuple[str, ...]:
        acronym = getattr(self.record, "acronym", None)
        return (acronym,) if acronym else ()

    @property
    def own_names(self) -> tuple[str, ...]:
        """The forms its record gives: name, aliases, other names, acronym."""
        forms = [self.name]
        forms += getattr(self.record, "aliases", [])
        forms += getattr(self.record, "other_names", [])
        forms += self.acronyms
        return tuple(dict.fromkeys(forms))

    @property
    def names(self) -> tuple[str, ...]:
        """Every form a release may use: its own, and their translations in the catalogs."""
        forms = list(self.own_names)
        for form in self.own_names:
            forms += self.translations.get(form, ())
        return tuple(dict.fromkeys(forms))

    @property
    def draft(self) -> bool:
        return bool(getattr(self.record, "draft", False))

    def posts(self) -> list[tuple[Any, tuple[str, ...]]]:
        """Each appointment, with its post and the post's translations."""
        return [
            (a, (a.post, *self.translations.get(a.post, ())))
            for a in getattr(self.record, "appointments", [])
        ]


class Authority:
    """Every authority record, by kind and id; import adds the drafts it writes."""

    def __init__(self, entities: Iterable[Entity] = ()) -> None:
        self._by_key: dict[tuple[str, str], Entity] = {}
        for entity in entities:
            self.add(entity)

    @property
    def entities(self) -> tuple[Entity, ...]:
        return tuple(self._by_key.values())

    def add(self, entity: Entity) -> None:
        self._by_key[(entity.kind, entity.id)] = entity

    def of_kind(self, kind: str) -> Iterator[Entity]:
        return (e for e in self._by_key.values() if e.kind == kind)

    def get(self, kind: str, ident: str) -> Entity | None:
        return self._by_key.get((kind, ident))

    def taken(self, ident: str) -> bool:
        """Whether any record (of any kind) has this id."""
        return any((kind, ident) in self._by_key for kind in _MODELS)


def load(srcdir: Path, locales: Path | None = None) -> Authority:
    """Every valid authority record under *srcdir*, in a stable order.

    *locales*: the catalogs' folder (default: ``locales/`` beside *srcdir*).
    """
    locales = locales if locales is not None else srcdir.parent / "locales"
    languages = sorted(p for p in locales.glob("*/LC_MESSAGES") if p.is_dir()) if locales.is_dir() else []
    found: list[Entity] = []
    for kind, folder in FOLDERS.items():
        for path in sorted((srcdir / folder).glob("*.md")):
            if path.stem == "index":
                continue
            entity = read_entity(kind, path)
            if entity is None:
                continue
            wanted = set(entity.own_names) | {a.post for a in getattr(entity.record, "appointments", [])}
            translations = _translations([lang / folder / f"{entity.id}.po" for lang in languages], wanted)
            if translations:
                entity = Entity(entity.kind, entity.id, entity.name, entity.record, translations, path)
            found.append(entity)
    return Authority(found)


def read_entity(kind: str, path: Path) -> Entity | None:
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    matter = frontmatter.read(text)
    if matter.errors or not matter.present:
        return None
    record, _errors = schema.validate(_MODELS[kind], matter.data)
    if record is None:
        return None
    return Entity(kind, record.id, record.name, record, path=path)  # type: ignore[attr-defined]


def _translations(catalogs: list[Path], wanted: set[str]) -> dict[str, tuple[str, ...]]:
    """The translations of the strings in *wanted* found in *catalogs*."""
    found: dict[str, list[str]] = {}
    for po in catalogs:
        try:
            if not po.is_file() or po.stat().st_size > MAX_BYTES:
                continue
            with po.open("rb") as stream:
                catalog = read_po(stream)
        except (OSError, ValueError, UnicodeDecodeError):
            continue  # a broken catalog is the translation check's to report
        for message in catalog:
            if (
                isinstance(message.id, str)
                and message.id in wanted
                and isinstance(message.string, str)
                and message.string
                and not message.fuzzy
                and message.string != message.id
            ):
                found.setdefault(message.id, []).append(message.string)
    return {key: tuple(dict.fromkeys(values)) for key, values in found.items()}
