"""Read a document's YAML front matter with the line of every value, within bounds.

MyST parses front matter too, but hands Sphinx strings (lists become JSON)
and keeps no line numbers; archivists need ``file:line`` for each problem. So
the source text seen by ``source-read`` is read here once more, from PyYAML's
event stream, into nodes that keep a mark each.

Front matter comes from strangers: it is composed within bounds (no
anchors or aliases, limited depth, items, values and length) by
:mod:`communiques.core.bounded_yaml`, which also locates syntax errors where
the mistake is (an unclosed quote at its own line).

Dates are kept as strings (the timestamp resolver is removed) so that the
schema, not PyYAML, judges them: PyYAML raises a bare ``ValueError`` on
``2020-02-30`` and silently accepts datetimes where a date is meant.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from communiques.core.bounded_yaml import (
    FAST_LOADER,
    LIMITS,
    SAFE_C,
    Limits,
    Loader,
    TooLargeError,
    compose,
    syntax_error,
    unreadable,
)

#: front matter keys with which a text would set MyST's own options (see ``guard/parser.py``)
MYST_OPTIONS = frozenset({"myst", "html_meta", "substitutions"})

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class FrontMatterError:
    line: int
    message: str


@dataclass
class FrontMatter:
    """The front matter of one document."""

    data: dict[str, Any] = field(default_factory=dict)
    #: line (1-based, in the file) of each key or list item, by path
    lines: dict[Path_, int] = field(default_factory=dict)
    #: first and last line of the block, fences included (0, 0 if none)
    span: tuple[int, int] = (0, 0)
    errors: list[FrontMatterError] = field(default_factory=list)
    #: the block opens with ``---`` on the first line but no line closes it
    unclosed: bool = False

    @property
    def present(self) -> bool:
        return self.span != (0, 0)

    def line_of(self, path: Path_) -> int:
        """The line of *path*, or of its nearest recorded ancestor."""
        return line_at(self.lines, path, self.span[0] or 1)


def line_at(lines: dict[Path_, int], path: Path_, default: int = 1) -> int:
    """The line of *path* in *lines*, or of its nearest recorded ancestor."""
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return default


def opens(text: str) -> bool:
    """Whether *text* starts with a front matter fence (``---`` alone on the first line)."""
    first = text.split("\n", 1)[0]
    return first.rstrip() == "---"


def split(text: str) -> tuple[list[str], int] | None:
    """The YAML lines of the front matter and the closing fence's index."""
    if not opens(text):
        return None
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return lines[1:index], index
    return None


def read(text: str, limits: Limits = LIMITS) -> FrontMatter:
    """Parse the front matter at the top of *text* (a MyST document)."""
    found = split(text)
    if found is None:
        if opens(text):
            return FrontMatter(
                span=(1, 1),
                unclosed=True,
                errors=[
                    FrontMatterError(
                        1,
                        "the front matter that opens on this line is never closed: add a line `---` "
                        "after its last key, before the body",
                    )
                ],
            )
        return FrontMatter()
    yaml_lines, closing = found
    result = FrontMatter(span=(1, closing + 1))
    offset = 2  # the YAML's first line is the file's second
    source = "\n".join(yaml_lines)
    try:
        try:
            node = compose(source, FAST_LOADER, limits)
        except yaml.YAMLError:
            if FAST_LOADER is Loader:
                raise
            node = compose(source, Loader, limits)
    except TooLargeError as exc:
        result.errors.append(FrontMatterError(exc.line + offset, exc.message))
        return result
    except yaml.MarkedYAMLError as exc:
        line, message = syntax_error(exc, yaml_lines)
        result.errors.append(FrontMatterError(line + offset, message))
        return result
    except yaml.YAMLError as exc:
        result.errors.append(FrontMatterError(offset, f"the front matter is not valid YAML ({exc})"))
        return result
    if node is None:
        return result
    if not isinstance(node, yaml.MappingNode):
        result.errors.append(
            FrontMatterError(
                node.start_mark.line + offset,
                "the front matter must be a list of `key: value` lines",
            )
        )
        return result
    _record_lines(node, (), offset, result)
    if result.errors:
        return result
    data = _construct(node, offset, result)
    if data is not None:
        result.data = data
    return result


def _construct(node: yaml.MappingNode, offset: int, into: FrontMatter) -> dict[str, Any] | None:
    """The data of *node*; a value that cannot be made is reported at its own line."""
    constructor = Loader("")
    try:
        data = constructor.construct_document(node)
    except (yaml.YAMLError, ValueError, TypeError) as whole:
        # Find the key at fault, to give its line rather than the block's.
        for key_node, value_node in node.value:
            try:
                Loader("").construct_document(yaml.MappingNode(node.tag, [(key_node, value_node)]))
            except (yaml.YAMLError, ValueError, TypeError) as exc:
                mark = getattr(exc, "problem_mark", None)
                line = mark.line if mark is not None else key_node.start_mark.line
                into.errors.append(FrontMatterError(line + offset, unreadable(exc)))
                return None
        into.errors.append(FrontMatterError(offset, unreadable(whole)))
        return None
    if not isinstance(data, dict):  # a mapping with a merge key (`<<`) of something else
        into.errors.append(FrontMatterError(offset, "the front matter must be a list of `key: value` lines"))
        return None
    return data


def _record_lines(node: yaml.Node, path: Path_, offset: int, into: FrontMatter) -> None:
    # Recursion is bounded: the composer refuses nesting beyond LIMITS.depth.
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + offset
            if key in seen:
                into.errors.append(
                    FrontMatterError(
                        line,
                        f"`{key}` is given twice (first on line {seen[key]}); keep one",
                    )
                )
            seen[key] = line
            into.lines[(*path, key)] = line
            _record_lines(value_node, (*path, key), offset, into)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            into.lines[(*path, index)] = item.start_mark.line + offset
            _record_lines(item, (*path, index), offset, into)


def standard_loader_fails(text: str) -> bool:
    """Whether PyYAML's safe loader, which MyST uses, fails on this front matter.

    It fails where this module does not, on impossible dates such as
    ``2020-02-30`` (a bare ``ValueError``); the schema reports those.
    Only ever given front matter that :func:`read` accepted, hence bounded.
    """
    found = split(text)
    if found is None:
        return False
    source = "\n".join(found[0])
    if SAFE_C is not None:
        try:
            yaml.load(source, Loader=SAFE_C)
        except (yaml.YAMLError, ValueError, RecursionError):
            pass  # MyST's pure-Python loader decides below
        else:
            return False
    try:
        yaml.safe_load(source)
    except (yaml.YAMLError, ValueError, RecursionError):
        return True
    return False


def neutralise(text: str) -> str:
    """*text* with its front matter emptied but its line count kept.

    Used when the front matter is unreadable: this extension has reported
    why, and MyST would otherwise report the same problem a second time.
    A front matter that is never closed loses its opening fence, so that
    nothing after it is read as front matter by MyST (which would take the
    whole file for it).
    """
    found = split(text)
    if found is None:
        if opens(text):
            return "\n" + text.split("\n", 1)[1] if "\n" in text else ""
        return text
    yaml_lines, closing = found
    if not yaml_lines:
        return text
    lines = text.split("\n")
    lines[1:closing] = ["{}"] + [""] * (len(yaml_lines) - 1)
    return "\n".join(lines)


def reduced(text: str, matter: FrontMatter, keep: frozenset[str]) -> str:
    """*text* with only the top-level keys *keep* left in its front matter, each on its own lines.

    The other keys' lines are left blank, so every line keeps its number.
    For the parser that reads the document after this module: MyST parses
    the front matter twice with PyYAML's pure-Python loader (about 3 ms for
    a release, a sixth of reading it), and what it reads of it is only what
    Sphinx, MyST and the theme use (the title, ``orphan``…); the archive has
    its record from :func:`read`. *matter* must be :func:`read`'s result for
    *text*, without errors.
    """
    found = split(text)
    if found is None or not found[0]:
        return text
    _, closing = found
    lines = text.split("\n")
    # Each top-level key runs from its line to the line before the next one.
    starts = sorted((line, path[0]) for path, line in matter.lines.items() if len(path) == 1)
    kept = [False] * len(lines)
    # (found by fuzzing: a block of blank lines has no key, and zip() had one end too many)
    for (start, key), (end, _) in zip(starts, [*starts[1:], (closing + 1, "")][: len(starts)], strict=True):
        if key in keep:
            for number in range(start, end):
                kept[number - 1] = True
    yaml_lines = range(1, closing)  # indexes of the lines between the fences
    if not any(kept[index] for index in yaml_lines):
        lines[1:closing] = ["{}"] + [""] * (closing - 2)
    else:
        for index in yaml_lines:
            if not kept[index]:
                lines[index] = ""
    return "\n".join(lines)


def body_is_empty(text: str, matter: FrontMatter) -> bool:
    """Whether nothing but blank lines and comments (``% …``) follows the front matter."""
    lines = text.split("\n")[matter.span[1] :]
    return not any(line.strip() and not line.lstrip().startswith("%") for line in lines)
