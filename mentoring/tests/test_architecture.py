"""The structure stays as designed (docs/decisions/0005-one-way-stack.md): apps import one way
down the stack, the project's infrastructure imports no app, and imports sit at the top of
their module where a reader looks for them."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Bottom to top: an app may import the apps before it, never those after it.
STACK = [
    "audit",
    "accounts",
    "programs",
    "pairing",
    "sessions_log",
    "delegates",
    "concerns",
    "outcomes",
    "notifications",
    "api",
]
# Modules of the project package that any app may use; they import no app themselves.
INFRASTRUCTURE = {
    "mentoring.cache",
    "mentoring.ids",
    "mentoring.mail",
    "mentoring.outbox",
    "mentoring.redirects",
    "mentoring.models",
    "mentoring.notices",
    "mentoring.paging",
    "mentoring.spreadsheets",
    "mentoring.words",
}
PROJECT_APPS = {*STACK, "mentoring"}


def _modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if "tests" in parts or "migrations" in parts:
            continue
        name = ".".join(part for part in parts if part != "__init__")
        yield name, ast.parse(path.read_text(), filename=str(path))


def _imported(name: str, node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:  # relative: from the module's own package
        return [name.split(".")[0]]
    return [f"{node.module}.{alias.name}" for alias in node.names]


def _imports(name: str, tree: ast.Module):
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for target in _imported(name, node):
                yield node, target


def _app_of(module: str) -> str:
    return module.split(".")[0]


def test_apps_import_only_apps_below_them_in_the_stack():
    wrong = []
    for app in STACK:
        allowed = set(STACK[: STACK.index(app) + 1])
        for name, tree in _modules(app):
            for node, target in _imports(name, tree):
                if _app_of(target) not in PROJECT_APPS or _app_of(target) in allowed:
                    continue
                if any(target == m or target.startswith(m + ".") for m in INFRASTRUCTURE):
                    continue
                wrong.append(f"{name}:{node.lineno} imports {target}")
    assert wrong == []


def test_the_infrastructure_imports_no_app():
    wrong = [
        f"{name}:{node.lineno} imports {target}"
        for name, tree in _modules("mentoring")
        if name in INFRASTRUCTURE
        for node, target in _imports(name, tree)
        if _app_of(target) in STACK
    ]
    assert wrong == []


def test_no_import_hides_inside_a_function():
    hidden = []
    for app in sorted(PROJECT_APPS):
        for name, tree in _modules(app):
            for function in ast.walk(tree):
                if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    hidden += [
                        f"{name}:{node.lineno}"
                        for node in ast.walk(function)
                        if isinstance(node, (ast.Import, ast.ImportFrom))
                    ]
    assert hidden == []
