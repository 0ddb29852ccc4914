"""The shipped case studies as the controllers load them: parsed once, then shared."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..partnership.datasets import load_case_study

__all__ = ["case_study"]


@lru_cache(maxsize=32)
def case_study(name: str) -> Any:
    """A shipped case study, loaded once per process (controllers only read it, never change it).

    Parameters
    ----------
    name
        The case study's file name (see :func:`~clsp_research.partnership.datasets.case_studies`).

    Returns
    -------
    Partnership
        The same object on every call with the same name.

    Examples
    --------
    >>> case_study("talking_shop") is case_study("talking_shop")
    True
    """
    return load_case_study(name)
