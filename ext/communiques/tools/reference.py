"""The reference of front matter fields and warnings, generated from the code.

``python -m communiques.tools.reference`` prints, in Markdown, one table per model
of :mod:`communiques.core.schema` (every key, whether it is required or its
default, its type in plain words, its description and an example) and the
catalogue of warning subtypes of :class:`communiques.core.warnings_.ArchiveWarning`
with their docstrings. ``--write docs/reference.md`` writes it to a file,
``--check docs/reference.md`` fails if the file differs from what would be
written, so the committed reference cannot drift from the code.

The enum members' docstrings are attribute docstrings, which Python does not
keep at run time: they are read from the source of ``warnings_.py`` with
:mod:`ast`. The output depends on nothing but the code: no date, no path.
"""

from __future__ import annotations

import ast
import inspect
import sys
import types
from collections.abc import Sequence
from datetime import date
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from annotated_types import MinLen
from pydantic import BaseModel, BeforeValidator, EmailStr, HttpUrl, StringConstraints
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from communiques.core import schema, warnings_
from communiques.core.warnings_ import WARNING_TYPE, ArchiveWarning
from communiques.tools import generated_docs

COMMAND = "python -m communiques.tools.reference"

#: the models, grouped by the document they describe, in the reference's order,
#: with an optional sentence introducing the group
SECTIONS: tuple[tuple[str, str, tuple[type[BaseModel], ...]], ...] = (
    (
        "Releases",
        "",
        (
            schema.Release,
            schema.Source,
            schema.Revision,
            schema.Letterhead,
            schema.ContactGroup,
            schema.Contact,
        ),
    ),
    ("Year pages", "", (schema.YearPage,)),
    ("People", "", (schema.Person, schema.Appointment)),
    ("Organisations", "", (schema.Organisation, schema.Relation)),
    ("Agreements", "", (schema.Agreement, schema.Party)),
    (
        "Shared",
        "The `identifiers` of people, organisations and agreements; "
        "the `evidence` of people and organisations.",
        (schema.Identifiers, schema.Evidence),
    ),
    ("Index pages", "", (schema.KindIndex,)),
)

#: rules across fields, which no field's description states: those of the
#: models' validators (the tests require one for each) and those checked while
#: reading a record (records.py)
RULES: dict[type[BaseModel], str] = {
    schema.Release: (
        "The `issuer` of every `letterhead` block must be listed in `issuers`. "
        "A `corrected` or `withdrawn` release needs at least one `revisions` entry (shown in its notice)."
    ),
    schema.Contact: "A contact needs at least `name` or `organisation`.",
    schema.Organisation: "`classification` is required, except in a draft (`draft: true`).",
}


def models() -> list[type[BaseModel]]:
    """Every model in the reference, in its order."""
    return [model for _, _, group in SECTIONS for model in group]


# -- types in plain words ----------------------------------------------------------------


def _anchor(model: type[BaseModel]) -> str:
    return f"[{model.__name__}](#{model.__name__.lower()})"


def _unwrap(annotation: Any, metadata: Sequence[Any]) -> tuple[Any, list[Any]]:
    """The bare type of *annotation* and all the metadata attached to it."""
    found = list(metadata)
    while get_origin(annotation) is Annotated:
        annotation, *extra = get_args(annotation)
        found.extend(extra)
    return annotation, found


def _is_optional(annotation: Any) -> tuple[bool, Any]:
    """Whether *annotation* admits None, and the annotation without it."""
    if get_origin(annotation) in (Union, types.UnionType):
        rest = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(rest) < len(get_args(annotation)):
            return True, rest[0] if len(rest) == 1 else Union[tuple(rest)]  # noqa: UP007
    return False, annotation


def describe(annotation: Any, metadata: Sequence[Any] = (), *, plural: bool = False) -> str:
    """The type of a value in plain words: ``text``, ``date YYYY-MM-DD``, ``list of ids``…"""
    _, annotation = _is_optional(annotation)
    annotation, meta = _unwrap(annotation, metadata)
    _, annotation = _is_optional(annotation)
    annotation, more = _unwrap(annotation, ())
    meta.extend(more)
    origin = get_origin(annotation)
    if origin is list:
        (item,) = get_args(annotation)
        words = "list of " + describe(item, plural=True)
        if any(isinstance(m, MinLen) and m.min_length >= 1 for m in meta):
            words += " (at least one)"
        return words
    if origin is Literal:
        choices = ", ".join(f"`{choice}`" for choice in get_args(annotation))
        return f"one of {choices}" if len(get_args(annotation)) > 1 else f"the value {choices}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"{_anchor(annotation)} {'mappings' if plural else 'mapping'}"
    if annotation is HttpUrl:  # before the dates: a web address has a validator too (its scheme)
        return "web addresses (http or https)" if plural else "web address (http or https)"
    if annotation is date or any(isinstance(m, BeforeValidator) for m in meta):
        return "dates YYYY-MM-DD" if plural else "date YYYY-MM-DD"
    if annotation is EmailStr:
        return "e-mail addresses" if plural else "e-mail address"
    if annotation is str:
        pattern = next((m.pattern for m in meta if isinstance(m, StringConstraints) and m.pattern), None)
        if pattern == schema.SLUG_PATTERN:
            return "ids" if plural else "id"
        if pattern:
            return f"{'texts' if plural else 'text'} matching `{pattern}`"
        return "texts" if plural else "text"
    return getattr(annotation, "__name__", str(annotation))


def presence(field: FieldInfo) -> str:
    """``required``, ``optional`` or the default of an optional field."""
    if field.is_required():
        return "required"
    if field.default_factory is not None:
        value = field.default_factory()  # type: ignore[call-arg]
        return "optional, default empty" if value in ([], {}, ()) else f"optional, default `{value}`"
    if field.default is None or field.default is PydanticUndefined:
        return "optional"
    return f"optional, default `{field.default}`"


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def _fields(model: type[BaseModel]) -> list[str]:
    """The model's own fields first, then those it inherits, each in declaration order."""
    own = list(inspect.get_annotations(model))
    names = list(model.model_fields)
    return [n for n in names if n in own] + [n for n in names if n not in own]


def model_table(model: type[BaseModel]) -> str:
    lines = [
        f"### {model.__name__}",
        "",
        inspect.cleandoc(model.__doc__ or "").replace("``", "`"),
        "",
    ]
    if model in RULES:
        lines += [f"Rule: {RULES[model]}", ""]
    lines += [
        "| Key | Required or default | Type | Description | Example |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name in _fields(model):
        field = model.model_fields[name]
        example = ", ".join(f"`{e}`" for e in field.examples or []) or "—"
        row = (
            f"`{name}`",
            presence(field),
            describe(field.annotation, field.metadata),
            field.description or "",
            example,
        )
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return "\n".join(lines) + "\n"


# -- warnings ----------------------------------------------------------------------------


def warning_docs() -> dict[ArchiveWarning, str]:
    """The attribute docstring of each member of ArchiveWarning, read with ast."""
    tree = ast.parse(inspect.getsource(warnings_))
    found: dict[ArchiveWarning, str] = {}
    for node in ast.walk(tree):
        if not (isinstance(node, ast.ClassDef) and node.name == ArchiveWarning.__name__):
            continue
        body = node.body
        for statement, following in zip(body, [*body[1:], None], strict=True):
            if not (isinstance(statement, ast.Assign) and len(statement.targets) == 1):
                continue
            target = statement.targets[0]
            if not isinstance(target, ast.Name):
                continue
            if (
                isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                found[ArchiveWarning[target.id]] = inspect.cleandoc(following.value.value)
    missing = [member.name for member in ArchiveWarning if member not in found]
    if missing:
        msg = f"ArchiveWarning members without a docstring in warnings_.py: {', '.join(missing)}"
        raise ValueError(msg)
    return found


def warnings_table() -> str:
    docs = warning_docs()
    lines = [
        "## Warnings",
        "",
        "Every problem in the archive is reported as a Sphinx warning with the file, the line, "
        f"advice and a subtype of the `{WARNING_TYPE}` type:",
        "",
        "```text",
        f"<file>:<line>: WARNING: <what is wrong and what to do> [{WARNING_TYPE}.<subtype>]",
        "```",
        "",
        "The build is strict (`-W`): any warning fails it. The subtypes:",
        "",
        "| Subtype | Meaning |",
        "| --- | --- |",
    ]
    for member in ArchiveWarning:
        text = docs[member].replace("``", "`")
        lines.append(f"| `{WARNING_TYPE}.{member.value}` | {_cell(text)} |")
    return "\n".join(lines) + "\n"


# -- the whole reference -----------------------------------------------------------------


def render() -> str:
    """The whole reference, in Markdown."""
    parts = [
        "# Reference of the archive's metadata\n",
        f"<!-- Generated by `{COMMAND} --write docs/reference.md` from "
        "ext/communiques/core/schema.py and ext/communiques/core/warnings_.py: do not edit by hand. -->\n",
        "Every record of the archive starts with a front matter block between two `---` lines, "
        "in YAML. This reference lists, for each kind of document, every key it accepts. "
        "Unknown keys are errors (the build suggests the closest known key); text is trimmed "
        "of surrounding spaces and may not be empty; an id is lowercase letters, digits and "
        "hyphens (e.g. `nadine-girault`); dates are written `YYYY-MM-DD` and must exist. "
        "A key marked optional may be left out. See the "
        "[archivists' guide](archivists-guide.md) for how to write records.\n",
    ]
    for title, intro, group in SECTIONS:
        parts.append(f"## {title}\n")
        if intro:
            parts.append(f"{intro}\n")
        parts.extend(model_table(model) for model in group)
    parts.append(warnings_table())
    return "\n".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    return generated_docs.main(
        argv,
        prog=COMMAND,
        description=(
            "Print the reference of the archive's front matter fields and warnings, in Markdown, "
            "generated from ext/communiques/core/schema.py and warnings_.py."
        ),
        render=render,
    )


if __name__ == "__main__":
    sys.exit(main())
