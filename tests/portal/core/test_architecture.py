"""The dependency rules of docs/architecture.md: import-linter's contracts, and no import cycle anywhere."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp
from django.apps import apps as django_apps
from django.template import engines

from tests.utils import BASE_DIR

PACKAGES = ("portal", "home", "news", "events", "components")


def test_import_linter_contracts_are_kept():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([lint_imports, "--no-cache"], cwd=BASE_DIR, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _cycles(graph):
    """Return the strongly connected components of more than one module of ``graph`` (Tarjan's algorithm)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = [0]

    def visit(module):
        index[module] = low[module] = counter[0]
        counter[0] += 1
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_import_cycle_between_modules():
    """No module imports itself through others, imports inside functions included (grimp reads those too)."""
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    class Graph:
        modules = {"a", "b", "c"}
        edges = {"a": {"b"}, "b": {"a"}, "c": {"a"}}

        def find_modules_directly_imported_by(self, module):
            return self.edges[module]

    assert _cycles(Graph()) == [["a", "b"]]


APP_FOLDERS = {
    "home": "home",
    "news": "news",
    "events": "events",
    "components": "components",
    "portal.core": "portal/core",
    "portal.images": "portal/images",
    "portal.search": "portal/search",
    "portal.api": "portal/api",
    "portal.operations": "portal/operations",
    "portal.edge": "portal/edge",
    "portal.chinese": "portal/chinese",
    "portal.maps": "portal/maps",
    "portal.caching": "portal/caching",
    "portal.translations": "portal/translations",
    "portal.content": "portal/content",
}
LOAD = re.compile(r"{%\s*load\s+(.+?)\s*%}")
TEMPLATE_NAME = re.compile(r"""{%\s*(?:include|extends)\s+["']([^"']+)["']""")


def _layers():
    """Return ``{app: (layer index, siblings)}`` from the layers contract in pyproject.toml (0 = top)."""
    config = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    layers = {}
    for position, layer in enumerate(contract["layers"]):
        siblings = {name.strip() for name in layer.split("|")}
        for name in siblings:
            layers[name] = (position, siblings)
    return layers


def _owner_of_template(name):
    for app, folder in APP_FOLDERS.items():
        if (BASE_DIR / folder / "templates" / name).exists():
            return app
    return None  # the project package's base templates, or a library's


def _owner_of_library(name):
    return _owner_of_module(engines["django"].engine.template_libraries[name].__module__)


def template_dependencies():
    """Yield ``(app, template path, app it depends on)`` for every {% load %}, {% include %} and {% extends %}."""
    for app, folder in APP_FOLDERS.items():
        for path in sorted((BASE_DIR / folder / "templates").rglob("*.html")):
            text = path.read_text(encoding="utf-8")
            for match in LOAD.finditer(text):
                words = match.group(1).split()
                names = words[words.index("from") + 1 :] if "from" in words else words
                for name in names:
                    yield app, path, _owner_of_library(name)
            for match in TEMPLATE_NAME.finditer(text):
                yield app, path, _owner_of_template(match.group(1))


def _owner_of_module(module):
    return next((app for app in APP_FOLDERS if module == app or module.startswith(f"{app}.")), None)


def model_dependencies():
    """Yield ``(app, model, app it depends on)`` for every relation (ForeignKey, ParentalKey, many-to-many)."""
    for model in django_apps.get_models():
        app = _owner_of_module(model.__module__)
        if app is None:
            continue
        for field in model._meta.get_fields(include_hidden=True):
            if field.is_relation and field.concrete and field.related_model is not None:
                yield app, model, _owner_of_module(field.related_model.__module__)


def _breaks_the_layers(layers, app, other):
    if other is None or other == app:
        return False
    (position, siblings), (other_position, _) = layers[app], layers[other]
    return other_position < position or other in siblings


def test_templates_and_model_relations_follow_the_layers_too():
    """Templates load tag libraries and include templates, and models relate to models, of their own app or
    of a lower layer only: dependencies import-linter cannot see, since they are strings."""
    layers = _layers()
    wrong = [
        f"{path.relative_to(BASE_DIR)} ({app}) uses {other}"
        for app, path, other in template_dependencies()
        if _breaks_the_layers(layers, app, other)
    ]
    wrong += [
        f"{model.__name__} ({app}) relates to {other}"
        for app, model, other in model_dependencies()
        if _breaks_the_layers(layers, app, other)
    ]
    assert wrong == []


def test_the_layer_check_sees_an_upward_dependency():
    layers = _layers()
    assert _breaks_the_layers(layers, "components", "news")
    assert _breaks_the_layers(layers, "portal.core", "home")
    assert not _breaks_the_layers(layers, "news", "components")
