"""How much of a catalog is translated, counted against the current messages.

A ``.po`` file may hold entries the sources no longer have (obsolete ``#~``
entries, or entries of a catalog not yet updated): counting them would make a
stale catalog look further along than it is. Every count here therefore starts
from the messages the sources have *now* (a ``.pot`` written by the gettext
build, or the messages collected while reading) and looks each one up in the
``.po``:

* **translated**: the entry has a translation (every plural form) and is not
  marked fuzzy;
* **fuzzy**: the entry is marked fuzzy (a guess by the update, from a message
  that changed: Sphinx does not show it, a translator must review it);
* **untranslated**: anything else, including a catalog that does not exist.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.pofile import read_po

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog, Message

#: a message as gettext keys it: (its text, or (singular, plural); its context or None)
MessageKey = tuple[str | tuple[str, ...], str | None]

#: bytes of BLAKE2b kept of a message key: the environment keeps a page's
#: messages as their digests (it is loaded, saved and sent back by every
#: reading process, so holding the text of the whole archive made it a third
#: larger); at 64 bits, a collision among a million messages has odds of
#: about one in 10^7
DIGEST_SIZE = 8


@dataclass(frozen=True)
class Counts:
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> int:
        """Share translated, rounded down: 100 only when nothing is left."""
        return 100 if not self.total else self.translated * 100 // self.total

    @property
    def complete(self) -> bool:
        return self.translated == self.total

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.translated + other.translated,
            self.fuzzy + other.fuzzy,
            self.untranslated + other.untranslated,
        )


def read_catalog(path: Path, locale: str | None = None) -> Catalog | None:
    """A ``.po``/``.pot`` file read by Babel, or None if it does not exist."""
    if not path.is_file():
        return None
    with path.open("rb") as po:
        return read_po(po, locale=locale)


def message_keys(catalog: Catalog) -> list[MessageKey]:
    """The keys of the live (not obsolete) messages of a catalog, header excluded."""
    return [key_of(message) for message in catalog if message.id]


def key_of(message: Message) -> MessageKey:
    msgid = message.id if isinstance(message.id, str) else tuple(message.id)
    return (msgid, message.context or None)


def text_key(text: str) -> MessageKey:
    """The key of a message collected from a document: a text without context."""
    return (text, None)


def key_digest(key: MessageKey) -> bytes:
    """What stands for a message wherever only its identity counts."""
    return hashlib.blake2b(repr(key).encode(), digest_size=DIGEST_SIZE).digest()


def pack_digests(texts: Iterable[str]) -> bytes:
    """The digests of a page's messages (texts without context), once each, in order, in one value."""
    return b"".join(dict.fromkeys(key_digest(text_key(text)) for text in texts))


def unpack_digests(packed: bytes) -> list[bytes]:
    return [packed[i : i + DIGEST_SIZE] for i in range(0, len(packed), DIGEST_SIZE)]


def is_translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return bool(strings) and all(strings) and not message.fuzzy


def count(keys: Iterable[MessageKey], catalog: Catalog | None) -> Counts:
    """Counts of *keys* (the current messages) in *catalog* (a ``.po``, if any)."""
    return count_digests((key_digest(key) for key in keys), catalog)


def count_digests(digests: Iterable[bytes], catalog: Catalog | None) -> Counts:
    """Counts of the messages of *digests* (:func:`key_digest`) in *catalog*."""
    entries = {key_digest(key_of(message)): message for message in catalog if message.id} if catalog else {}
    translated = fuzzy = untranslated = 0
    for digest in dict.fromkeys(digests):  # each message once, as the .pot holds it
        message = entries.get(digest)
        if message is None:
            untranslated += 1
        elif message.fuzzy:
            fuzzy += 1
        elif is_translated(message):
            translated += 1
        else:
            untranslated += 1
    return Counts(translated, fuzzy, untranslated)
