"""The package's layout keeps its promises (course_lib/__init__.py, course_lib/lessons/__init__.py, CONTRIBUTING.md):
two rooms, one package per notebook, no private import across files, no string ids between files, short functions."""

import ast
import re
from pathlib import Path

import pytest

from course_lib import lessons

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "course_lib"
FILES = sorted(PACKAGE.rglob("*.py"))
PARTS = ("compute", "figures", "explorers", "checks")
MAX_LINES = 60


def _tree(path):
    return ast.parse(path.read_text(), filename=str(path))


def _module(path):
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def _imports(path):
    """(absolute module, imported names) of every `from … import …` in a file of course_lib."""
    package = _module(path).split(".") if path.name == "__init__.py" else _module(path).split(".")[:-1]
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            yield ".".join(base + ([node.module] if node.module else [])), [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []


def test_one_lesson_package_per_notebook_with_its_four_parts():
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert notebooks == [lessons.notebook(name) for name in lessons.NAMES]
    packages = sorted(p.parent.name for p in (PACKAGE / "lessons").glob("*/__init__.py"))
    assert packages == sorted(lessons.NAMES)
    for name in lessons.NAMES:
        missing = [part for part in PARTS[1:] if not (PACKAGE / "lessons" / name / f"{part}.py").exists()]
        assert not missing, f"lessons/{name} has no {missing}"
        assert (ROOT / "tests" / "lessons" / f"test_{name}.py").exists()


def test_the_library_never_imports_a_lesson():
    library = [p for p in FILES if "lessons" not in p.parts]
    wrong = [f"{p.name}: {module}" for p in library for module, _ in _imports(p) if "lessons" in module.split(".")]
    assert not wrong


def test_no_lesson_reaches_into_another_module_for_a_private_name():
    wrong = [f"{path.relative_to(ROOT)} imports {name} from {module}"
             for path in FILES for module, names in _imports(path) if module.startswith("course_lib")
             for name in names if name.startswith("_") and not name.startswith("__")]
    assert not wrong


def test_no_string_ids_join_a_drawing_to_its_explorer():
    wrong = [str(p.relative_to(ROOT)) for p in FILES if re.search(r"\bgid\s*=|get_gid\(|_by_gid", p.read_text())]
    assert not wrong, "figures return their artists as handles; explorers use the handles"


def test_explorers_only_wire():
    """An explorers module draws through its figures module (no matplotlib of its own) and never loops over
    data: sweeps, Monte Carlo runs and training live in compute."""
    for name in lessons.NAMES:
        tree = _tree(PACKAGE / "lessons" / name / "explorers.py")
        modules = [module for module, _ in _imports(PACKAGE / "lessons" / name / "explorers.py")]
        assert not [m for m in modules if m.startswith("matplotlib.pyplot")], name
        calls = [node.func.attr for node in ast.walk(tree) if isinstance(node, ast.Call)
                 and isinstance(node.func, ast.Attribute)]
        assert not {"fit", "train", "histogram", "lstsq"} & set(calls), f"{name} computes in its wiring"


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_functions_fit_on_a_screen(path):
    """No function over 60 lines unless its docstring says why ("long because …")."""
    long = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            lines = node.end_lineno - node.lineno + 1
            reason = re.search(r"long because", ast.get_docstring(node) or "", re.IGNORECASE)
            if lines > MAX_LINES and not reason:
                long.append(f"{node.name} ({lines} lines)")
    assert not long
