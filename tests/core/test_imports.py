"""The application's imports, read with ``ast``: direction, cycles and private names.

DESIGN.md: imports flow one way, ``core``, ``accounts`` ← ``network`` ← domain apps
(``assessments``, ``appointments``, ``courses``, ``hotline``, ``learning``) ← ``kpis``; ``config``
wires everything together and sits on top. Two domain apps talk only through the
other's ``services`` public names, never both ways. STYLE.md: no import cycles inside
an app, function-local imports included, and nothing imports a name starting with
``_`` from another module.

Every ``import`` statement counts, wherever it sits (module level, inside a function,
under ``TYPE_CHECKING``). Migrations and string references (``apps.get_model``,
``"app.Model"``) are not imports.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The layer of each app: an app may import an app of a lower layer. ``core`` and
# ``accounts`` share the bottom layer (see _bottom_layer_allowed below).
LAYERS = {
    "core": 0,
    "accounts": 0,
    "network": 1,
    "assessments": 2,
    "appointments": 2,
    "courses": 2,
    "hotline": 2,
    "learning": 2,
    "kpis": 3,
    "config": 4,
}
DOMAIN_APPS = {"assessments", "appointments", "courses", "hotline", "learning"}


# The bottom layer today: ``accounts`` builds on ``core`` (phone numbers, the outbox,
# MFA selectors), and ``core`` needs only the user model (``accounts.models``, for the
# demo data). Nothing else of ``accounts`` may be imported from ``core``.
def _bottom_layer_allowed(edge: Edge) -> bool:
    if (edge.source_app, edge.target_app) == ("accounts", "core"):
        return True
    return (edge.source_app, edge.target) == ("core", "accounts.models")


# Exceptions still to fix. This list must only shrink: test_known_exceptions_still_exist
# fails on an entry the code no longer has, so a fixed one has to leave the list.
# ("cycle-edge", importer, imported): an import inside one app that closes a cycle; the
# cycle check leaves these edges out and fails on any other cycle.
# Empty since the services send their own tasks by registered name (core.outbox,
# assessments.services.reports): the task modules import the services, never back.
KNOWN: set[tuple[str, ...]] = set()


@dataclass(frozen=True)
class Edge:
    """One import: ``source`` module imports ``target`` module (optionally a name)."""

    source: str
    target: str
    name: str | None
    line: int

    @property
    def source_app(self) -> str:
        return self.source.split(".")[0]

    @property
    def target_app(self) -> str:
        return self.target.split(".")[0]

    def where(self) -> str:
        shown = f"{self.target}.{self.name}" if self.name else self.target
        return f"{self.source}:{self.line} imports {shown}"


def _module_files() -> dict[str, Path]:
    modules: dict[str, Path] = {}
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


MODULES = _module_files()


def _package_of(module: str, path: Path) -> str:
    return module if path.name == "__init__.py" else module.rpartition(".")[0]


def _resolve(target: str) -> str | None:
    """The longest prefix of ``target`` that is one of our modules (None: third party)."""
    parts = target.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in MODULES:
            return candidate
        parts.pop()
    return None


def _edges_of(module: str, path: Path) -> Iterator[Edge]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _package_of(module, path)
    module_aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                resolved = _resolve(alias.name)
                if resolved is None:
                    continue
                yield Edge(module, resolved, None, node.lineno)
                if alias.asname and resolved == alias.name:
                    module_aliases[alias.asname] = resolved
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            if _resolve(origin) is None:
                continue
            for alias in node.names:
                submodule = f"{origin}.{alias.name}"
                if submodule in MODULES:
                    yield Edge(module, submodule, None, node.lineno)
                    module_aliases[alias.asname or alias.name] = submodule
                else:
                    yield Edge(module, _resolve(origin) or origin, alias.name, node.lineno)
    # ``access._memberships(...)`` reads a private name through a module alias.
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in module_aliases
            and _is_private(node.attr)
        ):
            yield Edge(module, module_aliases[node.value.id], node.attr, node.lineno)


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def all_edges() -> list[Edge]:
    return [edge for module, path in MODULES.items() for edge in _edges_of(module, path)]


# --- the three rules ------------------------------------------------------------------------


def direction_violations(edges: list[Edge]) -> dict[tuple[str, ...], str]:
    found: dict[tuple[str, ...], str] = {}
    app_pairs: dict[tuple[str, str], Edge] = {}
    for edge in edges:
        source, target = edge.source_app, edge.target_app
        if source == target or source == "config":
            continue
        key = ("direction", edge.source, edge.target)
        if LAYERS[target] < LAYERS[source] or _bottom_layer_allowed(edge):
            continue
        if source in DOMAIN_APPS and target in DOMAIN_APPS:
            app_pairs.setdefault((source, target), edge)
            if edge.target == f"{target}.services" and edge.name is not None:
                continue
            found[key] = f"{edge.where()}: only {target}.services names may be imported"
            continue
        found[key] = f"{edge.where()}: {source} may not import {target}"
    for (source, target), edge in app_pairs.items():
        if (target, source) in app_pairs:
            found[("both-ways", source, target)] = (
                f"{source} and {target} import each other ({edge.where()})"
            )
    return found


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative; returns the components with more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return components


def _inner_edges(edges: list[Edge]) -> set[tuple[str, str]]:
    return {
        (e.source, e.target) for e in edges if e.source_app == e.target_app and e.source != e.target
    }


def cycle_violations(
    edges: list[Edge], tolerated: set[tuple[str, str]] | frozenset[tuple[str, str]] = frozenset()
) -> dict[tuple[str, ...], str]:
    """Cycles between modules of one app, leaving out the `tolerated` (importer, imported)."""
    graph: dict[str, set[str]] = {module: set() for module in MODULES}
    for source, target in _inner_edges(edges) - set(tolerated):
        graph.setdefault(source, set()).add(target)
        graph.setdefault(target, set())
    edges = [e for e in edges if (e.source, e.target) not in tolerated]
    found: dict[tuple[str, ...], str] = {}
    for component in _strongly_connected(graph):
        members = set(component)
        links = sorted({e.where() for e in edges if e.source in members and e.target in members})
        found[("cycle", *component)] = "import cycle: " + "; ".join(links)
    return found


def private_violations(edges: list[Edge]) -> dict[tuple[str, ...], str]:
    found: dict[tuple[str, ...], str] = {}
    for edge in edges:
        if edge.name is not None and _is_private(edge.name) and edge.source != edge.target:
            key = ("private", edge.source, edge.target, edge.name)
            found[key] = f"{edge.where()}: a private name from another module"
    return found


def _tolerated_cycle_edges() -> set[tuple[str, str]]:
    return {(key[1], key[2]) for key in KNOWN if key[0] == "cycle-edge"}


def violations() -> dict[tuple[str, ...], str]:
    edges = all_edges()
    return {
        **direction_violations(edges),
        **cycle_violations(edges, _tolerated_cycle_edges()),
        **private_violations(edges),
    }


# --- the tests ------------------------------------------------------------------------------


def test_the_walk_sees_the_apps_and_function_local_imports() -> None:
    """Guard the reader itself: it finds modules and resolves from-imports to modules."""
    assert {"network.access", "core.errors", "config.settings"} <= MODULES.keys()
    assert not any("migrations" in module for module in MODULES)
    edges = all_edges()
    assert any(e.source_app == "appointments" and e.target_app == "network" for e in edges)


def test_the_rules_catch_what_they_should() -> None:
    def edge(source: str, target: str, name: str | None = None) -> Edge:
        return Edge(source, target, name, 1)

    assert direction_violations([edge("network.selectors", "appointments.models", "Booking")])
    assert direction_violations([edge("courses.services", "kpis.models", "Fact")])
    assert direction_violations([edge("hotline.services", "appointments.models", "Booking")])
    assert not direction_violations(
        [edge("hotline.services", "appointments.services", "booking_create")]
    )
    both = direction_violations(
        [
            edge("hotline.services", "appointments.services", "booking_create"),
            edge("appointments.services", "hotline.services", "contact_request_create"),
        ]
    )
    assert ("both-ways", "hotline", "appointments") in both
    assert not direction_violations([edge("kpis.models", "appointments.models", "Booking")])
    assert not direction_violations([edge("core.demo", "accounts.models", "User")])
    assert direction_violations([edge("core.web", "accounts.adapter", "AccountAdapter")])
    assert direction_violations([edge("core.health", "config.celery", "app")])
    loop = [
        edge("network.access", "network.selectors"),
        edge("network.selectors", "network.access"),
    ]
    assert cycle_violations(loop)
    assert not cycle_violations(loop, {("network.selectors", "network.access")})
    assert private_violations([edge("appointments.cases", "appointments.services", "_insert")])
    assert not private_violations([edge("appointments.cases", "appointments.services", "insert")])


def test_imports_follow_the_declared_direction_without_cycles_or_private_names() -> None:
    found = violations()
    new = sorted(message for key, message in found.items() if key not in KNOWN)
    assert not new, "\n".join(new)


def test_known_exceptions_still_exist() -> None:
    """An exception fixed in the code must leave KNOWN too, so the list only shrinks."""
    edges = all_edges()
    found = violations()
    tolerated = _tolerated_cycle_edges()
    stale = sorted(key for key in KNOWN if key[0] != "cycle-edge" and key not in found)
    for source, target in sorted(tolerated):
        # Still there, and still closing a cycle once put back into the graph.
        back = cycle_violations(edges, tolerated - {(source, target)})
        if not any({source, target} <= set(key[1:]) for key in back):
            stale.append(("cycle-edge", source, target))
    assert not stale, stale
