"""Files: nothing outside ``source/`` is read or published, whatever names it.

A record can name a file in many ways: ``{include}``, ``{literalinclude}``
(and its ``:diff:``), ``{csv-table}`` ``:file:``, ``{image}``/``{figure}``
(``:figwidth: image`` opens the image while reading), ``{download}``, a
Markdown link to a file (MyST makes it a download), ``![…](…)``, the reST
forms of all of these inside ``{eval-rst}``, a translation in a catalog, and
whatever a later version of docutils, Sphinx or MyST adds. Two layers:

1. **Before reading**: the directives that read a file while the page is
   parsed are the archive's own versions (:class:`ContainedInclude`,
   :class:`ContainedLiteralInclude`, :class:`ContainedCSVTable`,
   :class:`ContainedImage`, :class:`ContainedFigure`), which refuse a path
   outside ``source/`` before anything is opened: reading ``/dev/zero`` or
   ``/proc/self/environ`` is already too late, even if nothing is shown.
   ``include`` is not a subclass of docutils' ``Include`` on purpose: MyST
   replaces any such class by a reader of its own that opens the file before
   any hook runs (:func:`communiques.internals.run_myst_include`).
2. **After reading** (``doctree-read``, after Sphinx's collectors): every
   file the page depends on, as Sphinx recorded it (``env.dependencies``:
   what every docutils, Sphinx and MyST directive that reads a file notes),
   every download (``env.dlfiles``) and every image (``env.images``) is
   resolved, symbolic links followed, and must be under ``source/``. A
   download or an image outside is removed (not copied into the site) and
   its link or picture left out; any other dependency outside means that
   something read a file this module does not know of: the page's content is
   withheld. This layer sees every way to name a file, including ways not
   invented yet; the first only makes sure nothing is opened meanwhile.

Paths are judged as Sphinx resolves them (:meth:`BuildEnvironment.relfn2path`:
a leading ``/`` is the source folder, ``..`` and symbolic links are
followed). Each refusal is an ``archive.unsafe`` warning at its line.

Symbolic links inside ``source/`` that lead out of it, and files too large
to read, are :mod:`communiques.guard.sources`'s.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.directives.images import Image
from docutils.parsers.rst.directives.misc import Include as DocutilsInclude
from docutils.parsers.rst.directives.tables import CSVTable
from sphinx import addnodes
from sphinx.directives.code import LiteralInclude
from sphinx.directives.patches import Figure
from sphinx.util.docutils import SphinxDirective

from communiques.core.files import PACKAGE_DIR
from communiques.core.urls import scheme_of
from communiques.guard.budget import spend
from communiques.guard.untrusted import line_of, refuse, unsafe_scheme, unwrap
from communiques.internals import (
    drop_collected_file,
    empty_page,
    override_directive,
    run_myst_include,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def is_outside(env: BuildEnvironment, path: str | os.PathLike[str]) -> bool:
    """Whether *path* (absolute, or relative to the source folder) leads out of it, links followed."""
    source = Path(env.srcdir).resolve()
    return not (Path(env.srcdir) / path).resolve().is_relative_to(source)


def names_outside(env: BuildEnvironment, target: str) -> bool:
    """Whether a path written in the current document leads out of ``source/``."""
    if target.startswith("<") and target.endswith(">"):
        return True  # docutils' standard includes live outside source/
    try:
        _rel, absolute = env.relfn2path(target, env.docname)
    except (OSError, ValueError):  # a NUL byte, a name too long: nothing to read
        return True
    return is_outside(env, absolute)


#: bytes of one file a page may include
MAX_INCLUDE_BYTES = 1024 * 1024

OUTSIDE = (
    "only files under `source/` may be used; copy the file into `source/` (a symbolic link that "
    "leads out does not count) or remove what names it"
)


class _Contained:
    """Mixin: refuse a path (argument or option) that leads outside ``source/``, before reading it."""

    env: BuildEnvironment
    lineno: int
    name: str

    def _refusal(self, target: str, why: str = OUTSIDE) -> list[Any]:
        refuse(self.env, self.lineno, f"`{self.name}` of `{target}` is refused: {why}")
        return []

    def _too_much(self, target: str) -> str | None:
        """Why including *target* (a file under ``source/``) would cost too much, or None.

        The page's budget (:mod:`communiques.guard.budget`) counts what it
        includes: a record could otherwise include a dense file a thousand times.
        """
        try:
            _rel, path = self.env.relfn2path(target, self.env.docname)
            size = Path(path).stat().st_size
        except (OSError, ValueError):
            return None  # the directive reports a missing file itself
        if size > MAX_INCLUDE_BYTES:
            return (
                f"the file is {size / 1024 / 1024:.1f} MB, more than the "
                f"{MAX_INCLUDE_BYTES // 1024 // 1024} MB a page may include; link to it as a download instead"
            )
        text = Path(path).read_text(encoding="utf-8", errors="replace")
        if not spend(self.env, text):
            return (
                "the page with what it includes would take more memory or time to build than one page "
                "may; include less, or link to the file as a download"
            )
        return None


class ContainedInclude(_Contained, SphinxDirective):
    """``include`` (reST and MyST) that reads only under ``source/``.

    Not a subclass of docutils' ``Include``: MyST runs any such class through
    its own reader, which opens the file first. This class decides, then has
    the file read by Sphinx's ``include`` (reST) or MyST's (Markdown).
    """

    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Any]] = {
        **(DocutilsInclude.option_spec or {}),
        # MyST's own options of `include` (MyST adds them to Include subclasses only)
        "relative-images": directives.flag,
        "relative-docs": directives.path,
        "heading-offset": directives.nonnegative_int,
    }

    def run(self) -> list[nodes.Node]:
        target = self.arguments[0]
        if names_outside(self.env, target):
            return self._refusal(target)
        too_much = self._too_much(target)
        if too_much is not None:
            return self._refusal(target, too_much)
        return run_myst_include(self)


class ContainedLiteralInclude(_Contained, LiteralInclude):
    """``literalinclude`` (and its ``:diff:``) that reads only under ``source/``."""

    def run(self) -> list[nodes.Node]:
        for target in (self.arguments[0], self.options.get("diff")):
            if not target:
                continue
            if names_outside(self.env, target):
                return self._refusal(target)
            too_much = self._too_much(target)
            if too_much is not None:
                return self._refusal(target, too_much)
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
        if "file" in self.options:
            if names_outside(self.env, self.options["file"]):
                return self._refusal(self.options["file"])
            too_much = self._too_much(self.options["file"])
            if too_much is not None:
                return self._refusal(self.options["file"], too_much)
        return super().run()


def _local(uri: str) -> bool:
    """Whether an image's address is a path (not ``https://…``, ``data:…``, ``file:…``)."""
    return "://" not in uri and scheme_of(uri) is None


class ContainedImage(_Contained, Image):
    """``image`` of a file outside ``source/`` is refused before anything reads it."""

    env: BuildEnvironment

    def run(self) -> list[nodes.Node]:
        self.env = self.state.document.settings.env
        uri = directives.uri(self.arguments[0])
        if _local(uri) and names_outside(self.env, uri):
            return self._refusal(uri)
        return list(super().run())


class ContainedFigure(ContainedImage, Figure):
    """``figure`` likewise: with ``:figwidth: image`` docutils opens the image while reading.

    The image's check runs first, then docutils' ``Figure.run`` (``Figure``
    is an ``Image``: the method order is ContainedImage, Figure, Image).
    """


# -- after reading: every file the page depends on -------------------------------------------------


def trusted_folders(app: Sphinx) -> list[Path]:
    """Folders outside ``source/`` that pages may depend on: the configuration's, not a record's.

    The translation catalogs (``locale_dirs``), which Sphinx and the archive
    make every page depend on, the configuration's ``docutils.conf`` (Sphinx
    notes it), the extension itself and the build's own folder.
    """
    srcdir = Path(app.srcdir)
    folders = [(srcdir / folder).resolve() for folder in app.config.locale_dirs]
    folders += [Path(app.confdir).resolve() / "docutils.conf", PACKAGE_DIR, Path(app.doctreedir).resolve()]
    return folders


def check_files(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read`` (after Sphinx's collectors): every file the page uses is under ``source/``."""
    env = app.env
    docname = env.docname
    refused: set[Path] = set()
    for node in list(doctree.findall(addnodes.download_reference)):
        refused |= _check_download(env, docname, node)
    for image in list(doctree.findall(nodes.image)):
        refused |= _check_image(env, docname, image)
    trusted = trusted_folders(app)
    srcdir = Path(env.srcdir).resolve()
    outside = {}
    for dependency in env.dependencies.get(docname, ()):
        path = (Path(env.srcdir) / dependency).resolve()
        if not path.is_relative_to(srcdir) and not any(path.is_relative_to(f) for f in trusted):
            outside[dependency] = path
    # Downloads and images refused above: reported, not copied; nothing to withhold.
    env.dependencies.get(docname, set()).difference_update(d for d, p in outside.items() if p in refused)
    outside = {d: p for d, p in outside.items() if p not in refused}
    if outside:
        refuse(
            env,
            1,
            f"this page read `{min(outside.values())}`, outside `source/`, through a directive the "
            f"archive does not know: its content is withheld from the site; {OUTSIDE}",
        )
        empty_page(env, docname, doctree)
        # Not kept as dependencies: they are not the page's to follow.
        env.dependencies[docname] -= set(outside)


def _check_download(env: BuildEnvironment, docname: str, node: addnodes.download_reference) -> set[Path]:
    """Refuse a download outside ``source/`` or at an unsafe address; the paths refused."""
    target = node.get("reftarget", "")
    refused: set[Path] = set()
    if node.get("refuri"):
        # '://' in the target: Sphinx makes it a plain link
        scheme = unsafe_scheme(node["refuri"], allow=("http", "https"))
        if scheme is None:
            return refused
        advice = "link to an `https:` address instead"
        why = f"a `{scheme}:` address"
    else:
        if not names_outside_of(env, target, docname):
            return refused
        why = f"`{target}` (outside `source/`)"
        advice = OUTSIDE
        for path, (docnames, _dest) in list(env.dlfiles.items()):
            if docname in docnames and is_outside(env, path):
                drop_collected_file(env.dlfiles, docname, path)
                refused.add((Path(env.srcdir) / path).resolve())
    refuse(
        env,
        line_of(node),
        f"a download of {why} is refused: its link is removed, the text kept; {advice}",
        docname,
    )
    unwrap(node)
    return refused


def names_outside_of(env: BuildEnvironment, target: str, docname: str) -> bool:
    try:
        _rel, absolute = env.relfn2path(target, docname)
    except (OSError, ValueError):
        return True
    return is_outside(env, absolute)


def _check_image(env: BuildEnvironment, docname: str, image: nodes.image) -> set[Path]:
    """Refuse an image outside ``source/`` or at an address; the paths refused."""
    candidates: dict[str, str] = image.get("candidates", {})
    uri = image.get("uri", "")
    refused: set[Path] = set()
    if "?" in candidates or not _local(uri):
        # Sphinx's '?': an address (`://`) or a `data:` image, not a file
        why = f"a `{scheme_of(uri) or 'remote'}:` address"
    else:
        paths = list(candidates.values()) or [uri]
        bad = [path for path in paths if is_outside(env, path)]
        if not bad:
            return refused
        why = f"`{image.get('original_uri', bad[0])}` (outside `source/`)"
        for path in bad:
            drop_collected_file(env.images, docname, path)
            refused.add((Path(env.srcdir) / path).resolve())
    refuse(
        env,
        line_of(image),
        f"an image from {why} is not allowed in the archive: it is left out; keep images as files "
        "under `source/` (readers' browsers and the PDF renderer would otherwise fetch or read it)",
        docname,
    )
    alt = image.get("alt", "")
    parent = image.parent
    replacement: list[nodes.Node] = [nodes.Text(alt)] if alt else []
    if isinstance(parent, nodes.reference) and len(parent.children) == 1:
        unwrap(parent, replacement)  # an image's :target: link goes with it
    else:
        unwrap(image, replacement)
    return refused


def setup_files(app: Sphinx) -> None:
    override_directive(app, "include", ContainedInclude)
    override_directive(app, "literalinclude", ContainedLiteralInclude)
    override_directive(app, "csv-table", ContainedCSVTable)
    override_directive(app, "image", ContainedImage)
    override_directive(app, "figure", ContainedFigure)
    # After Sphinx's collectors (priority 500), which note downloads, images and dependencies.
    app.connect("doctree-read", check_files, priority=550)
