"""The format of the archive's JSON export: its pydantic models and their JSON Schema.

The models are the contract with data users: :mod:`communiques.opendata.export`
fills them, ``docs/export.schema.json`` is generated from them
(``python -m communiques.tools.export_schema --write docs/export.schema.json``)
and published beside the export, and a test fails when the committed copy
differs from the code.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from communiques.core import schema
from communiques.core.kinds import ROLES

FORMAT = "communiques-archive"
#: bump when the format changes in a way readers of the export must know
VERSION = 2  # 2: topics (the vocabulary, and each release's)
SCHEMA_PATH = "export/archive.schema.json"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Edition(_Model):
    """What the site was built from (see ``communiques.versioning.edition``)."""

    commit: str | None = Field(description="Git commit of the sources (full hash); null outside git.")
    date: str | None = Field(
        description="Date of that commit (ISO 8601), else SOURCE_DATE_EPOCH's, else null."
    )
    dirty: bool = Field(description="The sources had changes not committed.")


class HistoryItem(_Model):
    """One line of a release's history, as its page shows it."""

    date: date
    kind: Literal["published", "revision", "commit"] = Field(
        description="`published` (its issue), `revision` (a recorded correction) "
        "or `commit` (a change of its file)."
    )
    note: str = Field(description="The revision's note in the export's language, or the commit's subject.")
    commit: str | None = Field(description="Full hash of the commit, for `commit`.")


class MentionRef(_Model):
    kind: Literal[ROLES] = Field(description="Kind of entity.")  # type: ignore[valid-type]
    id: str = Field(description="Id of the entity (its file name in `source/`).")


class ExportedRelease(_Model):
    """One release."""

    id: str = Field(description="Stable id, never reused.")
    path: str = Field(description="Page of the release, relative to a language folder of the site.")
    type: str = Field(description="Kind of release (`press-release`, `statement`…).")
    title: str = Field(description="Title in the export's language.")
    subtitle: str | None = Field(description="Subtitle in the export's language.")
    summary: str = Field(description="The subtitle, else the first paragraph, in the export's language.")
    issued: date = Field(description="Date of issue.")
    modified: date = Field(description="Last revision, else the date of issue.")
    status: str = Field(description="`published`, `corrected` or `withdrawn`.")
    original_language: str = Field(description="Language the release was published in.")
    translation: Literal["original", "translated", "partial", "untranslated"] = Field(
        description="The text in the export's language: the `original`, `translated` from it, "
        "`partial`ly translated, or `untranslated` (the original's text)."
    )
    text_languages: list[str] = Field(
        description="Languages the title and text are in, in this export: the export's where "
        "translated, the original's where not; the main one first."
    )
    issuers: list[str] = Field(description="Ids of the issuing organisations.")
    mentions: list[MentionRef] = Field(description="Entities the release links to, each once, in page order.")
    topics: list[str] = Field(description="Ids of its topics (subjects), as archived.")
    revisions: list[schema.Revision] = Field(description="Recorded corrections, as archived.")
    history: list[HistoryItem] = Field(
        description="Newest first: its publication, its revisions and the commits that changed its file."
    )
    source: schema.Source | None = Field(description="Provenance: original address, captured file, SHA-256.")
    urls: dict[str, str] = Field(description="Address of the page in each language of the site.")
    record: schema.Release = Field(description="The front matter as archived (source language).")


class ExportedEntity(_Model):
    id: str = Field(description="Stable id: the file name in `source/`.")
    path: str = Field(description="Page of the entity, relative to a language folder of the site.")
    name: str = Field(description="Name in the export's language.")
    urls: dict[str, str] = Field(description="Address of the page in each language of the site.")
    feed: str = Field(description="Address of the Atom feed of the releases that mention it.")
    mentioned_in: list[str] = Field(description="Ids of the releases that mention it, by date.")


class ExportedPerson(ExportedEntity):
    """One person."""

    posts: list[str] = Field(
        description="Posts in the export's language, in the order of `record.appointments`."
    )
    record: schema.Person


class ExportedOrganisation(ExportedEntity):
    """One organisation."""

    record: schema.Organisation


class ExportedAgreement(ExportedEntity):
    """One agreement."""

    record: schema.Agreement


class ExportedTopic(ExportedEntity):
    """One topic of the vocabulary (``mentioned_in``: the releases about it)."""

    narrower: list[str] = Field(description="Ids of its narrower topics (those that name it `broader`).")
    record: schema.Topic


class Counts(_Model):
    releases: int
    people: int
    organisations: int
    agreements: int
    topics: int


class Archive(_Model):
    """The whole archive in one language of the site."""

    format: Literal["communiques-archive"] = Field(description="Always `communiques-archive`.")
    version: int = Field(description="Version of this format.")
    language: str = Field(description="Language of titles, names and summaries.")
    languages: list[str] = Field(description="Languages of the site; the first is the source language.")
    base_url: str = Field(description="Address of the site; each language is a folder below it.")
    edition: Edition = Field(description="The state of the sources the site was built from.")
    counts: Counts
    releases: list[ExportedRelease] = Field(description="Every release, oldest first.")
    people: list[ExportedPerson] = Field(description="Every person, by sort name.")
    organisations: list[ExportedOrganisation] = Field(description="Every organisation, by name.")
    agreements: list[ExportedAgreement] = Field(description="Every agreement, by name.")
    topics: list[ExportedTopic] = Field(description="Every topic, by name.")


ENTITY_MODELS: dict[str, type[ExportedEntity]] = {
    "person": ExportedPerson,
    "org": ExportedOrganisation,
    "agreement": ExportedAgreement,
    "topic": ExportedTopic,
}


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the export, generated from :class:`Archive`."""
    document = Archive.model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_PATH, **document}


def schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
