"""The architecture holds: imports point derivations → numeric → symbolic, and no module imports itself round.

Every import counts, also one inside a function; only imports under `if TYPE_CHECKING:` (type hints,
never executed) are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).parents[1]
FLOORS = ("symbolic", "numeric", "derivations")
BELOW = {"symbolic": set(), "numeric": {"symbolic"}, "derivations": {"symbolic", "numeric"}}


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_only(tree: ast.AST) -> set[int]:
    """Line numbers of the statements inside `if TYPE_CHECKING:` blocks."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for statement in node.body:
                lines |= set(range(statement.lineno, (statement.end_lineno or statement.lineno) + 1))
    return lines


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The project modules `path` imports (relative imports resolved; `from . import x` names a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module(path) if path.name == "__init__.py" else _module(path).rpartition(".")[0]
    skip, found = _type_only(tree), set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name.removeprefix("dlmath.") for a in node.names if a.name.startswith("dlmath.")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            elif node.module and node.module.startswith("dlmath."):
                target = node.module.removeprefix("dlmath.")
            else:
                continue
            named = {f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in modules}
            found |= named
            if node.module or len(named) < len(node.names):
                found.add(target)  # `from . import x` of modules only does not import the package itself
    return {m for m in found if m in modules and m != _module(path)}


def _graph() -> dict[str, set[str]]:
    paths = [p for floor in FLOORS for p in (ROOT / floor).rglob("*.py")]
    modules = {_module(p) for p in paths}
    return {_module(p): _imports(p, modules) for p in paths}


def test_imports_point_down_the_floors() -> None:
    upward = [(m, t) for m, targets in _graph().items() for t in targets
              if t.split(".")[0] != m.split(".")[0] and t.split(".")[0] not in BELOW[m.split(".")[0]]]
    assert upward == []


def test_no_import_cycles() -> None:
    graph = _graph()
    packages = {m for m in graph if any(other.startswith(m + ".") for other in graph)}
    # A package's __init__ importing its own modules is how re-exports work, not a cycle.
    edges = {m: {t for t in targets if not (m in packages and t.startswith(m + "."))} for m, targets in graph.items()}
    cycles, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for target in sorted(edges[node]):
            if state.get(target) == "open":
                cycles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert cycles == []
