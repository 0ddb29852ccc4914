"""Is this machine ready for a workshop? Installed versions against what the package declares.

Trainers run this (through ``notebooks/00-check-environment.ipynb``) before a
workshop: every dependency the package declares (its core and its extras ``lab``,
``workshop`` and ``test``), the version it needs and the version installed, plus
Debian's Chromium for the browser tests.

What the package declares is read from the source checkout's ``pyproject.toml`` when
there is one, else from the installed package's own metadata, so the check works
from a wheel installed anywhere. Versions are compared by the rules pip uses
(PEP 440, through :mod:`packaging`): pre-releases, post-releases, ``~=`` and
``==2.1.*`` all mean what they mean to pip.

Examples
--------
>>> version_satisfies("3.6.1", ">=3.2")
(True, '')
>>> version_satisfies("2.0.0", ">=2.0.0b7")[0]      # a release is newer than its betas
True
>>> version_satisfies("2.0.0.post1", ">=2.0.0")[0]  # and a post-release newer than the release
True
>>> version_satisfies("3.0", "~=2.1")               # ~=2.1 means >=2.1, ==2.*
(False, 'needs ~=2.1')
"""

from __future__ import annotations

import re
import shutil
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = [
    "DISTRIBUTION",
    "EXTRAS",
    "check_environment",
    "declared_requirements",
    "environment_file",
    "parse_requirement",
    "version_satisfies",
]

#: The package's name on PyPI (its distribution name).
DISTRIBUTION = "clsp-research"
#: The extras, in the order a row is labelled by the first one that needs a package.
EXTRAS = ("lab", "workshop", "test")

_PACKAGE = Path(__file__).resolve().parent


def _checkout_pyproject() -> Path | None:
    """The source checkout's ``pyproject.toml`` when this package sits in one."""
    path = _PACKAGE.parent / "pyproject.toml"
    return path if path.is_file() else None


def environment_file() -> Path:
    """The conda ``environment.yml`` of a source checkout (not needed by :func:`check_environment`)."""
    return _PACKAGE.parent / "environment.yml"


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_requirement(spec: str) -> tuple[str, str]:
    """Split ``'pandas>=2.1'`` into ``('pandas', '>=2.1')``; conda's ``name=1.2`` reads as ``==1.2.*``.

    Examples
    --------
    >>> parse_requirement("pandas>=2.1")
    ('pandas', '>=2.1')
    >>> parse_requirement("python=3.11")
    ('python', '==3.11.*')
    >>> parse_requirement("bibtexparser >= 2.0.0b7")
    ('bibtexparser', '>=2.0.0b7')
    """
    spec = spec.split(";")[0].strip()
    m = re.match(r"^([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*(.*)$", spec)
    if not m:
        raise ValueError(f"cannot read requirement {spec!r}")
    name, ver = m.group(1).lower(), m.group(3).replace(" ", "")
    if re.match(r"^=[^=]", ver):  # conda: name=1.2 means 1.2.*
        ver = "=" + ver + ("" if ver.endswith("*") else ".*")
    return name, ver


def version_satisfies(installed: str, spec: str) -> tuple[bool, str]:
    """Whether version ``installed`` meets ``spec`` (``'>=2.1,<3'``, ``'~=2.1'``, ``'==2.1.*'``...).

    Returns ``(ok, reason)``; ``reason`` names what is needed when ``ok`` is false.
    An installed pre-release counts like any other version (pip excludes pre-releases
    only when choosing what to install).

    Examples
    --------
    >>> version_satisfies("2.0.0b7", ">=2.0.0b7")[0]
    True
    >>> version_satisfies("2.2.0", "~=2.1.0")
    (False, 'needs ~=2.1.0')
    >>> version_satisfies("1.0", "")
    (True, '')
    >>> version_satisfies("not a version", ">=1")
    (False, "cannot compare 'not a version' with >=1")
    """
    from packaging.specifiers import InvalidSpecifier, SpecifierSet
    from packaging.version import InvalidVersion, Version

    if not spec:
        return True, ""
    try:
        ok = SpecifierSet(spec).contains(Version(installed), prereleases=True)
    except (InvalidVersion, InvalidSpecifier):
        return False, f"cannot compare {installed!r} with {spec}"
    return ok, "" if ok else f"needs {spec}"


def _from_strings(specs: list[str], extras: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """``(name, specifier, extra)`` of each requirement string that applies here (``extra`` ``'core'`` or a name)."""
    from packaging.requirements import Requirement

    out: dict[str, tuple[str, str, str]] = {}
    for text, extra in _specs_with_extra(specs, extras):
        req = Requirement(text)
        if req.marker is not None and not req.marker.evaluate({"extra": "" if extra == "core" else extra}):
            continue
        name = _norm(req.name)
        if name == DISTRIBUTION:
            continue  # the package's own extras (test = clsp-research[lab,workshop]) are listed themselves
        out.setdefault(name, (name, str(req.specifier), extra))
    return list(out.values())


def _specs_with_extra(specs: list[str], extras: tuple[str, ...]) -> list[tuple[str, str]]:
    """Requirement strings of installed metadata (``'voila>=0.5; extra == "workshop"'``) paired with their extra."""
    out = []
    for text in specs:
        m = re.search(r"""extra\s*==\s*["']([^"']+)["']""", text)
        extra = m.group(1) if m else "core"
        if extra == "core" or extra in extras:
            out.append((text, extra))
    order = {"core": -1, **{e: i for i, e in enumerate(extras)}}
    return sorted(out, key=lambda pair: order.get(pair[1], len(order)))


def declared_requirements(extras: tuple[str, ...] = EXTRAS,
                          path: str | Path | None = None) -> tuple[list[tuple[str, str, str]], str]:
    """What the package declares: ``([(name, specifier, extra), ...], requires_python)``.

    Read from ``path`` (a ``pyproject.toml`` or a conda ``environment.yml``) when given,
    else from the source checkout's ``pyproject.toml``, else from the installed
    package's metadata. ``extra`` is ``'core'`` or the first of ``extras`` that needs
    the package.

    Examples
    --------
    >>> reqs, python = declared_requirements(("lab",))
    >>> ("networkx", "core") in {(n, e) for n, _, e in reqs}, "jupyterlab" in {n for n, _, _ in reqs}
    (True, True)
    >>> "voila" in {n for n, _, _ in reqs}   # the workshop extra was not asked for
    False
    """
    path = Path(path) if path else _checkout_pyproject()
    if path is not None and path.suffix in (".yml", ".yaml"):
        return _from_environment_yml(path), ">=3.11"
    if path is not None:
        import tomllib

        project = tomllib.loads(path.read_text(encoding="utf-8"))["project"]
        specs = list(project.get("dependencies", []))
        for extra, deps in project.get("optional-dependencies", {}).items():
            for d in deps:
                req, _, marker = d.partition(";")
                specs.append(f'{req}; ({marker}) and extra == "{extra}"' if marker.strip()
                             else f'{req}; extra == "{extra}"')
        return _from_strings(specs, extras), project.get("requires-python", "")
    try:
        dist = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        raise FileNotFoundError(
            f"neither a source checkout's pyproject.toml nor an installed {DISTRIBUTION} was found"
        ) from None
    return _from_strings(list(dist.requires or []), extras), dist.metadata.get("Requires-Python") or ""


def _from_environment_yml(path: Path) -> list[tuple[str, str, str]]:
    """A conda ``environment.yml``'s packages (every one counts as ``'core'``)."""
    import yaml

    env = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    out = []
    for dep in env.get("dependencies", []):
        for spec in dep.get("pip", []) if isinstance(dep, dict) else [dep]:
            name, ver = parse_requirement(spec)
            if name not in {"python", "pip"}:
                out.append((_norm(name), ver, "core"))
    return out


def check_environment(path: str | Path | None = None, extras: tuple[str, ...] = EXTRAS) -> pd.DataFrame:
    """One row per declared dependency: ``package``, ``extra``, ``required``, ``installed``, ``ok``, ``note``.

    ``extra`` is ``'core'`` (needed by everything), ``'lab'`` (the notebooks),
    ``'workshop'`` (``clsp workshop``) or ``'test'``. Also rows for the Python version
    and for Debian's ``chromium`` (used only by the browser tests). ``path`` names a
    ``pyproject.toml`` or a conda ``environment.yml`` to check against instead of what
    the package declares (see :func:`declared_requirements`).

    Examples
    --------
    >>> report = check_environment()
    >>> list(report.columns)
    ['package', 'extra', 'required', 'installed', 'ok', 'note']
    >>> bool(report.set_index("package").loc["networkx", "ok"])
    True
    """
    reqs, requires_python = declared_requirements(extras, path)
    py = ".".join(map(str, sys.version_info[:3]))
    ok, why = version_satisfies(py, requires_python)
    rows: list[dict[str, Any]] = [{"package": "python", "extra": "core", "required": requires_python,
                                   "installed": py, "ok": ok, "note": why}]
    for name, spec, extra in reqs:
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            fix = f"pip install '{DISTRIBUTION}[{extra}]'" if extra != "core" else f"pip install '{name}{spec}'"
            rows.append({"package": name, "extra": extra, "required": spec, "installed": None, "ok": False,
                         "note": f"not installed ({fix})"})
            continue
        ok, why = version_satisfies(installed, spec)
        rows.append({"package": name, "extra": extra, "required": spec, "installed": installed, "ok": ok,
                     "note": why})
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    rows.append({"package": "chromium (Debian)", "extra": "test", "required": "for browser tests",
                 "installed": chromium, "ok": chromium is not None,
                 "note": "" if chromium else "apt-get install chromium"})
    return pd.DataFrame(rows, columns=["package", "extra", "required", "installed", "ok", "note"])
