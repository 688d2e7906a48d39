"""Every package the code imports directly is pinned (``==``) in requirements.txt or requirements-dev.txt."""

import ast
import re
import sys
from importlib.metadata import packages_distributions

from tests.utils import BASE_DIR

CODE = ("portal", "home", "news", "events", "components", "tests")
REQUIREMENT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==\S+", re.M)


def _normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_top_level_modules():
    modules = set()
    paths = [path for folder in CODE for path in (BASE_DIR / folder).rglob("*.py")]
    paths += [BASE_DIR / "manage.py", BASE_DIR / "gunicorn.conf.py"]
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return modules - set(sys.stdlib_module_names) - set(CODE)


def _pinned():
    text = "".join((BASE_DIR / name).read_text() for name in ("requirements.txt", "requirements-dev.txt"))
    return {_normalise(name) for name in REQUIREMENT.findall(text)}


def test_every_directly_imported_package_is_pinned():
    distributions = packages_distributions()
    imported = _imported_top_level_modules()
    assert {"django", "wagtail", "wagtail_localize", "modelsearch", "polib"} <= imported
    unknown = sorted(module for module in imported if module not in distributions)
    assert not unknown, f"imported but not installed: {unknown}"
    missing = sorted({_normalise(dist) for module in imported for dist in distributions[module]} - _pinned())
    assert not missing, f"pin these in requirements.txt (or requirements-dev.txt for tests): {missing}"
