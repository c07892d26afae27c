"""Typst, through its Python binding: data in, a validated PDF/A-2a + PDF/UA-1 file out.

- **Validated when written.** Every PDF is exported with
  ``pdf_standards=["a-2a", "ua-1"]``: Typst checks both while it writes and
  refuses a file that would not conform (an image without alternative text,
  a skipped heading level, a character no embedded font has…). A refusal is
  a :class:`TypesetError` whose message is Typst's reason; a warning of
  Typst's is one too, so nothing doubtful is written.
- **Data, never markup.** A template reads its data from a JSON file inside
  Typst's project root (``sys.inputs.data``); the root holds the templates
  and the data only (:mod:`communiques.pdf.data`), so not even a template can
  read anything else.
- **Fonts from the wheel.** Libertinus Serif and DejaVu Sans Mono ship inside
  the ``typst`` wheel; system fonts are never looked at, so every machine
  writes the same bytes.
- **One compiler per thread.** A :class:`Typesetter` keeps one Typst
  compiler per template, reused from PDF to PDF (its parse and the font
  index stay loaded). Typst releases the GIL while it compiles, so threads
  with a typesetter each use every core.
"""

from __future__ import annotations

import hashlib
import re
import threading
from importlib.metadata import version
from pathlib import Path

import typst

from communiques.core.files import write_if_changed

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAMES = ("common.typ", "release.typ", "year.typ")
#: PDF/A-2 level a (archival, tagged) and PDF/UA-1 (accessible), both checked by Typst on export
STANDARDS: list[typst.PDFStandard] = ["a-2a", "ua-1"]
#: bump when the PDFs change in a way neither the data nor the templates show
FORMAT_VERSION = 1

_fonts: typst.Fonts | None = None
_fonts_lock = threading.Lock()
_MISSING_GLYPH = re.compile(r'the text `"(?P<text>.+?)"` could not be displayed')


class TypesetError(Exception):
    """Typst refused to write the PDF; *reason* is its message and hints.

    *missing* is the text Typst could not show with the embedded fonts, when
    that was the reason.
    """

    def __init__(self, reason: str, missing: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.missing = missing


def engine_key() -> str:
    """What, besides its data, shapes a PDF: Typst's version, the templates, the standards."""
    digest = hashlib.sha256()
    for name in TEMPLATE_NAMES:
        digest.update((TEMPLATES / name).read_bytes())
    return f"typst {version('typst')}; {'+'.join(STANDARDS)}; format {FORMAT_VERSION}; {digest.hexdigest()}"


def fonts() -> typst.Fonts:
    """The embedded fonts, indexed once for every compiler of the process."""
    global _fonts
    with _fonts_lock:
        if _fonts is None:
            _fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=[])
        return _fonts


def prepare_root(root: Path) -> None:
    """Put the templates into Typst's project root (only when they changed)."""
    for name in TEMPLATE_NAMES:
        write_if_changed(root / "templates" / name, (TEMPLATES / name).read_bytes())


class Typesetter:
    """One thread's compilers, one per template, for data files inside *root*."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.compilers: dict[str, typst.Compiler] = {}

    def compile(self, template: str, data: Path) -> bytes:
        """The PDF of *template* laid out from the JSON file *data* (inside the root)."""
        inputs = {"data": "/" + data.relative_to(self.root).as_posix()}
        compiler = self.compilers.get(template)
        if compiler is None:
            compiler = typst.Compiler(
                self.root / "templates" / template, root=self.root, font_paths=fonts(), sys_inputs=inputs
            )
            self.compilers[template] = compiler
        try:
            pdf, warnings = compiler.compile_with_warnings(
                format="pdf", pdf_standards=STANDARDS, sys_inputs=inputs
            )
        except typst.TypstError as error:
            raise TypesetError(explain(error.message, error.hints), missing_text(error.message)) from None
        if warnings:
            raise TypesetError("; ".join(explain(w.message, w.hints) for w in warnings))
        if not isinstance(pdf, bytes):
            raise TypesetError("Typst returned no PDF")
        return pdf


def explain(message: str, hints: list[str]) -> str:
    return message + "".join(f" (hint: {hint})" for hint in hints)


def missing_text(message: str) -> str | None:
    """The text of a "could not be displayed with font" refusal, else None."""
    match = _MISSING_GLYPH.search(message)
    return match.group("text") if match else None
