"""Finding the project's data (case studies, example CSVs) through the package.

Notebooks, tests and the command line reach ``data/`` through these functions,
never through relative paths, so they work from any working directory.

Examples
--------
>>> data_path("case_studies").is_dir()
True
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import UnknownKeyError

__all__ = ["case_studies", "case_study_path", "data_path", "load_case_study"]

_HERE = Path(__file__).resolve().parent


def _data_root() -> Path:
    env = os.environ.get("CLSP_DATA")
    if env:
        return Path(env)
    for candidate in (_HERE / "_data", _HERE.parent / "data"):
        if candidate.is_dir():
            return candidate.resolve()
    raise FileNotFoundError("the project's data/ folder was not found (set CLSP_DATA to its path)")


def data_path(*parts: str) -> Path:
    """Path of a file or folder inside the project's ``data/`` folder."""
    return _data_root().joinpath(*parts)


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


def load_case_study(name: str):  # -> Partnership (import kept lazy)
    """Load a shipped case study as a :class:`~clsp_research.model.Partnership`."""
    from .io import load_case

    return load_case(case_study_path(name))
