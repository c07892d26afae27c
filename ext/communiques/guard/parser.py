"""MyST's parser, without MyST options set by the text it parses.

MyST lets a text set its own options in its front matter (``myst:``, and
``html_meta``/``substitutions`` at the top level), among them
``enable_extensions``: a page that turns ``substitution`` on has its
``{{ … }}`` rendered by Jinja2 without a sandbox, with the Sphinx
environment in reach, which runs any code on the machine that builds. The
archive's pages have their front matter reduced before MyST sees it
(:func:`communiques.archive.records.read_record`), but MyST's parser also
parses texts that are not pages: every translated message of a catalog, and
a source whose first line merely starts with ``---``, which MyST takes for a
front matter (its own rule, not the archive's). This parser is the one MyST
would be, registered in its place, with one difference: such options are
removed, with an ``archive.unsafe`` warning, from whatever it is given.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from myst_parser.config.main import TopmatterReadError, read_topmatter
from myst_parser.parsers.sphinx_ import MystParser

from communiques.core.frontmatter import MYST_OPTIONS
from communiques.guard.budget import bound, weight, within
from communiques.guard.untrusted import refuse

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx


def without_myst_options(text: str) -> tuple[str, str | None]:
    """*text* with no front matter MyST would take options from, and the key that was removed."""
    if not text.startswith("---"):
        return text, None
    try:
        matter = read_topmatter(text)
    except TopmatterReadError:
        return text, None  # MyST reports it, and takes no option from it
    found = sorted(MYST_OPTIONS & set(matter or {}))
    if not found:
        return text, None
    # MyST's own rule: the block ends at the first line that starts with --- or ...
    lines = text.split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].startswith(("---", "..."))), len(lines) - 1)
    return "\n" * end + "\n".join(lines[end + 1 :]), found[0]


class ArchiveMystParser(MystParser):
    """MyST's parser; a text cannot change MyST's options."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        text, removed = without_myst_options(inputstring)
        env = document.settings.env
        own = document.get("source") == str(env.doc2path(env.docname))
        if not own and not within(*bound(text)) and not within(*weight(text)):
            # A translated message: weighed like a page (the page itself was, when read).
            refuse(
                env,
                None,
                "a translation of this page would take more memory or time to build than one page may: "
                "it is left out; translate the message as the text it translates",
            )
            text = ""
        if removed is not None:
            refuse(
                env,
                1 if own else None,
                f"`{removed}` is not allowed in front matter: a text may not change MyST's options (they "
                "can turn on extensions that run code); its front matter was ignored; remove it",
            )
        super().parse(text, document)


def setup_parser(app: Sphinx) -> None:
    app.add_source_parser(ArchiveMystParser, override=True)
