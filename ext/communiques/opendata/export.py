"""The whole archive as one JSON file, for reuse: ``<lang>/export/archive.json``.

Every release and every person, organisation, agreement and topic, with the
mentions both ways (a release's ``mentions``, an entity's ``mentioned_in``),
dates, issuers, status, revisions, the checksum of the captured original,
the address of each page in every language, and the edition (the commit the
site was built from). Titles, names and summaries are in the language of the
folder (the English export has the English titles); ``record`` holds each
front matter as archived, in the source language.

The format is the :class:`Archive` model below; its JSON Schema is generated
from it (``python -m communiques.tools.export_schema --write docs/export.schema.json``), is
published beside the export (``export/archive.schema.json``), and a test fails
when the committed copy differs from the code.

The export is written again only when its fingerprint changed: that of
everything but the releases (the edition, the addresses, the entities…) and
that of each release (its data and its record). When it changed, only the
releases whose data changed are serialised again; the others' JSON comes
from the last build (:class:`Fragments`), and the file is the same, byte for
byte, as if every release had been serialised (:func:`document_bytes`).
"""

from __future__ import annotations

import functools
import json
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from communiques.archive.domain import archive_domain
from communiques.core import schema
from communiques.core.files import write_atomically, write_if_changed
from communiques.core.urls import EXPORT_PATH, SiteUrls, feed_path, page_url, site_urls
from communiques.opendata.export_format import (
    ENTITY_MODELS,
    FORMAT,
    SCHEMA_PATH,
    VERSION,
    Archive,
    Counts,
    Edition,
    ExportedEntity,
    ExportedRelease,
    HistoryItem,
    MentionRef,
    json_schema,
    schema_text,
)
from communiques.opendata.published import (
    ENTITY_KINDS,
    OpenDataState,
    Published,
    code_digest,
    fingerprint,
    modified,
    state_path,
)
from communiques.translation.notices import text_state
from communiques.versioning.edition import edition
from communiques.versioning.history import history_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

    from communiques.archive.entries import EntityEntry, ReleaseEntry

logger = logging.getLogger(__name__)

#: the format's names, for readers of the export that import them from here
__all__ = ["EXPORT_PATH", "SCHEMA_PATH", "Archive", "json_schema", "schema_text", "write_export"]


def edition_of(app: Sphinx) -> Edition:
    """The build's edition stamp, as the footer of every page shows it."""
    return Edition(**edition(app).as_dict())


def urls_of(app: Sphinx, docname: str) -> dict[str, str]:
    return {lang: page_url(app, docname, lang) for lang in site_urls(app).languages}


def release_fields(app: Sphinx, published: Published, entry: ReleaseEntry, urls: SiteUrls) -> dict[str, Any]:
    """What the export says of a release apart from its record, as plain values.

    Its :class:`ExportedRelease` is made of them and of its record alone, and
    so is its fingerprint.
    """
    path = app.builder.get_target_uri(entry.docname)
    return {
        "id": entry.id,
        "path": path,
        "type": entry.type,
        "title": entry.title,
        "subtitle": entry.subtitle,
        "summary": published.summary(entry),
        "issued": entry.issued,
        "modified": modified(entry),
        "status": entry.status,
        "issuers": list(entry.issuers),
        "mentions": published.mention_keys(entry),
        "history": [
            (item.date, item.kind, item.note, item.commit) for item in history_of(app.env, entry.docname)
        ],
        "urls": {lang: urls.of(path, lang) for lang in urls.languages},
        **dict(zip(("translation", "text_languages"), text_state(app, entry.docname), strict=True)),
    }


def release_model(fields: dict[str, Any], record: schema.Release) -> ExportedRelease:
    return ExportedRelease(
        **{
            **fields,
            "mentions": [MentionRef(kind=kind, id=ident) for kind, ident in fields["mentions"]],
            "history": [
                HistoryItem(date=day, kind=kind, note=note, commit=commit)
                for day, kind, note, commit in fields["history"]
            ],
        },
        original_language=record.language,
        topics=list(dict.fromkeys(record.topics)),
        revisions=list(record.revisions),
        source=record.source,
        record=record,
    )


def release_of(app: Sphinx, published: Published, entry: ReleaseEntry) -> ExportedRelease:
    return release_model(release_fields(app, published, entry, site_urls(app)), entry.record)


def release_digest(app: Sphinx, published: Published, entry: ReleaseEntry, urls: SiteUrls) -> str:
    """The fingerprint of a release's JSON in the export: its fields and its record.

    A record's JSON costs far less than the release's model, which is what is
    saved. Only the digest is kept: a build that serialises no release would
    otherwise hold the fields of all of them at once (and Python's garbage
    collector, which counts the objects that live on, then runs a full pass
    over the whole environment).
    """
    return fingerprint(release_fields(app, published, entry, urls), entry.record_json)


def entity_of(app: Sphinx, published: Published, entity: EntityEntry) -> ExportedEntity:
    fields: dict[str, Any] = {
        "id": entity.id,
        "path": app.builder.get_target_uri(entity.docname),
        "name": entity.name,
        "urls": urls_of(app, entity.docname),
        "feed": site_urls(app).of(feed_path(entity.docname)),
        "mentioned_in": [e.id for e in published.releases_mentioning(entity.kind, entity.id)],
        "record": entity.record,
    }
    if entity.kind == "person":
        fields["posts"] = list(entity.posts)
    if entity.kind == "topic":
        fields["narrower"] = [
            other.id for other in published.entities_of("topic") if entity.id in other.record.broader
        ]
    return ENTITY_MODELS[entity.kind](**fields)


def archive_fields(app: Sphinx, published: Published, releases: int) -> dict[str, Any]:
    """Every field of the export but its releases (of which there are *releases*)."""
    urls = site_urls(app)
    entities = {
        kind: [entity_of(app, published, e) for e in published.entities_of(kind)] for kind in ENTITY_KINDS
    }
    return {
        "format": FORMAT,
        "version": VERSION,
        "language": urls.language,
        "languages": list(urls.languages),
        "base_url": urls.base,
        "edition": edition_of(app),
        "counts": Counts(
            releases=releases,
            people=len(entities["person"]),
            organisations=len(entities["org"]),
            agreements=len(entities["agreement"]),
            topics=len(entities["topic"]),
        ),
        "people": entities["person"],
        "organisations": entities["org"],
        "agreements": entities["agreement"],
        "topics": entities["topic"],
    }


def archive(app: Sphinx) -> Archive:
    """The export of the build's language, from the domain."""
    published = Published(archive_domain(app.env))
    releases = [release_of(app, published, e) for e in published.releases()]
    return Archive(**archive_fields(app, published, len(releases)), releases=releases)


def to_json(data: Any) -> str:
    """JSON as the export writes it."""
    return json.dumps(data, ensure_ascii=False, indent=2)


def document(app: Sphinx) -> bytes:
    """The bytes of the export of the build's language, every release serialised."""
    return (to_json(archive(app).model_dump(mode="json")) + "\n").encode()


def indented(text: str, depth: int) -> str:
    """JSON written at the top level, as it is written *depth* levels down.

    Only its lines after the first move: ``json.dumps`` never writes a line
    break inside a string (it writes ``\\n``), so every line break is one of
    its own.
    """
    return text.replace("\n", "\n" + "  " * depth)


def release_member(text: str) -> bytes:
    """A release's JSON (``to_json``) as the export holds it: an item of ``releases``, two levels down."""
    return ("    " + indented(text, 2)).encode()


def document_bytes(head: dict[str, Any], releases: list[bytes]) -> bytes:
    """``to_json(head)`` with *releases* (each a :func:`release_member`) in its ``releases``, and a newline.

    Written as ``json.dumps(indent=2)`` writes an object: ``{``, each member
    on its own line one level down (``"key": value``, separated by commas),
    then ``}``; a list the same way with ``[`` and ``]``, ``[]`` when empty.
    Assembled as bytes from bytes kept by the last build: the releases are
    most of the export (55 MB at 10,000), and each copy of them as text, then
    encoded, took a tenth of a second.
    """
    listed = b"[\n" + b",\n".join(releases) + b"\n  ]" if releases else b"[]"
    members = [
        f"  {json.dumps(key)}: ".encode()
        + (listed if key == "releases" else indented(to_json(value), 1).encode())
        for key, value in head.items()
    ]
    return b"{\n" + b",\n".join(members) + b"\n}\n"


class Fragments:
    """The JSON of each release in the export (:func:`release_member`), by the fingerprint of its data.

    Kept beside the doctrees from one build to the next, so that a build
    serialises only the releases whose data changed. A fragment is right for
    whatever build finds it, being named by its data; the file also names the
    code that wrote them, and one from other code, or that cannot be read, is
    ignored. A pickle: it is the export's bulk, read back whole.
    """

    def __init__(self, path: Path, previous: dict[str, bytes]) -> None:
        self.path = path
        self.previous = previous
        self.current: dict[str, bytes] = {}
        #: the releases serialised by this build
        self.made = 0

    @classmethod
    def load(cls, app: Sphinx) -> Fragments:
        path = state_path(app, "export", "pickle")
        try:
            with path.open("rb") as file:
                # Written by this module, beside the environment's own pickle.
                code, fragments = pickle.load(file)
        except FileNotFoundError:
            return cls(path, {})
        except Exception as error:  # a damaged pickle can raise almost anything
            logger.info("communiques: %s cannot be read (%s); the export is made again", path, error)
            return cls(path, {})
        valid = code == code_digest() and isinstance(fragments, dict)
        return cls(path, fragments if valid else {})

    def member(self, digest: str, release: Callable[[], ExportedRelease]) -> bytes:
        """The JSON of a release: the last build's, or made from *release()*."""
        found = self.previous.get(digest)
        if found is None:
            found = release_member(to_json(release().model_dump(mode="json")))
            self.made += 1
        self.current[digest] = found
        return found

    def save(self) -> None:
        """Keep this build's fragments (only them: the file does not grow with every edit)."""
        if self.current.keys() != self.previous.keys():
            write_atomically(self.path, pickle.dumps((code_digest(), self.current), pickle.HIGHEST_PROTOCOL))


@dataclass
class ExportReport:
    """What a build did with the export (the build's log says it)."""

    #: releases in the export
    total: int = 0
    #: whether the export was made again (its data changed, or its file was missing)
    made: bool = False
    #: releases serialised again (the others' JSON was the last build's)
    serialised: int = 0


def write_export(app: Sphinx, state: OpenDataState) -> ExportReport:
    """Write the export and its schema into the language's folder, if their data changed."""
    outdir = Path(app.outdir)
    # The schema depends on the code only, which the state's validity covers.
    if not state.unchanged(SCHEMA_PATH, fingerprint(SCHEMA_PATH)):
        write_if_changed(outdir / SCHEMA_PATH, schema_text().encode())
    published = Published(archive_domain(app.env))
    urls = site_urls(app)
    entries = published.releases()
    digests = [release_digest(app, published, entry, urls) for entry in entries]
    head = Archive(**archive_fields(app, published, len(entries)), releases=[])
    report = ExportReport(total=len(entries))
    if state.unchanged(EXPORT_PATH, fingerprint(head.model_dump_json(), digests)):
        return report
    fragments = Fragments.load(app)
    members = [
        fragments.member(digest, functools.partial(release_of, app, published, entry))
        for digest, entry in zip(digests, entries, strict=True)
    ]
    write_if_changed(outdir / EXPORT_PATH, document_bytes(head.model_dump(mode="json"), members))
    fragments.save()
    report.made, report.serialised = True, fragments.made
    return report
