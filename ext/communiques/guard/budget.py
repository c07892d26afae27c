"""A budget for each page: no single record can exhaust the memory or time of a build.

Markdown's cost is not its size: 2 MB of ``- a`` lines (half a million list
items) took ``check`` to 3 GB, 2 MB of ``*a* `` ran for minutes, while the
archive's 5 MB test record of ordinary paragraphs stays near 350 MB. What
costs is the number of elements the parsers make (markdown-it's tokens,
docutils' nodes, Sphinx's copies of them), a few kilobytes each. Before a
page is parsed (``source-read``, first of all handlers), its text is weighed
by what makes elements, with weights measured on this archive (``check`` on
one record of 20,000 elements of each kind; the peak virtual memory above an
empty archive's, per element):

=========================================  ===========  =========================
what                                       measured     counted as
=========================================  ===========  =========================
a line that is not blank (list item,       4 to 10 KB   :data:`LINE_KB` per line,
heading, table row, paragraph, quote)                   plus its markup
a run of markup characters (``*``, ``**``,  about 2 KB   :data:`MARKUP_KB` per run
`````, ``[``, ``{``, ``<``, ``|``, ``#``…)  per run
a link (``](``)                            8 KB         :data:`LINK_KB` more
=========================================  ===========  =========================

Time is weighed likewise (markdown-it's inline rules are slow on long runs
of one character, ``[[[[…`` or ``a*a*a*…``, and on runs next to each other):
:data:`LINE_MS`, :data:`RUN_MS`, :data:`MARKUP_CHAR_MS`.

A page whose estimate passes :data:`BUDGET_KB` or :data:`BUDGET_S` is not
parsed: its body is left out (blank lines keep its line count), with an
``archive.unsafe`` warning at its first line saying how much it weighs. The
budget lets the 5 MB record of ``tests/test_check.py`` through (estimated
315 MB and 60 s; measured: 385 MB resident, 25 s for ``check``) and holds
any page to about as much, whatever its markup (measured on the worst shapes
found: ``a*a*…`` 46 s and 370 MB, ``{a}``` repeated about a minute).
``tests/test_budget.py`` runs ``check`` on hostile records under a 500 MB
address-space limit. A file larger than 8 MB is not even read
(:data:`communiques.guard.sources.MAX_SOURCE_BYTES`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from communiques.archive.records import OVER_BUDGET
from communiques.guard.untrusted import refuse

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: estimated kilobytes of memory per non-blank line, per run of markup, per link
LINE_KB = 8.0
MARKUP_KB = 2.3
LINK_KB = 8.0
#: estimated milliseconds per non-blank line, per run of markup, per markup character
LINE_MS = 0.2
RUN_MS = 0.4
MARKUP_CHAR_MS = 0.05
#: estimated kilobytes and seconds one page may take
BUDGET_KB = 350 * 1024
BUDGET_S = 65

_MARKUP = re.compile(r"[*_`\[\]{}<>|!#~^$:\\]+")


def weight(text: str) -> tuple[float, float]:
    """Estimated memory (KB) and time (s) the parsers take for *text* (weights above)."""
    lines = sum(1 for line in text.splitlines() if line.strip())
    runs = characters = 0
    for match in _MARKUP.finditer(text):
        runs += 1
        characters += match.end() - match.start()
    memory = lines * LINE_KB + runs * MARKUP_KB + text.count("](") * LINK_KB
    time = (lines * LINE_MS + runs * RUN_MS + characters * MARKUP_CHAR_MS) / 1000
    return memory, time


def bound(text: str) -> tuple[float, float]:
    """At least :func:`weight` of *text*, from its length alone (no character weighs more
    than 8 KB, ``](`` alone on its line, nor 0.45 ms, a one-character run)."""
    return len(text) * 8.0, len(text) * (RUN_MS + MARKUP_CHAR_MS) / 1000


def within(memory: float, time: float) -> bool:
    return memory <= BUDGET_KB and time <= BUDGET_S


#: key in ``env.current_document``: (memory, time) the page read so far is estimated to take
SPENT = "communiques_spent"


def spend(env: BuildEnvironment, text: str) -> bool:
    """Add *text* (included in the page being read) to its estimate; whether it stays within budget."""
    spent: tuple[float, float] = env.current_document.get(SPENT) or (0.0, 0.0)
    memory, time = spent
    more = bound(text)
    if not within(memory + more[0], time + more[1]):
        more = weight(text)
    memory, time = memory + more[0], time + more[1]
    env.current_document[SPENT] = (memory, time)
    return within(memory, time)


def weigh_page(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read`` (first): leave out the body of a page over :data:`BUDGET_KB`."""
    text = source[0]
    memory, time = bound(text)
    if not within(memory, time):  # an ordinary page is within bounds by its length alone
        memory, time = weight(text)
    app.env.current_document[SPENT] = (memory, time)
    if within(memory, time):
        return
    from communiques.core import frontmatter

    found = frontmatter.split(text)
    keep = found[1] + 1 if found is not None else 0
    lines = text.split("\n")
    source[0] = "\n".join(lines[:keep] + [""] * (len(lines) - keep))
    app.env.current_document[OVER_BUDGET] = True
    # Kept as the page's problem, reported on every build until it is mended.
    refuse(
        app.env,
        1,
        f"this page would take about {memory / 1024:.0f} MB and {time:.0f} s to build (by its lines and "
        f"markup), more than one page may take ({BUDGET_KB / 1024:.0f} MB, {BUDGET_S} s): its body was "
        "left out; split it into several records, or keep long material as a file to download",
    )


def setup_budget(app: Sphinx) -> None:
    app.connect("source-read", weigh_page, priority=100)
