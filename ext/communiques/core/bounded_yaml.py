"""YAML composed within bounds, and its syntax errors located where the mistake is.

Front matter comes from strangers (see ``SECURITY.md``), so it is composed
here from PyYAML's event stream rather than by PyYAML's composer, under
limits that hold whatever the text (:data:`LIMITS`):

- no anchors (``&a``) and no aliases (``*a``): PyYAML shares an aliased node,
  and anything that walks the result as a tree (the line index, the schema,
  JSON) walks it once per path: nine nested aliases of nine items made
  ``check`` grow to 11 GB. Records never need them; each is refused at its line;
- nesting depth, items in one list, keys in one mapping, nodes in all, length
  of one value and of the whole front matter are bounded, each refusal at the
  line where the bound is crossed; reading stops there.

A syntax error is reported where the mistake most likely is, not where the
YAML reader gave up: a quoted value left open is read on through the lines
after it, so the reader stops many lines further (:func:`syntax_error`).
:mod:`communiques.core.frontmatter` uses both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


@dataclass(frozen=True)
class Limits:
    """What one front matter may hold; far above any real record (the seed's has 53 lines)."""

    #: characters between the fences
    characters: int = 256 * 1024
    #: levels of lists and mappings inside one another (a release's deepest is 4)
    depth: int = 12
    #: items of one list, keys of one mapping
    items: int = 1000
    #: values, lists and mappings in all
    nodes: int = 20_000
    #: characters of one value
    value: int = 20_000


LIMITS = Limits()


class Loader(yaml.SafeLoader):
    """Safe loader that leaves ISO dates as plain strings."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# libyaml's parser, when PyYAML has it, reads a front matter several times
# faster than the pure-Python one: it is tried first. On a failure the
# Python parser reads it again, so that the messages archivists see do not
# depend on how PyYAML was installed.
SAFE_C: type[yaml.SafeLoader] | None = getattr(yaml, "CSafeLoader", None)
FAST_LOADER: type[yaml.SafeLoader] = Loader
if SAFE_C is not None:

    class _CLoader(SAFE_C):  # type: ignore[valid-type, misc]
        """The same, with libyaml's parser."""

    _CLoader.yaml_implicit_resolvers = Loader.yaml_implicit_resolvers
    FAST_LOADER = _CLoader


class TooLargeError(Exception):
    """The front matter crosses one of :data:`LIMITS` (or uses an anchor or alias)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line  # 0-based, in the YAML text
        self.message = message


def compose(text: str, loader_class: type[yaml.SafeLoader], limits: Limits = LIMITS) -> yaml.Node | None:
    """The node tree of *text*, composed from the parser's events under *limits*."""
    if len(text) > limits.characters:
        raise TooLargeError(
            0,
            f"the front matter is longer than {limits.characters // 1024} KB: keep long text in the "
            "body, after the closing `---`",
        )
    loader = loader_class(text)
    try:
        return _Composer(loader, limits).document()
    finally:
        loader.dispose()


class _Composer:
    """PyYAML's composer made iterative and bounded: one pass over the events."""

    def __init__(self, loader: yaml.SafeLoader, limits: Limits) -> None:
        # Any: PyYAML's parser methods are untyped, and libyaml's marks are another class
        self.loader: Any = loader
        self.limits = limits
        self.nodes = 0

    def document(self) -> yaml.Node | None:
        loader = self.loader
        loader.get_event()  # StreamStart
        if loader.check_event(yaml.StreamEndEvent):
            return None
        loader.get_event()  # DocumentStart
        root: yaml.Node | None = None
        # Each open collection, with the items read so far.
        stack: list[yaml.CollectionNode] = []
        while True:
            event = loader.get_event()
            if isinstance(event, yaml.DocumentEndEvent):
                break
            if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                done = stack.pop()
                done.end_mark = event.end_mark
                continue
            node: Any = self._node(event, len(stack))
            if stack:
                parent = stack[-1]
                if isinstance(parent, yaml.MappingNode):
                    pairs = parent.value
                    if pairs and pairs[-1][1] is None:
                        pairs[-1] = (pairs[-1][0], node)
                    else:
                        if not isinstance(node, yaml.ScalarNode):
                            raise TooLargeError(
                                node.start_mark.line,
                                "a key must be a word, not a list or a mapping: write `key: value`",
                            )
                        self._count(len(pairs), node, "keys")
                        pairs.append((node, None))
                else:
                    self._count(len(parent.value), node, "items")
                    parent.value.append(node)
            else:
                root = node
            if isinstance(node, yaml.CollectionNode):
                stack.append(node)
        if not loader.check_event(yaml.StreamEndEvent):
            event = loader.get_event()
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                None,
                "but found another document",
                event.start_mark,
            )
        return root

    def _count(self, already: int, node: Any, what: str) -> None:
        if already >= self.limits.items:
            raise TooLargeError(
                node.start_mark.line,
                f"more than {self.limits.items} {what} in one list or mapping: a record needs far "
                "fewer; split the data or remove the repeated lines",
            )

    def _node(self, event: Any, depth: int) -> yaml.Node:
        line = event.start_mark.line
        start: Any = event.start_mark  # libyaml's marks are not PyYAML's class, with the same fields
        end: Any = event.end_mark
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            name = event.anchor
            sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
            raise TooLargeError(
                line,
                f"`{sign}{name}`: anchors (`&name`) and aliases (`*name`) are not allowed in front "
                "matter (they can make a small text expand without end); write each value out in full",
            )
        self.nodes += 1
        if self.nodes > self.limits.nodes:
            raise TooLargeError(
                line,
                f"the front matter holds more than {self.limits.nodes} values: a record needs far "
                "fewer; remove the repeated lines",
            )
        if depth >= self.limits.depth:
            raise TooLargeError(
                line,
                f"the front matter nests lists and mappings more than {self.limits.depth} levels "
                "deep: a record needs at most 4; check the indentation",
            )
        resolve = self.loader.resolve
        if isinstance(event, yaml.ScalarEvent):
            if len(event.value) > self.limits.value:
                raise TooLargeError(
                    line,
                    f"this value is longer than {self.limits.value} characters: keep long text in "
                    "the body, after the closing `---`",
                )
            tag = event.tag
            if tag is None or tag == "!":
                tag = resolve(yaml.ScalarNode, event.value, event.implicit)
            return yaml.ScalarNode(tag, event.value, start, end, style=event.style)
        if isinstance(event, yaml.SequenceStartEvent):
            tag = event.tag
            if tag is None or tag == "!":
                tag = resolve(yaml.SequenceNode, None, event.implicit)
            return yaml.SequenceNode(tag, [], start, None, flow_style=event.flow_style)
        assert isinstance(event, yaml.MappingStartEvent), event
        tag = event.tag
        if tag is None or tag == "!":
            tag = resolve(yaml.MappingNode, None, event.implicit)
        return yaml.MappingNode(tag, [], start, None, flow_style=event.flow_style)


def unreadable(exc: Exception) -> str:
    problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
    return f"this value cannot be read ({problem}); write it as plain text, a date, a list or a mapping"


#: a value that opens a quote: after ``key:`` or ``-`` at the start of a line
_QUOTED = re.compile(r"""^\s*(?:-\s+|[^\s#'"][^:#]*:\s+|-\s+[^\s#'"][^:#]*:\s+)(?P<quote>["'])""")


def _unclosed_quote(line: str) -> str | None:
    """The quote mark that opens a value on *line* and is not closed on it, else None."""
    match = _QUOTED.match(line)
    if match is None:
        return None
    quote = match["quote"]
    rest = line[match.end() :]
    index = 0
    while index < len(rest):
        char = rest[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and rest[index + 1 : index + 2] == "'":
                index += 2  # '' is a quote inside a single-quoted value
                continue
            return None
        index += 1
    return quote


def syntax_error(exc: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, str]:
    """(0-based line, message) of a YAML syntax error, where the archivist will find the mistake."""
    problem_line = exc.problem_mark.line if exc.problem_mark else 0
    context_line = exc.context_mark.line if exc.context_mark else None
    problem = exc.problem or exc.context or "invalid YAML"
    # A quote left open: the reader goes on through the next lines and stops
    # far from it. The first value opened with a quote that its line does not
    # close, up to where the reader stopped, is the likely mistake.
    for number, text in enumerate(lines[: problem_line + 1]):
        quote = _unclosed_quote(text)
        if quote is not None and (number < problem_line or "quoted scalar" in str(exc.context)):
            return (
                number,
                f"the quoted value that starts on this line is not closed: end it with {quote} on "
                'the same line (inside a value, write the quote mark twice in \'…\' or as \\" in "…")',
            )
    if exc.context and exc.context.startswith("while parsing a flow") and context_line is not None:
        bracket = "[" if "sequence" in exc.context else "{"
        closing = "]" if bracket == "[" else "}"
        return (
            context_line,
            f"the `{bracket}` on this line is not closed: end the list with `{closing}` on the same line",
        )
    if "'\\t'" in problem:
        return problem_line, "a tab indents this line: YAML is indented with spaces only"
    return (
        problem_line,
        f"the front matter is not valid YAML ({problem}); check the indentation and quote values "
        "that contain ': ' or start with a special character",
    )
