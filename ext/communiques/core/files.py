"""Where the package lives, and the one way the archive writes a generated file.

Generated files (pages aside, which Sphinx writes) are written only when
their bytes change: an unchanged file keeps its modification time, so a
host's cache, ``rsync`` and the next build's "what changed" all see it as
unchanged. They are written whole or not at all (a build stopped while
writing leaves no half file).
"""

from __future__ import annotations

import os
from pathlib import Path

#: the ``communiques`` package's folder (templates, static files, catalogs' sources)
PACKAGE_DIR = Path(__file__).resolve().parents[1]
#: the repository that holds it: ``conf.py``, ``source/``, ``locales/``
REPOSITORY = PACKAGE_DIR.parents[1]


def write_atomically(path: Path, data: bytes) -> None:
    """Write *data* whole or not at all: a build stopped while writing leaves no half file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def write_if_changed(path: Path, data: bytes | str) -> bool:
    """Write *data* (text as UTF-8) unless the file already holds it; whether it was written."""
    content = data.encode("utf-8") if isinstance(data, str) else data
    if path.is_file() and path.read_bytes() == content:
        return False
    write_atomically(path, content)
    return True
