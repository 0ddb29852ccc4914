"""Structural measures of a partnership network, each tied to the concept it stands for.

Every function takes a :class:`~clsp_research.partnership.model.Partnership` and reads the
members and typed ties it holds. Most measures work on the *undirected simple
graph of all ties* (:meth:`Partnership.simple_graph`: one edge per pair of members
that has any tie, whatever its kind or direction); multiplexity, reciprocity and
funding look at the typed, directed ties themselves.

What each number means for a partnership, how it is computed and where the idea
comes from is kept in :data:`MEASURE_DOCS`, so that reports and notebooks can
explain every figure they show. In brief:

- *density* and *components*: how much of the possible joint working exists and
  whether the partnership hangs together (wasserman1994, ch.4);
- *centralization* and *betweenness*: whether joint working runs through one or a
  few members, the structural side of power imbalance (freeman1979;
  griffith2002, §3.42);
- *multiplexity*: Webb's "multiple points of contact" between organisations
  (webb1991, p.239 in griffith2002, §3.65; verbrugge1979);
- *inner core*: the main k-core, a dense circle of members that can come to
  dominate (seidman1983; webb1991, p.239 in griffith2002, §3.56);
- *brokerage* and *boundary spanners*: members who join stakeholder groups that
  are not otherwise in touch (gould1989; burt1992; griffith2002, §3.64);
- *funding dependency* and *funder shares*: reliance on one funder, which hampers
  equal participation (griffith2002, §3.43; §4.9);
- *group and sector coverage*: whether the five groups the LSC names are present
  (lsc_clsp_web, "Who should be involved?").

The measures are grouped by what they ask: :mod:`.cohesion` (density, components, tie
kinds, multiplexity, reciprocity, inner core), :mod:`.centrality` (betweenness,
centralization, brokerage), :mod:`.composition` (groups and sectors present),
:mod:`.dependency` (funding) and :mod:`.summary` (the summary the assessment reads, and
:data:`MEASURE_DOCS`); every name is importable from here, and the measures imported from here
also take a plain networkx graph. Tables come as DataFrames: :func:`brokers`,
:func:`funding_dependency`, and the companions of :mod:`.frames` (:func:`member_table` one row per
member, :func:`summary_table` one row per measure, :func:`count_table` for a count per category).

All results are memoised on the partnership (:meth:`Partnership.cached`) until
it next changes, so a report, a risk flag and a widget asking for the same
measure pay for it once.

Examples
--------
>>> from clsp_research.partnership.model import Member, Partnership, Tie
>>> p = Partnership("Illustrative CLSP", [
...     Member("lsc", "LSC", groups=("funder",), sector="statutory"),
...     Member("cab", "CAB", groups=("provider",), sector="voluntary"),
...     Member("law", "Law centre", groups=("provider",), sector="voluntary"),
...     Member("ten", "Tenants' group", groups=("community",), sector="community"),
... ], [
...     Tie("lsc", "cab", "funding", amount=90000),
...     Tie("lsc", "law", "funding", amount=60000),
...     Tie("cab", "ten", "information_exchange"),
...     Tie("cab", "law", "referral"),
...     Tie("law", "cab", "referral"),
... ])
>>> round(density(p), 3)
0.667
>>> most_central(p)
'cab'
>>> reciprocity(p)  # cab and law refer to each other; the two grants are not returned
0.5
>>> s = summarize(p)
>>> s.missing_groups
('network', 'other_sector')
>>> s.to_dict()["most_central"]
'cab'
"""
from __future__ import annotations

from .centrality import (
    EXACT_BETWEENNESS_MAX_NODES,
    betweenness,
    betweenness_centralization,
    boundary_spanners,
    brokers,
    degree_centralization,
    most_central,
)
from .cohesion import components, density, inner_core, isolates, multiplexity, reciprocity, tie_kind_counts
from .composition import group_coverage, missing_groups, sector_coverage
from .dependency import SINGLE_FUNDER_THRESHOLD, funder_shares, funding_dependency, single_funder_dependency
from .frames import accepts_graph, as_partnership, count_table, member_table, summary_table
from .summary import MEASURE_DOCS, StructuralSummary, summarize

# Every measure exported here also takes a plain networkx graph (see :mod:`.frames`).
(betweenness, betweenness_centralization, boundary_spanners, brokers, degree_centralization, most_central,
 components, density, inner_core, isolates, multiplexity, reciprocity, tie_kind_counts, group_coverage,
 missing_groups, sector_coverage, funder_shares, funding_dependency, single_funder_dependency, summarize) = (
    accepts_graph(f) for f in (
        betweenness, betweenness_centralization, boundary_spanners, brokers, degree_centralization, most_central,
        components, density, inner_core, isolates, multiplexity, reciprocity, tie_kind_counts, group_coverage,
        missing_groups, sector_coverage, funder_shares, funding_dependency, single_funder_dependency, summarize))

__all__ = [
    "EXACT_BETWEENNESS_MAX_NODES",
    "MEASURE_DOCS",
    "SINGLE_FUNDER_THRESHOLD",
    "StructuralSummary",
    "as_partnership",
    "betweenness",
    "betweenness_centralization",
    "boundary_spanners",
    "brokers",
    "components",
    "count_table",
    "degree_centralization",
    "density",
    "funder_shares",
    "funding_dependency",
    "group_coverage",
    "inner_core",
    "isolates",
    "member_table",
    "missing_groups",
    "most_central",
    "multiplexity",
    "reciprocity",
    "sector_coverage",
    "single_funder_dependency",
    "summarize",
    "summary_table",
    "tie_kind_counts",
]
