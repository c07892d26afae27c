"""Sources that are not UTF-8: reported at their line, left out, the rest built.

Sphinx reads every source with a strict decoder: one file saved in Latin-1
or Windows-1252 (an ``é`` as byte 0xE9) stops the whole build with "Encoding
error!" and a traceback. Before reading, each file about to be read is
decoded here; a file that does not decode is taken off the reading list
(``env-before-read-docs`` lets extensions change it) and from the documents
found for this build (so no page is written for it, no toctree lists it),
and reported with the
line of its first bad byte. It stays unread, so Sphinx offers it again on
the next build and it is reported again until it is saved as UTF-8. A byte
order mark and Windows line ends (CRLF) are accepted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from communiques.core.warnings_ import ArchiveWarning, warn
from communiques.internals import leave_out_of_build

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def undecodable(data: bytes, encoding: str) -> tuple[int, str] | None:
    """(line, byte) of the first byte that does not decode, or None."""
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        return data.count(b"\n", 0, exc.start) + 1, f"0x{data[exc.start]:02X}"
    return None


def skip_undecodable(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: leave out (and report) files that are not UTF-8."""
    encoding = env.settings.get("input_encoding", "utf-8-sig")
    for docname in list(docnames):
        path = env.doc2path(docname)
        try:
            data = path.read_bytes()
        except OSError:
            continue  # Sphinx reports unreadable files itself
        found = undecodable(data, encoding)
        if found is None:
            continue
        line, byte = found
        docnames.remove(docname)
        # Not found, for this build: else the writer would look for its doctree.
        leave_out_of_build(env, docname)
        warn(
            f"the file is not UTF-8 (byte {byte} on this line; saved as Latin-1 or Windows-1252?): "
            "it was left out of the build; save it as UTF-8 (in most editors: Save with encoding → UTF-8)",
            ArchiveWarning.ENCODING,
            location=(docname, line),
        )


def setup_encodings(app: Sphinx) -> None:
    app.connect("env-before-read-docs", skip_undecodable)
