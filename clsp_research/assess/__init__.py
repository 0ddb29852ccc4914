"""The explained assessment: continuum placement, success factors, risk flags, recommendations.

``assess(p)`` places a partnership on the composite continuum of griffith2002 (§2.3-2.8) or
an alternative continuum, scores the fourteen success factors (§3.52-3.72, with resources
and power from §3.28-3.51), raises risk flags and draws remedies from the literature
catalogue; :func:`robustness` says how close the placement is and how far it and each flag
survive resamples of the ties. Every number comes with its evidence (the measure or attribute read, its value,
its effect) and its citations; the rules are data (``literature/data/rules/*.yaml``), so
they can be read, tuned and swapped (:func:`load_rubric`).

Importing this package loads networkx, pandas and numpy only (YAML is read on first use).

Examples
--------
>>> from clsp_research.partnership.model import Member, Partnership, Tie
>>> p = Partnership("Illustrative CLSP", [Member("a", "A", groups=("funder",)),
...                                       Member("b", "B", groups=("provider",))],
...                 [Tie("a", "b", "information_exchange")])
>>> a = assess(p)
>>> a.stage
'networking'
>>> "missing_stakeholder_group" in a.flag_ids
True
"""

from __future__ import annotations

# engine imports signals, which registers every signal in vocabulary.SIGNALS before any rubric is loaded.
from .continuum import continua
from .engine import assess
from .factors import Evidence, FactorScore
from .flags import Flag
from .recommend import Recommendation
from .result import Assessment, compare
from .robustness import Robustness, robustness
from .rubric import Rubric, load_rubric
from .ties import tie_level
from .vocabulary import STAGES, signals

__all__ = [
    "STAGES",
    "Assessment",
    "Evidence",
    "FactorScore",
    "Flag",
    "Recommendation",
    "Robustness",
    "Rubric",
    "assess",
    "compare",
    "continua",
    "load_rubric",
    "robustness",
    "signals",
    "tie_level",
]
