"""The literature: a catalogue of frameworks (data) and the bibliography (``references.bib``).

See :mod:`clsp_research.literature.catalogue` and :mod:`clsp_research.literature.citations`.
"""

from __future__ import annotations

from .catalogue import (
    CatalogueItem,
    Framework,
    catalogue,
    framework,
    frameworks,
    item,
    search,
    stage_characteristics,
)
from .citations import (
    Reference,
    bibliography,
    cite,
    cite_many,
    format_reference,
    parse_cite,
    reference,
    reference_list,
)

__all__ = [
    "CatalogueItem",
    "Framework",
    "Reference",
    "bibliography",
    "catalogue",
    "cite",
    "cite_many",
    "format_reference",
    "framework",
    "frameworks",
    "item",
    "parse_cite",
    "reference",
    "reference_list",
    "search",
    "stage_characteristics",
]
