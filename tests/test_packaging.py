"""The project's set-up: dependencies agree, the package imports light, README commands exist."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _split(spec: str) -> tuple[str, str]:
    spec = spec.split(";")[0].strip()
    m = re.match(r"^([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*(.*)$", spec)
    assert m, spec
    return _norm(m.group(1)), m.group(3).replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    specs = list(data["project"]["dependencies"])
    for extra in data["project"]["optional-dependencies"].values():
        specs.extend(extra)
    out: dict[str, str] = {}
    for s in specs:
        name, ver = _split(s)
        assert out.get(name, ver) == ver, f"{name} has two different version specs in pyproject.toml"
        out[name] = ver
    return out


def environment_requirements() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    out: dict[str, str] = {}
    for dep in env["dependencies"]:
        items = dep["pip"] if isinstance(dep, dict) else [dep]
        for s in items:
            name, ver = _split(s.replace("=", "==", 1) if re.match(r"^[\w\-]+=[^=<>]", s) else s)
            if name in {"python", "pip"}:
                continue
            out[name] = ver
    return out


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    py = pyproject_requirements()
    env = environment_requirements()
    assert set(py) == set(env), (
        f"only in pyproject.toml: {sorted(set(py) - set(env))}; "
        f"only in environment.yml: {sorted(set(env) - set(py))}"
    )
    differing = {n: (py[n], env[n]) for n in py if py[n] != env[n]}
    assert not differing, f"version specs differ (pyproject, environment.yml): {differing}"


def test_drift_check_detects_a_missing_dependency(monkeypatch):
    # The check above must be able to fail: drop one dependency from the parsed environment.
    env = environment_requirements()
    env.pop("networkx")
    assert set(pyproject_requirements()) != set(env)


def test_environment_yml_declares_python_311_and_conda_forge():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    assert any(isinstance(d, str) and d.startswith("python") and "3.11" in d for d in env["dependencies"])


def test_import_loads_only_networkx_and_pandas_among_heavy_libraries():
    code = (
        "import sys, json; import clsp_research; "
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(out.stdout))
    assert {"networkx", "pandas"} <= loaded
    heavy = {"matplotlib", "seaborn", "ipywidgets", "scipy", "IPython", "dask", "distributed",
             "bibtexparser", "yaml", "tqdm", "jinja2", "sklearn", "voila"}
    assert not (loaded & heavy), f"import clsp_research pulled in {sorted(loaded & heavy)}"


def test_readme_gives_the_two_setup_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text()
    assert "make lab" in readme and "make test" in readme
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.M)
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^lab:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert "notebooks/00-check-environment.ipynb" in makefile
    assert (ROOT / "notebooks" / "00-check-environment.ipynb").exists()


def test_console_script_is_declared():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert data["project"]["scripts"]["clsp"] == "clsp_research.cli:main"
