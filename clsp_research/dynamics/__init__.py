"""Partnership dynamics: trust spirals, small wins, turnover, power drift and funding over time.

A stylised simulation, started from a :class:`~clsp_research.partnership.model.Partnership`, of the
dynamics the partnership literature describes (griffith2002 §3.52-3.79): trust and
successful collaboration reinforcing each other (webb1991, p.237) and breaking down
easily (dtlr2002, p.15); small wins building commitment where flagship projects stall
(bryson1988, p.11, 14; huxham2000, p.300); changing representatives eroding continuity
and trust (huxham2000; williamson2001, p.124); partnerships growing more unequal as time
passes (mayo2001, p.39); finance as the strongest incentive to collaborate
(gilling1994, p.248), without which a partnership is a talking shop (webb1991, p.235);
inclusive partnerships taking longer (steele1999).

Modules
-------
:mod:`~clsp_research.dynamics.parameters`
    :class:`Parameters` and :data:`PARAMETERS` (defaults, ranges, the claim each encodes).
:mod:`~clsp_research.dynamics.model`
    The equations (in its docstring) and the vectorised engine.
:mod:`~clsp_research.dynamics.ensemble`
    :func:`simulate` (a tidy frame, one row per run and period) and its summaries.
:mod:`~clsp_research.dynamics.sweep`
    :func:`sweep` over parameter grids: serially, on local cores or on a Dask cluster.

Examples
--------
>>> from clsp_research import dynamics
>>> from clsp_research.partnership.synthetic import synthetic_partnership
>>> df = dynamics.simulate(synthetic_partnership(30, seed=1), periods=8, runs=20, seed=0, turnover=0.2)
>>> sorted(dynamics.final_summary(df)["stage_shares"])
['co-operation', 'co-ordination', 'integration', 'networking']
"""

from __future__ import annotations

from .ensemble import (
    CHUNK_RUNS,
    ensemble_summary,
    final_summary,
    reached,
    run_summary,
    series,
    simulate,
    stage_profile,
    stage_shares,
)
from .model import GROUP_RESOURCES, MEASURES, Structure, compile_structure, gini, key_players
from .parameters import PARAMETERS, STAGES, STRATEGIES, TIE_KIND_STAGE, Parameters, ParamSpec, parameter_table
from .sweep import grid_points, sweep

__all__ = [
    "CHUNK_RUNS",
    "GROUP_RESOURCES",
    "MEASURES",
    "PARAMETERS",
    "STAGES",
    "STRATEGIES",
    "TIE_KIND_STAGE",
    "ParamSpec",
    "Parameters",
    "Structure",
    "compile_structure",
    "ensemble_summary",
    "final_summary",
    "gini",
    "grid_points",
    "key_players",
    "parameter_table",
    "reached",
    "run_summary",
    "series",
    "simulate",
    "stage_profile",
    "stage_shares",
    "sweep",
]
