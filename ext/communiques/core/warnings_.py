"""One warning helper and the catalogue of warning subtypes.

Every content problem the extension finds is a Sphinx warning with a
location, ``type="archive"`` and a subtype from :class:`ArchiveWarning`, so
Sphinx prints ``file:line: WARNING: … [archive.<subtype>]`` and a strict build
(``-W``) fails on it. The docstrings double as the reference of warnings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from docutils import nodes

logger = logging.getLogger("communiques")

WARNING_TYPE = "archive"


class ArchiveWarning(Enum):
    """Subtypes of the ``archive`` warning type."""

    YAML = "yaml"
    """The front matter is not valid YAML (reported where the mistake is: an unclosed quote at its
    own line), is never closed, is not a mapping of keys, or passes a bound: anchors and aliases,
    nesting, items in a list, values in all, length of a value or of the whole front matter."""

    SCHEMA = "schema"
    """A front matter value is missing, unknown, of the wrong type or malformed."""

    PATH = "path"
    """A record's folder or file name disagrees with its metadata (its ``id`` is its file name),
    or a page would be written where the build writes something else (``genindex``, ``_static/``…)
    or over another page."""

    DUPLICATE_ID = "duplicate_id"
    """Two documents declare the same ``id``, or two entities of one kind share an alias or
    acronym; reported on the newcomer (the file git's history has not seen, or saw later)."""

    YEAR_INDEX = "year_index"
    """A folder of releases has no year page listing them."""

    DIRECTIVE = "directive"
    """A directive of the archive is used wrongly (bad option, bad content)."""

    UNKNOWN_ID = "unknown_id"
    """A role, issuer or option names an entity that is not recorded."""

    CONSISTENCY = "consistency"
    """An archive-wide rule is broken (dates, cycles, overlapping posts)."""

    APPOINTMENT = "appointment"
    """A post a release gives a person (under a quote, in a contact) is not one they held that day."""

    CONFIG = "config"
    """A configuration value of the archive is unusable (e.g. ``archive_base_url``)."""
    HISTORY = "history"
    """The sources are a shallow git clone (or git failed): record histories are incomplete."""

    FIXITY = "fixity"
    """A captured original is missing, or its SHA-256 differs from the one recorded."""

    REDIRECT = "redirect"
    """A ``redirect_from`` path collides with a page, another redirect or what the build writes
    (``genindex``, the domain indices, ``_static/``, feeds…), or loops; a move kept no redirect."""

    ENCODING = "encoding"
    """A source file is not UTF-8: it is left out of the build until it is saved as UTF-8."""

    PDF = "pdf"
    """A release's page cannot be made into its PDF (docs/pdf.md)."""

    UNSAFE = "unsafe"
    """Content refused because it could run code (in readers' browsers or on the machine that
    builds), read or publish files outside ``source/``, or exhaust the build: raw HTML, the
    ``raw`` and ``meta`` directives, MyST options set by a page or a translation, links whose
    scheme is not ``http``, ``https``, ``mailto`` or ``tel``, images from addresses, downloads,
    includes, images and tables of files outside ``source/``, symbolic links leading out of it,
    files over 8 MB, pages over the memory and time budget (see ``SECURITY.md``)."""


def warn(
    message: str,
    subtype: ArchiveWarning,
    *,
    location: tuple[str, int | None] | str | nodes.Node,
) -> None:
    """Emit an archive warning; *location* is required so it can be found."""
    logger.warning(message, type=WARNING_TYPE, subtype=subtype.value, location=location)


@dataclass(frozen=True, order=True)
class Finding:
    """One problem: where it is, and what to do about it.

    ``where`` is a document's name while the archive is checked (the
    archive-wide rules), a file's path once it is shown to an archivist
    (``check``); ``line`` is 0 when unknown. ``type`` and ``subtype`` are the
    warning's, as Sphinx prints them after the message.
    """

    where: str
    line: int
    message: str
    type: str = field(default=WARNING_TYPE, compare=False)
    subtype: str = field(default="", compare=False)

    @property
    def tag(self) -> str:
        """``[archive.schema]``, as Sphinx prints it after the message ("" without a type)."""
        if not self.type:
            return ""
        return f"[{self.type}.{self.subtype}]" if self.subtype else f"[{self.type}]"

    def __str__(self) -> str:
        where = f"{self.where}:{self.line}" if self.line else self.where
        return f"{where}: {self.message} {self.tag}".rstrip()
