"""The structural summary of a partnership, and what every measure means (:data:`MEASURE_DOCS`).

:func:`summarize` gathers the measures the assessment reads into one
:class:`StructuralSummary` (memoised on the partnership); :data:`MEASURE_DOCS` says for
every measure what it stands for, how it is computed and where the idea comes from, so that
reports and notebooks can explain every figure they show.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from ..arrays import tie_arrays
from ..model import Partnership
from .centrality import (
    _betweenness,
    betweenness_centralization,
    boundary_spanners,
    degree_centralization,
    most_central,
)
from .cohesion import components, density, inner_core, isolates, multiplexity, reciprocity, tie_kind_counts
from .composition import group_coverage, missing_groups, sector_coverage
from .dependency import (
    funder_shares,
    single_funder_dependency,
)

__all__ = ["MEASURE_DOCS", "StructuralSummary", "summarize"]


# -- summary --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StructuralSummary:
    """The scalar results of the structural measures for one partnership.

    Built by :func:`summarize`; :meth:`to_dict` gives plain JSON-ready types (the
    ``measures`` object of ``clsp assess --json``). Each field is explained in
    :data:`MEASURE_DOCS` (see its ``fields`` entries). Treat as read-only: it is
    shared through the partnership's cache.
    """

    n_members: int
    n_ties: int
    n_pairs: int
    density: float
    degree_centralization: float
    betweenness_centralization: float
    betweenness_exact: bool
    most_central: str | None
    multiplexity_share: float
    mean_kinds: float
    reciprocity: float | None
    group_coverage: Mapping[str, int]
    missing_groups: tuple[str, ...]
    sector_coverage: Mapping[str, int]
    core_k: int
    core_members: tuple[str, ...]
    core_share: float
    n_components: int
    largest_component_share: float
    isolates: tuple[str, ...]
    boundary_spanners: tuple[str, ...]
    single_funder_dependent: tuple[str, ...]
    dominant_funder: str | None
    dominant_funder_share: float | None
    tie_kind_counts: Mapping[str, int]

    def to_dict(self) -> dict[str, Any]:
        """Plain types only: lists for tuples, dicts for mappings, ``None`` for NaN."""
        out: dict[str, Any] = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, tuple):
                v = list(v)
            elif isinstance(v, Mapping):
                v = dict(v)
            elif isinstance(v, float) and math.isnan(v):
                v = None
            out[f.name] = v
        return out


def summarize(p: Partnership) -> StructuralSummary:
    """All the scalar structural measures of a partnership, memoised until it changes.

    Uses the default settings of each measure (exact betweenness up to 1,000 members,
    sampled with ``k=500, seed=0`` above; ``min_groups=2`` for boundary spanners;
    the 0.75 single-funder threshold).

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member(i, i, groups=("provider",)) for i in "hab"],
    ...                 [Tie("h", "a", "referral"), Tie("h", "b", "referral")])
    >>> s = summarize(p)
    >>> s.degree_centralization, s.most_central, s.core_k
    (1.0, 'h', 1)
    >>> summarize(p) is s  # memoised
    True
    """
    return p.cached("summary", lambda: _summarize(p))


def _summarize(p: Partnership) -> StructuralSummary:
    a = tie_arrays(p)
    n = a.n
    _, exact = _betweenness(p, None, 500, 0)
    mx = multiplexity(p)
    core = inner_core(p)
    comps = components(p)
    shares = funder_shares(p)
    dominant = next(iter(shares), None)
    return StructuralSummary(
        n_members=n,
        n_ties=p.n_ties,
        n_pairs=len(a.pair_u),
        density=density(p),
        degree_centralization=degree_centralization(p),
        betweenness_centralization=betweenness_centralization(p),
        betweenness_exact=exact,
        most_central=most_central(p),
        multiplexity_share=mx["share"],
        mean_kinds=mx["mean_kinds"],
        reciprocity=reciprocity(p),
        group_coverage=group_coverage(p),
        missing_groups=tuple(missing_groups(p)),
        sector_coverage=sector_coverage(p),
        core_k=core["k"],
        core_members=tuple(core["members"]),
        core_share=core["share"],
        n_components=len(comps),
        largest_component_share=len(comps[0]) / n if comps else 0.0,
        isolates=tuple(isolates(p)),
        boundary_spanners=tuple(boundary_spanners(p)),
        single_funder_dependent=tuple(single_funder_dependency(p)),
        dominant_funder=dominant,
        dominant_funder_share=shares[dominant] if dominant is not None else None,
        tie_kind_counts=tie_kind_counts(p),
    )


# -- documentation of every measure ------------------------------------------------------------

#: For each measure (function name): ``label``, ``concept`` (one plain sentence on what it
#: stands for in a partnership), ``how`` (how it is computed), ``cites`` ("key, locator"
#: strings of references.bib keys) and ``fields`` (the :class:`StructuralSummary` fields it
#: fills, empty when it is not in the summary).
MEASURE_DOCS: dict[str, dict[str, Any]] = {
    "density": {
        "label": "Density",
        "concept": "How much of the joint working that could exist among the members does "
        "exist: the share of pairs of members with any tie.",
        "how": "2m / (n(n-1)) on the undirected simple graph of all ties (a pair with ties "
        "of several kinds counts once); 0 for fewer than two members.",
        "cites": ["wasserman1994, ch.4", "griffith2002, §3.67"],
        "fields": ["density", "n_pairs"],
    },
    "degree_centralization": {
        "label": "Degree centralization",
        "concept": "How far the partnership's ties are concentrated on one member, from 0 "
        "(all equally tied) to 1 (a star around one hub), a structural sign of domination.",
        "how": "Freeman's sum of (max degree - degree) over members divided by its star-graph "
        "maximum (n-1)(n-2), on the undirected simple graph; 0 for fewer than three members.",
        "cites": ["freeman1979", "wasserman1994, ch.5", "griffith2002, §3.42"],
        "fields": ["degree_centralization"],
    },
    "betweenness_centralization": {
        "label": "Betweenness centralization",
        "concept": "How far members depend on one go-between to reach each other, from 0 "
        "(no member between others more than any other) to 1 (a star).",
        "how": "Freeman's sum of (max raw betweenness - raw betweenness) over members divided "
        "by the star maximum (n-1)^2(n-2)/2, i.e. the sum of (max - b) over normalised "
        "betweenness divided by n-1; estimated from sampled betweenness above 1,000 members.",
        "cites": ["freeman1979", "wasserman1994, ch.5", "griffith2002, §3.42"],
        "fields": ["betweenness_centralization", "betweenness_exact"],
    },
    "betweenness": {
        "label": "Betweenness",
        "concept": "How far a member stands on the shortest chains of ties between other "
        "members, and so can pass on, hold back or colour what flows between them.",
        "how": "Share of shortest paths between other pairs through the member, summed and "
        "divided by (n-1)(n-2)/2 (Brandes' algorithm, unweighted); exact up to 1,000 members, "
        "above that estimated from 500 sampled sources with a fixed seed, as networkx does.",
        "cites": ["freeman1979", "wasserman1994, ch.5", "griffith2002, §3.46"],
        "fields": [],
    },
    "most_central": {
        "label": "Most central member",
        "concept": "The hub through which most joint working runs: a convenor, or a "
        "dominant partner.",
        "how": "Highest betweenness; ties broken by higher degree, then first id; none when "
        "there are no ties.",
        "cites": ["freeman1979", "griffith2002, §3.64", "griffith2002, §3.42"],
        "fields": ["most_central"],
    },
    "multiplexity": {
        "label": "Multiplexity",
        "concept": "Multiple points of contact: pairs of organisations joined by several "
        "kinds of joint working at once, which makes collaboration more robust.",
        "how": "Share of connected pairs joined by at least two distinct tie kinds (either "
        "direction), and the mean number of distinct kinds per connected pair.",
        "cites": ["webb1991, p.239", "griffith2002, §3.65", "verbrugge1979"],
        "fields": ["multiplexity_share", "mean_kinds"],
    },
    "reciprocity": {
        "label": "Reciprocity",
        "concept": "Whether referral and funding flows run both ways, a sign of mutual "
        "exchange rather than one-way dependence.",
        "how": "Share of distinct directed arcs (A to B, one tie kind among referral and "
        "funding) answered by an arc of the same kind from B to A; none without directed ties.",
        "cites": ["wasserman1994, ch.13", "griffith2002, §3.54", "griffith2002, §2.28"],
        "fields": ["reciprocity"],
    },
    "group_coverage": {
        "label": "Stakeholder groups",
        "concept": "Whether the five groups the LSC says a partnership needs are involved.",
        "how": "Number of members in each stakeholder group; a member in several groups "
        "counts in each.",
        "cites": ["lsc_clsp_web, Who should be involved?", "griffith2002, §3.56"],
        "fields": ["group_coverage"],
    },
    "missing_groups": {
        "label": "Missing stakeholder groups",
        "concept": "Groups the LSC says should be involved but that have no member.",
        "how": "Stakeholder groups with no member, in the LSC's order.",
        "cites": ["lsc_clsp_web, Who should be involved?", "griffith2002, §3.56"],
        "fields": ["missing_groups"],
    },
    "sector_coverage": {
        "label": "Sectors",
        "concept": "The balance of statutory, voluntary, private and community organisations, "
        "across which power is unevenly spread.",
        "how": "Number of members in each sector, with 'unknown' for members whose sector "
        "is not recorded.",
        "cites": ["griffith2002, §3.41", "griffith2002, §3.43", "griffith2002, §3.47"],
        "fields": ["sector_coverage"],
    },
    "inner_core": {
        "label": "Inner core",
        "concept": "A tightly knit circle of members that can come to run the partnership "
        "and leave the others outside.",
        "how": "The main k-core of the undirected simple graph: the largest set in which "
        "everyone has at least k ties inside the set, for the largest such k; its k, members "
        "and share of all members.",
        "cites": [
            "seidman1983",
            "wasserman1994, ch.7",
            "webb1991, p.239",
            "griffith2002, §3.56",
            "lowndes1998, pp.326-27",
            "griffith2002, §3.40",
        ],
        "fields": ["core_k", "core_members", "core_share"],
    },
    "brokers": {
        "label": "Brokerage",
        "concept": "Members who link others from different stakeholder groups who are not "
        "in touch with each other.",
        "how": "For each member, the pairs of its neighbours that share no stakeholder group "
        "and have no tie to each other (Gould-Fernandez roles whose parties are in different "
        "groups, on the undirected graph), with the groups its neighbours span.",
        "cites": ["gould1989", "burt1992, ch.1", "griffith2002, §3.64"],
        "fields": [],
    },
    "boundary_spanners": {
        "label": "Boundary spanners",
        "concept": "Go-betweens able to work across organisational and group boundaries, a "
        "key role in partnerships.",
        "how": "Members whose neighbours come from at least two stakeholder groups other than "
        "their own and who broker at least one cross-group pair.",
        "cites": ["griffith2002, §3.64", "williamson2001, p.124", "gould1989", "burt1992"],
        "fields": ["boundary_spanners"],
    },
    "funding_dependency": {
        "label": "Funding dependency",
        "concept": "How far each funded member relies on its largest funder, which hampers "
        "taking part on equal terms.",
        "how": "Per funded member: known total, grants, grants without amount, top funder "
        "and its share of the known total, number of funders.",
        "cites": ["griffith2002, §3.43", "griffith2002, §3.42"],
        "fields": [],
    },
    "single_funder_dependency": {
        "label": "Single-funder dependency",
        "concept": "Members that get most of their money from one funder.",
        "how": "Members whose top funder gives at least 0.75 of their known funding (a "
        "tunable convention: no source gives a figure); a sole funder always counts.",
        "cites": ["griffith2002, §3.43", "steele1999", "griffith2002, §4.9"],
        "fields": ["single_funder_dependent"],
    },
    "funder_shares": {
        "label": "Funder shares",
        "concept": "Whether one funder provides most of the money, a marker of power "
        "imbalance.",
        "how": "Each funder's share of all funding with a known amount; the largest is the "
        "dominant funder.",
        "cites": ["griffith2002, §3.42", "steele1999", "griffith2002, §4.9"],
        "fields": ["dominant_funder", "dominant_funder_share"],
    },
    "components": {
        "label": "Components",
        "concept": "Whether the partnership hangs together or falls into clusters that no "
        "chain of ties connects.",
        "how": "Connected components of the undirected simple graph, largest first.",
        "cites": ["wasserman1994, ch.4"],
        "fields": ["n_components", "largest_component_share"],
    },
    "isolates": {
        "label": "Isolates",
        "concept": "Members on paper that take no part in the joint working.",
        "how": "Members with no tie of any kind.",
        "cites": ["wasserman1994, ch.4", "griffith2002, §3.47"],
        "fields": ["isolates"],
    },
    "tie_kind_counts": {
        "label": "Tie kinds",
        "concept": "The mix of joint working, from information exchange to pooled budgets, "
        "that places a partnership on the continuum.",
        "how": "Number of ties of each kind; parallel ties count separately.",
        "cites": ["griffith2002, §2.3-2.8"],
        "fields": ["tie_kind_counts", "n_ties"],
    },
}
