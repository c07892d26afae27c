"""The metadata schema of records and authority files, checked by pydantic.

Each model is the front matter of one kind of document. Field descriptions
and examples are written for archivists: they are quoted in error messages
("add `issued: 2020-06-25`") and in the generated field reference.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
    model_validator,
)

from communiques.core.languages import Language
from communiques.core.schema_advice import is_unsafe, validate
from communiques.core.urls import WebUrl

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date_text(value: Any) -> Any:
    """Accept only ``YYYY-MM-DD`` text; the model turns it into a date."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value.strip()):
        msg = "iso_date"
        raise ValueError(msg)
    return value.strip()


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=120)]
#: a former address of a page, as its path in ``source/`` without suffix; no
#: segment may start with a dot, so ``..`` cannot leave the site
FormerPath = Annotated[
    str,
    StringConstraints(
        pattern=r"^/?[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*/?$", max_length=300
    ),
]

#: the former paths of a page that moved, one field shared by every record kind
RedirectFrom = Annotated[
    list[FormerPath],
    Field(
        default_factory=list,
        description="Former paths of the page (in `source/`, no `.md`), kept as redirects when it moves.",
        examples=["[releases/2020/2020-06-25-ancien-nom]"],
    ),
]

IsoDate = Annotated[date, BeforeValidator(_iso_date_text)]

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Source(Strict):
    """Where the release comes from and proof that it was kept unaltered."""

    url: WebUrl | None = Field(None, description="Address of the original publication.")
    file: Text | None = Field(
        None,
        description="Captured original, relative to `source/`.",
        examples=["originals/2020-06-25-quebec-france-partenaires-intelligence-artificielle.txt"],
    )
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] | None = Field(
        None, description="SHA-256 of the captured original (64 hexadecimal digits)."
    )
    retrieved: IsoDate | None = Field(None, description="Date the original was captured.")


class Revision(Strict):
    """One correction of a published record."""

    date: IsoDate = Field(description="Date of the change.", examples=["2020-07-02"])
    note: Text = Field(description="What changed and why.")


class Letterhead(Strict):
    """One letterhead block of the original, line by line."""

    issuer: Slug = Field(description="Id of the issuing organisation.")
    lines: list[Text] = Field(min_length=1, description="Lines of the letterhead as printed.")


class Contact(Strict):
    """One person or office to contact, as printed at the end of the release."""

    name: Text | None = Field(None, description="Name of the person, if given.")
    person: Slug | None = Field(None, description="Id of the person, if recorded.")
    post: Text | None = Field(None, description="Post as printed.")
    unit: Text | None = Field(None, description="Unit within the organisation, as printed.")
    organisation: Text | None = Field(None, description="Organisation as printed.")
    phone: Text | None = Field(None, description="Telephone number as printed, without its extension.")
    phone_label: bool = Field(
        True,
        description="Whether the original prints a label (« Tél. : ») before the number; "
        "`false` when the number stands alone, so that the page adds none.",
    )
    extension: Annotated[str, StringConstraints(pattern=r"^\d{1,8}$")] | None = Field(
        None, description="Extension of the telephone number (digits), printed `poste 56319` in French."
    )
    email: EmailStr | None = Field(None, description="E-mail address.")

    @model_validator(mode="after")
    def _reachable(self) -> Contact:
        if not (self.name or self.organisation):
            msg = "a contact needs at least `name` or `organisation`"
            raise ValueError(msg)
        return self


class ContactGroup(Strict):
    """A block of contacts under one heading (Source, Sources, Informations)."""

    role: Literal["source", "information"] = Field(
        description="`source` (headed Source or Sources) or `information` (Informations)."
    )
    entries: list[Contact] = Field(min_length=1, description="The contacts of the block.")


RELEASE_TYPES = ("press-release", "statement", "media-advisory", "speech")


class Release(Strict):
    """Front matter of a release (``source/releases/<YYYY>/<YYYY-MM-DD>-<slug>.md``)."""

    id: Slug = Field(
        description="Stable identifier, never reused; the file name without `.md`.",
        examples=["2020-06-25-quebec-france-partenaires-intelligence-artificielle"],
    )
    type: Literal[RELEASE_TYPES] = Field(  # type: ignore[valid-type]
        description="Kind of release.", examples=["press-release"]
    )
    title: Text = Field(description="Title as printed.", examples=["Le Québec et la France…"])
    subtitle: Text | None = Field(None, description="Subtitle as printed.")
    issued: IsoDate = Field(description="Date of issue (YYYY-MM-DD).", examples=["2020-06-25"])
    place: Text = Field(description="Place of the dateline.", examples=["Québec"])
    language: Language = Field(description="Language of the original.", examples=["fr"])
    issuers: list[Slug] = Field(
        min_length=1,
        description="Ids of the issuing organisations.",
        examples=["[gouvernement-du-quebec]"],
    )
    letterhead: list[Letterhead] = Field(
        default_factory=list, description="Letterhead blocks of the original."
    )
    distribution: Literal["immediate"] | None = Field(
        None, description="Distribution mark: `immediate` (Pour diffusion immédiate)."
    )
    status: Literal["published", "corrected", "withdrawn"] = Field(
        "published", description="`published`, `corrected` or `withdrawn`."
    )
    source: Source | None = Field(None, description="Provenance of the record.")
    revisions: list[Revision] = Field(default_factory=list, description="Corrections.")
    contacts: list[ContactGroup] = Field(default_factory=list, description="Press contacts.")
    topics: list[Slug] = Field(
        default_factory=list,
        description="Ids of its subjects, from the controlled vocabulary in `source/topics/`.",
        examples=["[intelligence-artificielle, cooperation-internationale]"],
    )
    end_mark: Text | None = Field(
        None, description="End mark as printed after the body.", examples=["- 30 -"]
    )
    redirect_from: RedirectFrom

    @model_validator(mode="after")
    def _status_explained(self) -> Release:
        if self.status != "published" and not self.revisions:
            msg = (
                f"a `{self.status}` release needs a `revisions` entry saying when and why "
                "(its date and note are shown in the notice)"
            )
            raise ValueError(msg)
        return self


class YearPage(Strict):
    """Front matter of a year page (``source/releases/<YYYY>/index.md``)."""

    title: Text = Field(description="Title of the page.", examples=["2020"])


# -- authority records ------------------------------------------------------------


class Evidence(Strict):
    """What one release says of a person or an organisation, as printed (kept by ``import``)."""

    release: Slug = Field(description="Id of the release.", examples=["2020-06-25-quebec-france-partenaires"])
    date: IsoDate = Field(description="Its date of issue: a day the post was held.", examples=["2020-06-25"])
    name: Text | None = Field(None, description="The name as printed.", examples=["Mme Nadine Girault"])
    post: Text | None = Field(None, description="The post as printed.")
    organisation: Text | None = Field(None, description="The organisation as printed.")


#: an authority record written by ``import`` for a name that matched no record
Draft = Annotated[
    bool,
    Field(
        description=(
            "`true` for a record written by `import` and not yet reviewed: its page is marked "
            "“to be reviewed” and `check --drafts` lists it. Remove it once the facts are checked."
        ),
    ),
]
EvidenceList = Annotated[
    list[Evidence],
    Field(default_factory=list, description="Releases that name the entity, with what each printed."),
]


class Identifiers(Strict):
    """Identifiers of an entity in other registries."""

    wikidata: Annotated[str, StringConstraints(pattern=r"^Q[1-9][0-9]*$")] | None = Field(
        None, description="Wikidata item (Q followed by digits).", examples=["Q3334311"]
    )
    isni: Annotated[str, StringConstraints(pattern=r"^[0-9]{15}[0-9X]$")] | None = Field(
        None, description="ISNI, 16 characters without spaces."
    )
    website: WebUrl | None = Field(None, description="Official website.")


class _Dated(Strict):
    start: IsoDate | None = Field(None, description="First day (YYYY-MM-DD), if known.")
    end: IsoDate | None = Field(None, description="Last day (YYYY-MM-DD), if known.")

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


RELATION_TYPES = ("part-of", "centre-of", "secretariat-by", "hosted-by", "member-of")
#: relations that make a hierarchy, where a cycle is an error
HIERARCHICAL_RELATIONS = ("part-of", "centre-of", "hosted-by")


class Relation(_Dated):
    """A dated relation from this organisation to another."""

    type: Literal[RELATION_TYPES] = Field(  # type: ignore[valid-type]
        description="part-of, centre-of, secretariat-by, hosted-by or member-of.",
        examples=["part-of"],
    )
    target: Slug = Field(description="Id of the other organisation.", examples=["pmia"])


ORGANISATION_CLASSES = (
    "government",
    "ministry",
    "ministerial-office",
    "government-agency",
    "university",
    "school",
    "research-institute",
    "research-chair",
    "centre-of-expertise",
    "foundation",
    "international-organisation",
    "intergovernmental-forum",
    "partnership",
)


class Organisation(Strict):
    """Front matter of an organisation (``source/organisations/<id>.md``)."""

    id: Slug = Field(description="Stable identifier; the file name.", examples=["ceimia"])
    name: Text = Field(description="Official name.", examples=["Université Laval"])
    acronym: Text | None = Field(None, description="Acronym used in releases.", examples=["CEIMIA"])
    aliases: list[Text] = Field(default_factory=list, description="Other names and acronyms.")
    classification: Literal[ORGANISATION_CLASSES] | None = Field(  # type: ignore[valid-type]
        None, description="Kind of organisation (may be left out of a draft only).", examples=["university"]
    )
    founded: IsoDate | None = Field(None, description="Founding date, if known.")
    dissolved: IsoDate | None = Field(None, description="Dissolution date, if any.")
    relations: list[Relation] = Field(default_factory=list, description="Relations to others.")
    identifiers: Identifiers | None = Field(None, description="External identifiers.")
    sources: list[WebUrl] = Field(default_factory=list, description="Where the facts come from.")
    draft: Draft = False
    evidence: EvidenceList
    redirect_from: RedirectFrom

    @model_validator(mode="after")
    def _classified(self) -> Organisation:
        if self.classification is None and not self.draft:
            msg = "`classification` is missing: add it, e.g. `classification: ministry`"
            raise ValueError(msg)
        return self


class Appointment(_Dated):
    """A post held by a person (a Popolo membership)."""

    post: Text = Field(description="Title of the post.", examples=["ministre des Relations internationales"])
    organisation: Slug | None = Field(None, description="Id of the organisation.", examples=["mrif"])


class Person(Strict):
    """Front matter of a person (``source/people/<id>.md``)."""

    id: Slug = Field(description="Stable identifier; the file name.", examples=["nadine-girault"])
    name: Text = Field(description="Name as usually written.", examples=["Nadine Girault"])
    sort_name: Text = Field(description="Name for sorting.", examples=["Girault, Nadine"])
    other_names: list[Text] = Field(default_factory=list, description="Other forms of the name.")
    appointments: list[Appointment] = Field(default_factory=list, description="Posts held.")
    identifiers: Identifiers | None = Field(None, description="External identifiers.")
    sources: list[WebUrl] = Field(default_factory=list, description="Where the facts come from.")
    draft: Draft = False
    evidence: EvidenceList
    redirect_from: RedirectFrom


class Party(Strict):
    """An organisation that is party to an agreement."""

    org: Slug = Field(description="Id of the organisation.", examples=["universite-laval"])
    role: Text | None = Field(None, description="Its role in the agreement, as stated.")


AGREEMENT_TYPES = ("protocole-d-entente", "entente", "accord")


class Agreement(_Dated):
    """Front matter of an agreement (``source/agreements/<id>.md``)."""

    id: Slug = Field(description="Stable identifier; the file name.", examples=["entente-laval-ens-abeona"])
    name: Text = Field(description="Name of the agreement.")
    aliases: list[Text] = Field(
        default_factory=list,
        description="Other names releases use for it (the importer links them).",
        examples=["[accord relatif à l'UNESCO]"],
    )
    type: Literal[AGREEMENT_TYPES] = Field(  # type: ignore[valid-type]
        description="protocole-d-entente, entente or accord.", examples=["entente"]
    )
    parties: list[Party] = Field(min_length=1, description="Organisations party to it.")
    signatories: list[Slug] = Field(default_factory=list, description="Ids of the people who signed.")
    signed: IsoDate | None = Field(None, description="Date of signature, if known.")
    duration: Annotated[str, StringConstraints(pattern=r"^P(?:\d+Y)?(?:\d+M)?(?:\d+D)?$")] | None = Field(
        None, description="ISO 8601 duration.", examples=["P3Y"]
    )
    status: Literal["announced", "in-force", "expired", "unknown"] = Field(
        "unknown", description="announced, in-force, expired or unknown."
    )
    creates: list[Slug] = Field(default_factory=list, description="Ids of organisations it creates.")
    identifiers: Identifiers | None = Field(None, description="External identifiers.")
    sources: list[WebUrl] = Field(default_factory=list, description="Where the facts come from.")
    redirect_from: RedirectFrom


class Topic(Strict):
    """Front matter of a topic (``source/topics/<id>.md``): one subject of the controlled vocabulary.

    Its name is translated like every page's text (the topic page's catalog);
    ``broader`` makes the hierarchy (narrower terms are those that name it).
    """

    id: Slug = Field(description="Stable identifier; the file name.", examples=["intelligence-artificielle"])
    name: Text = Field(
        description="Preferred name, in the archive's language.", examples=["Intelligence artificielle"]
    )
    aliases: list[Text] = Field(
        default_factory=list,
        description="Other names and acronyms, in any language (the import suggests the topic when a "
        "release uses one).",
        examples=["[IA, artificial intelligence]"],
    )
    broader: list[Slug] = Field(
        default_factory=list,
        description="Ids of broader topics (a topic may have several).",
        examples=["[sciences-et-technologies]"],
    )
    identifiers: Identifiers | None = Field(None, description="External identifiers.")
    sources: list[WebUrl] = Field(default_factory=list, description="Where the definition comes from.")
    redirect_from: RedirectFrom


class KindIndex(Strict):
    """Front matter of a page listing one kind of entity (``source/people/index.md``)."""

    title: Text = Field(description="Title of the page.", examples=["Personnes"])


__all__ = ["is_unsafe", "validate"]  # re-exported: records are validated with the advice of schema_advice
