"""envcheck: versions compared as pip compares them; requirements read without environment.yml."""

from __future__ import annotations

import sys
import textwrap
from importlib import metadata

import pandas as pd
import pytest

from clsp_research import envcheck
from clsp_research.envcheck import (
    EXTRAS,
    check_environment,
    declared_requirements,
    parse_requirement,
    version_satisfies,
)


@pytest.mark.parametrize(("installed", "spec", "ok"), [
    # the cases of issue 13: a release is newer than its pre-releases, a post-release newer than its release
    ("2.0.0", ">=2.0.0b7", True),
    ("2.0.0.post1", ">=2.0.0", True),
    # ~= is "compatible release", not >=
    ("2.9", "~=2.1", True),
    ("3.0", "~=2.1", False),
    ("2.1.9", "~=2.1.0", True),
    ("2.2.0", "~=2.1.0", False),
    # pre-releases, installed or asked for
    ("2.0.0b6", ">=2.0.0b7", False),
    ("2.0.0rc1", ">=2.0.0b7", True),
    ("3.0.0rc1", ">=3.0", False),
    ("3.0.0a1", ">=2.1", True),  # an installed pre-release counts like any version
    # several clauses, exclusions, wildcards, local versions, numeric (not text) order
    ("2.5", ">=2.1,<3", True),
    ("3.0", ">=2.1,<3", False),
    ("2.1.1", "!=2.1.1", False),
    ("3.11.7", "==3.11.*", True),
    ("3.12.0", "==3.11.*", False),
    ("1.10", ">1.9", True),
    ("2024.12.1", ">=2024.1", True),
    ("2.1.0+cu121", ">=2.1", True),
    ("1.0", "", True),
])
def test_version_satisfies_follows_pep_440(installed, spec, ok):
    got, why = version_satisfies(installed, spec)
    assert got is ok
    assert (why == "") is ok
    if not ok:
        assert spec in why


def test_an_unreadable_version_is_reported_not_raised():
    ok, why = version_satisfies("1.0-weird_build!", ">=1.0")
    assert ok is False and "cannot compare" in why


def test_conda_single_equals_means_the_release_series():
    assert parse_requirement("python=3.11") == ("python", "==3.11.*")
    assert version_satisfies("3.11.4", parse_requirement("python=3.11")[1])[0]
    assert not version_satisfies("3.12.0", parse_requirement("python=3.11")[1])[0]


def _fake_install(tmp_path, monkeypatch, requires: list[str]) -> None:
    """An installed clsp-research whose metadata declares ``requires`` (found first on sys.path),
    seen from outside any checkout."""
    info = tmp_path / "site" / "clsp_research-9.9.9.dist-info"
    info.mkdir(parents=True)
    lines = "".join(f"Requires-Dist: {r}\n" for r in requires)
    info.joinpath("METADATA").write_text(textwrap.dedent("""\
        Metadata-Version: 2.1
        Name: clsp-research
        Version: 9.9.9
        Requires-Python: >=3.11
        Provides-Extra: lab
        Provides-Extra: workshop
        Provides-Extra: test
        """) + lines)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.setattr(envcheck, "_checkout_pyproject", lambda: None)
    monkeypatch.setattr(envcheck, "environment_file", lambda: tmp_path / "no-environment.yml")


def test_an_installed_package_is_checked_from_its_own_metadata(tmp_path, monkeypatch):
    _fake_install(tmp_path, monkeypatch, [
        "networkx>=3.6",
        "pandas>=2.1",
        'jupyterlab>=4.0; extra == "lab"',
        'ipywidgets>=8.1; extra == "lab"',
        'voila>=0.5; extra == "workshop"',
        'ipywidgets>=8.1; extra == "workshop"',
        'clsp-research[lab,workshop]; extra == "test"',
        'no-such-package-for-clsp>=1.0; extra == "test"',
        'pytest>=8.0; extra == "test"',
        'tomli>=1.0; python_version < "3.11"',
    ])
    assert metadata.version("clsp-research") == "9.9.9"
    reqs, python = declared_requirements(("lab", "workshop", "test"))
    assert python == ">=3.11"
    by_name = {name: (spec, extra) for name, spec, extra in reqs}
    assert by_name["networkx"] == (">=3.6", "core")
    assert by_name["jupyterlab"] == (">=4.0", "lab")
    assert by_name["ipywidgets"] == (">=8.1", "lab")  # labelled by the first extra that needs it
    assert by_name["voila"] == (">=0.5", "workshop")
    assert "clsp-research" not in by_name  # the package's own extras are listed by themselves
    assert "tomli" not in by_name  # its marker does not hold on this Python

    only_lab, _ = declared_requirements(("lab",))
    assert {n for n, _, _ in only_lab} == {"networkx", "pandas", "jupyterlab", "ipywidgets"}

    report = check_environment().set_index("package")
    assert report.loc["networkx", "ok"] and report.loc["networkx", "installed"] == metadata.version("networkx")
    missing = report.loc["no-such-package-for-clsp"]
    assert not missing.ok and pd.isna(missing.installed)
    assert "pip install 'clsp-research[test]'" in missing.note
    assert report.loc["python", "required"] == ">=3.11" and report.loc["python", "ok"]


def test_a_too_old_package_says_what_it_needs(tmp_path, monkeypatch):
    _fake_install(tmp_path, monkeypatch, ["networkx>=999.0"])
    row = check_environment(extras=()).set_index("package").loc["networkx"]
    assert not row.ok and row.note == "needs >=999.0"


def test_without_a_checkout_or_an_install_the_message_says_so(monkeypatch):
    monkeypatch.setattr(envcheck, "_checkout_pyproject", lambda: None)

    def not_found(name):
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(envcheck.metadata, "distribution", not_found)
    with pytest.raises(FileNotFoundError, match=r"pyproject\.toml nor an installed clsp-research"):
        declared_requirements()


def test_the_checkout_declares_the_same_packages_as_environment_yml(root):
    # environment.yml holds what `make install` installs: the core and the default extras
    from_pyproject, _ = declared_requirements(EXTRAS, path=root / "pyproject.toml")
    from_conda, _ = declared_requirements(path=root / "environment.yml")
    assert {n for n, _, _ in from_pyproject} == {n for n, _, _ in from_conda}


def test_the_python_row_uses_requires_python(root):
    report = check_environment(root / "pyproject.toml").set_index("package")
    assert report.loc["python", "required"] == ">=3.11"
    assert bool(report.loc["python", "ok"]) is (sys.version_info >= (3, 11))
    assert set(report.extra) <= {"core", "lab", "workshop", "test"}
