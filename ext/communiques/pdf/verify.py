"""Check a written PDF the way a reader's tools and an archive's intake would.

:func:`verify_pdf` is for the build's final check of its output (issue 22):
it opens the file, counts its pages, looks for text, and reads the
conformance claims of its XMP metadata (PDF/A-2a, PDF/UA-1). It does not
validate the file: Typst did while writing it (:mod:`.typeset`); this proves
that what is on disk is still that file, whole.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pikepdf

if TYPE_CHECKING:
    from pathlib import Path

#: what the XMP metadata of each PDF claims
CLAIMS = {"pdfaid:part": "2", "pdfaid:conformance": "A", "pdfuaid:part": "1"}
#: text-showing operators of a content stream
_SHOWS_TEXT = frozenset({"Tj", "TJ", "'", '"'})


def verify_pdf(path: Path, *, min_pages: int = 1, max_pages: int = 100_000) -> list[str]:
    """The problems of the PDF at *path* (none: an empty list), each naming the file."""
    try:
        with path.open("rb") as stream:
            stream.seek(max(0, path.stat().st_size - 64))
            tail = stream.read()
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, OSError) as error:
        return [f"{path}: not a readable PDF ({error}): render it again"]
    problems: list[str] = []
    # qpdf mends a damaged file while opening it (and says so): a PDF cut short
    # can still open, so its end and qpdf's warnings are looked at too.
    if b"%%EOF" not in tail or pdf.get_warnings():
        problems.append(f"{path}: damaged or cut short: render it again")
    with pdf:
        pages = len(pdf.pages)
        if not min_pages <= pages <= max_pages:
            problems.append(f"{path}: {pages} pages, expected {min_pages} to {max_pages}")
        if pages and not any(_shows_text(page) for page in pdf.pages[:3]):
            problems.append(f"{path}: no text on its first pages")
        try:
            metadata = pdf.open_metadata()
            claims = {key: metadata.get(key) for key in CLAIMS}
        except Exception as error:
            problems.append(f"{path}: unreadable XMP metadata ({error})")
        else:
            wrong = {key: value for key, value in claims.items() if value != CLAIMS[key]}
            if wrong:
                problems.append(f"{path}: its metadata does not claim PDF/A-2a and PDF/UA-1 ({wrong})")
    return problems


def _shows_text(page: pikepdf.Page) -> bool:
    try:
        return any(str(item.operator) in _SHOWS_TEXT for item in pikepdf.parse_content_stream(page))
    except pikepdf.PdfError:
        return False
