"""Draft records for the people and organisations a release names that match no record.

People quoted or named as contacts, organisations named in a letterhead or a
contact, that match no authority record, get one written for them, marked
``draft: true``, with what the release says of them as ``evidence`` (the
release, its date, the name, post and organisation as printed) and, for a
person, the post as an appointment without dates (to be dated on review).
Drafts are records like any other: later releases link to them, and a later
import adds its evidence and the new posts it prints to a record that is
still a draft. A reviewed record (``draft`` removed) is never changed.

The posts a release gives (under a quote, in a contact) are checked here as
the build does (:func:`communiques.core.posts.post_matches`), and also
through the catalogs' translations of recorded posts, for a release in
another language: what matches no recorded appointment of a reviewed record
is reported, with what to add where.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from communiques.core import frontmatter, schema
from communiques.core.posts import post_matches
from communiques.tools.authority import FOLDERS, Entity
from communiques.tools.drafts import (
    MAX_EVIDENCE,
    DraftFile,
    classification,
    looks_like_an_organisation,
    person_name,
    plain_slug,
    sort_name,
)
from communiques.tools.textreader import Note

if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path

    from communiques.tools.authority import Authority
    from communiques.tools.linker import Linker
    from communiques.tools.textreader import ReleaseText


class Drafting:
    """Resolves who and what a release names, writing drafts for what matches no record."""

    def __init__(self, srcdir: Path, authority: Authority, linker: Linker, *, enabled: bool = True) -> None:
        self.srcdir = srcdir
        self.authority = authority
        self.linker = linker
        self.enabled = enabled
        self.files: dict[tuple[str, str], DraftFile] = {}

    # -- a release ---------------------------------------------------------------------

    def resolve(self, release: ReleaseText, record_id: str) -> list[Note]:
        """Issuers, letterhead, contacts' and quotes' people of *release*; the problems found."""
        notes: list[Note] = []
        self._letterhead(release, record_id)
        for group_index, group in enumerate(release.contacts):
            for entry_index, entry in enumerate(group["entries"]):
                line = release.contact_lines.get((group_index, entry_index), 1)
                organisation = None
                if entry.get("organisation"):
                    organisation = self.organisation(entry["organisation"], release, record_id)
                person = self.linker.authority.get("person", entry["person"]) if entry.get("person") else None
                if person is None and entry.get("name"):
                    person = self.person(entry["name"], entry.get("post"), organisation, release, record_id)
                    if person is not None:
                        entry["person"] = person.id
                        # keys in the order the archive writes them
                        order = (
                            "name",
                            "person",
                            "post",
                            "unit",
                            "organisation",
                            "phone",
                            "extension",
                            "email",
                        )
                        group["entries"][entry_index] = {k: entry[k] for k in order if k in entry}
                elif person is not None:
                    self._claim(
                        person,
                        entry["name"],
                        entry.get("post"),
                        organisation,
                        release,
                        record_id,
                        line,
                        notes,
                    )
        for quote in release.quotes:
            person = self.linker.entity_named(
                person_name(quote["name"]), "person"
            ) or self.linker.entity_named(quote["name"], "person")
            if person is None:
                organisation = self._organisation_in(quote["post"])
                person = self.person(quote["name"], quote["post"], organisation, release, record_id)
            else:
                organisation = self._organisation_in(quote["post"])
                self._claim(
                    person,
                    quote["name"],
                    quote["post"],
                    organisation,
                    release,
                    record_id,
                    quote["line"],
                    notes,
                )
            if person is not None:
                quote["person"] = person.id
        return notes

    def _letterhead(self, release: ReleaseText, record_id: str) -> None:
        blocks: list[dict[str, Any]] = []
        for number, kept in release.letterhead_blocks:
            named: list[str] = []
            for index, line in enumerate(kept):
                entity = self.linker.entity_named(line, "org")
                if entity is None and (looks_like_an_organisation(line) or (not blocks and index == 0)):
                    entity = self.organisation(line, release, record_id)
                if entity is not None:
                    named.append(entity.id)
            if named or not blocks:
                blocks.append(
                    {"issuer": named[-1] if named else None, "lines": kept, "named": named, "at": number}
                )
            else:
                blocks[-1]["lines"] += (
                    kept  # a block naming no organisation (a motto) belongs to the one above
                )
        for found in blocks:
            for ident in found.pop("named"):
                if ident not in release.issuers:
                    release.issuers.append(ident)
            number = found.pop("at")
            if found["issuer"] is None:
                release.note(
                    number,
                    "letterhead `" + " / ".join(found["lines"]) + "` names no recorded organisation: add the "
                    "issuer to `issuers` and to the letterhead block (or record it in source/organisations/)",
                )
                continue
            release.letterhead.append(found)
        if not release.issuers:
            release.note(1, "no issuer found in the letterhead: fill `issuers`")

    # -- people ------------------------------------------------------------------------

    def person(
        self,
        printed: str,
        post: str | None,
        organisation: Entity | None,
        release: ReleaseText,
        record_id: str,
    ) -> Entity | None:
        """The draft of the person printed as *printed* (written now if there is none yet)."""
        if not self.enabled:
            return None
        name = person_name(printed)
        words = name.split()
        if not 2 <= len(words) <= 6 or any(c.isdigit() for c in name):
            return None
        existing = self.linker.entity_named(name, "person")
        if existing is not None:
            return existing
        ident = self._free_id(plain_slug(name))
        front: dict[str, Any] = {"id": ident, "name": name, "sort_name": sort_name(name)}
        front["appointments"] = [self._appointment(post, organisation)] if post else []
        front["draft"] = True
        front["evidence"] = [self._evidence(record_id, release.issued, printed, post, organisation)]
        return self._write("person", ident, front, record_id)

    def _claim(
        self,
        person: Entity,
        printed: str,
        post: str | None,
        organisation: Entity | None,
        release: ReleaseText,
        record_id: str,
        line: int,
        notes: list[Note],
    ) -> None:
        """The release gives *person* the post *post*: a recorded appointment, or one added to a draft."""
        if person.draft:
            self._add_to_draft(person, printed, post, organisation, release, record_id)
            return
        if not post or not person.record.appointments:
            return
        held = [forms for appointment, forms in person.posts() if appointment.covers(release.issued)]
        where = f"source/people/{person.id}.md"
        if not held:
            notes.append(
                Note(
                    line,
                    f"{person.name} held no recorded post on {release.issued}, yet the release gives them "
                    f"the post “{post}”: add the appointment to {where} (or correct its dates)",
                )
            )
        elif not post_matches(post, [form for forms in held for form in forms]):
            shown = "; ".join(f"“{forms[0]}”" for forms in held)
            notes.append(
                Note(
                    line,
                    f"the release gives {person.name} the post “{post}”, but their recorded posts on "
                    f"{release.issued} are {shown}: add this appointment to {where}",
                )
            )

    def _add_to_draft(
        self,
        person: Entity,
        printed: str,
        post: str | None,
        organisation: Entity | None,
        release: ReleaseText,
        record_id: str,
    ) -> None:
        draft = self._open("person", person)
        if draft is None:
            return
        appointments = draft.front.setdefault("appointments", [])
        posts = [a.get("post", "") for a in appointments if isinstance(a, dict)]
        posts += [t for a in posts for t in person.translations.get(a, ())]
        if post and not post_matches(post, posts):
            appointments.append(self._appointment(post, organisation))
            draft.changed = True
        self._add_evidence(draft, self._evidence(record_id, release.issued, printed, post, organisation))
        self._refresh(draft)

    def _appointment(self, post: str, organisation: Entity | None) -> dict[str, Any]:
        appointment: dict[str, Any] = {"post": post}
        if organisation is not None:
            appointment["organisation"] = organisation.id
        return appointment

    def _organisation_in(self, text: str) -> Entity | None:
        """The one recorded organisation a post names (``directrice de la Fondation X``), if any."""
        found = {e for _s, _e, group in self.linker.index.find(text) for e in group if e.kind == "org"}
        return next(iter(found)) if len(found) == 1 else None

    # -- organisations -----------------------------------------------------------------

    def organisation(self, printed: str, release: ReleaseText, record_id: str) -> Entity | None:
        """The organisation printed as *printed*: its record, or a draft written now."""
        name = " ".join(printed.split()).strip(" ,;:")
        existing = self.linker.entity_named(name, "org")
        if existing is not None:
            if existing.draft:
                draft = self._open("org", existing)
                if draft is not None:
                    self._add_evidence(draft, self._evidence(record_id, release.issued, printed))
                    self._refresh(draft)
            return existing
        if not self.enabled or not name or len(name) > 200 or "@" in name or any(c.isdigit() for c in name):
            return None
        ident = self._free_id(plain_slug(name))
        front: dict[str, Any] = {"id": ident, "name": name}
        guessed = classification(name)
        if guessed:
            front["classification"] = guessed
        front["draft"] = True
        front["evidence"] = [self._evidence(record_id, release.issued, printed)]
        return self._write("org", ident, front, record_id)

    # -- records -----------------------------------------------------------------------

    def _evidence(
        self,
        record_id: str,
        day: date,
        printed: str,
        post: str | None = None,
        organisation: Entity | None = None,
    ) -> dict[str, Any]:
        evidence: dict[str, Any] = {"release": record_id, "date": day, "name": " ".join(printed.split())}
        if post:
            evidence["post"] = post
        if organisation is not None:
            evidence["organisation"] = organisation.name
        return evidence

    def _add_evidence(self, draft: DraftFile, evidence: dict[str, Any]) -> None:
        items = draft.front.setdefault("evidence", [])
        same = [e for e in items if isinstance(e, dict) and e.get("release") == evidence["release"]]
        if evidence in same or len(items) >= MAX_EVIDENCE:
            return
        if same:
            items[items.index(same[0])] = evidence
        else:
            items.append(evidence)
        draft.changed = True

    def _free_id(self, ident: str) -> str:
        candidate, number = ident, 1
        while self.authority.taken(candidate) or any(
            (self.srcdir / folder / f"{candidate}.md").exists() for folder in FOLDERS.values()
        ):
            number += 1
            candidate = f"{ident[:76]}-{number}"
        return candidate

    def _write(self, kind: str, ident: str, front: dict[str, Any], record_id: str) -> Entity | None:
        path = self.srcdir / FOLDERS[kind] / f"{ident}.md"
        draft = DraftFile(kind, ident, path, front, releases=[record_id])
        self.files[(kind, ident)] = draft
        return self._refresh(draft)

    def _open(self, kind: str, entity: Entity) -> DraftFile | None:
        """The draft file of *entity*, read from its record the first time."""
        if (kind, entity.id) in self.files:
            return self.files[(kind, entity.id)]
        if entity.path is None:
            return None
        try:
            text = entity.path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return None
        matter = frontmatter.read(text)
        split = frontmatter.split(text)
        if matter.errors or split is None:
            return None
        body = "\n".join(text.split("\n")[split[1] + 1 :]).lstrip("\n")
        draft = DraftFile(kind, entity.id, entity.path, dict(matter.data), body, created=False, changed=False)
        self.files[(kind, entity.id)] = draft
        return draft

    def _refresh(self, draft: DraftFile) -> Entity | None:
        """Validate the draft's front matter and let the authority and the linker know it."""
        model = schema.Person if draft.kind == "person" else schema.Organisation
        record, errors = schema.validate(model, draft.front)
        if record is None:
            # Our own doing: a draft must validate. Leave it out rather than write a broken record.
            self.files.pop((draft.kind, draft.id), None)
            del errors
            return None
        old = self.authority.get(draft.kind, draft.id)
        translations = old.translations if old is not None else {}
        entity = Entity(draft.kind, draft.id, record.name, record, translations, draft.path)  # type: ignore[attr-defined]
        self.authority.add(entity)
        self.linker.add(entity)
        return entity
