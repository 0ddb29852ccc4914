"""Need against provision: estimating need, mapping supply, finding gaps, variance analysis.

The first tasks the LSC gave every CLSP were to assess the need for legal and advice
services, map the existing provision and identify the gaps where local needs are not
met (lsc2000, p.16, in griffith2002, §4.27; lsc_clsp_web, "What do CLS partnerships
do?"). The 1999 consultation paper had already framed needs analysis, provision
matching and provision review as local tasks, because levels of need in each category
of law vary between small areas (lcd1999, paras 3.17 and 3.8, in griffith2002, §4.4 and
§4.6-4.7). Griffith notes that nothing obliges anyone to act on a gap once it is found
(griffith2002, §4.7, commentary): these functions find the gaps; what the partners do
about them is the partnership's business.

Tables (read with :func:`read_need`, :func:`read_provision` and friends; each check
names the file, the line and the column of a bad cell):

- **need**: ``area, category, need`` and optionally ``client_group`` (empty = everyone);
  ``year`` for variance analysis. ``need`` is a number of problems (or cases) a year
  in the area: any unit will do, as long as provision uses the same one.
- **provision**: ``provider, area, category, capacity`` and optionally ``quality_mark``
  (one of :data:`QUALITY_MARK_LEVELS`, or ``none``; empty = not recorded) and
  ``client_group``; ``year`` for variance analysis. ``capacity`` is in need's unit.
- **populations** and **rates**, to estimate need as population x rate
  (:func:`estimate_need`): ``area, population, source`` and ``category, rate, source``
  (optional ``per``, default 1000: the rate counts problems per ``per`` people a year;
  optional ``client_group`` in both). The ``source`` column is required: the package
  ships no rate as a fact, and every estimate carries the citations of the figures it
  rests on. The example files in ``data/provision/`` are illustrative, invented for
  teaching.
- **demand** (``area, category, year, demand``) and **actions** (``area, category,
  year, action`` with optional ``target_provision`` and ``by``) for
  :func:`variance_analysis`.

The gap of a cell is ``max(need - provision, 0)`` and its coverage
``provision / need`` (undefined, NaN, where need is 0); need rows for several client
groups of one cell are added together, so they must count distinct people's problems.

Examples
--------
>>> import pandas as pd
>>> need = pd.DataFrame({"area": ["North", "North", "South"], "category": ["debt", "housing", "debt"],
...                      "need": [100, 50, 80]})
>>> prov = pd.DataFrame({"provider": ["cab", "law", "cab"], "area": ["North", "North", "South"],
...                      "category": ["debt", "housing", "debt"], "capacity": [60, 70, 80]})
>>> t = gap_table(need, prov)
>>> t[["area", "category", "need", "provision", "gap", "coverage"]].to_dict("records")
[{'area': 'North', 'category': 'debt', 'need': 100.0, 'provision': 60.0, 'gap': 40.0, 'coverage': 0.6},
 {'area': 'North', 'category': 'housing', 'need': 50.0, 'provision': 70.0, 'gap': 0.0, 'coverage': 1.4},
 {'area': 'South', 'category': 'debt', 'need': 80.0, 'provision': 80.0, 'gap': 0.0, 'coverage': 1.0}]
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pandas as pd

from ..errors import CLSPInputError, UnknownValueError
from ..partnership.tables import Column, check_unique, read_table

__all__ = [
    "ALL_CLIENTS",
    "QUALITY_MARK_LEVELS",
    "VARIANCE_TOLERANCE",
    "VarianceResult",
    "estimate_need",
    "gap_summary",
    "gap_table",
    "gaps_to_json",
    "read_actions",
    "read_demand",
    "read_need",
    "read_populations",
    "read_provision",
    "read_rates",
    "unassessed_provision",
    "variance_analysis",
]

#: CLS Quality Mark levels, lowest to highest (the levels the shipped case files record).
QUALITY_MARK_LEVELS: tuple[str, ...] = (
    "information",
    "general_help",
    "general_help_with_casework",
    "specialist_help",
)
#: The client group of rows that concern everyone (an empty ``client_group`` cell).
ALL_CLIENTS = "all"
#: Default tolerance of :func:`variance_analysis`: demand within 10% of assessed need counts
#: as "as assessed". A convention to tune, not a figure from the literature.
VARIANCE_TOLERANCE = 0.1

_EPS = 1e-9
_CG = Column("client_group", required=False, allow_empty=True, default=None)
_YEAR = Column("year", "year")


def _tag(df: pd.DataFrame, kind: str) -> pd.DataFrame:
    if "client_group" in df.columns:
        df["client_group"] = df["client_group"].map(lambda v: ALL_CLIENTS if v in (None, "") else v)
    df.attrs["clsp_table"] = kind
    return df


def _read(source: Any, kind: str, columns: list[Column], keys: list[str], what: str) -> pd.DataFrame:
    if isinstance(source, pd.DataFrame) and source.attrs.get("clsp_table") == kind:
        return source
    df = _tag(read_table(source, columns, what=what), kind)
    check_unique(df, keys, what=what)
    return df


def read_need(source: str | Path | IO | pd.DataFrame, *, years: bool = False) -> pd.DataFrame:
    """Read a need table: ``area, category, need`` (+ ``client_group``; + ``year`` if ``years``).

    Each (area, category, client group[, year]) may appear once.

    Examples
    --------
    >>> import io
    >>> read_need(io.StringIO("area,category,need\\nN,debt,10\\nN,debt,5\\n"))
    Traceback (most recent call last):
    ...
    clsp_research.errors.CLSPInputError: <stream>:3: area: this need table row repeats area 'N', ... of line 2
    """
    cols = [Column("area"), Column("category"), Column("need", "number", minimum=0), _CG]
    keys = ["area", "category", "client_group"]
    if years:
        cols.append(_YEAR)
        keys.append("year")
    return _read(source, "need_years" if years else "need", cols, keys, "need table")


def read_provision(source: str | Path | IO | pd.DataFrame, *, years: bool = False) -> pd.DataFrame:
    """Read a provision table: ``provider, area, category, capacity`` (+ ``quality_mark``, ``client_group``, ``year``).

    ``quality_mark`` is one of :data:`QUALITY_MARK_LEVELS` or ``none`` (empty: not recorded).

    Examples
    --------
    >>> import io
    >>> read_provision(io.StringIO("provider,area,category,capacity,quality_mark\\ncab,N,debt,10,gold\\n"))
    Traceback (most recent call last):
    ...
    clsp_research.errors.CLSPInputError: <stream>:2: quality_mark: unknown value 'gold'; expected one of: ..., none
    """
    cols = [
        Column("provider"),
        Column("area"),
        Column("category"),
        Column("capacity", "number", minimum=0),
        Column("quality_mark", required=False, allow_empty=True, choices=(*QUALITY_MARK_LEVELS, "none")),
        _CG,
    ]
    keys = ["provider", "area", "category", "client_group"]
    if years:
        cols.append(_YEAR)
        keys.append("year")
    return _read(source, "provision_years" if years else "provision", cols, keys, "provision table")


def read_populations(source: str | Path | IO | pd.DataFrame) -> pd.DataFrame:
    """Read populations: ``area, population, source`` (+ ``client_group``; empty = everyone)."""
    cols = [Column("area"), Column("population", "number", minimum=0), Column("source"), _CG]
    return _read(source, "populations", cols, ["area", "client_group"], "population table")


def read_rates(source: str | Path | IO | pd.DataFrame) -> pd.DataFrame:
    """Read need rates: ``category, rate, source`` (+ ``per``, default 1000; + ``client_group``).

    ``rate`` problems a year per ``per`` people. ``source`` (the citation of the rate) is
    required: write ``illustrative`` for an invented figure.
    """
    cols = [
        Column("category"),
        Column("rate", "number", minimum=0),
        Column("source"),
        Column("per", "number", required=False, minimum=1e-12, default=1000.0),
        _CG,
    ]
    return _read(source, "rates", cols, ["category", "client_group"], "rate table")


def read_demand(source: str | Path | IO | pd.DataFrame) -> pd.DataFrame:
    """Read recorded demand: ``area, category, year, demand`` (+ ``client_group``)."""
    cols = [Column("area"), Column("category"), _YEAR, Column("demand", "number", minimum=0), _CG]
    return _read(source, "demand", cols, ["area", "category", "client_group", "year"], "demand table")


def read_actions(source: str | Path | IO | pd.DataFrame) -> pd.DataFrame:
    """Read actions taken: ``area, category, year, action`` (+ ``target_provision``, ``by``)."""
    cols = [
        Column("area"),
        Column("category"),
        _YEAR,
        Column("action"),
        Column("target_provision", "number", required=False, allow_empty=True, minimum=0, default=math.nan),
        Column("by", required=False, allow_empty=True),
    ]
    return _read(source, "actions", cols, ["area", "category", "year", "action"], "action table")


# -- estimating need ------------------------------------------------------------------


def estimate_need(populations: Any, rates: Any) -> pd.DataFrame:
    """Need per area x category (x client group) as population x rate / per.

    Each rate applies to the population rows of the same client group (a rate with no
    client group to the whole population, ``all``). The result keeps the figures and
    both citations, so every estimate can be traced to its sources.

    Parameters
    ----------
    populations, rates
        Tables (paths or DataFrames) as read by :func:`read_populations` and :func:`read_rates`.

    Returns
    -------
    pandas.DataFrame
        ``area, category, client_group, population, rate, per, need, population_source,
        rate_source``, sorted by area, category and client group.

    Raises
    ------
    CLSPInputError
        If a rate names a client group for which no area gives a population.

    Examples
    --------
    >>> import pandas as pd
    >>> pop = pd.DataFrame({"area": ["N", "N"], "client_group": ["", "older_people"],
    ...                     "population": [20000, 3000], "source": ["census (illustrative)"] * 2})
    >>> rates = pd.DataFrame({"category": ["debt", "community_care"], "client_group": ["", "older_people"],
    ...                       "rate": [15, 40], "source": ["illustrative", "illustrative"]})
    >>> estimate_need(pop, rates)[["area", "category", "client_group", "need"]].to_dict("records")
    [{'area': 'N', 'category': 'community_care', 'client_group': 'older_people', 'need': 120.0},
     {'area': 'N', 'category': 'debt', 'client_group': 'all', 'need': 300.0}]
    """
    pop = read_populations(populations)
    rt = read_rates(rates)
    groups = set(pop["client_group"])
    for line, cg in rt["client_group"].items():
        if cg not in groups:
            raise CLSPInputError(
                f"the rate is for client group {cg!r} but no population row gives that group's "
                f"population (population client groups: {', '.join(sorted(groups))})",
                file=rt.attrs.get("source"),
                line=int(line),
                field="client_group",
            )
    merged = pop.reset_index(drop=True).merge(
        rt.reset_index(drop=True), on="client_group", suffixes=("_pop", "_rate")
    )
    out = pd.DataFrame(
        {
            "area": merged["area"].astype(object),
            "category": merged["category"].astype(object),
            "client_group": merged["client_group"].astype(object),
            "population": merged["population"].astype(float),
            "rate": merged["rate"].astype(float),
            "per": merged["per"].astype(float),
            "need": (merged["population"] * merged["rate"] / merged["per"]).astype(float),
            "population_source": merged["source_pop"].astype(object),
            "rate_source": merged["source_rate"].astype(object),
        }
    )
    return out.sort_values(["area", "category", "client_group"], kind="stable").reset_index(drop=True)


# -- gaps ---------------------------------------------------------------------------------


def _check_by(by: Sequence[str], *tables: pd.DataFrame) -> list[str]:
    by = [by] if isinstance(by, str) else list(by)
    valid = ("area", "category", "client_group")
    if not by:
        raise CLSPInputError("group by at least one of: " + ", ".join(valid), field="by")
    for b in by:
        if b not in valid:
            raise UnknownValueError.for_value(b, valid, "grouping column", field="by")
    return by


def _quality_rank(level: Any) -> int:
    if level in QUALITY_MARK_LEVELS:
        return QUALITY_MARK_LEVELS.index(level)
    return -1  # none or not recorded


def _counted_provision(prov: pd.DataFrame, min_quality: str | None) -> pd.DataFrame:
    if min_quality is None:
        return prov
    if min_quality not in QUALITY_MARK_LEVELS:
        raise UnknownValueError.for_value(min_quality, QUALITY_MARK_LEVELS, "Quality Mark level", field="min_quality")
    floor = QUALITY_MARK_LEVELS.index(min_quality)
    keep = prov["quality_mark"].map(_quality_rank) >= floor
    return prov[keep]


def _provision_by(prov: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    p = prov.reset_index(drop=True)
    qm = p["quality_mark"].map(lambda q: q in QUALITY_MARK_LEVELS)
    p = p.assign(_qm=p["capacity"].where(qm, 0.0))
    if len(p) == 0:
        return pd.DataFrame({**{b: pd.Series([], dtype=object) for b in by},
                             "provision": pd.Series([], dtype=float),
                             "n_providers": pd.Series([], dtype="int64"),
                             "quality_capacity": pd.Series([], dtype=float)})
    g = p.groupby(by, sort=False, dropna=False)
    return pd.DataFrame(
        {
            "provision": g["capacity"].sum(),
            "n_providers": g["provider"].nunique(),
            "quality_capacity": g["_qm"].sum(),
        }
    ).reset_index()


def gap_table(
    need: Any,
    provision: Any,
    by: Sequence[str] = ("area", "category"),
    *,
    min_quality: str | None = None,
) -> pd.DataFrame:
    """Need, provision, gap and coverage for every cell of the need table.

    Parameters
    ----------
    need, provision
        Tables (paths or DataFrames) as read by :func:`read_need` and :func:`read_provision`.
    by
        The cell: any of ``area``, ``category``, ``client_group`` (need and capacity are
        summed within each cell).
    min_quality
        Count only provision holding at least this CLS Quality Mark level (one of
        :data:`QUALITY_MARK_LEVELS`), for the LSC's aim that clients can always reach
        quality-assured services (lsc2000, p.16, in griffith2002, §4.26, outcome c).

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, then ``need``, ``provision`` (capacity counted), ``gap``
        (``max(need - provision, 0)``), ``coverage`` (``provision / need``, NaN where need
        is 0), ``surplus`` (``max(provision - need, 0)``), ``n_providers`` and
        ``quality_share`` (share of the cell's counted capacity holding any Quality Mark;
        NaN where there is no provision, or no column). Sorted by the ``by`` columns.
        Provision in cells the need table does not cover is left out: see
        :func:`unassessed_provision`.

    Examples
    --------
    >>> import pandas as pd
    >>> need = pd.DataFrame({"area": ["N", "N"], "category": ["debt", "housing"], "need": [100, 0]})
    >>> prov = pd.DataFrame({"provider": ["cab", "sol"], "area": ["N", "N"], "category": ["debt", "debt"],
    ...                      "capacity": [30, 40], "quality_mark": ["general_help", "specialist_help"]})
    >>> gap_table(need, prov)[["category", "provision", "gap", "n_providers", "quality_share"]].to_dict("records")
    [{'category': 'debt', 'provision': 70.0, 'gap': 30.0, 'n_providers': 2, 'quality_share': 1.0},
     {'category': 'housing', 'provision': 0.0, 'gap': 0.0, 'n_providers': 0, 'quality_share': nan}]
    >>> gap_table(need, prov, min_quality="specialist_help")["provision"].tolist()
    [40.0, 0.0]
    """
    nd = read_need(need)
    pv = read_provision(provision)
    by = _check_by(by)
    counted = _counted_provision(pv, min_quality)
    n = nd.reset_index(drop=True).groupby(by, sort=False, dropna=False)["need"].sum().reset_index()
    pb = _provision_by(counted, by)
    t = n.merge(pb, on=by, how="left")
    t["provision"] = t["provision"].fillna(0.0).astype(float)
    t["n_providers"] = t["n_providers"].fillna(0).astype("int64")
    qcap = t["quality_capacity"].fillna(0.0).astype(float)
    t = t.drop(columns="quality_capacity")
    t["need"] = t["need"].astype(float)
    t["gap"] = (t["need"] - t["provision"]).clip(lower=0.0)
    t["coverage"] = (t["provision"] / t["need"]).where(t["need"] > 0)
    t["surplus"] = (t["provision"] - t["need"]).clip(lower=0.0)
    has_qm = pv["quality_mark"].notna().any()
    t["quality_share"] = (qcap / t["provision"]).where((t["provision"] > 0) & has_qm)
    for b in by:
        t[b] = t[b].astype(object)
    return t.sort_values(by, kind="stable").reset_index(drop=True)


def unassessed_provision(
    need: Any, provision: Any, by: Sequence[str] = ("area", "category"), *, min_quality: str | None = None
) -> pd.DataFrame:
    """Provision in cells that the need table does not cover (its need is unknown, not zero).

    Examples
    --------
    >>> import pandas as pd
    >>> need = pd.DataFrame({"area": ["N"], "category": ["debt"], "need": [10]})
    >>> prov = pd.DataFrame({"provider": ["cab", "cab"], "area": ["N", "S"], "category": ["debt", "debt"],
    ...                      "capacity": [5, 7]})
    >>> unassessed_provision(need, prov).to_dict("records")
    [{'area': 'S', 'category': 'debt', 'provision': 7.0, 'n_providers': 1}]
    """
    nd = read_need(need)
    by = _check_by(by)
    pb = _provision_by(_counted_provision(read_provision(provision), min_quality), by)
    cells = set(map(tuple, nd[by].itertuples(index=False, name=None)))
    keep = pd.Series([tuple(r) not in cells for r in pb[by].itertuples(index=False, name=None)],
                     index=pb.index, dtype=bool)
    out = pb[keep].drop(columns="quality_capacity")
    out["provision"] = out["provision"].astype(float)
    return out.sort_values(by, kind="stable").reset_index(drop=True)


def gap_summary(table: pd.DataFrame) -> dict[str, Any]:
    """Totals of a :func:`gap_table`: need, provision, gap, overall coverage, cells with a gap.

    ``coverage`` is total provision over total need; ``met_share`` the share of all need
    met within its own cell (``(need - gap) / need``), which does not let a surplus in one
    cell hide a gap in another.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"need": [100.0, 50.0], "provision": [60.0, 70.0], "gap": [40.0, 0.0]})
    >>> gap_summary(t)
    {'cells': 2, 'cells_with_gap': 1, 'need': 150.0, 'provision': 130.0, 'gap': 40.0,
     'coverage': 0.8667, 'met_share': 0.7333}
    """
    need = float(table["need"].sum())
    prov = float(table["provision"].sum())
    gap = float(table["gap"].sum())
    return {
        "cells": len(table),
        "cells_with_gap": int((table["gap"] > _EPS).sum()),
        "need": need,
        "provision": prov,
        "gap": gap,
        "coverage": round(prov / need, 4) if need > 0 else None,
        "met_share": round((need - gap) / need, 4) if need > 0 else None,
    }


def _plain(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, float):
        return None if math.isnan(v) else v
    if hasattr(v, "item"):
        v = v.item()
        return None if isinstance(v, float) and math.isnan(v) else v
    return v


def gaps_to_json(table: pd.DataFrame, digits: int = 4) -> list[dict[str, Any]]:
    """The rows of a :func:`gap_table` as plain JSON objects (NaN as ``None``, coverage rounded).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"area": ["N"], "category": ["debt"], "need": [3.0], "provision": [1.0],
    ...                   "gap": [2.0], "coverage": [1 / 3]})
    >>> gaps_to_json(t)
    [{'area': 'N', 'category': 'debt', 'need': 3.0, 'provision': 1.0, 'gap': 2.0, 'coverage': 0.3333}]
    """
    out = []
    for rec in table.to_dict("records"):
        row = {k: _plain(v) for k, v in rec.items()}
        for k in ("coverage", "quality_share"):
            if isinstance(row.get(k), float):
                row[k] = round(row[k], digits)
        out.append(row)
    return out


# -- variance analysis ----------------------------------------------------------------------


@dataclass(frozen=True)
class VarianceResult:
    """The two answers of a variance analysis (see :func:`variance_analysis`).

    Attributes
    ----------
    demand_vs_need
        One row per area x category x year: ``need``, ``demand``, ``provision``, ``ratio``
        (demand / need), ``verdict`` (``below need``, ``as assessed``, ``above need``;
        ``not assessed`` where need is missing or 0; ``no demand recorded``) and ``unmet_demand``
        (``max(demand - provision, 0)``).
    effect
        One row per area x category and pair of consecutive years: need, provision, gap and
        demand before and after, ``gap_change``, ``verdict`` (``no gap``, ``gap closed``,
        ``gap narrowed``, ``no change``, ``gap widened``), the ``action`` taken in the first
        year (if any), its ``target_provision`` and ``intended_met``.
    years
        The years found, in order.
    tolerance
        The tolerance used for the first question.
    """

    demand_vs_need: pd.DataFrame
    effect: pd.DataFrame
    years: tuple[int, ...]
    tolerance: float
    notes: tuple[str, ...] = field(default=())

    def action_summary(self) -> dict[str, Any]:
        """Descriptive comparison of cells with and without an action (not a causal estimate).

        ``mean_gap_change`` for cells where an action was recorded and where none was;
        ``actions`` and ``intended_met`` counts.
        """
        e = self.effect
        acted = e["action"].notna()
        mean = lambda s: None if len(s) == 0 else round(float(s.mean()), 4)  # noqa: E731
        return {
            "actions": int(acted.sum()),
            "intended_met": int(e.loc[acted, "intended_met"].fillna(False).astype(bool).sum()),
            "mean_gap_change_with_action": mean(e.loc[acted, "gap_change"].dropna()),
            "mean_gap_change_without_action": mean(e.loc[~acted, "gap_change"].dropna()),
        }

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form."""
        return {
            "years": list(self.years),
            "tolerance": self.tolerance,
            "demand_vs_need": gaps_to_json(self.demand_vs_need),
            "effect": gaps_to_json(self.effect),
            "action_summary": self.action_summary(),
            "notes": list(self.notes),
        }


def _by_year(df: pd.DataFrame, value: str) -> pd.DataFrame:
    keys = ["area", "category", "year"]
    return df.reset_index(drop=True).groupby(keys, sort=False)[value].sum().reset_index()


def _verdict_demand(ratio: float, tol: float) -> str:
    if ratio != ratio:
        return "not assessed"
    if ratio < 1 - tol:
        return "below need"
    if ratio > 1 + tol:
        return "above need"
    return "as assessed"


def _verdict_gap(before: float, after: float) -> str:
    if before != before or after != after:
        return "not assessed"
    if before <= _EPS and after <= _EPS:
        return "no gap"
    if after <= _EPS:
        return "gap closed"
    if after < before - _EPS:
        return "gap narrowed"
    if after > before + _EPS:
        return "gap widened"
    return "no change"


def variance_analysis(
    need: Any,
    provision: Any,
    demand: Any,
    actions: Any = None,
    *,
    tolerance: float = VARIANCE_TOLERANCE,
) -> VarianceResult:
    """The LSC Guidance's variance analysis: whether demand matched the need assessed, and whether the action worked.

    The Guidance asked each CLSP to answer two questions every year after the first: did
    demand reflect assessed need, and did the action taken have the expected or intended
    effect (lsc2000, p.57, in griffith2002, §4.28); Griffith observes that it gives no method
    for doing so (§4.29). This function is one explicit method, with these definitions:

    1. **Demand against need**, per area x category x year: ``ratio = demand / need``.
       Within ``1 +/- tolerance`` the verdict is *as assessed*; below, *below need*
       (assessed need that did not come forward: people not reaching services, or need
       over-estimated); above, *above need* (need under-estimated, or demand drawn from
       elsewhere). ``unmet_demand = max(demand - provision, 0)``.
    2. **Effect of action**, per area x category and consecutive pair of years ``(y0, y1)``
       present in the data: the gap ``max(need - provision, 0)`` in each year, its change,
       and a verdict (*gap closed*, *narrowed*, *no change*, *widened*, or *no gap*). An
       action recorded for the cell in ``y0`` is judged by ``y1``: with a
       ``target_provision`` it met its intention when provision in ``y1`` reached the
       target; without one, when the gap closed or narrowed.

    Both are descriptive: a narrowing gap after an action is consistent with the action
    working, not proof of it (compare :meth:`VarianceResult.action_summary`).

    Parameters
    ----------
    need, provision
        Tables with a ``year`` column (:func:`read_need` and :func:`read_provision` with
        ``years=True``); client groups are summed within each area x category.
    demand
        Recorded demand (:func:`read_demand`).
    actions
        Optional actions taken (:func:`read_actions`).
    tolerance
        Relative band around need that counts as *as assessed* (default 0.1, a convention).

    Examples
    --------
    >>> import pandas as pd
    >>> need = pd.DataFrame({"area": ["N", "N"], "category": ["debt"] * 2, "year": [2001, 2002],
    ...                      "need": [100, 100]})
    >>> prov = pd.DataFrame({"provider": ["cab", "cab"], "area": ["N", "N"], "category": ["debt"] * 2,
    ...                      "year": [2001, 2002], "capacity": [60, 90]})
    >>> dem = pd.DataFrame({"area": ["N", "N"], "category": ["debt"] * 2, "year": [2001, 2002],
    ...                     "demand": [70, 120]})
    >>> act = pd.DataFrame({"area": ["N"], "category": ["debt"], "year": [2001],
    ...                     "action": ["fund outreach"], "target_provision": [100]})
    >>> v = variance_analysis(need, prov, dem, act)
    >>> v.demand_vs_need[["year", "ratio", "verdict", "unmet_demand"]].to_dict("records")
    [{'year': 2001, 'ratio': 0.7, 'verdict': 'below need', 'unmet_demand': 10.0},
     {'year': 2002, 'ratio': 1.2, 'verdict': 'above need', 'unmet_demand': 30.0}]
    >>> v.effect[["gap_before", "gap_after", "verdict", "action", "intended_met"]].to_dict("records")
    [{'gap_before': 40.0, 'gap_after': 10.0, 'verdict': 'gap narrowed', 'action': 'fund outreach',
      'intended_met': False}]
    """
    if isinstance(tolerance, bool) or not isinstance(tolerance, int | float) or not 0 <= tolerance < 1:
        raise CLSPInputError(f"expected a tolerance from 0 to below 1, found {tolerance!r}", field="tolerance")
    nd = _by_year(read_need(need, years=True), "need")
    pv = _by_year(read_provision(provision, years=True), "capacity").rename(columns={"capacity": "provision"})
    dm = _by_year(read_demand(demand), "demand")
    keys = ["area", "category", "year"]
    cells = pd.concat([nd[keys], pv[keys], dm[keys]]).drop_duplicates()
    t = cells.merge(nd, on=keys, how="left").merge(dm, on=keys, how="left").merge(pv, on=keys, how="left")
    t["provision"] = t["provision"].fillna(0.0).astype(float)
    t["need"] = t["need"].astype(float)
    t["demand"] = t["demand"].astype(float)
    t["year"] = t["year"].astype("int64")
    for k in ("area", "category"):
        t[k] = t[k].astype(object)
    t = t.sort_values(keys, kind="stable").reset_index(drop=True)
    years = tuple(sorted(int(y) for y in t["year"].unique()))
    notes = []
    if len(years) < 2:
        notes.append("only one year: the effect of action needs two or more years")

    q1 = t.copy()
    q1["ratio"] = (q1["demand"] / q1["need"]).where(q1["need"] > 0)
    q1["verdict"] = [
        "no demand recorded" if d != d and n == n and n > 0 else _verdict_demand(r, tolerance)
        for r, d, n in zip(q1["ratio"], q1["demand"], q1["need"], strict=True)
    ]
    q1["unmet_demand"] = (q1["demand"] - q1["provision"]).clip(lower=0.0)
    q1 = q1[["area", "category", "year", "need", "demand", "provision", "ratio", "verdict", "unmet_demand"]]

    t["gap"] = (t["need"] - t["provision"]).clip(lower=0.0)
    rows = []
    index = {(a, c, y): r for a, c, y, r in zip(t["area"], t["category"], t["year"], t.to_dict("records"),
                                                 strict=True)}
    cell_keys = sorted({(a, c) for a, c, _ in index})
    for y0, y1 in itertools.pairwise(years):
        for a, c in cell_keys:
            r0, r1 = index.get((a, c, y0)), index.get((a, c, y1))
            if r0 is None and r1 is None:
                continue
            get = lambda r, k: math.nan if r is None else r[k]  # noqa: E731
            g0, g1 = get(r0, "gap"), get(r1, "gap")
            rows.append({
                "area": a, "category": c, "year_from": y0, "year_to": y1,
                "need_before": get(r0, "need"), "need_after": get(r1, "need"),
                "provision_before": get(r0, "provision"), "provision_after": get(r1, "provision"),
                "demand_before": get(r0, "demand"), "demand_after": get(r1, "demand"),
                "gap_before": g0, "gap_after": g1, "gap_change": g1 - g0,
                "verdict": _verdict_gap(g0, g1),
            })
    effect = pd.DataFrame(rows, columns=[
        "area", "category", "year_from", "year_to", "need_before", "need_after", "provision_before",
        "provision_after", "demand_before", "demand_after", "gap_before", "gap_after", "gap_change", "verdict"])
    for k in ("area", "category", "verdict"):
        effect[k] = effect[k].astype(object)
    effect["action"] = pd.Series([None] * len(effect), dtype=object)
    effect["target_provision"] = math.nan
    effect["intended_met"] = pd.Series([None] * len(effect), dtype=object)
    if actions is not None:
        act = read_actions(actions)
        for line, r in act.iterrows():
            if int(r["year"]) not in years[:-1]:
                notes.append(f"action at line {line} ({r['action']}) in {r['year']} has no later year to judge it by")
        where = {(a, c, y): i for i, (a, c, y) in enumerate(zip(effect["area"], effect["category"],
                                                                effect["year_from"], strict=True))}
        for _, r in act.iterrows():
            i = where.get((r["area"], r["category"], int(r["year"])))
            if i is None:
                continue
            prev = effect.at[i, "action"]
            effect.at[i, "action"] = r["action"] if prev is None else f"{prev}; {r['action']}"
            target = r["target_provision"]
            if target == target:  # not NaN
                old = effect.at[i, "target_provision"]
                effect.at[i, "target_provision"] = target if old != old else max(old, target)
        for i in range(len(effect)):
            if effect.at[i, "action"] is None:
                continue
            target = effect.at[i, "target_provision"]
            after = effect.at[i, "provision_after"]
            if target == target:
                effect.at[i, "intended_met"] = bool(after == after and after >= target - _EPS)
            else:
                effect.at[i, "intended_met"] = effect.at[i, "verdict"] in ("gap closed", "gap narrowed")
    return VarianceResult(q1.reset_index(drop=True), effect, years, float(tolerance), tuple(notes))
