"""CLSP research and teaching workbench.

Model inter-organisational partnerships as networks, place them on the
collaboration continuum, profile them against the success factors and barriers
the partnership literature names, and explain every score with its evidence and
references.

Importing the package loads only networkx and pandas; plotting and widget
libraries are imported inside the functions that need them.

Examples
--------
>>> import clsp_research as clsp
>>> "continuum" in clsp.frameworks()
True
>>> clsp.cite("griffith2002")
'Griffith 2002'
"""

from __future__ import annotations

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
from .model import (
    SECTORS,
    STAKEHOLDER_GROUPS,
    TIE_KINDS,
    Member,
    Partnership,
    PartnershipInfo,
    Representative,
    Tie,
)

__version__ = "0.1.0"

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
