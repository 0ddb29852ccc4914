"""CLSP research and teaching workbench.

Model inter-organisational partnerships as networks, place them on the
collaboration continuum, profile them against the success factors and barriers
the partnership literature names, and explain every score with its evidence and
references.

Importing the package is light: networkx loads with the model's classes and pandas with the
first table; plotting and widget libraries are imported inside the functions that need them.

The package is grouped by what its users do: :mod:`~clsp_research.partnership` (the model,
case files and other formats, shipped data, structural measures),
:mod:`~clsp_research.assess` (the explained assessment and what-if scenarios),
:mod:`~clsp_research.tasks` (the CLSP's own tasks), :mod:`~clsp_research.workshop`
(surveys, waves, submissions, serving a room), :mod:`~clsp_research.dynamics`,
:mod:`~clsp_research.literature`, :mod:`~clsp_research.plotting`, :mod:`~clsp_research.ui`
and the command line in :mod:`~clsp_research.commands`. The module paths of version 0.1
(``clsp_research.model``, ``clsp_research.io``...) still import, with a deprecation
warning, until version 0.3 (:mod:`clsp_research._moved`).

Examples
--------
>>> import clsp_research as clsp
>>> "continuum" in clsp.frameworks()
True
>>> clsp.cite("griffith2002")
'Griffith 2002'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from . import _moved
from .errors import CLSPError, CLSPInputError, UnknownKeyError, UnknownValueError
from .literature import (
    catalogue,
    cite,
    framework,
    frameworks,
    item,
    reference,
    reference_list,
    search,
)
from .partnership.vocabulary import SECTORS, STAKEHOLDER_GROUPS, TIE_KINDS

if TYPE_CHECKING:
    from .partnership.model import Member, Partnership, PartnershipInfo, Representative, Tie

#: The model's classes load networkx, so they are imported when first used: a process that only
#: reads the catalogue or serves the workshop's form (one kernel per participant) never loads it.
_MODEL_NAMES = frozenset({"Member", "Partnership", "PartnershipInfo", "Representative", "Tie"})

__version__ = "0.2.0"

__all__ = [
    "SECTORS",
    "STAKEHOLDER_GROUPS",
    "TIE_KINDS",
    "CLSPError",
    "CLSPInputError",
    "Member",
    "Partnership",
    "PartnershipInfo",
    "Representative",
    "Tie",
    "UnknownKeyError",
    "UnknownValueError",
    "__version__",
    "catalogue",
    "cite",
    "framework",
    "frameworks",
    "item",
    "reference",
    "reference_list",
    "search",
]

_moved.install()


def __getattr__(name: str) -> Any:
    """The model's classes on first use; ``clsp.model`` and the other module names of 0.1 (deprecated)."""
    if name in _MODEL_NAMES:
        value = getattr(importlib.import_module(f"{__name__}.partnership.model"), name)
        globals()[name] = value
        return value
    if name in _moved.MOVED:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
