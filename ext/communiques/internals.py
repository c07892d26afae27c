"""The one seam between the archive and what Sphinx, docutils, MyST and furo do not document.

Everything else in the extension uses public, documented APIs (events,
domains, transforms, ``add_*`` registrations). What is here relies on
behaviour that a release of one of those projects may change without notice,
so it lives in one module, each piece with the reason it is needed and what
upstream change would make it unnecessary. The CI job "canary" (allowed to
fail, see ``.github/workflows/ci.yml``) runs the tests against the newest
releases of Sphinx, MyST-Parser and furo, so that a change here is seen
before an upgrade.

What relies on it, why, and what upstream change would remove the need:

* **``app.parallel`` changed during a build** (:mod:`.perf.reading`): a small
  update is read in this process, and ``-j`` is given back before writing.
  Sphinx 9 sends back the whole environment from every reading process, even
  for one page (sphinx-doc/sphinx#10967).
* **Reading processes are forked** (:mod:`.perf.reading`): a domain table then
  pickles only the documents its process read (sphinx-doc/sphinx#11448 would
  let a domain send back its own part).
* **The environment is loaded between ``config-inited`` and
  ``builder-inited``** (:mod:`.perf.collector`): the collector is paused there.
  A documented "environment loaded" event would remove the guess.
* **Sphinx's loggers are set to DEBUG and filtered in its handlers**
  (:mod:`.perf.log_level`): every event's debug record is made, even at ``-q``
  (the same cost as sphinx-doc/sphinx#7223, for events).
* **furo calls ``toctree()`` from the page's context** (:mod:`.pages.navigation`):
  pages outside every toctree share one sidebar per folder (pradyunsg/furo#939).
* **``env.found_docs`` is changed** (:mod:`.guard.encodings`): a source that is
  not UTF-8 is left out of the build instead of ending it with a traceback
  (no documented way to skip a found document; none filed).
* **``builder.search = False``** (:mod:`.search.markup`): no ``searchindex.js``;
  Pagefind indexes the site (an option to turn Sphinx's index off would do).
* **Core directives replaced** (:mod:`.guard.untrusted`, :mod:`.guard.files`):
  ``raw``, ``meta`` are refused; ``literalinclude``, ``csv-table``, ``image``,
  ``figure`` read (or open) their files in ``run``, where subclasses refuse
  what leaves ``source/`` first (no documented hook for the files a build may
  read; none filed).
* **MyST's own ``include`` reader** (:mod:`.guard.files`, :func:`run_myst_include`):
  MyST replaces any subclass of docutils' ``Include`` by a reader that opens the
  file before any hook runs (``include-read`` comes after); the archive's
  ``include`` is a plain directive that decides, then hands over to MyST's
  reader (``MockIncludeDirective``, with the renderer MyST's ``MockState``
  keeps as ``_renderer``) or Sphinx's (a hook before an include is read would
  remove this; none filed).
* **Collected files and titles changed after reading** (:mod:`.guard.files`):
  a download or image outside ``source/`` is taken off ``env.dlfiles`` and
  ``env.images`` (not copied into the site), and a page that read a file
  outside through a directive we do not know loses its ``env.titles`` and
  ``env.tocs`` too (no documented way to drop a collected file or withhold a
  page after reading; none filed).
* **A left-out document is purged** (:func:`leave_out_of_build`): the
  ``env-purge-doc`` event and ``env.clear_doc`` are called as Sphinx calls
  them for a document it reads again.
* **Warning records keep their location, type and subtype until Sphinx's
  handlers rewrite them** (:mod:`.tools.check`): ``check`` collects them with
  a handler placed before Sphinx's own (no documented collector of warnings).
* **sphinx-design's components made outside its directives** (:mod:`.pages.home`):
  the home page's latest releases are cards made when the page is written,
  with sphinx-design's option parsers and ``create_component`` as its
  ``{grid}`` and ``{grid-item-card}`` use them (no documented API to make
  components outside a directive; none filed).
* **furo's templates are loaded through Sphinx's Jinja environment**
  (:mod:`.pages.theme_strings`): a Jinja extension added to the template
  bridge's environment wraps furo's untranslatable strings (ARIA labels, icon
  titles) in ``_()`` as its templates load; furo giving them to ``_()`` itself
  would remove it (none filed that we found).
* **MyST's parser subclassed** (:mod:`.guard.parser`): ``MystParser.parse``
  and ``read_topmatter`` are MyST's own; the subclass, registered in MyST's
  place for ``.md``, removes MyST options (``myst:``, ``substitutions``) from
  every text it parses, catalog messages included, since a text that turns
  on ``substitution`` runs Jinja2 without a sandbox (a documented way for a
  project to refuse per-page MyST options would remove it; none filed).
* **furo's navigation is HTML in the page's context** (:mod:`.pages.theme_strings`):
  the "Toggle navigation of …" it writes in Python is named in the page's
  language after furo computed it (same).
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging as sphinx_logging

if TYPE_CHECKING:
    from collections.abc import Callable

    from docutils.parsers.rst import Directive
    from jinja2 import Environment
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.util.docutils import SphinxDirective


# -- parallel reading ---------------------------------------------------------------------


def parallel_jobs(app: Sphinx) -> int:
    """The build's ``-j``: how many processes Sphinx reads and writes with."""
    return int(app.parallel)


def set_parallel_jobs(app: Sphinx, jobs: int) -> None:
    """Change the build's ``-j`` between reading and writing.

    Sphinx reads ``app.parallel`` each time it decides whether to read (and
    write) in parallel, so lowering it in ``env-before-read-docs`` reads in
    this process and restoring it in ``env-updated`` still writes in
    parallel. Needed because Sphinx 9 sends back the whole environment from
    every reading process, even for one changed page (sphinx-doc/sphinx#10967).
    """
    app.parallel = jobs


def forked_from(parent_pid: int | None) -> bool:
    """Whether this process was forked from *parent_pid* (a parallel reading process).

    Sphinx forks its reading processes (``multiprocessing`` with the ``fork``
    start method, on POSIX) and pickles each one's environment back to the
    main process; that is how a domain table can tell it is being sent back
    (sphinx-doc/sphinx#11448 would let a domain send only its own part).
    """
    return parent_pid is not None and os.getpid() != parent_pid


# -- Sphinx's loggers ----------------------------------------------------------------------

#: the verbosity from which Sphinx shows debug messages
SHOWS_DEBUG = 2


def set_sphinx_log_level(verbosity: int) -> None:
    """Give Sphinx's loggers the level its own handlers show at *verbosity*.

    Sphinx sets its loggers to DEBUG and filters in its handlers, so every
    event's debug record (with the ``repr`` of the event's arguments) is made
    and, in parallel builds, sent between processes before being dropped.
    """
    if verbosity < SHOWS_DEBUG:
        logging.getLogger(sphinx_logging.NAMESPACE).setLevel(sphinx_logging.VERBOSITY_MAP[max(verbosity, 0)])


class WarningCollector(sphinx_logging.WarningStreamHandler):
    """Receives every warning of a build as a record, with its location, type and subtype.

    A ``WarningStreamHandler``, so that Sphinx's ``pending_warnings()`` holds
    its records back and hands them over once, as it does for its own
    handler; Sphinx's ``suppress_warnings`` applies as to its own handler.
    """

    def __init__(self, app: Sphinx, on_warning: Callable[[logging.LogRecord], None]) -> None:
        super().__init__(None)  # type: ignore[arg-type]  # emit() writes nowhere
        self.setLevel(logging.WARNING)
        self.addFilter(sphinx_logging.WarningSuppressor(app))
        self.on_warning = on_warning

    def emit(self, record: logging.LogRecord) -> None:
        self.on_warning(record)

    def attach(self) -> None:
        """Start collecting; Sphinx's application has set its loggers up by then.

        First of the handlers: Sphinx's own rewrite the record they are given
        (location made text, ``[type.subtype]`` added to the message).
        """
        logger = logging.getLogger(sphinx_logging.NAMESPACE)
        logger.handlers.insert(0, self)

    def detach(self) -> None:
        logging.getLogger(sphinx_logging.NAMESPACE).removeHandler(self)


def warning_location(env: BuildEnvironment, record: logging.LogRecord) -> tuple[str | None, int]:
    """(file, line) of a warning record, as Sphinx would print it (line 0 if unknown).

    Mirrors ``SphinxLogRecordTranslator``: the location may be a
    ``(docname, line)`` pair, a node, a docname, or ``path:line`` text (from
    a parallel reading process, or given so by the caller).
    """
    location: Any = getattr(record, "location", None)
    if isinstance(location, tuple):
        docname, line = location
        return (str(env.doc2path(docname)) if docname else None), int(line or 0)
    if isinstance(location, nodes.Node):
        location = sphinx_logging.get_node_location(location)
    if not location:
        return None, 0
    text = str(location)
    if ":" not in text:
        return str(env.doc2path(text)), 0
    path, _, line = text.rpartition(":")
    return (path if path and path != "<unknown>" else None), int(line) if line.isdigit() else 0


# -- reading ---------------------------------------------------------------------------------


def leave_out_of_build(env: BuildEnvironment, docname: str) -> None:
    """Take a found document out of this build: no page is written, no toctree lists it.

    ``env-before-read-docs`` lets an extension drop a document from the
    reading list, but the writer still looks for the doctree of every found
    document; removing it from ``env.found_docs`` is the only way. What an
    earlier build kept of it (its record, its problems) is purged as Sphinx
    purges a document it reads again, so that nothing stale of it is shown
    or reported.
    """
    env.events.emit("env-purge-doc", env, docname)
    env.clear_doc(docname)
    env.found_docs.discard(docname)


def override_directive(app: Sphinx, name: str, directive: type[Directive]) -> None:
    """Replace a directive of docutils or Sphinx by the archive's own version.

    ``add_directive(override=True)`` is public; what is not is that the
    replaced class keeps the same behaviour when subclassed (``Include``,
    ``LiteralInclude``, ``CSVTable`` read their files in ``run``).
    """
    app.add_directive(name, directive, override=True)


def run_myst_include(directive: SphinxDirective) -> list[nodes.Node]:
    """Have a file read by the ``include`` of the parser the directive was written in.

    MyST replaces any subclass of docutils' ``Include`` by its own reader,
    which opens the file before anything can refuse it (``include-read``
    comes after the read). The archive's ``include`` is therefore a plain
    directive that decides first, then hands the reading over: to MyST's
    reader when MyST runs it (its state is MyST's ``MockState``, which keeps
    the renderer as ``_renderer``), else to Sphinx's ``include``.
    """
    from docutils.parsers.rst.directives.misc import Include as DocutilsInclude
    from myst_parser.mocking import MockIncludeDirective, MockState
    from sphinx.directives.other import Include

    state: Any = directive.state  # typed as docutils' state; MyST passes its own
    if isinstance(state, MockState):
        reader = MockIncludeDirective(
            state._renderer,
            name=directive.name,
            klass=DocutilsInclude,
            arguments=directive.arguments,
            options=directive.options,
            body=list(directive.content),
            lineno=directive.lineno,
        )
        return list(reader.run())
    include = Include(
        directive.name,
        directive.arguments,
        directive.options,
        directive.content,
        directive.lineno,
        directive.content_offset,
        directive.block_text,
        directive.state,
        directive.state_machine,
    )
    return list(include.run())


def drop_collected_file(files: dict[Any, tuple[set[str], Any]], docname: str, path: object) -> None:
    """Take *docname* off a file Sphinx collected (``env.dlfiles``, ``env.images``).

    A file no document uses any more is not copied into the site. Sphinx's
    ``purge_doc`` does the same for every file of a document at once; the
    archive drops one file and keeps the others.
    """
    entry = files.get(path)
    if entry is None:
        return
    entry[0].discard(docname)
    if not entry[0]:
        del files[path]


def empty_page(env: BuildEnvironment, docname: str, doctree: nodes.document) -> None:
    """Leave a page read this far with nothing in it: no content, no title, no table of contents.

    Sphinx's collectors have already taken the title and the table of
    contents from the doctree (``doctree-read``, priority 500); emptying the
    doctree alone leaves them behind (and the table of contents pointing at
    sections that are gone), so they are emptied too.
    """
    for child in list(doctree.children):
        doctree.remove(child)
    env.titles[docname] = nodes.title(docname, docname)
    env.longtitles[docname] = nodes.title(docname, docname)
    env.tocs[docname] = nodes.bullet_list("")
    env.toc_num_entries[docname] = 0


# -- writing ---------------------------------------------------------------------------------


def turn_off_sphinx_search_index(builder: Builder) -> None:
    """No ``searchindex.js`` and no ``search.html`` of Sphinx's: the HTML help builders' switch."""
    builder.search = False  # type: ignore[attr-defined]


def sphinx_search_index_is_on(builder: Builder) -> bool:
    return bool(getattr(builder, "search", True))


def replace_theme_toctree(
    context: dict[str, Any], make: Callable[[Callable[..., str]], Callable[..., str]]
) -> bool:
    """Give the page's template another ``toctree()``; whether the page had one.

    furo calls ``toctree()`` from its ``html-page-context`` handler (priority
    500) to render the sidebar; replacing the callable in the context before
    that is the only hook (pradyunsg/furo#939).
    """
    toctree = context.get("toctree")
    if toctree is None:
        return False
    context["toctree"] = make(toctree)
    return True


# -- sphinx-design ---------------------------------------------------------------------------


def design_card_grid(
    cards: list[list[nodes.Node]], *, columns: str, gutter: str, classes: list[str]
) -> nodes.container:
    """A grid of cards, as sphinx-design's ``{grid}`` of ``{grid-item-card}`` makes it.

    sphinx-design makes components only from directives, which run while a
    page is read; the latest releases are known when it is written. Its
    option parsers and component factory (``create_component``) are used as
    its directives use them, so the markup and its stylesheet stay its own;
    a test compares these cards with those its directive makes.
    """
    from sphinx_design.grids import gutter_option, row_columns_option
    from sphinx_design.shared import create_component

    container = create_component(
        "grid-container", ["sd-container-fluid", "sd-sphinx-override", "sd-mb-4", *classes]
    )
    row = create_component("grid-row", ["sd-row", *row_columns_option(columns), *gutter_option(gutter)])
    container += row
    for children in cards:
        body = create_component("card-body", ["sd-card-body"], children=children)
        card = create_component(
            "card", ["sd-card", "sd-sphinx-override", "sd-w-100", "sd-shadow-sm"], children=[body]
        )
        row += create_component("grid-item", ["sd-col", "sd-d-flex-row"], children=[card])
    return container


def design_card_title(children: list[nodes.Node]) -> nodes.container:
    """A card's title, as ``{grid-item-card}`` makes it from its argument."""
    from sphinx_design.shared import PassthroughTextElement, create_component

    text = PassthroughTextElement()
    text.extend(children)
    return create_component("card-title", ["sd-card-title", "sd-font-weight-bold"], children=[text])


def template_environment(app: Sphinx) -> Environment | None:
    """The Jinja environment Sphinx renders the theme's templates with, if the builder has one.

    Sphinx's template bridge (``BuiltinTemplateLoader``) keeps it as
    ``environment`` once the builder is initialised; an extension may add a
    Jinja extension to it (``Environment.add_extension``, Jinja's public API)
    before any template is loaded, that is on ``builder-inited``.
    """
    templates = getattr(app.builder, "templates", None)
    return getattr(templates, "environment", None)
