"""Pydantic's validation errors turned into advice an archivist can act on.

Each problem of a front matter becomes one sentence saying what is wrong
and what to write instead, with the field's example from the schema
(``add `issued: 2020-06-25```); a misspelt key is reported once, as the
misspelling, not also as a missing key.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails


def _example(model: type[BaseModel], name: str) -> str | None:
    field = model.model_fields.get(name)
    if field is None or not field.examples:
        return None
    return f"`{name}: {field.examples[0]}`"


def _field_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel]:
    """The model owning the last field of *loc*."""
    current = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        if field is None:
            return current
        for candidate in _models_in(field.annotation):
            current = candidate
            break
    return current


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in getattr(annotation, "__args__", ()):
        found.extend(_models_in(arg))
    return found


def _dotted(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


#: how the schema marks an address whose scheme could run code (``archive.unsafe``, not ``schema``)
UNSAFE_ADDRESS = "unsafe address:"


def is_unsafe(advice_text: str) -> bool:
    """Whether a problem :func:`validate` gives is an unsafe address (``archive.unsafe``)."""
    return "` is a `" in advice_text and "could run code" in advice_text


def advice(model: type[BaseModel], error: ErrorDetails) -> str:
    """One sentence saying what is wrong and what to write instead."""
    loc = tuple(error["loc"])
    kind = error["type"]
    name = _dotted(loc) or "front matter"
    owner = _field_at(model, loc) if loc else model
    last = loc[-1] if loc else ""
    value = error.get("input")
    shown = repr(value) if not isinstance(value, dict) else "a mapping"
    if kind == "missing":
        example = _example(owner, str(last))
        return f"`{name}` is missing: add it" + (f", e.g. {example}" if example else "")
    if kind == "extra_forbidden":
        known = list(owner.model_fields)
        close = difflib.get_close_matches(str(last), known, n=1)
        hint = f"did you mean `{close[0]}`?" if close else f"known keys: {', '.join(known)}"
        return f"unknown key `{name}`: {hint}"
    if kind == "value_error" and UNSAFE_ADDRESS in str(error.get("msg")):
        scheme = str(error.get("msg")).split(UNSAFE_ADDRESS, 1)[1]
        return (
            f"`{name}` is a `{scheme}:` address, which could run code in readers' browsers or reach their "
            "files: give the `https:` address of the page"
        )
    if kind == "value_error" and "iso_date" in str(error.get("msg")):
        return f"`{name}` must be a date written YYYY-MM-DD (e.g. 2020-06-25), not {shown}"
    if kind.startswith("date_"):
        return f"`{name}` is not a real date ({shown}); write an existing day as YYYY-MM-DD"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"`{name}` must be one of {expected}, not {shown}"
    if kind == "string_pattern_mismatch":
        if "sha256" in name:
            return f"`{name}` must be 64 lowercase hexadecimal digits, not {shown}"
        if "redirect_from" in name:
            return (
                f"`{name}` must be a former path in `source/`, segments of letters, digits, "
                f"`-`, `_` and `.` (e.g. releases/2020/2020-06-25-ancien-nom), not {shown}"
            )
        return (
            f"`{name}` must be an id in lowercase letters, digits and hyphens "
            f"(e.g. nadine-girault), not {shown}"
        )
    if kind in ("string_type", "list_type", "model_type", "dict_type"):
        wanted = {
            "string_type": "text",
            "list_type": "a list (e.g. `[a, b]` or one `- item` per line)",
            "model_type": "a mapping of `key: value` lines",
            "dict_type": "a mapping of `key: value` lines",
        }[kind]
        return f"`{name}` must be {wanted}, not {shown}"
    if kind in ("too_short", "string_too_short"):
        return f"`{name}` must not be empty"
    if kind == "string_too_long":
        return f"`{name}` is too long; shorten it"
    message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
    return f"`{name}`: {message}"


def validate(
    model: type[BaseModel], data: dict[str, Any]
) -> tuple[BaseModel | None, list[tuple[tuple[str | int, ...], str]]]:
    """The validated model, or None and the ``(path, advice)`` of each problem."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        errors = exc.errors()
    # A misspelt key is also a missing one: say it once, as the misspelling.
    suggested = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            owner = _field_at(model, tuple(err["loc"]))
            close = difflib.get_close_matches(str(err["loc"][-1]), list(owner.model_fields), n=1)
            suggested |= {(*err["loc"][:-1], name) for name in close}
    return None, [
        (tuple(err["loc"]), advice(model, err))
        for err in errors
        if not (err["type"] == "missing" and tuple(err["loc"]) in suggested)
    ]
