"""The extension's own catalog is compiled from its ``.po`` by content, not by file times."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

from babel.messages.mofile import read_mo

from communiques.core.i18n import CATALOG, compile_catalogs

PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Citations"
msgstr "{translation}"
"""


def fake_app(tmp_path: Path) -> SimpleNamespace:
    registered: list[tuple[str, Path]] = []
    return SimpleNamespace(
        srcdir=tmp_path / "source",
        doctreedir=tmp_path / "doctrees",
        config=SimpleNamespace(language="en", locale_dirs=["../locales"]),
        add_message_catalog=lambda name, path: registered.append((name, Path(path))),
        registered=registered,
    )


def compiled(app: SimpleNamespace) -> dict[str, str]:
    mo = Path(app.doctreedir, "_communiques_locale", "en", "LC_MESSAGES", f"{CATALOG}.mo")
    with mo.open("rb") as handle:
        return {message.id: message.string for message in read_mo(handle) if message.id}


def test_a_stale_catalog_newer_than_its_po_is_compiled_again(tmp_path: Path) -> None:
    po = tmp_path / "locales" / "en" / "LC_MESSAGES" / f"{CATALOG}.po"
    po.parent.mkdir(parents=True)
    (tmp_path / "source").mkdir()
    app = fake_app(tmp_path)
    po.write_text(PO.format(translation="Quotes"), encoding="utf-8")
    compile_catalogs(app)  # type: ignore[arg-type]
    assert compiled(app) == {"Citations": "Quotes"}
    assert app.registered == [(CATALOG, Path(app.doctreedir, "_communiques_locale"))]

    # As after a `git stash` or a checkout: the .po changes but is older than the .mo.
    po.write_text(PO.format(translation="Quotations"), encoding="utf-8")
    os.utime(po, (1_000_000, 1_000_000))
    compile_catalogs(app)  # type: ignore[arg-type]
    assert compiled(app) == {"Citations": "Quotations"}


def test_an_unchanged_catalog_is_not_written_again(tmp_path: Path) -> None:
    po = tmp_path / "locales" / "en" / "LC_MESSAGES" / f"{CATALOG}.po"
    po.parent.mkdir(parents=True)
    (tmp_path / "source").mkdir()
    po.write_text(PO.format(translation="Quotes"), encoding="utf-8")
    app = fake_app(tmp_path)
    compile_catalogs(app)  # type: ignore[arg-type]
    mo = Path(app.doctreedir, "_communiques_locale", "en", "LC_MESSAGES", f"{CATALOG}.mo")
    os.utime(mo, (2_000_000, 2_000_000))
    compile_catalogs(app)  # type: ignore[arg-type]
    assert mo.stat().st_mtime == 2_000_000
