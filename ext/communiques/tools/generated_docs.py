"""Command line of the files generated from the code and committed beside it.

``docs/reference.md`` (from the schema and the warnings) and
``docs/export.schema.json`` (from the export's model) are committed so that
readers of the repository see them, and checked by the tests so that they
cannot drift: each module prints, writes or checks its file the same way.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from communiques.core.files import write_if_changed

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence


def main(argv: Sequence[str] | None, *, prog: str, description: str, render: Callable[[], str]) -> int:
    """Print the rendered text, ``--write`` it to a file, or ``--check`` that a file holds it."""
    cli = argparse.ArgumentParser(prog=prog, description=description)
    mode = cli.add_mutually_exclusive_group()
    mode.add_argument("--write", metavar="PATH", type=Path, help="write it to PATH")
    mode.add_argument("--check", metavar="PATH", type=Path, help="exit 1 if PATH differs from it")
    options = cli.parse_args(argv)
    text = render()
    if options.write is not None:
        path: Path = options.write
        write_if_changed(path, text)
        return 0
    if options.check is not None:
        path = options.check
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current != text:
            state = "does not exist" if current is None else "is out of date"
            sys.stderr.write(f"{path} {state}: run {prog} --write {path}\n")
            return 1
        return 0
    sys.stdout.write(text)
    return 0
