"""The measures' array internals against networkx (the reference) and plain-Python recounts.

The numpy betweenness, core numbers, components, reciprocity and funding rows are checked on
random partnerships against networkx or a straightforward count written out here; igraph, when
installed (the ``bench`` extra), is checked on the same sampled sources.
"""

from __future__ import annotations

import gc
import math
import random

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clsp_research.assess import assess
from clsp_research.partnership import measures as M
from clsp_research.partnership.arrays import kind_sets, tie_arrays
from clsp_research.partnership.gcpause import paused_gc
from clsp_research.partnership.measures import centrality, cohesion
from clsp_research.partnership.model import STAKEHOLDER_GROUPS, TIE_KINDS, Member, Partnership, Tie
from clsp_research.partnership.synthetic import synthetic_partnership

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def partnerships(draw, max_members=30):
    """Random partnerships: any number of ties of any kind, parallel and reverse ties included."""
    n = draw(st.integers(0, max_members))
    ids = [f"m{i}" for i in range(n)]
    p = Partnership("random")
    for i in ids:
        groups = draw(st.lists(st.sampled_from(STAKEHOLDER_GROUPS), min_size=1, max_size=3, unique=True))
        p.add_member(Member(i, i, groups=tuple(groups)))
    if n >= 2:
        pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda e: e[0] != e[1])
        ties = draw(st.lists(st.tuples(pairs, st.sampled_from(TIE_KINDS), st.none() | st.integers(0, 1000)),
                             max_size=3 * n))
        for (u, v), kind, amount in ties:
            p.add_tie(Tie(ids[u], ids[v], kind, amount=amount if kind == "funding" else None))
    return p


def random_graph_partnership(n: int, p_edge: float, seed: int) -> Partnership:
    g = nx.gnp_random_graph(n, p_edge, seed=seed)
    return Partnership("gnp", [Member(f"v{i}", f"V{i}", groups=("provider",)) for i in g],
                       [Tie(f"v{u}", f"v{v}", "referral") for u, v in g.edges()])


# -- the arrays ---------------------------------------------------------------------------------


@FAST
@given(partnerships())
def test_arrays_hold_the_simple_graph(p):
    a = tie_arrays(p)
    g = p.simple_graph()
    assert a.ids == tuple(g)
    pairs = {frozenset((a.ids[u], a.ids[v])): (kind_sets(int(k)), int(w))
             for u, v, k, w in zip(a.pair_u, a.pair_v, a.pair_kinds, a.pair_weight, strict=True)}
    assert pairs == {frozenset((u, v)): (d["kinds"], d["weight"]) for u, v, d in g.edges(data=True)}
    for i, u in enumerate(a.ids):
        assert sorted(a.ids[j] for j in a.indices[a.indptr[i]:a.indptr[i + 1]]) == sorted(g[u])
    assert a.degree.tolist() == [g.degree(u) for u in g]


def test_arrays_are_rebuilt_when_the_partnership_changes():
    p = Partnership("P", [Member("a", "A", groups=("funder",)), Member("b", "B", groups=("provider",))])
    assert len(tie_arrays(p).pair_u) == 0
    p.add_tie(Tie("a", "b", "funding", amount=10))
    assert len(tie_arrays(p).pair_u) == 1 and tie_arrays(p).tie_amount.tolist() == [10.0]


# -- betweenness: exact, sampled, and igraph on the same sources --------------------------------


@FAST
@given(st.integers(3, 60), st.floats(0.02, 0.4), st.integers(0, 10_000))
def test_exact_betweenness_equals_networkx_on_random_graphs(n, p_edge, seed):
    p = random_graph_partnership(n, p_edge, seed)
    ref = nx.betweenness_centrality(p.simple_graph())
    assert M.betweenness(p, exact=True) == pytest.approx(ref, abs=1e-12)


@FAST
@given(st.integers(10, 80), st.floats(0.02, 0.3), st.integers(2, 9), st.integers(0, 10_000))
def test_sampled_betweenness_equals_networkx_with_the_same_sources(n, p_edge, k, seed):
    p = random_graph_partnership(n, p_edge, seed)
    ref = nx.betweenness_centrality(p.simple_graph(), k=k, seed=seed)
    assert M.betweenness(p, exact=False, k=k, seed=seed) == pytest.approx(ref, abs=1e-12)


def test_betweenness_of_a_synthetic_partnership_equals_networkx_in_several_batches(monkeypatch):
    # Small batches make the kernel run many batches and levels; the sum must not change.
    monkeypatch.setattr(centrality, "_BATCH_WORK", 500)
    p = synthetic_partnership(300, seed=4)
    assert M.betweenness(p, exact=False, k=40, seed=3) == pytest.approx(
        nx.betweenness_centrality(p.simple_graph(), k=40, seed=3), abs=1e-12)
    assert M.betweenness(p, exact=True) == pytest.approx(nx.betweenness_centrality(p.simple_graph()), abs=1e-12)


@pytest.mark.parametrize("n", [200, 1500])
def test_numpy_betweenness_equals_igraph_on_the_same_sampled_sources(n):
    ig = pytest.importorskip("igraph")
    p = synthetic_partnership(n, seed=2)
    a = tie_arrays(p)
    sample = random.Random(5).sample(list(a.ids), 60)
    src = np.array([a.index[u] for u in sample])
    ours = centrality._brandes(a.indptr, a.indices, src)
    g = ig.Graph(n=a.n, edges=np.column_stack((a.pair_u, a.pair_v)).tolist())
    theirs = np.array(g.betweenness(sources=src.tolist()))  # unordered pairs: half our ordered count
    assert np.allclose(ours / 2, theirs, rtol=1e-9, atol=1e-9)
    assert ours.max() > 0


# -- core numbers, components, reciprocity, brokerage, funding ----------------------------------


@FAST
@given(partnerships())
def test_core_numbers_and_components_equal_networkx(p):
    g = p.simple_graph()
    assert dict(zip(tie_arrays(p).ids, cohesion._core_numbers(tie_arrays(p)).tolist(), strict=True)) == (
        nx.core_number(g) if len(g) else {})
    ref = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c[0]))
    assert M.components(p) == ref


@FAST
@given(partnerships())
def test_reciprocity_equals_a_plain_count(p):
    for kinds in (None, ["funding"], ["referral"]):
        wanted = set(kinds or ("referral", "funding"))
        arcs = {(t.source, t.target, t.kind) for t in p.ties if t.kind in wanted}
        expected = sum((v, u, k) in arcs for u, v, k in arcs) / len(arcs) if arcs else None
        assert M.reciprocity(p, kinds=kinds) == expected


def _naive_funding_rows(p):
    by_member: dict = {}
    for t in p.ties:
        if t.kind == "funding":
            by_member.setdefault(t.target, {}).setdefault(t.source, []).append(t.amount)
    rows = {}
    for member, funders in by_member.items():
        known = {f: sum(a for a in am if a is not None) for f, am in funders.items() if any(a is not None for a in am)}
        total = sum(known.values())
        if total > 0:
            top = min(known, key=lambda f: (-known[f], f))
            share = known[top] / total
        elif len(funders) == 1:
            top, share = next(iter(funders)), 1.0
        else:
            top, share = None, math.nan
        rows[member] = (float(total) if known else math.nan, sum(len(a) for a in funders.values()),
                        sum(x is None for a in funders.values() for x in a), top, share, len(funders))
    return rows


@FAST
@given(partnerships(max_members=12))
def test_funding_rows_equal_a_plain_count(p):
    df = M.funding_dependency(p)
    got = {r["member"]: (r["total"], r["n_grants"], r["n_unknown_amounts"], r["top_funder"], r["top_share"],
                         r["n_funders"]) for r in df.to_dict("records")}
    expected = _naive_funding_rows(p)
    assert got.keys() == expected.keys()
    for m, row in expected.items():
        for x, y in zip(got[m], row, strict=True):
            missing_x = x is None or (isinstance(x, float) and math.isnan(x))  # a table shows None as NaN
            missing_y = y is None or (isinstance(y, float) and math.isnan(y))
            assert (missing_x and missing_y) or (not missing_x and not missing_y and (x == pytest.approx(y) or x == y))
    shares = [s for s in df["top_share"] if not math.isnan(s)]
    assert shares == sorted(shares, reverse=True)
    sums: dict = {}
    for t in p.ties:
        if t.kind == "funding" and t.amount is not None:
            sums[t.source] = sums.get(t.source, 0.0) + t.amount
    total = sum(sums.values())
    assert M.funder_shares(p) == ({f: sums[f] / total for f in sorted(sums, key=lambda f: (-sums[f], f))}
                                  if total > 0 else {})


# -- the garbage collector -------------------------------------------------------------------


def test_assessment_runs_with_the_collector_paused_and_restores_it(monkeypatch):
    seen = []
    real = centrality._brandes

    def spy(*args):
        seen.append(gc.isenabled())
        return real(*args)

    monkeypatch.setattr(centrality, "_brandes", spy)
    assert gc.isenabled()
    assess(synthetic_partnership(30, seed=1))
    assert seen == [False]
    assert gc.isenabled()


def test_paused_gc_keeps_a_deliberately_disabled_collector_disabled():
    gc.disable()
    try:
        with paused_gc(), paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(ValueError), paused_gc():
        raise ValueError("an error inside still restores the collector")
    assert gc.isenabled()
