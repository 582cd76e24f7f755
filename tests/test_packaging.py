"""The repository's own files agree with each other: pip and conda install the same set, CI runs the
README's command, and the code passes ruff."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
tomllib = pytest.importorskip("tomllib")


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;:]", requirement.strip(), maxsplit=1)[0].lower()


def _pip_packages():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = {_name(r) for r in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        names |= {_name(r) for r in extra if not r.startswith("course_lib")}
    return names


def _conda_packages():
    names, in_deps = set(), False
    for line in (ROOT / "environment.yml").read_text().splitlines():
        if line.startswith("dependencies:"):
            in_deps = True
        elif in_deps and re.match(r"^  - [A-Za-z]", line):
            names.add(_name(line[4:]))
    return names - {"python", "pip"}


def test_environment_yml_lists_the_same_packages_as_pyproject():
    assert _conda_packages() == _pip_packages()
    assert "- -e ." in (ROOT / "environment.yml").read_text()


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    block = readme.split("<!-- test-command -->", 1)[1]
    command = re.search(r"```bash\n(.+)\n```", block).group(1)
    assert "pip install -e \".[test]\"" in command and "pytest" in command
    out = subprocess.run(["awk", '/<!-- test-command -->/{getline; while ($0 ~ /^```/) getline; print; exit}',
                          str(ROOT / "README.md")], capture_output=True, text=True, check=True).stdout.strip()
    assert out == command                                  # what .ci/run extracts is what newcomers copy
    assert "<!-- test-command -->" in (ROOT / ".ci" / "run").read_text()


def test_code_passes_ruff():
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    if not Path(ruff).exists():
        pytest.skip("ruff is not installed")
    result = subprocess.run([ruff, "check", "conftest.py", "course_lib", "tests", "benchmarks", "tools"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_license_is_an_spdx_string_with_a_setuptools_that_reads_it():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert config["project"]["license"] == "MIT"
    assert config["build-system"]["requires"] == ["setuptools>=77"]      # 77 is the first to read license = "MIT"


def test_directly_imported_packages_are_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "pillow" in {_name(r) for r in project["optional-dependencies"]["notebooks"]}   # tests decode PNGs
    assert "hypothesis" in {_name(r) for r in project["optional-dependencies"]["test"]}  # tests/test_properties


@pytest.mark.parametrize("missing", ["matplotlib", "ipywidgets"])
def test_widgets_without_the_notebooks_extra_say_how_to_install_it(missing):
    code = (f"import sys; sys.modules[{missing!r}] = None\n"
            "try:\n    import course_lib.lessons.explorer\nexcept ImportError as error:\n    print(error)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT).stdout
    assert missing in out and 'pip install "course_lib[notebooks]"' in out


def test_digits_hint_works_for_a_wheel_too():
    code = ("import sys; sys.modules['sklearn'] = None; sys.modules['sklearn.datasets'] = None\n"
            "from course_lib import data\n"
            "try:\n    data.digits()\nexcept ImportError as error:\n    print(error)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT).stdout
    assert 'pip install "course_lib[notebooks]"' in out
