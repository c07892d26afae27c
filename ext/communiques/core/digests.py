"""The SHA-256 of files, and of many files remembered between builds by size and modification time."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from communiques.core.files import write_atomically


def sha256_of(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


class Digests:
    """The SHA-256 of a work folder's files, remembered by size and modification time.

    Only files written since the last build are read again: at 10,000
    releases the work folders hold gigabytes, of which a build changes little.
    """

    def __init__(self, state: Path) -> None:
        self.state = state
        self.known: dict[str, list[object]] = {}
        try:
            self.known = json.loads(state.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
        self.used: dict[str, list[object]] = {}

    def of(self, path: Path) -> str:
        stat = path.stat()
        key = str(path)
        known = self.known.get(key)
        if known is not None and known[0] == stat.st_size and known[1] == stat.st_mtime_ns:
            digest = str(known[2])
        else:
            digest = sha256_of(path)
        self.used[key] = [stat.st_size, stat.st_mtime_ns, digest]
        return digest

    def forget(self, path: Path) -> None:
        self.used.pop(str(path), None)

    def save(self) -> None:
        write_atomically(self.state, json.dumps(self.used).encode())
