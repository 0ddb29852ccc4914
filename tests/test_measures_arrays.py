"""The measures' array internals against networkx (the reference) and plain-Python recounts.

The numpy betweenness, core numbers, components, reciprocity and funding rows are checked on
random partnerships against networkx or a straightforward count written out here; betweenness
is checked with each of its two kernels (igraph's and numpy's), and the two against each other.
"""

from __future__ import annotations

import gc
import json
import math
import random
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from unittest.mock import patch

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clsp_research.assess import assess
from clsp_research.partnership import measures as M
from clsp_research.partnership.arrays import kind_sets, tie_arrays
from clsp_research.partnership.gcpause import paused_gc
from clsp_research.partnership.measures import centrality, cohesion, compiled
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


@contextmanager
def kernel(name: str) -> Iterator[list]:
    """Betweenness by the named kernel whatever the work ("numpy", "igraph"), or by the default threshold
    ("default") with igraph's import taken as worth it; yields the igraph calls made (their member counts)."""
    calls: list = []
    real = compiled.igraph_betweenness

    def spy(*args):
        calls.append(args[0])
        return real(*args)

    threshold = {"igraph": 0, "numpy": 10**18, "default": compiled.IGRAPH_MIN_WORK}[name]
    with patch.object(compiled, "IGRAPH_MIN_WORK", threshold), \
            patch.object(compiled, "igraph_for_large_work", compiled.load_igraph), \
            patch.object(compiled, "igraph_betweenness", spy):
        yield calls


KERNELS = pytest.mark.parametrize("name", ["numpy", "igraph"])


@KERNELS
@FAST
@given(st.integers(3, 60), st.floats(0.02, 0.4), st.integers(0, 10_000))
def test_exact_betweenness_equals_networkx_on_random_graphs(name, n, p_edge, seed):
    p = random_graph_partnership(n, p_edge, seed)
    ref = nx.betweenness_centrality(p.simple_graph())
    with kernel(name) as calls:
        assert M.betweenness(p, exact=True) == pytest.approx(ref, abs=1e-12)
    assert calls == ([n] if name == "igraph" and p.n_ties else [])


@KERNELS
@FAST
@given(st.integers(10, 80), st.floats(0.02, 0.3), st.integers(2, 9), st.integers(0, 10_000))
def test_sampled_betweenness_equals_networkx_with_the_same_sources(name, n, p_edge, k, seed):
    p = random_graph_partnership(n, p_edge, seed)
    ref = nx.betweenness_centrality(p.simple_graph(), k=k, seed=seed)
    with kernel(name) as calls:
        assert M.betweenness(p, exact=False, k=k, seed=seed) == pytest.approx(ref, abs=1e-12)
    assert calls == ([n] if name == "igraph" and p.n_ties else [])


def test_betweenness_of_a_synthetic_partnership_equals_networkx_in_several_batches(monkeypatch):
    # Small batches make the numpy kernel run many batches and levels; the sum must not change.
    monkeypatch.setattr(centrality, "_BATCH_WORK", 500)
    p = synthetic_partnership(300, seed=4)
    with kernel("numpy"):
        assert M.betweenness(p, exact=False, k=40, seed=3) == pytest.approx(
            nx.betweenness_centrality(p.simple_graph(), k=40, seed=3), abs=1e-12)
        assert M.betweenness(p, exact=True) == pytest.approx(
            nx.betweenness_centrality(p.simple_graph()), abs=1e-12)


@pytest.mark.parametrize("n", [200, 1500])
def test_the_two_kernels_agree_on_the_same_sampled_sources(n):
    p = synthetic_partnership(n, seed=2)
    a = tie_arrays(p)
    src = np.array([a.index[u] for u in random.Random(5).sample(list(a.ids), 60)])
    ours = centrality._brandes(a.indptr, a.indices, src)
    theirs = compiled.igraph_betweenness(a.n, a.pair_u, a.pair_v, src)
    assert ours.max() > 0
    assert np.allclose(ours, theirs, rtol=1e-12, atol=1e-9)
    every = compiled.igraph_betweenness(a.n, a.pair_u, a.pair_v, None)
    assert np.allclose(centrality._brandes(a.indptr, a.indices, np.arange(a.n)), every, rtol=1e-12, atol=1e-9)


def test_large_work_goes_to_igraph_and_small_work_stays_with_numpy():
    small, large = synthetic_partnership(60, seed=1), synthetic_partnership(1500, seed=1)
    with kernel("default") as calls:
        M.betweenness(small)
        assert calls == []
        M.betweenness(large)  # 500 sampled sources x (1,500 + 2 x about 3,000 pairs)
        assert calls == [1500]


def _run(code: str) -> list:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300)
    return json.loads(out.stdout.strip().splitlines()[-1])


_LARGE_UNTIL_IGRAPH = (
    "from clsp_research.partnership.measures import betweenness, compiled\n"
    "from clsp_research.partnership.synthetic import synthetic_partnership\n"
    "p = synthetic_partnership(1500, seed=0)\n"
    "steps = []\n"
    "while 'igraph' not in sys.modules and len(steps) < 200:\n"
    "    steps.append(compiled.spent_on_numpy())\n"
    "    betweenness(p.copy())\n")


def test_a_process_imports_igraph_once_numpy_has_spent_what_the_import_costs():
    seen = _run(
        "import sys, json\n"
        "from clsp_research.assess import assess\n"
        "from clsp_research.partnership.datasets import load_case_study\n"
        "assess(load_case_study('talking_shop'))\n"
        "small = ['igraph' in sys.modules, 'matplotlib' in sys.modules]\n"
        + _LARGE_UNTIL_IGRAPH +
        "print(json.dumps([small, steps, 'igraph' in sys.modules, compiled.IMPORT_COST]))\n")
    small, steps, imported, cost = seen
    assert small == [False, False]  # a case study's assessment imports neither
    assert imported and len(steps) >= 2  # the first large run is numpy's ...
    assert steps[-1] >= cost > steps[-2]  # ... until numpy has spent what importing igraph costs


def test_where_pyplot_is_loaded_the_first_large_work_goes_to_igraph():
    steps, imported = _run(
        "import sys, json\nimport matplotlib.pyplot\n" + _LARGE_UNTIL_IGRAPH
        + "print(json.dumps([steps, 'igraph' in sys.modules]))\n")
    assert imported and steps == [0.0]


def test_without_igraph_the_numpy_kernel_gives_the_same_values():
    code = (
        "import sys, json\nimport matplotlib.pyplot\nsys.modules['igraph'] = None\n"  # as if igraph were absent
        "from clsp_research.partnership.measures import betweenness, compiled\n"
        "from clsp_research.partnership.synthetic import synthetic_partnership\n"
        "b = betweenness(synthetic_partnership(1500, seed=3))\n"
        "print(json.dumps([compiled.load_igraph() is None, compiled.spent_on_numpy() > 0, b]))\n")
    absent, counted, values = _run(code)
    assert absent and counted
    with kernel("igraph") as calls:
        ref = M.betweenness(synthetic_partnership(1500, seed=3))
    assert calls == [1500]
    assert values == pytest.approx(ref, abs=1e-12)


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
