"""Reading records: check the front matter, keep the record for rendering.

``source-read`` sees the text of each document once, before MyST parses it:
the front matter is checked there against the schema, each problem is kept
in the domain with its line (to be reported on every build, not only the one
that read the file), and the validated record is handed to the transforms
through ``env.current_document``. MyST, which parses the text next, is left only
the front matter keys Sphinx and MyST read (:data:`SPHINX_METADATA`). After
reading (``doctree-read``, translations applied) the record's entry is stored
in the domain for listings.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.addnodes import pending_xref

from communiques.archive.domain import archive_domain
from communiques.archive.entries import Claim, EntityEntry, Mention, Problem, ReleaseEntry, SummaryPart
from communiques.archive.nodes import data_text
from communiques.core import frontmatter, schema
from communiques.core.kinds import ENTITY_KINDS
from communiques.core.paths import entity_path, release_path
from communiques.core.warnings_ import ArchiveWarning

if TYPE_CHECKING:
    from collections.abc import Callable

    from pydantic import BaseModel
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: key in ``env.current_document``: the page was over the budget of :mod:`communiques.guard.budget`
#: and its body was left out (reported there: not reported again as an empty body)
OVER_BUDGET = "communiques_over_budget"
#: key of the validated record in ``env.current_document`` while a document is read
RECORD_KEY = "communiques_record"
#: and the line of each of its keys
LINES_KEY = "communiques_record_lines"
#: front matter keys that Sphinx, MyST or the theme read from a page's metadata: all
#: that MyST is given of a record's front matter (the domain keeps the record; a
#: second copy in Sphinx's metadata would weigh on every environment loaded and saved)
SPHINX_METADATA = frozenset({"orphan", "tocdepth", "nocomments", "nosearch", "hide-toc", "title"})


ENTITY_MODELS: dict[str, type[BaseModel]] = {kind.role: kind.model for kind in ENTITY_KINDS}
#: the models of records, which have a body (not of year pages and kind indexes)
RECORD_MODELS: frozenset[type[BaseModel]] = frozenset({schema.Release, *ENTITY_MODELS.values()})


def record_being_read(env: BuildEnvironment) -> Any:
    """The validated front matter of the document being read (None if it has none or it failed)."""
    return env.current_document.get(RECORD_KEY)


def lines_being_read(env: BuildEnvironment) -> dict[tuple[str | int, ...], int]:
    """The line of each front matter key of the document being read, by path."""
    return env.current_document.get(LINES_KEY) or {}


def schema_for(docname: str) -> type[BaseModel] | None:
    """The front matter model of *docname*, or None if it is free prose."""
    path = release_path(docname)
    if path is not None:
        return schema.YearPage if path.is_year_page else schema.Release
    entity = entity_path(docname)
    if entity is not None:
        return schema.KindIndex if entity.is_index else ENTITY_MODELS[entity.kind]
    return None


def read_record(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: validate the front matter of a record; keep MyST to the keys it may read.

    Every document's front matter is read here, records' and free pages'
    alike: MyST is handed only :data:`SPHINX_METADATA`, so no page, whoever
    wrote it, can set MyST's own options (``myst:``, ``html_meta``,
    ``substitutions``), which can turn on extensions that run code.
    """
    model = schema_for(docname)
    domain = archive_domain(app.env)

    def problem(line: int | None, subtype: ArchiveWarning, message: str) -> None:
        domain.add_problem(Problem(docname, line, subtype, message))

    text = source[0]
    matter = frontmatter.read(text)
    if not matter.present:
        if model is None:
            return
        if not text.strip():
            problem(1, ArchiveWarning.SCHEMA, "the file is empty: start it with a `---` front matter block")
        else:
            problem(
                1, ArchiveWarning.SCHEMA, "no front matter: start the file with a `---` block of metadata"
            )
        return
    for error in matter.errors:
        problem(error.line, ArchiveWarning.YAML, error.message)
    if matter.errors:
        # Reported here with its line; keep MyST from reporting it again.
        source[0] = frontmatter.neutralise(text)
        return
    if model is None:
        check_page_keys(matter, problem)
        source[0] = _for_myst(text, matter)
        return
    record, errors = schema.validate(model, matter.data)
    for loc, message in errors:
        subtype = ArchiveWarning.UNSAFE if schema.is_unsafe(message) else ArchiveWarning.SCHEMA
        problem(matter.line_of(loc), subtype, message)
    left_out = app.env.current_document.get(OVER_BUDGET)  # reported by the budget
    # A draft authority record (written by `import`) waits for its sentence: its page says so.
    draft = bool(getattr(record, "draft", False))
    if model in RECORD_MODELS and not left_out and not draft and frontmatter.body_is_empty(text, matter):
        problem(
            min(matter.span[1] + 1, text.count("\n") + 1),
            ArchiveWarning.SCHEMA,
            "the record has no body: write its text after the closing `---` of the front matter",
        )
    # MyST reads only what Sphinx and MyST use; the record is read above.
    source[0] = _for_myst(text, matter)
    if record is None:
        return
    for message_line, message in identity_problems(docname, record, matter):
        problem(message_line, ArchiveWarning.PATH, message)
    if isinstance(record, schema.Release):
        for index, group in enumerate(record.contacts):
            for number, contact in enumerate(group.entries):
                if contact.person and contact.post:
                    where = ("contacts", index, "entries", number, "post")
                    domain.add_claim(
                        Claim(contact.person, contact.post, docname, matter.line_of(where), _dotted(where))
                    )
        for index, block in enumerate(record.letterhead):
            if block.issuer not in record.issuers:
                problem(
                    matter.line_of(("letterhead", index, "issuer")),
                    ArchiveWarning.SCHEMA,
                    f"letterhead[{index}].issuer `{block.issuer}` is not one of `issuers`: "
                    "add it to `issuers` or correct the id",
                )
    state = app.env.current_document
    state[RECORD_KEY] = record
    state[LINES_KEY] = matter.lines


def _for_myst(text: str, matter: frontmatter.FrontMatter) -> str:
    """*text* with only the front matter keys MyST may read (:data:`SPHINX_METADATA`)."""
    text = frontmatter.reduced(text, matter, SPHINX_METADATA)
    if frontmatter.standard_loader_fails(text):
        text = frontmatter.neutralise(text)
    return text


def check_page_keys(matter: frontmatter.FrontMatter, problem: Callable[..., None]) -> None:
    """A page that is not a record may use only :data:`SPHINX_METADATA` keys."""
    for key in matter.data:
        line = matter.line_of((key,))
        if key in frontmatter.MYST_OPTIONS:
            problem(
                line,
                ArchiveWarning.UNSAFE,
                f"`{key}` is not allowed in front matter: a page may not change MyST's options (they "
                "can turn on extensions that run code); remove it",
            )
        elif key not in SPHINX_METADATA:
            problem(
                line,
                ArchiveWarning.SCHEMA,
                f"unknown key `{key}`: a page that is not a record may use only "
                f"{', '.join(f'`{k}`' for k in sorted(SPHINX_METADATA))}",
            )


def identity_problems(
    docname: str, record: BaseModel, matter: frontmatter.FrontMatter
) -> list[tuple[int, str]]:
    """Where a record's file disagrees with its metadata: its folder, its date, its name and id."""
    found: list[tuple[int, str]] = []
    path = release_path(docname)
    if isinstance(record, schema.Release) and path is not None:
        found += [
            (matter.line_of(("issued",)), message) for message in path.problems(record.issued, record.id)
        ]
        if record.id != path.name:
            found.append(
                (
                    matter.line_of(("id",)),
                    f"`id` is `{record.id}` but the file is `{path.name}.md`: a release's id is its "
                    "file name (addresses use one, links the other); make them the same",
                )
            )
    entity = entity_path(docname)
    if entity is not None and not entity.is_index and record.id != entity.name:  # type: ignore[attr-defined]
        found.append(
            (
                matter.line_of(("id",)),
                f"`id` is `{record.id}` but the file is `{entity.name}.md`: "  # type: ignore[attr-defined]
                "an entity's id is its file name; rename one of them",
            )
        )
    return found


def collect_record(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: store the record's entry and its mentions."""
    env = app.env
    docname = env.docname
    domain = archive_domain(env)
    path = release_path(docname)
    entity = entity_path(docname)
    if (path is not None and not path.is_year_page) or (entity is not None and not entity.is_index):
        # Records are reached through the generated listings of their year
        # page, not through a toctree: furo renders the whole toctree on
        # every page, which makes builds quadratic in the number of records.
        # Entity pages likewise are reached through the index of their kind.
        env.metadata[docname]["orphan"] = True
    for xref in doctree.findall(pending_xref):
        if xref.get("refdomain") == "archive":
            line = xref.line or (xref.parent.line if xref.parent is not None else None)
            domain.add_mention(Mention(xref["reftype"], xref["reftarget"], docname, line))
    record = record_being_read(env)
    lines = lines_being_read(env)
    if entity is not None and isinstance(record, tuple(ENTITY_MODELS.values())):
        name = title_of(doctree) or record.name  # type: ignore[attr-defined]
        posts = sorted(
            (node["post_index"], node.astext()) for node in doctree.findall(data_text) if "post_index" in node
        )
        acronym = next((node.astext() for node in doctree.findall(data_text) if node.get("acronym")), None)
        domain.add_entity(
            EntityEntry(
                kind=entity.kind,
                id=record.id,  # type: ignore[attr-defined]
                docname=docname,
                name=name,
                sort_key=sort_key(getattr(record, "sort_name", None) or name),
                record=record,
                posts=tuple(post for _, post in posts),
                acronym=acronym,
                lines=lines,
            )
        )
    if isinstance(record, schema.Release):
        domain.add_release(
            ReleaseEntry(
                id=record.id,
                docname=docname,
                title=title_of(doctree) or record.title,
                issued=record.issued,
                type=record.type,
                issuers=tuple(record.issuers),
                status=record.status,
                # Archive-wide checks point at top-level keys of a release
                # only; every line of every release would weigh on the
                # environment that each build loads and saves.
                lines={path: line for path, line in lines.items() if len(path) == 1},
                subtitle=subtitle_of(doctree),
                summary=summary_of(doctree),
                revised=tuple(revision.date for revision in record.revisions),
                language=record.language,
                record_json=record.model_dump_json(),
            )
        )


def _dotted(path: tuple[str | int, ...]) -> str:
    """``("contacts", 0, "entries", 1, "post")`` → ``contacts[0].entries[1].post``."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def sort_key(name: str) -> str:
    """Sort without regard to case and accents (É with E)."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def title_of(doctree: nodes.document) -> str | None:
    """The document's title as read, i.e. translated in a translated build."""
    for section in doctree.findall(nodes.section):
        if section.children and isinstance(section[0], nodes.title):
            return section[0].astext()
    return None


def subtitle_of(doctree: nodes.document) -> str | None:
    """The release's subtitle as read (translated in a translated build)."""
    for paragraph in doctree.findall(nodes.paragraph):
        if "subtitle" in paragraph["classes"]:
            return paragraph.astext()
    return None


def summary_of(doctree: nodes.document) -> tuple[SummaryPart, ...]:
    """A release's summary: its subtitle, else the first paragraph of its body.

    Read before cross-references are resolved, an entity link still shows its
    id; it is kept as ``("", kind, id)`` for the name to be filled in when the
    summary is used (:func:`communiques.opendata.published.summary`).
    """
    subtitle = subtitle_of(doctree)
    if subtitle:
        return ((subtitle, "", ""),)
    for section in doctree.findall(nodes.section):
        for child in section.children:
            if isinstance(child, nodes.paragraph):
                return tuple(_parts(child))
        break
    return ()


def _parts(node: nodes.Node) -> list[SummaryPart]:
    if isinstance(node, pending_xref) and node.get("refdomain") == "archive" and not node.get("refexplicit"):
        return [("", node["reftype"], node["reftarget"])]
    if isinstance(node, nodes.Text):
        return [(node.astext(), "", "")]
    parts: list[SummaryPart] = []
    for child in node.children:
        parts.extend(_parts(child))
    return parts


def setup_records(app: Sphinx) -> None:
    app.connect("source-read", read_record)
    # After Sphinx's own collectors (priority 500), which reset env.metadata.
    app.connect("doctree-read", collect_record, priority=600)
