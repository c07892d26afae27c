"""A resolved doctree as the PDF templates' data: blocks of runs, every link absolute.

The templates (``templates/*.typ``) lay out data, never markup: this module
turns docutils nodes into plain dictionaries (the shape is in docs/pdf.md).

- A *run* is a piece of text with its style: ``{"text", "strong", "emph",
  "code", "nobreak", "link", "lang"}`` (the flags only when true). Adjacent
  runs of the same style are merged.
- A *block* is a dictionary with a ``type``: ``heading``, ``paragraph``,
  ``list``, ``terms``, ``quote``, ``lines``, ``code``, ``table``, ``notice``,
  and the release's own ``end-mark``, ``contacts``, ``history`` and
  ``provenance`` (see :mod:`communiques.pdf.data`).

Every node a release may hold has a rule here; a node without one gives its
text as a paragraph, so that nothing a record says is lost from its PDF.
Links are made absolute from the page's own address (the site's base URL),
so they work once the PDF is downloaded; only http(s) and mailto links are
kept (their text stays either way).
"""

from __future__ import annotations

import re
from posixpath import splitext
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin, urlsplit

from docutils import nodes
from sphinx import addnodes

from communiques.core.paths import entity_path

if TYPE_CHECKING:
    from collections.abc import Sequence

Run = dict[str, Any]
Block = dict[str, Any]

#: a paragraph longer than this is broken line by line, not optimally as a whole:
#: optimal breaking took 1.8 GB for a paragraph of 1 MB and 9 GB for 5 MB
GREEDY_CHARACTERS = 10_000
#: the only link schemes a PDF keeps (the templates and docs/pdf.md say why)
SCHEMES = ("http", "https", "mailto")

_SPACE = re.compile(r"[ \t\r\n\f\v]+")
# Characters PDF/A text cannot carry or the layout would act on: C0 and C1 controls
# but the spaces above (made spaces), and the Unicode non-characters.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_LANGUAGE_CLASS = re.compile(r"^language-([a-z]{2,3})$")
_SKIPPED = (
    nodes.comment,
    nodes.system_message,
    nodes.substitution_definition,
    nodes.target,
    nodes.transition,
    nodes.meta,
    addnodes.index,
    addnodes.toctree,
    addnodes.only,
)
_STYLES = ("strong", "emph", "code", "nobreak", "link", "lang")
#: what only the web page needs: the link to this very PDF (in the release's notice)
_WEB_ONLY = frozenset({"pdf-download", "release-meta-pdf"})


def clean(text: str) -> str:
    """*text* as one line of printable characters: layout whitespace made single spaces."""
    return _SPACE.sub(" ", _CONTROL.sub("", text))


def keep_whole(runs: list[Run], whole: str) -> list[Run]:
    """*runs* with each occurrence of *whole* inside one run made a run never broken.

    For text a node names in its ``nobreak`` attribute (a telephone number in
    a contact's line), where no element of its own marks it.
    """
    out: list[Run] = []
    for run in runs:
        before, found, after = run["text"].partition(whole)
        if not whole or not found or run.get("nobreak"):
            out.append(run)
            continue
        style = {key: value for key, value in run.items() if key != "text"}
        out += [{"text": before, **style}] if before else []
        out.append({"text": found, **style, "nobreak": True})
        out += keep_whole([{"text": after, **style}], whole) if after else []
    return out


def language_of(node: nodes.Element) -> str | None:
    """The language a node is marked with (``language-en``, as docutils' writers read it)."""
    classes: list[str] = node.get("classes", [])
    for name in classes:
        match = _LANGUAGE_CLASS.match(name)
        if match:
            return match.group(1)
    return None


class Converter:
    """Blocks and runs of one page, in the language *lang*, its links made absolute.

    *page_url* is the page's public address; *language_root* the address of
    its language's folder (``…/fr/``), for downloads and to tell a person's
    page among the links.
    """

    def __init__(self, page_url: str, language_root: str, lang: str) -> None:
        self.page_url = page_url
        self.language_root = language_root
        self.lang = lang

    # -- runs -------------------------------------------------------------------------

    def runs(self, node: nodes.Node, style: Run | None = None) -> list[Run]:
        """The inline content of *node* as runs, outer spaces trimmed."""
        out: list[Run] = []
        self._inline(node, dict(style or {}), out, top=True)
        if out:
            out[0]["text"] = out[0]["text"].lstrip()
            out[-1]["text"] = out[-1]["text"].rstrip()
        out = [run for run in out if run["text"]]
        if isinstance(node, nodes.Element):
            wholes: list[str] = node.get("nobreak", [])
            for whole in wholes:
                out = keep_whole(out, clean(whole))
        return out

    def _add(self, text: str, style: Run, out: list[Run]) -> None:
        text = clean(text) if not style.get("verbatim") else _CONTROL.sub("", text).replace("\n", " ")
        if not text:
            return
        shown = {key: style[key] for key in _STYLES if style.get(key)}
        if out and {key: out[-1][key] for key in _STYLES if key in out[-1]} == shown:
            merged = out[-1]["text"] + text
            # Spaces collapse across nodes too, as the page shows them.
            out[-1]["text"] = merged if shown.get("code") else re.sub(r" {2,}", " ", merged)
        else:
            out.append({"text": text, **shown})

    def _inline(self, node: nodes.Node, style: Run, out: list[Run], *, top: bool = False) -> None:
        if isinstance(node, nodes.Text):
            self._add(str(node), style, out)
            return
        if not isinstance(node, nodes.Element) or isinstance(node, _SKIPPED):
            return
        if not top and isinstance(node, nodes.image):
            self._add(node.get("alt", ""), style, out)
            return
        inner = dict(style)
        language = language_of(node)
        if language and language != self.lang:
            inner["lang"] = language
        elif language:
            inner.pop("lang", None)
        if isinstance(node, nodes.strong):
            inner["strong"] = True
        elif isinstance(node, (nodes.emphasis, nodes.title_reference)):
            inner["emph"] = True
        elif isinstance(node, (nodes.literal, nodes.math)):
            inner["code"] = inner["verbatim"] = True
        elif isinstance(node, addnodes.download_reference) and node.get("filename"):
            inner["link"] = f"{self.language_root}_downloads/{quote(node['filename'])}"
        elif isinstance(node, (nodes.reference, nodes.footnote_reference, nodes.citation_reference)):
            self._link(node, inner)
        if "archive-person" in node.get("classes", ()):
            inner["nobreak"] = True
        for child in node.children:
            self._inline(child, inner, out)

    def _link(self, node: nodes.Element, style: Run) -> None:
        if node.get("refuri"):
            target = urljoin(self.page_url, node["refuri"])
        elif node.get("refid"):
            target = f"{self.page_url}#{node['refid']}"
        else:
            return
        if urlsplit(target).scheme.lower() not in SCHEMES:
            return  # the text stays, without a link the PDF could not keep
        style["link"] = target
        if target.startswith("mailto:") or self.is_person(target):
            style["nobreak"] = True  # an e-mail address or a person's name, never split

    def is_person(self, url: str) -> bool:
        """Whether *url* is a person's page of this site (its text is then a name)."""
        if not url.startswith(self.language_root):
            return False
        path = urlsplit(url).path[len(urlsplit(self.language_root).path) :].rstrip("/")
        found = entity_path(splitext(path)[0] if path.endswith(".html") else path)
        return found is not None and found.kind == "person" and not found.is_index

    # -- blocks -----------------------------------------------------------------------

    def blocks(self, children: Sequence[nodes.Node], depth: int = 0) -> list[Block]:
        out: list[Block] = []
        for child in children:
            out.extend(self.block(child, depth))
        return out

    def paragraph(self, node: nodes.Node, style: Run | None = None) -> list[Block]:
        runs = self.runs(node, style)
        if not runs:
            return []
        block: Block = {"type": "paragraph", "runs": runs}
        if sum(len(run["text"]) for run in runs) > GREEDY_CHARACTERS:
            block["greedy"] = True
        return [block]

    def block(self, node: nodes.Node, depth: int) -> list[Block]:
        if isinstance(node, nodes.Text):
            return self.paragraph(node) if str(node).strip() else []
        if not isinstance(node, nodes.Element) or isinstance(node, _SKIPPED):
            return []
        if _WEB_ONLY.intersection(node.get("classes", ())):
            return []
        if isinstance(node, nodes.section):
            return self.section(node, depth)
        if isinstance(node, nodes.paragraph):
            return self.paragraph(node)
        if isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
            return [self.list_block(node, depth)]
        if isinstance(node, nodes.block_quote):
            return [self.quote(node, depth)]
        if isinstance(node, nodes.line_block):
            return [{"type": "lines", "lines": [self.runs(line) for line in node.findall(nodes.line)]}]
        if isinstance(node, (nodes.literal_block, nodes.doctest_block, nodes.math_block, nodes.raw)):
            text = _CONTROL.sub("", node.astext().replace("\t", "    ").replace("\r", ""))
            return [{"type": "code", "lines": text.split("\n")}]
        if isinstance(node, (nodes.definition_list, nodes.field_list)):
            return [self.terms(node, depth)]
        if isinstance(node, nodes.table):
            return self.table(node, depth)
        if isinstance(node, (nodes.Admonition, nodes.topic, nodes.sidebar)):
            return [self.notice(node, depth)]
        if isinstance(node, nodes.rubric):
            return [{"type": "heading", "level": depth + 1, "runs": self.runs(node)}]
        if isinstance(node, (nodes.footnote, nodes.citation)):
            return self.footnote(node, depth)
        if isinstance(node, nodes.image):
            return self.paragraph(nodes.paragraph("", node.get("alt", "")), {"emph": True})
        if isinstance(node, nodes.TextElement):
            return self.paragraph(node)
        # containers, compounds, figures…: their content, in order
        return self.blocks(node.children, depth)

    def section(self, node: nodes.section, depth: int) -> list[Block]:
        out: list[Block] = []
        rest = node.children
        if rest and isinstance(rest[0], nodes.title):
            out.append({"type": "heading", "level": depth + 1, "runs": self.runs(rest[0])})
            rest = rest[1:]
        return out + self.blocks(rest, depth + 1)

    def list_block(self, node: nodes.Element, depth: int) -> Block:
        block: Block = {
            "type": "list",
            "ordered": isinstance(node, nodes.enumerated_list),
            "items": [self.blocks(item.children, depth) for item in node.children],
        }
        if isinstance(node, nodes.enumerated_list) and isinstance(node.get("start"), int):
            block["start"] = max(0, node["start"])
        return block

    def quote(self, node: nodes.block_quote, depth: int) -> Block:
        attribution = [child for child in node.children if isinstance(child, nodes.attribution)]
        block: Block = {
            "type": "quote",
            "blocks": self.blocks([c for c in node.children if not isinstance(c, nodes.attribution)], depth),
        }
        if attribution:
            block["attribution"] = self.runs(attribution[0])
        return block

    def terms(self, node: nodes.Element, depth: int) -> Block:
        items = []
        for item in node.children:
            if not isinstance(item, nodes.Element) or _WEB_ONLY.intersection(item.get("classes", ())):
                continue
            heads = [
                c for c in item.children if isinstance(c, (nodes.term, nodes.classifier, nodes.field_name))
            ]
            rest = [c for c in item.children if c not in heads]
            term: list[Run] = []
            for head in heads:
                term += self.runs(head, {"strong": True})
            body = self.blocks(
                [grand for child in rest for grand in getattr(child, "children", [child])], depth
            )
            items.append({"term": term, "blocks": body})
        return {"type": "terms", "items": items}

    def table(self, node: nodes.table, depth: int) -> list[Block]:
        out: list[Block] = []
        for title in node.children:
            if isinstance(title, nodes.title):
                out += self.paragraph(title, {"strong": True})

        def rows(part: type[nodes.Element]) -> list[list[list[Block]]]:
            # Children, not findall(): a table inside a cell keeps its own rows.
            return [
                [
                    self.blocks(entry.children, depth)
                    for entry in row.children
                    if isinstance(entry, nodes.entry)
                ]
                for group in node.children
                if isinstance(group, nodes.tgroup)
                for section in group.children
                if isinstance(section, part)
                for row in section.children
                if isinstance(row, nodes.row)
            ]

        return [*out, {"type": "table", "header": rows(nodes.thead), "rows": rows(nodes.tbody)}]

    def notice(self, node: nodes.Element, depth: int) -> Block:
        titles = [child for child in node.children if isinstance(child, nodes.title)]
        block: Block = {
            "type": "notice",
            "blocks": self.blocks([c for c in node.children if c not in titles], depth),
        }
        if titles:
            block["title"] = self.runs(titles[0])
        return block

    def footnote(self, node: nodes.Element, depth: int) -> list[Block]:
        labels = [child for child in node.children if isinstance(child, nodes.label)]
        blocks = self.blocks([c for c in node.children if c not in labels], depth)
        if labels and blocks and blocks[0]["type"] == "paragraph":
            blocks[0]["runs"].insert(0, {"text": f"[{labels[0].astext()}] "})
        return blocks
