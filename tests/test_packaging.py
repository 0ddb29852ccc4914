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
        if name == "clsp-research":
            continue  # an extra naming the package's own extras (test = clsp-research[lab,workshop])
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
        "import sys, json; import clsp_research as clsp; "
        "first = sorted({m.split('.')[0] for m in sys.modules}); "
        "clsp.Partnership; clsp.catalogue(); "
        "print(json.dumps([first, sorted({m.split('.')[0] for m in sys.modules})]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    first, used = (set(names) for names in json.loads(out.stdout))
    heavy = {"matplotlib", "seaborn", "ipywidgets", "scipy", "IPython", "dask", "distributed",
             "bibtexparser", "yaml", "tqdm", "jinja2", "sklearn", "voila"}
    # the import itself loads neither: networkx comes with the model's classes, pandas with the first table
    assert not (first & (heavy | {"networkx", "pandas", "numpy"})), sorted(first & (heavy | {"networkx", "pandas"}))
    assert {"networkx", "pandas"} <= used
    assert not (used & (heavy - {"yaml"})), f"clsp_research pulled in {sorted(used & heavy)}"


def test_readme_gives_the_two_setup_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text()
    assert "make lab" in readme and "make test" in readme
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.M)
    assert re.search(r"^make check-wheel$", ci, re.M)  # CI proves the wheel route too
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^lab:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert "notebooks/00-check-environment.ipynb" in makefile
    assert (ROOT / "notebooks" / "00-check-environment.ipynb").exists()


def test_console_script_is_declared():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert data["project"]["scripts"]["clsp"] == "clsp_research.cli:main"


# -- one honest package -------------------------------------------------------------------

def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_the_version_is_written_once_and_everything_quotes_it():
    import clsp_research

    project = _pyproject()["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert _pyproject()["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "clsp_research.__version__"}
    version = clsp_research.__version__
    from packaging.version import Version

    Version(version)  # a valid PEP 440 version, or this raises
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert str(cff["version"]) == version
    changelog = (ROOT / "CHANGELOG.md").read_text()
    first = re.search(r"^## \[([^\]]+)\]", changelog, re.M)
    assert first and first.group(1) == version, "CHANGELOG.md's newest entry should be the package's version"
    hits = [p for p in ROOT.joinpath("clsp_research").rglob("*.py")
            if re.search(r"^__version__\s*=", p.read_text(encoding="utf-8"), re.M)]
    assert hits == [ROOT / "clsp_research" / "__init__.py"]


def test_license_file_is_mit_as_pyproject_and_citation_say():
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("MIT License") and "WITHOUT WARRANTY OF ANY KIND" in text
    assert _pyproject()["project"]["license"] == "MIT" and _pyproject()["project"]["license-files"] == ["LICENSE"]
    assert yaml.safe_load((ROOT / "CITATION.cff").read_text())["license"] == "MIT"


def test_no_placeholder_addresses_in_the_package_metadata():
    urls = _pyproject()["project"].get("urls", {})
    assert not [u for u in urls.values() if "example." in u or "invalid" in u], urls


def test_py_typed_ships_with_the_package():
    assert (ROOT / "clsp_research" / "py.typed").is_file()
    assert "py.typed" in _pyproject()["tool"]["setuptools"]["package-data"]["clsp_research"]


def test_the_extras_are_lab_workshop_and_test_and_every_mention_names_one():
    extras = _pyproject()["project"]["optional-dependencies"]
    assert {"lab", "workshop", "test"} <= set(extras)
    assert any(d.startswith("voila") for d in extras["workshop"])
    assert any(d.startswith("jupyterlab") for d in extras["lab"])
    assert any(d.startswith("pytest") for d in extras["test"])
    texts = {p: p.read_text(encoding="utf-8") for p in [
        ROOT / "Makefile", ROOT / "README.md", ROOT / "environment.yml", *ROOT.joinpath("notebooks").glob("*.ipynb"),
        *ROOT.joinpath("clsp_research").rglob("*.py"), *ROOT.joinpath("tests").rglob("*.py"),
        *ROOT.joinpath("docs").rglob("*.md"), *ROOT.joinpath("scripts").glob("*")] if p.is_file()}
    named = {}
    for path, text in texts.items():
        for group in re.findall(r"(?:\.|clsp-research)\[([a-z,\- ]+)\]", text):
            for extra in group.split(","):
                named.setdefault(extra.strip(), path.relative_to(ROOT))
    make_extras = re.search(r"^EXTRAS \?= (.+)$", texts[ROOT / "Makefile"], re.M).group(1).split(",")
    for extra in make_extras:
        named.setdefault(extra, "Makefile")
    unknown = {e: str(p) for e, p in named.items() if e not in extras}
    assert not unknown, f"extras named but not declared in pyproject.toml: {unknown}"
    assert {"lab", "workshop", "test"} <= set(make_extras)


def test_the_sdist_manifest_takes_the_tests_with_their_conftest_and_fixtures():
    manifest = (ROOT / "MANIFEST.in").read_text().split("\n")
    assert "graft tests" in manifest and "graft clsp_research" in manifest and "graft data" in manifest
    included = " ".join(line for line in manifest if line.startswith("include "))
    for name in ("LICENSE", "CITATION.cff", "CHANGELOG.md", "references.bib", "environment.yml"):
        assert name in included and (ROOT / name).is_file(), name
    assert (ROOT / "tests" / "conftest.py").is_file() and any((ROOT / "tests" / "fixtures").iterdir())


def test_every_file_the_package_reads_is_named_by_package_data():
    import glob

    package = ROOT / "clsp_research"
    patterns = _pyproject()["tool"]["setuptools"]["package-data"]["clsp_research"]
    shipped = {m for pat in patterns for m in glob.glob(pat, root_dir=package, recursive=True)}
    data_files = {p.relative_to(package).as_posix() for p in package.rglob("*")
                  if p.is_file() and p.suffix not in {".py", ".pyc"} and "__pycache__" not in p.parts}
    assert not (data_files - shipped), f"files in the package that a wheel would leave out: {data_files - shipped}"
    assert {"_data/case_studies/talking_shop.md", "literature/references.bib", "py.typed"} <= shipped
    assert any(f.startswith("_data/surveys/example_workshop/") for f in shipped)


def test_clsp_workshop_without_voila_names_the_workshop_extra_a_wheel_user_can_install(monkeypatch, tmp_path, capsys):
    import importlib.util

    from clsp_research.cli import main

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "voila" else real(name, *a))
    assert main(["workshop", "--dir", str(tmp_path / "answers")]) == 1
    err = capsys.readouterr().err
    # a command a wheel user can run as written: the extra, or Voila itself; never an editable install of an old extra
    assert "pip install 'clsp-research[workshop]'" in err or "pip install 'voila" in err, err
    assert "ui-test" not in err
