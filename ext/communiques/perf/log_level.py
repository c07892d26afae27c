"""Sphinx's debug messages dropped where they are made when nothing would show them.

Sphinx sets its loggers to DEBUG and lets its handlers drop what the build's
verbosity does not show. Every event it emits logs a debug message with the
``repr`` of the event's arguments (for ``html-page-context``, the page's
whole context, its HTML included). Each such record looks for its caller on
the stack and, in a process forked to read or write pages in parallel, is
collected, formatted, sent back to the main process and only there dropped:
at 1,000 releases the writing process spent a sixth of its time on records
no one would see.

So, once Sphinx has set its logging up, its loggers are given the level its
own handlers show at the build's verbosity. With ``-vv`` and more, which show
debug messages, nothing changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from communiques.internals import set_sphinx_log_level

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


def match_verbosity(app: Sphinx, config: Config) -> None:
    """``config-inited``: Sphinx's loggers at the level its handlers show."""
    set_sphinx_log_level(app.verbosity)


def setup_log_level(app: Sphinx) -> None:
    app.connect("config-inited", match_verbosity)
