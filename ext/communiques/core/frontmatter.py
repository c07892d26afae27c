"""Read a document's YAML front matter with the line of every value.

MyST parses front matter too, but hands Sphinx strings (lists become JSON)
and keeps no line numbers; archivists need ``file:line`` for each problem. So
the source text seen by ``source-read`` is read here once more with PyYAML's
composer, which keeps a mark on every node.

Dates are kept as strings (the timestamp resolver is removed) so that the
schema, not PyYAML, judges them: PyYAML raises a bare ``ValueError`` on
``2020-02-30`` and silently accepts datetimes where a date is meant.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _Loader(yaml.SafeLoader):
    """Safe loader that leaves ISO dates as plain strings."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# libyaml's parser, when PyYAML has it, reads a front matter several times
# faster than the pure-Python one: it is tried first. On a failure the
# Python parser reads it again, so that the messages archivists see do not
# depend on how PyYAML was installed.
_SafeC: type[yaml.SafeLoader] | None = getattr(yaml, "CSafeLoader", None)
_FastLoader: type[yaml.SafeLoader] = _Loader
if _SafeC is not None:

    class _CLoader(_SafeC):  # type: ignore[valid-type, misc]
        """The same, with libyaml's parser."""

    _CLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    _FastLoader = _CLoader


def _compose(text: str, loader_class: type[yaml.SafeLoader]) -> yaml.Node | None:
    loader = loader_class(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


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


def split(text: str) -> tuple[list[str], int] | None:
    """The YAML lines of the front matter and the closing fence's index."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return lines[1:index], index
    return None


def read(text: str) -> FrontMatter:
    """Parse the front matter at the top of *text* (a MyST document)."""
    found = split(text)
    if found is None:
        return FrontMatter()
    yaml_lines, closing = found
    result = FrontMatter(span=(1, closing + 1))
    offset = 2  # the YAML's first line is the file's second
    source = "\n".join(yaml_lines)
    try:
        try:
            node = _compose(source, _FastLoader)
        except yaml.YAMLError:
            if _FastLoader is _Loader:
                raise
            node = _compose(source, _Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + offset if mark else offset
        problem = exc.problem or exc.context or "invalid YAML"
        result.errors.append(
            FrontMatterError(
                line,
                f"the front matter is not valid YAML ({problem}); check the "
                "indentation and quote values that contain ': ' or start with "
                "a special character",
            )
        )
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
    try:
        data = _Loader("").construct_document(node)
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        result.errors.append(FrontMatterError(offset, f"the front matter cannot be read ({exc})"))
        return result
    result.data = data
    return result


def _record_lines(node: yaml.Node, path: Path_, offset: int, into: FrontMatter) -> None:
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
    """
    found = split(text)
    if found is None:
        return False
    source = "\n".join(found[0])
    if _SafeC is not None:
        try:
            yaml.load(source, Loader=_SafeC)
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
    """
    found = split(text)
    if found is None:
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
    for (start, key), (end, _) in zip(starts, [*starts[1:], (closing + 1, "")], strict=True):
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
