"""The authority records of an archive, read straight from ``source/``.

The command-line tools (import, new) need the names, acronyms and aliases of
every person, organisation and agreement without building the archive: each
record's front matter is read with :mod:`communiques.core.frontmatter` and
validated with :mod:`communiques.core.schema`, exactly as the build does. Records
that do not validate are skipped here; ``check`` and the build report them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from communiques.core import frontmatter, schema
from communiques.core.kinds import ENTITY_KINDS

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pydantic import BaseModel

_MODELS: dict[str, type[BaseModel]] = {kind.role: kind.model for kind in ENTITY_KINDS}


@dataclass(frozen=True)
class Entity:
    kind: str  # the role that links to it: person, org or agreement
    id: str
    name: str
    record: Any = field(hash=False, compare=False)  # the validated front matter

    @property
    def acronyms(self) -> tuple[str, ...]:
        acronym = getattr(self.record, "acronym", None)
        return (acronym,) if acronym else ()

    @property
    def names(self) -> tuple[str, ...]:
        """Every form a release may use: name, aliases, other names, acronym."""
        forms = [self.name]
        forms += getattr(self.record, "aliases", [])
        forms += getattr(self.record, "other_names", [])
        forms += self.acronyms
        return tuple(dict.fromkeys(forms))


@dataclass(frozen=True)
class Authority:
    entities: tuple[Entity, ...]

    def of_kind(self, kind: str) -> Iterator[Entity]:
        return (e for e in self.entities if e.kind == kind)

    def get(self, kind: str, ident: str) -> Entity | None:
        return next((e for e in self.of_kind(kind) if e.id == ident), None)


def load(srcdir: Path) -> Authority:
    """Every valid authority record under *srcdir*, in a stable order."""
    found: list[Entity] = []
    for kind, folder in ((k.role, k.folder) for k in ENTITY_KINDS):
        for path in sorted((srcdir / folder).glob("*.md")):
            if path.stem == "index":
                continue
            entity = read_entity(kind, path)
            if entity is not None:
                found.append(entity)
    return Authority(tuple(found))


def read_entity(kind: str, path: Path) -> Entity | None:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    matter = frontmatter.read(text)
    if matter.errors or not matter.present:
        return None
    record, _errors = schema.validate(_MODELS[kind], matter.data)
    if record is None:
        return None
    return Entity(kind, record.id, record.name, record)  # type: ignore[attr-defined]
