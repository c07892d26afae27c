"""Untrusted content: records cannot inject script or markup, nor read files.

Records arrive by pull request from anyone, so their text is treated as
untrusted. What is refused, each time with an ``archive.unsafe`` warning at
the file and line where it happened (kept in the domain like any problem,
so a strict build keeps failing until it is mended):

- raw HTML, from MyST (``<script>``, ``<img onerror=…>``: MyST makes ``raw``
  nodes of it) or the ``raw`` directive: the markup is shown as literal text;
- the ``meta`` directive, which writes ``<meta>`` tags (``http-equiv``
  refresh) into the page's head;
- links whose scheme runs code or carries a document (``javascript:``,
  ``vbscript:``, ``data:``), wherever they come from (Markdown, reST inside
  ``{eval-rst}``, a directive's ``:target:`` or ``:link:``): the text stays,
  the link goes; likewise an image whose address has such a scheme;
- ``include``, ``literalinclude``, ``csv-table :file:`` and images whose path
  leads outside ``source/`` (``../../etc/passwd``), and ``csv-table :url:``.

Front matter needs nothing here: the schema only accepts ``http(s)``
addresses and e-mail addresses, and its text is always rendered as text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst.directives.tables import CSVTable
from sphinx.directives.code import LiteralInclude
from sphinx.directives.other import Include
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from communiques.archive.domain import archive_domain
from communiques.archive.entries import Problem
from communiques.core.warnings_ import ArchiveWarning
from communiques.internals import override_directive

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: schemes that run code or embed a whole document where a link is expected
UNSAFE_SCHEMES = ("javascript", "vbscript", "data")
# Browsers ignore ASCII whitespace and control characters inside a scheme
# (``java\tscript:``) and compare it without regard to case.
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")

#: key in ``env.current_document``: line of each ``{include}`` of the document read, by target
_INCLUDE_LINES = "communiques_include_lines"
_MYST_INCLUDE = re.compile(r"^\s*(?:`{3,}|:{3,})\s*\{include\}\s*(?P<target>\S.*?)\s*$")


def unsafe_scheme(uri: str) -> str | None:
    """The scheme of *uri* if it is one a record may not use, else None."""
    match = _SCHEME.match(_IGNORED_IN_SCHEME.sub("", uri))
    if match is None:
        return None
    scheme = match.group(1).lower()
    return scheme if scheme in UNSAFE_SCHEMES else None


def is_outside(env: BuildEnvironment, path: str | Path) -> bool:
    """Whether *path* (absolute) leads out of the source folder, links followed."""
    source = Path(env.srcdir).resolve()
    return not Path(path).resolve().is_relative_to(source)


def refuse(env: BuildEnvironment, line: int | None, message: str, docname: str | None = None) -> None:
    """Keep a refusal to report at its line, like the front matter's problems."""
    archive_domain(env).add_problem(Problem(docname or env.docname, line, ArchiveWarning.UNSAFE, message))


def _line_of(node: nodes.Node) -> int | None:
    current: nodes.Node | None = node
    while current is not None:
        if current.line:
            return current.line
        current = current.parent
    return None


class RefuseUnsafeContent(SphinxTransform):
    """Replace raw markup by its text, drop links and images with unsafe addresses.

    Runs after the i18n transform (priority 20) so that translations, which
    are parsed like the source, are held to the same rules.
    """

    default_priority = 400

    def apply(self, **kwargs: object) -> None:
        for raw in list(self.document.findall(nodes.raw)):
            self._refuse_raw(raw)
        for ref in list(self.document.findall(nodes.reference)):
            scheme = unsafe_scheme(ref.get("refuri", ""))
            if scheme is not None:
                refuse(
                    self.env,
                    _line_of(ref),
                    f"a `{scheme}:` link is not allowed in the archive (it could run code in "
                    "readers' browsers): the text is kept, the link is removed; link to an "
                    "`https:` address instead",
                )
                ref.replace_self(ref.children or [nodes.Text(ref.astext())])
        for image in list(self.document.findall(nodes.image)):
            self._check_image(image)

    def _refuse_raw(self, raw: nodes.raw) -> None:
        text = raw.astext()
        refuse(
            self.env,
            _line_of(raw),
            "raw HTML is not allowed in the archive (it could run code in readers' browsers): "
            "it is shown as text; write the content in Markdown instead",
        )
        inline = isinstance(raw.parent, nodes.TextElement)
        shown: nodes.Element = nodes.literal(text, text) if inline else nodes.literal_block(text, text)
        shown["classes"].append("refused")
        if not inline:
            shown["language"] = "text"
        raw.replace_self(shown)

    def _check_image(self, image: nodes.image) -> None:
        uri = image.get("uri", "")
        scheme = unsafe_scheme(uri)
        outside = False
        if scheme is None and "://" not in uri:
            _rel, absolute = self.env.relfn2path(uri, self.env.docname)
            outside = is_outside(self.env, absolute)
        if scheme is None and not outside:
            return
        why = f"a `{scheme}:` address" if scheme else "a path outside `source/`"
        refuse(
            self.env,
            _line_of(image),
            f"an image with {why} is not allowed in the archive: it is left out; keep images "
            "as files under `source/`",
        )
        alt = image.get("alt", "")
        image.replace_self(nodes.Text(alt) if alt else [])


class RefusedDirective(SphinxDirective):
    """A directive records may not use: its content is shown as text, with a warning."""

    has_content = True
    optional_arguments = 10
    final_argument_whitespace = True
    option_spec = None  # accept and ignore any option, so the refusal is the only message
    why: ClassVar[str] = ""

    def run(self) -> list[nodes.Node]:
        refuse(
            self.env,
            self.lineno,
            f"the `{self.name}` directive is not allowed in the archive ({self.why}): "
            "its content is shown as text; remove it",
        )
        text = "\n".join(self.content)
        if not text:
            return []
        shown = nodes.literal_block(text, text, classes=["refused"], language="text")
        self.set_source_info(shown)
        return [shown]


class RefusedRaw(RefusedDirective):
    why = "raw markup could run code in readers' browsers"


class RefusedMeta(RefusedDirective):
    why = "it writes tags into the page's head"


class _Contained:
    """Mixin: refuse a path option or argument that leads outside ``source/``."""

    env: BuildEnvironment
    lineno: int
    name: str

    def _outside(self, target: str) -> bool:
        if target.startswith("<") and target.endswith(">"):
            return True  # docutils' standard includes live outside source/
        _rel, absolute = self.env.relfn2path(target, self.env.docname)
        return is_outside(self.env, absolute)

    def _refusal(self, target: str) -> list[Any]:
        refuse(
            self.env,
            self.lineno,
            f"`{self.name}` of `{target}` is refused: only files under `source/` may be "
            "included; copy the file into `source/` or remove the directive",
        )
        return []


class ContainedInclude(_Contained, Include):
    """``include`` (reST) that reads only under ``source/``.

    MyST handles ``{include}`` itself (without running this class): that
    case is refused by :func:`refuse_included_from_outside`.
    """

    def run(self):  # type: ignore[no-untyped-def]
        if self._outside(self.arguments[0]):
            return self._refusal(self.arguments[0])
        return super().run()


class ContainedLiteralInclude(_Contained, LiteralInclude):
    """``literalinclude`` that reads only under ``source/``."""

    def run(self) -> list[nodes.Node]:
        for target in (self.arguments[0], self.options.get("diff")):
            if target and self._outside(target):
                return self._refusal(target)
        return super().run()


class ContainedCSVTable(_Contained, CSVTable):
    """``csv-table`` that reads only files under ``source/`` and fetches nothing."""

    env: BuildEnvironment

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.env = self.state.document.settings.env

    def run(self) -> Sequence[nodes.table | nodes.system_message]:
        if "url" in self.options:
            return self._refusal(self.options["url"])
        if "file" in self.options and self._outside(self.options["file"]):
            return self._refusal(self.options["file"])
        return super().run()


def note_include_lines(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: where each MyST ``{include}`` of the document is, to report it."""
    found: dict[str, int] = {}
    for number, text in enumerate(source[0].splitlines(), start=1):
        match = _MYST_INCLUDE.match(text)
        if match:
            _rel, absolute = app.env.relfn2path(match["target"], docname)
            found.setdefault(str(Path(absolute).resolve()), number)
    app.env.current_document[_INCLUDE_LINES] = found


def refuse_included_from_outside(app: Sphinx, relative_path: Path, parent: str, content: list[str]) -> None:
    """``include-read``: drop the text of a file included from outside ``source/``.

    MyST reads the file before this event, but its text never reaches the
    document, the output or the search index. MyST passes the parent's file
    stem as *parent*, not its docname: the document being read is used.
    """
    absolute = (Path(app.env.srcdir) / relative_path).resolve()
    if not is_outside(app.env, absolute):
        return
    content[0] = ""
    line = (app.env.current_document.get(_INCLUDE_LINES) or {}).get(str(absolute))
    refuse(
        app.env,
        line,
        f"`include` of `{relative_path}` is refused: only files under `source/` may be "
        "included; copy the file into `source/` or remove the directive",
    )


def setup_untrusted(app: Sphinx) -> None:
    app.add_transform(RefuseUnsafeContent)
    override_directive(app, "raw", RefusedRaw)
    override_directive(app, "meta", RefusedMeta)
    override_directive(app, "include", ContainedInclude)
    override_directive(app, "literalinclude", ContainedLiteralInclude)
    override_directive(app, "csv-table", ContainedCSVTable)
    app.connect("source-read", note_include_lines)
    app.connect("include-read", refuse_included_from_outside)
