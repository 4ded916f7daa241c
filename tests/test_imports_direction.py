"""Imports run one way: transfer → office → directory → areas, and api → directory → areas;
fieldwork → office (the coordinators' records sit on the back office; only sasaeai's settings
and root URLs name fieldwork).

sasaeai/lib/ holds plain helpers every app may use; it imports none of the apps. The rest of
sasaeai (settings, the root URLs, WSGI) sits on top and may import anything. Every import
counts, wherever it is written: at the top of a module, inside a function (a lazy import to
break a cycle is still a dependency), under TYPE_CHECKING, in a migration or a command.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIB = "sasaeai.lib"
# What each layer may import besides itself and the standard library and packages.
ALLOWED = {
    "areas": {LIB},
    "directory": {"areas", LIB},
    "office": {"directory", "areas", LIB},
    "transfer": {"office", "directory", "areas", LIB},
    "api": {"directory", "areas", LIB},
    "fieldwork": {"office", "directory", "areas", LIB},
    LIB: set(),
}
OURS = set(ALLOWED) | {"sasaeai"}
# The back office's views are for its URL modules (and each other): what another module
# needs of them belongs in a module of its own (office.listing, office.reports, …).
VIEWS = "office.views"
VIEW_USERS = ("office.views", "office.urls", "office.public_urls", "sasaeai.urls")


def is_within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def layer(module: str) -> str | None:
    """The layer a dotted module name belongs to (None: not ours)."""
    if module == LIB or module.startswith(LIB + "."):
        return LIB
    top = module.split(".")[0]
    return top if top in OURS else None


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(tree: ast.AST, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, module) for every import in the tree, relative ones made absolute."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            # `from office import history` imports office.history: name the submodule too.
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
    return found


def wrong_way(source: str, relative_path: str) -> list[str]:
    """The imports in one file that run against the layers, as 「path:line imports module」."""
    path = ROOT / relative_path
    module = module_name(path)
    own = layer(module)
    if own is None:
        return []
    tree = ast.parse(source, filename=relative_path)
    problems = []
    for line, target in imported(tree, module, path.name == "__init__.py"):
        if is_within(target, VIEWS) and not any(is_within(module, user) for user in VIEW_USERS):
            problems.append(f"{relative_path}:{line} imports {target} (a view)")
            continue
        if own == "sasaeai":
            continue  # the settings and the root URLs sit on top of everything
        other = layer(target)
        if other is not None and other != own and other not in ALLOWED[own]:
            problems.append(f"{relative_path}:{line} imports {target.removesuffix('.*')}")
    return problems


def python_files() -> list[Path]:
    return sorted(
        path
        for top in ("areas", "directory", "office", "transfer", "api", "fieldwork", "sasaeai")
        for path in (ROOT / top).rglob("*.py")
    )


def test_it_finds_every_app():
    files = {module_name(path).split(".")[0] for path in python_files()}
    assert files == {"areas", "directory", "office", "transfer", "api", "fieldwork", "sasaeai"}


def test_it_finds_no_import_running_the_wrong_way():
    problems = [
        problem
        for path in python_files()
        for problem in wrong_way(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert problems == []


def test_it_catches_wrong_way_imports_wherever_they_are_written():
    wrong = {
        "directory/views.py": "from office.models import Staff\n",
        "directory/search/query.py": "def f():\n    import transfer.exporter\n",
        "areas/models.py": "if TYPE_CHECKING:\n    from directory import models\n",
        "office/forms.py": "class F:\n    def g(self):\n        from transfer import views\n",
        "api/views.py": "from office import history\n",
        "transfer/views.py": "from api import serializers\n",
        "sasaeai/lib/phones.py": "from directory import schedules\n",
        "directory/models.py": "from sasaeai import urls\n",
        "office/views/links.py": "from ...transfer import exporter\n",
        "transfer/export_views.py": "from office.views.resources import filtered\n",
        "office/editing.py": "from office.views import resources\n",
        "office/views/resources.py": "from fieldwork import panels\n",
        "directory/demo.py": "from fieldwork.demo import load_fieldwork_demo\n",
        "fieldwork/views/issues.py": "from transfer import exporter\n",
        "fieldwork/panels.py": "from office.views.resources import resource_detail\n",
    }
    for path, source in wrong.items():
        assert wrong_way(source, path), path


def test_it_lets_the_right_way_through():
    right = {
        "transfer/views.py": "from office.access import staff_required\nimport directory\n",
        "office/history.py": "from directory.schedules import rule_data\nfrom areas import models\n",
        "directory/views.py": "from sasaeai.lib import downloads\nfrom . import search\n",
        "api/views.py": "from directory.models import Resource\n",
        "sasaeai/urls.py": "from transfer import export_views\n",
        "sasaeai/lib/ids.py": "from django.urls import register_converter\n",
        "office/public_urls.py": "from office.views import links\n",
        "office/views/links.py": "from office.views.reports import see_other\n",
        "fieldwork/views/issues.py": "from office.access import staff_required\n",
        "sasaeai/settings.py": "from fieldwork import urls\n",
    }
    for path, source in right.items():
        assert wrong_way(source, path) == [], path
