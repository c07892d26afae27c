"""Debug messages are not made when the build's verbosity would not show them."""

from __future__ import annotations

import logging
from pathlib import Path

from helpers import ROOTS, copy_sources, warnings_of


class Records(logging.Handler):
    """Every record that reaches Sphinx's logger, whatever its handlers then show."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def build_with_records(make_app, srcdir: Path, verbosity: int) -> tuple[object, list[logging.LogRecord]]:
    app = make_app("html", srcdir=srcdir, parallel=2, verbosity=verbosity)
    records = Records()
    logger = logging.getLogger("sphinx")
    logger.addHandler(records)
    try:
        app.build()
    finally:
        logger.removeHandler(records)
    return app, records.records


def test_a_quiet_build_makes_no_debug_records(make_app, tmp_path: Path) -> None:
    srcdir = copy_sources(ROOTS / "test-entities", tmp_path / "project")

    app, records = build_with_records(make_app, srcdir, verbosity=0)

    assert warnings_of(app) == []
    assert any(record.levelno == logging.INFO for record in records), "the build logs"
    assert [record for record in records if record.levelno < logging.INFO] == []


def test_a_very_verbose_build_still_shows_them(make_app, tmp_path: Path) -> None:
    srcdir = copy_sources(ROOTS / "test-entities", tmp_path / "project")

    app, records = build_with_records(make_app, srcdir, verbosity=2)

    assert any(record.levelno == logging.DEBUG for record in records)
    assert "[app] emitting event: 'html-page-context'" in app.status.getvalue()
