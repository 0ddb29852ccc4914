"""Finding the project's data (case studies, example CSVs) through the package.

Notebooks, tests and the command line reach ``data/`` through these functions,
never through relative paths, so they work from any working directory and from an
installed wheel.

Examples
--------
>>> data_path("case_studies").is_dir()
True
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import CLSPInputError, UnknownKeyError
from .casefile import load_case
from .model import Partnership

__all__ = ["case_studies", "case_study_path", "data_path", "load_case_ref", "load_case_study", "resolve_case",
           "shipped_examples"]

_PACKAGE = Path(__file__).resolve().parents[1]  # clsp_research/


def _data_root() -> Path:
    env = os.environ.get("CLSP_DATA")
    if env:
        return Path(env)
    checkout = _PACKAGE.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "data").is_dir():
        return checkout / "data"  # a source checkout: the files people edit
    if (_PACKAGE / "_data").is_dir():
        return _PACKAGE / "_data"  # an install: the copy shipped in the package
    raise FileNotFoundError("the project's data/ folder was not found (set CLSP_DATA to its path)")


def data_path(*parts: str) -> Path:
    """Path of a file or folder inside the project's ``data/`` folder.

    In a source checkout that is the top-level ``data/`` (the files people edit); in an
    installed package it is the copy shipped inside the package (``clsp_research/_data/``,
    real files made by ``scripts/sync_package_data.py``); ``$CLSP_DATA`` overrides both.
    """
    return _data_root().joinpath(*parts)


#: The folder of ``data/`` holding the shipped examples each command reads.
EXAMPLE_FOLDERS = {"survey": "surveys", "gaps": "provision", "interlocks": "interlocks", "import": "tables"}


def shipped_examples(command: str) -> str:
    """A hint naming the shipped example files a command can read (for a "no such file" message).

    Parameters
    ----------
    command
        The ``clsp`` sub-command (``survey``, ``gaps``...); the case studies for the others.

    Returns
    -------
    str
        The example files, relative to the working folder when they are below it.

    Examples
    --------
    >>> shipped_examples("gaps").startswith("shipped examples: ")
    True
    >>> "need.csv" in shipped_examples("gaps"), "talking_shop" in shipped_examples("assess")
    (True, True)
    """
    folder = EXAMPLE_FOLDERS.get(command)
    if folder is None:
        return f"shipped case studies (by name or as data/case_studies/NAME.yaml): {', '.join(case_studies())}"
    root = data_path(folder)
    here = Path.cwd().resolve()
    files = []
    for f in sorted(root.glob("*.csv")):
        f = f.resolve()
        files.append(str(f.relative_to(here)) if f.is_relative_to(here) else str(f))
    return "shipped examples: " + ", ".join(files) if files else "no shipped examples found"


def case_studies() -> list[str]:
    """Names of the shipped case studies (file stems in ``data/case_studies/``), sorted."""
    return sorted(p.stem for p in data_path("case_studies").glob("*.yaml"))


def case_study_path(name: str) -> Path:
    """Path of a shipped case study's case file."""
    path = data_path("case_studies", f"{name}.yaml")
    if not path.exists():
        raise UnknownKeyError(
            f"unknown case study {name!r}; case studies are: {', '.join(case_studies())}"
        )
    return path


def load_case_study(name: str) -> Partnership:
    """Load a shipped case study as a :class:`~clsp_research.partnership.model.Partnership`."""
    return load_case(case_study_path(name))


def resolve_case(ref: str | Path) -> Path:
    """The case file a command-line argument names: a path, or a shipped case study's name.

    Raises
    ------
    CLSPInputError
        If ``ref`` is neither an existing file nor the name of a shipped case study.
    """
    path = Path(ref)
    if path.exists():
        return path
    if path.suffix == "" and len(path.parts) == 1:
        try:
            names = case_studies()
        except FileNotFoundError:
            names = []
        if str(ref) in names:
            return case_study_path(str(ref))
        listed = ", ".join(names) if names else "(none shipped)"
        raise CLSPInputError(
            f"no such file or shipped case study; case studies are: {listed}", file=str(ref)
        )
    raise CLSPInputError("no such case file", file=str(ref))


def load_case_ref(case: str) -> Partnership:
    """A partnership from a case file's path, or from the name of a shipped case study.

    What ``--case`` takes on the command line, and the workshop app's case.

    Examples
    --------
    >>> load_case_ref("talking_shop").info.name == load_case_study("talking_shop").info.name
    True
    """
    p = Path(case)
    if p.suffix.lower() in (".yaml", ".yml") or p.exists():
        return load_case(p)
    return load_case_study(case)
