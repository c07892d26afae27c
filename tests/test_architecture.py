"""The extension's shape: packages by capability, no import cycle, small modules.

These are rules of the code, checked on every module of ``ext/communiques``
(whatever is added later): every ``import`` of the package is read with
``ast``, those inside functions included, since a cycle hidden in a function
is still a cycle for whoever reads the code.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import communiques

PACKAGE = Path(communiques.__file__).resolve().parent

#: the packages in layers: a package may import only from its own layer or those before it
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"internals"}),
    frozenset({"core"}),
    frozenset({"perf"}),
    frozenset({"archive"}),
    frozenset({"pages"}),
    frozenset({"versioning", "guard", "search", "translation"}),
    frozenset({"opendata"}),
    frozenset({"pdf"}),
    frozenset({"publishing"}),
    frozenset({"tools"}),
)

MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The package's modules that *path* imports, anywhere in it."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("communiques"):
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if candidate in known else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("communiques"))
    return {name for name in found if name in known}


def import_graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports_of(path, known) - {name} for name, path in found.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def layer_of(package: str) -> int:
    return next(i for i, layer in enumerate(LAYERS) if package in layer)


def test_no_module_imports_another_that_imports_it_back() -> None:
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_every_package_has_its_layer() -> None:
    packages = {package_of(name) for name in modules()} - {"", "__main__"}
    assert packages <= set().union(*LAYERS)


def test_lower_layers_never_import_higher_ones() -> None:
    """core imports no domain, nothing but tools imports a command, and so on."""
    wrong = []
    for module, imported in import_graph().items():
        package = package_of(module)
        if package in ("", "__main__"):
            continue  # the extension's setup() and ``python -m communiques`` sit on top
        for other in imported:
            if layer_of(package_of(other)) > layer_of(package):
                wrong.append(f"{module} imports {other}")
    assert wrong == []


def test_no_module_is_over_400_lines() -> None:
    long = {
        name: count
        for name, path in modules().items()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_setup_reads_as_a_table_of_contents() -> None:
    lines = inspect.getsource(communiques.setup).splitlines()
    assert len(lines) < 20
