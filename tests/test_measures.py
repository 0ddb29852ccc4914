"""Tests of clsp_research.partnership.measures: hand-computed values on small graphs, properties on random ones.

Every expected value below is worked out by hand in the comments next to it.
"""

from __future__ import annotations

import itertools
import json
import math

import networkx as nx
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clsp_research.errors import CLSPInputError
from clsp_research.partnership import measures as M
from clsp_research.partnership.measures import centrality
from clsp_research.partnership.model import (
    SECTORS,
    STAKEHOLDER_GROUPS,
    TIE_KINDS,
    Member,
    Partnership,
    Tie,
)

# -- helpers ------------------------------------------------------------------------------


def make(edges, nodes=(), groups=None, kind="information_exchange", sectors=None):
    """A partnership from ``edges`` (pairs, or triples with a kind); members all 'provider'
    unless ``groups`` maps an id to its groups."""
    groups = groups or {}
    sectors = sectors or {}
    ids = list(dict.fromkeys([*nodes, *(x for e in edges for x in e[:2])]))
    p = Partnership("test")
    for i in ids:
        p.add_member(Member(i, i.upper(), groups=groups.get(i, ("provider",)), sector=sectors.get(i)))
    for e in edges:
        p.add_tie(Tie(e[0], e[1], e[2] if len(e) > 2 else kind))
    return p


def star(n):
    """Hub 'h' tied to leaves l0..l{n-2}: n members in all."""
    return make([("h", f"l{i}") for i in range(n - 1)])


def path(ids):
    return make(list(itertools.pairwise(ids)))


def cycle(ids):
    return make([*itertools.pairwise(ids), (ids[-1], ids[0])])


def complete(ids):
    return make(list(itertools.combinations(ids, 2)))


def bowtie():
    # Two triangles a-b-c and c-d-e sharing c.
    return make([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"), ("d", "e"), ("c", "e")])


def kite():
    # Diamond a-b, a-c, b-c, b-d, c-d with a tail d-e.
    return make([("a", "b"), ("a", "c"), ("b", "c"), ("b", "d"), ("c", "d"), ("d", "e")])


EMPTY = Partnership("empty")
SINGLE = make([], nodes=["solo"])


# -- density, components, isolates ---------------------------------------------------------


def test_density_hand_values():
    assert M.density(EMPTY) == 0.0
    assert M.density(SINGLE) == 0.0
    # Two members, one tie: 1 pair of 1.
    assert M.density(make([("a", "b")])) == 1.0
    # Path of 4: 3 ties of 4*3/2 = 6 pairs.
    assert M.density(path("abcd")) == pytest.approx(0.5)
    # Kite: 6 ties of 10 pairs.
    assert M.density(kite()) == pytest.approx(0.6)


def test_density_counts_parallel_and_reverse_ties_once():
    # a-b joined by funding, a referral back and an information exchange: still one pair of 3.
    p = make([("a", "b", "funding"), ("b", "a", "referral"), ("a", "b", "information_exchange")],
             nodes=["c"])
    assert M.density(p) == pytest.approx(1 / 3)


def test_components_and_isolates():
    p = make([("b", "a"), ("c", "d"), ("d", "e")], nodes=["z", "y"])
    # Components: {c,d,e} (3), {a,b} (2), then {y} and {z}, ordered by first id.
    assert M.components(p) == [["c", "d", "e"], ["a", "b"], ["y"], ["z"]]
    assert M.isolates(p) == ["y", "z"]
    assert M.components(EMPTY) == []
    assert M.isolates(EMPTY) == []
    assert M.components(SINGLE) == [["solo"]]
    assert M.isolates(SINGLE) == ["solo"]


def test_components_result_is_a_copy():
    p = path("abc")
    M.components(p)[0].append("x")
    assert M.components(p) == [["a", "b", "c"]]


# -- centralization -----------------------------------------------------------------------


@pytest.mark.parametrize("n", [3, 4, 5, 10])
def test_star_is_fully_centralised(n):
    # Degree: hub n-1, leaves 1 -> sum (n-1)(n-2) = the maximum.
    # Betweenness (raw): hub on all (n-1)(n-2)/2 leaf pairs -> sum (n-1)^2(n-2)/2 = the maximum.
    p = star(n)
    assert M.degree_centralization(p) == pytest.approx(1.0)
    assert M.betweenness_centralization(p) == pytest.approx(1.0)


def test_path_of_four():
    # a-b-c-d. Degrees 1,2,2,1: sum(2-d) = 1+0+0+1 = 2; max (n-1)(n-2) = 3*2 = 6 -> 1/3.
    # Raw betweenness: b lies on a-c and a-d (2); c on a-d and b-d (2); ends 0.
    # sum(2-B) = 2+0+0+2 = 4; max (n-1)^2(n-2)/2 = 9*2/2 = 9 -> 4/9.
    p = path("abcd")
    assert M.degree_centralization(p) == pytest.approx(1 / 3)
    assert M.betweenness_centralization(p) == pytest.approx(4 / 9)


def test_path_of_five():
    # a-b-c-d-e. Degrees 1,2,2,2,1: sum(2-d) = 2; max 4*3 = 12 -> 1/6.
    # Raw betweenness: b on a-c, a-d, a-e (3); c on a-d, a-e, b-d, b-e (4); d 3 (mirror of b).
    # sum(4-B) = 4+1+0+1+4 = 10; max 16*3/2 = 24 -> 10/24 = 5/12.
    p = path("abcde")
    assert M.degree_centralization(p) == pytest.approx(1 / 6)
    assert M.betweenness_centralization(p) == pytest.approx(5 / 12)


@pytest.mark.parametrize("build", [cycle, complete])
@pytest.mark.parametrize("ids", ["abcd", "abcdefg"])
def test_cycle_and_complete_are_not_centralised(build, ids):
    # Every member has the same degree and the same betweenness: every difference is 0.
    p = build(ids)
    assert M.degree_centralization(p) == pytest.approx(0.0, abs=1e-12)
    assert M.betweenness_centralization(p) == pytest.approx(0.0, abs=1e-12)


def test_bowtie():
    # Degrees a2 b2 c4 d2 e2: sum(4-d) = 4*2 = 8; max 4*3 = 12 -> 2/3.
    # Raw betweenness: c is on the only path of each of the 4 pairs {a,b} x {d,e}; others 0.
    # sum(4-B) = 4*4 = 16; max 24 -> 2/3.
    p = bowtie()
    assert M.degree_centralization(p) == pytest.approx(2 / 3)
    assert M.betweenness_centralization(p) == pytest.approx(2 / 3)
    assert M.most_central(p) == "c"


def test_kite():
    # Degrees a2 b3 c3 d3 e1: sum(3-d) = 1+0+0+0+2 = 3; max 12 -> 1/4.
    # Raw betweenness: a-d has two paths (via b, via c): b 1/2, c 1/2; a-e likewise via b or c
    # then d: b 1/2, c 1/2, d 1; b-e and c-e pass d: d +1 each. So b=1, c=1, d=3, a=e=0.
    # sum(3-B) = 3+2+2+0+3 = 10; max 24 -> 5/12.
    p = kite()
    assert M.degree_centralization(p) == pytest.approx(1 / 4)
    assert M.betweenness_centralization(p) == pytest.approx(5 / 12)
    bc = M.betweenness(p)
    # Normalised by (n-1)(n-2)/2 = 6: b = c = 1/6, d = 3/6.
    assert bc == pytest.approx({"a": 0.0, "b": 1 / 6, "c": 1 / 6, "d": 0.5, "e": 0.0})
    assert M.most_central(p) == "d"


@pytest.mark.parametrize("p", [EMPTY, SINGLE, make([("a", "b")])])
def test_centralization_defined_zero_below_three(p):
    assert M.degree_centralization(p) == 0.0
    assert M.betweenness_centralization(p) == 0.0


def test_centralization_with_isolates_and_multigraph_ties():
    # Star h-a, h-b (each with two kinds of tie) plus isolate z: n = 4.
    # Degrees h2 a1 b1 z0: sum(2-d) = 0+1+1+2 = 4; max 3*2 = 6 -> 2/3.
    # Raw betweenness: h on a-b only (1); max 3^2*2/2 = 9; sum(1-B) = 0+1+1+1 = 3 -> 1/3.
    p = make([("h", "a", "funding"), ("a", "h", "referral"), ("h", "b", "funding"),
              ("h", "b", "joint_project")], nodes=["z"])
    assert M.degree_centralization(p) == pytest.approx(2 / 3)
    assert M.betweenness_centralization(p) == pytest.approx(1 / 3)


# -- betweenness and most_central ----------------------------------------------------------


def test_betweenness_star_and_small_cases():
    # Star of 5: hub on all 6 leaf pairs of 6 -> 1.0.
    bc = M.betweenness(star(5))
    assert bc["h"] == pytest.approx(1.0)
    assert all(bc[f"l{i}"] == 0.0 for i in range(4))
    assert M.betweenness(EMPTY) == {}
    assert M.betweenness(SINGLE) == {"solo": 0.0}
    assert M.betweenness(make([("a", "b")])) == {"a": 0.0, "b": 0.0}


def test_betweenness_returns_a_copy():
    p = star(4)
    M.betweenness(p)["h"] = -1.0
    assert M.betweenness(p)["h"] == pytest.approx(1.0)


def test_betweenness_sampling_matches_networkx():
    g = nx.gnm_random_graph(40, 90, seed=3)
    p = make([(f"m{u}", f"m{v}") for u, v in g.edges()], nodes=[f"m{u}" for u in g])
    ref = nx.betweenness_centrality(p.simple_graph(), k=7, seed=11)
    got = M.betweenness(p, exact=False, k=7, seed=11)
    assert got == pytest.approx(ref, abs=1e-12)
    # A different seed draws different sources (with overwhelming probability different values).
    assert M.betweenness(p, exact=False, k=7, seed=12) != got
    # k >= n: exact.
    exact_ref = {f"m{u}": b for u, b in nx.betweenness_centrality(g).items()}
    assert M.betweenness(p, exact=False, k=40) == pytest.approx(exact_ref, abs=1e-12)


def test_betweenness_default_is_sampled_above_threshold(monkeypatch):
    # Lower the threshold so a small graph is "large": the default then samples k sources.
    monkeypatch.setattr(centrality, "EXACT_BETWEENNESS_MAX_NODES", 10)  # where betweenness reads it
    p = path([f"n{i:02d}" for i in range(15)])
    ref = nx.betweenness_centrality(p.simple_graph(), k=4, seed=0)
    assert M.betweenness(p, k=4) == pytest.approx(ref, abs=1e-12)
    # The summary uses k=500: with 15 members that covers everyone, so it is exact.
    assert M.summarize(p).betweenness_exact is True
    big = path([f"n{i:03d}" for i in range(600)])
    s = M.summarize(big)
    assert s.betweenness_exact is False
    ref = nx.betweenness_centrality(big.simple_graph(), k=500, seed=0)
    assert M.betweenness(big) == pytest.approx(ref, abs=1e-12)


@pytest.mark.parametrize("k", [0, 1, "5", 2.5, True])
def test_betweenness_rejects_bad_k(k):
    with pytest.raises(CLSPInputError) as err:
        M.betweenness(path("abcde"), exact=False, k=k)
    assert err.value.field == "k"


@pytest.mark.parametrize("seed", [None, "1", 1.0])
def test_betweenness_rejects_bad_seed(seed):
    with pytest.raises(CLSPInputError) as err:
        M.betweenness(path("abcde"), exact=False, k=2, seed=seed)
    assert err.value.field == "seed"


def test_most_central_tie_breaks():
    assert M.most_central(EMPTY) is None
    assert M.most_central(SINGLE) is None
    assert M.most_central(make([], nodes=["a", "b"])) is None
    # Path a-b-c-d: b and c have betweenness 2/3 and degree 2 -> first id.
    assert M.most_central(path("abcd")) == "b"
    # K4 on m,n,o,q plus a separate pair a-b: all betweenness 0; K4 members have degree 3 > 1.
    p = make([*itertools.combinations("mnoq", 2), ("a", "b")])
    assert M.most_central(p) == "m"
    # One tie: both ends score 0 with degree 1 -> first id.
    assert M.most_central(make([("y", "x")])) == "x"


# -- multiplexity, reciprocity, tie kinds ---------------------------------------------------


def test_multiplexity_hand_values():
    # a-b: funding a>b twice (one kind), information_exchange b>a -> 2 kinds, multiplex.
    # b-c: referral, joint_project, shared_staff -> 3 kinds, multiplex.
    # c-d: referral -> 1 kind. d-e: funding d>e and funding e>d -> 1 kind (same kind both ways).
    p = make([("a", "b", "funding"), ("a", "b", "funding"), ("b", "a", "information_exchange"),
              ("b", "c", "referral"), ("c", "b", "joint_project"), ("b", "c", "shared_staff"),
              ("c", "d", "referral"), ("d", "e", "funding"), ("e", "d", "funding")])
    got = M.multiplexity(p)
    # pairs 4; multiplex 2; share 2/4; mean kinds (2+3+1+1)/4 = 7/4.
    assert got == {"pairs": 4, "multiplex_pairs": 2, "share": 0.5, "mean_kinds": 1.75}


def test_multiplexity_without_pairs():
    for p in (EMPTY, SINGLE, make([], nodes=["a", "b"])):
        assert M.multiplexity(p) == {"pairs": 0, "multiplex_pairs": 0, "share": 0.0,
                                     "mean_kinds": 0.0}


def test_reciprocity_hand_values():
    # Arcs (distinct by ends and kind): a>b referral (twice: one arc), b>a referral,
    # a>c funding, c>a referral, b>c funding, c>b funding. Information exchange ignored.
    # Reciprocated: a>b, b>a (referral) and b>c, c>b (funding) = 4 of 6.
    p = make([("a", "b", "referral"), ("a", "b", "referral"), ("b", "a", "referral"),
              ("a", "c", "funding"), ("c", "a", "referral"), ("b", "c", "funding"),
              ("c", "b", "funding"), ("a", "c", "information_exchange"),
              ("c", "a", "information_exchange")])
    assert M.reciprocity(p) == pytest.approx(4 / 6)
    # Referral only: a>b, b>a, c>a -> 2 of 3.
    assert M.reciprocity(p, kinds=["referral"]) == pytest.approx(2 / 3)
    # Funding only: a>c, b>c, c>b -> 2 of 3.
    assert M.reciprocity(p, kinds="funding") == pytest.approx(2 / 3)


def test_reciprocity_none_without_directed_ties():
    assert M.reciprocity(EMPTY) is None
    assert M.reciprocity(make([("a", "b", "information_exchange"), ("b", "a", "joint_project")])) is None
    # One one-way referral: 0 of 1.
    assert M.reciprocity(make([("a", "b", "referral")])) == 0.0


def test_reciprocity_rejects_undirected_kinds():
    with pytest.raises(CLSPInputError) as err:
        M.reciprocity(path("abc"), kinds=["joint_project"])
    assert err.value.field == "kinds"
    assert "referral" in str(err.value)


def test_tie_kind_counts():
    p = make([("a", "b", "funding"), ("a", "b", "funding"), ("b", "a", "referral"),
              ("b", "c", "pooled_budget")])
    counts = M.tie_kind_counts(p)
    assert list(counts) == list(TIE_KINDS)
    assert counts["funding"] == 2 and counts["referral"] == 1 and counts["pooled_budget"] == 1
    assert sum(counts.values()) == 4
    assert M.tie_kind_counts(EMPTY) == dict.fromkeys(TIE_KINDS, 0)


# -- coverage -------------------------------------------------------------------------------


def test_group_and_sector_coverage():
    p = make([], nodes=["la", "cab", "ten", "x"],
             groups={"la": ("funder", "provider"), "cab": ("provider",), "ten": ("community",),
                     "x": ("provider", "community")},
             sectors={"la": "statutory", "cab": "voluntary", "ten": "voluntary"})
    # funder: la; provider: la, cab, x; community: ten, x.
    assert M.group_coverage(p) == {"funder": 1, "provider": 3, "community": 2, "network": 0,
                                   "other_sector": 0}
    assert M.missing_groups(p) == ["network", "other_sector"]
    assert M.sector_coverage(p) == {"statutory": 1, "voluntary": 2, "private": 0, "community": 0,
                                    "unknown": 1}


def test_coverage_of_empty_partnership():
    assert M.group_coverage(EMPTY) == dict.fromkeys(STAKEHOLDER_GROUPS, 0)
    assert M.missing_groups(EMPTY) == list(STAKEHOLDER_GROUPS)
    assert M.sector_coverage(EMPTY) == dict.fromkeys((*SECTORS, "unknown"), 0)


# -- inner core -------------------------------------------------------------------------------


def test_inner_core_hand_values():
    # K4 on a,b,c,d (each 3 ties inside) + e tied to a + isolate f.
    # Core numbers: a-d 3, e 1, f 0 -> main core k=3 = {a,b,c,d}, share 4/6.
    p = make([*itertools.combinations("abcd", 2), ("e", "a")], nodes=["f"])
    core = M.inner_core(p)
    assert core["k"] == 3
    assert core["members"] == ["a", "b", "c", "d"]
    assert core["share"] == pytest.approx(4 / 6)
    assert core["core_numbers"] == {"a": 3, "b": 3, "c": 3, "d": 3, "e": 1, "f": 0}


def test_inner_core_edge_cases():
    assert M.inner_core(EMPTY) == {"k": 0, "members": [], "share": 0.0, "core_numbers": {}}
    # No ties: everyone has core number 0 and the main core is everyone.
    assert M.inner_core(make([], nodes=["b", "a"])) == {
        "k": 0, "members": ["a", "b"], "share": 1.0, "core_numbers": {"b": 0, "a": 0}}
    # Cycle: every member has 2 ties inside the whole cycle -> k=2, everyone.
    core = M.inner_core(cycle("abcde"))
    assert (core["k"], core["share"]) == (2, 1.0)
    # Parallel ties of several kinds do not raise the core number (simple graph).
    p = make([("a", "b", "funding"), ("a", "b", "referral"), ("b", "a", "joint_project")])
    assert M.inner_core(p)["k"] == 1


# -- brokerage ---------------------------------------------------------------------------------


def broker_case():
    # x (provider) tied to f1, f2 (funder), c1 (community), n1 (network+provider); f1-c1 tied.
    return make([("x", "f1"), ("x", "f2"), ("x", "c1"), ("x", "n1"), ("f1", "c1", "funding")],
                groups={"x": ("provider",), "f1": ("funder",), "f2": ("funder",),
                        "c1": ("community",), "n1": ("network", "provider")})


def test_brokers_hand_values():
    df = M.brokers(broker_case())
    assert list(df.columns) == ["member", "groups", "spanned_groups", "brokerage", "betweenness"]
    rows = {r["member"]: r for r in df.to_dict("records")}
    # x: neighbour pairs sharing no group: f1-c1 (but tied), f1-n1, f2-c1, f2-n1, c1-n1 -> 4
    #    (f1-f2 share 'funder'). Neighbour groups {funder, community, network, provider} minus
    #    own {provider} -> 3 spanned.
    assert (rows["x"]["spanned_groups"], rows["x"]["brokerage"]) == (3, 4)
    # f1: neighbours x (provider), c1 (community), tied to each other -> 0; spans 2.
    assert (rows["f1"]["spanned_groups"], rows["f1"]["brokerage"]) == (2, 0)
    assert (rows["c1"]["spanned_groups"], rows["c1"]["brokerage"]) == (2, 0)
    # f2: one neighbour -> no pair; spans {provider} = 1.
    assert (rows["f2"]["spanned_groups"], rows["f2"]["brokerage"]) == (1, 0)
    # n1: neighbour x's groups {provider} are among its own -> spans 0.
    assert (rows["n1"]["spanned_groups"], rows["n1"]["brokerage"]) == (0, 0)
    assert rows["n1"]["groups"] == "network, provider"
    # Order: x first (brokerage 4); the rest have brokerage 0 and betweenness 0, so by id.
    assert list(df["member"]) == ["x", "c1", "f1", "f2", "n1"]
    # Betweenness of x (raw): pairs among f1,f2,c1,n1 not tied directly = 5, all via x only,
    # normalised by (5-1)(5-2)/2 = 6 -> 5/6.
    assert rows["x"]["betweenness"] == pytest.approx(5 / 6)


def test_boundary_spanners():
    p = broker_case()
    assert M.boundary_spanners(p) == ["x"]
    assert M.boundary_spanners(p, min_groups=3) == ["x"]
    assert M.boundary_spanners(p, min_groups=4) == []
    # In a complete network nobody brokers, however many groups they meet.
    full = make(list(itertools.combinations("abc", 2)),
                groups={"a": ("funder",), "b": ("provider",), "c": ("community",)})
    assert M.boundary_spanners(full) == []
    with pytest.raises(CLSPInputError):
        M.boundary_spanners(p, min_groups=0)


def test_brokers_empty_and_single():
    df = M.brokers(EMPTY)
    assert list(df.columns) == ["member", "groups", "spanned_groups", "brokerage", "betweenness"]
    assert len(df) == 0
    df = M.brokers(SINGLE)
    assert df.to_dict("records") == [
        {"member": "solo", "groups": "provider", "spanned_groups": 0, "brokerage": 0,
         "betweenness": 0.0}]


def _naive_brokerage(p):
    g = p.simple_graph()
    out = {}
    for u in g:
        nb = list(g[u])
        cnt = 0
        for j, k in itertools.combinations(nb, 2):
            gj, gk = set(p.member(j).groups), set(p.member(k).groups)
            if gj.isdisjoint(gk) and not g.has_edge(j, k):
                cnt += 1
        spanned = {x for v in nb for x in p.member(v).groups} - set(p.member(u).groups)
        out[u] = (len(spanned), cnt)
    return out


# -- funding ------------------------------------------------------------------------------------


def funding_case():
    p = make([], nodes=["lsc", "la", "trust", "cab", "law", "adv", "x"],
             groups={"lsc": ("funder",), "la": ("funder", "provider"), "trust": ("funder",)})
    for src, dst, amount in [
        ("lsc", "cab", 100.0), ("la", "cab", 20.0), ("trust", "cab", None),  # cab
        ("lsc", "law", 30.0), ("lsc", "law", 20.0),  # law: two grants, one funder
        ("la", "adv", None),  # adv: one funder, amount unknown
        ("lsc", "x", None), ("la", "x", None),  # x: two funders, nothing known
    ]:
        p.add_tie(Tie(src, dst, "funding", amount=amount))
    p.add_tie(Tie("cab", "law", "referral"))  # not funding: ignored
    return p


def test_funding_dependency_hand_values():
    df = M.funding_dependency(funding_case())
    assert list(df.columns) == ["member", "total", "n_grants", "n_unknown_amounts", "top_funder",
                                "top_share", "n_funders"]
    rows = {r["member"]: r for r in df.to_dict("records")}
    assert set(rows) == {"cab", "law", "adv", "x"}
    # cab: known 100 + 20 = 120 (trust unknown); top lsc 100/120; 3 grants, 1 unknown, 3 funders.
    cab = rows["cab"]
    assert (cab["total"], cab["n_grants"], cab["n_unknown_amounts"], cab["top_funder"],
            cab["n_funders"]) == (120.0, 3, 1, "lsc", 3)
    assert cab["top_share"] == pytest.approx(100 / 120)
    # law: 30 + 20 from lsc alone -> 50, share 1.
    assert (rows["law"]["total"], rows["law"]["n_grants"], rows["law"]["top_funder"],
            rows["law"]["top_share"], rows["law"]["n_funders"]) == (50.0, 2, "lsc", 1.0, 1)
    # adv: sole funder la, amount unknown -> total NaN, share 1.
    assert math.isnan(rows["adv"]["total"])
    assert (rows["adv"]["top_funder"], rows["adv"]["top_share"], rows["adv"]["n_unknown_amounts"]) \
        == ("la", 1.0, 1)
    # x: two funders, nothing known -> no top funder, NaN share.
    assert pd.isna(rows["x"]["top_funder"]) and math.isnan(rows["x"]["top_share"])
    # Order: share 1.0 (adv, law by id), then cab 0.83, then x (NaN) last.
    assert list(df["member"]) == ["adv", "law", "cab", "x"]


def test_single_funder_dependency_and_threshold():
    p = funding_case()
    # Shares: adv 1, law 1, cab 0.833, x unknown.
    assert M.single_funder_dependency(p) == ["adv", "cab", "law"]
    assert M.single_funder_dependency(p, threshold=0.9) == ["adv", "law"]
    assert M.single_funder_dependency(p, threshold=1.0) == ["adv", "law"]
    for bad in (0, 1.5, -0.1, "0.5", True):
        with pytest.raises(CLSPInputError):
            M.single_funder_dependency(p, threshold=bad)


def test_funder_shares():
    # Known funding: lsc 100 + 30 + 20 = 150; la 20; trust nothing known. Total 170.
    shares = M.funder_shares(funding_case())
    assert list(shares) == ["lsc", "la"]
    assert shares["lsc"] == pytest.approx(150 / 170)
    assert shares["la"] == pytest.approx(20 / 170)
    assert M.funder_shares(EMPTY) == {}


def test_funding_without_funding_ties():
    p = path("abc")
    df = M.funding_dependency(p)
    assert len(df) == 0 and "top_share" in df.columns
    assert M.single_funder_dependency(p) == []


# -- summary ------------------------------------------------------------------------------------


def test_summary_of_a_small_partnership():
    p = funding_case()
    s = M.summarize(p)
    assert s is M.summarize(p)  # memoised
    d = s.to_dict()
    json.dumps(d, allow_nan=False)  # plain, JSON-ready types
    for key in ("density", "degree_centralization", "betweenness_centralization", "most_central"):
        assert key in d
    assert d["n_members"] == 7 and d["n_ties"] == 9
    assert d["single_funder_dependent"] == ["adv", "cab", "law"]
    assert d["dominant_funder"] == "lsc"
    assert d["dominant_funder_share"] == pytest.approx(150 / 170)
    assert d["missing_groups"] == ["community", "network", "other_sector"]
    # Reciprocity: 7 distinct funding arcs (lsc>law counted once) + 1 referral arc, none returned.
    assert d["reciprocity"] == 0.0
    assert d["isolates"] == []
    assert d["tie_kind_counts"]["funding"] == 8


def test_summary_changes_with_the_partnership():
    p = star(4)
    before = M.summarize(p)
    assert before.degree_centralization == pytest.approx(1.0)
    p.add_tie(Tie("l0", "l1", "referral"))
    after = M.summarize(p)
    assert after is not before
    # Degrees h3 l0 2 l1 2 l2 1: sum(3-d) = 0+1+1+2 = 4 / 6.
    assert after.degree_centralization == pytest.approx(2 / 3)


def test_summary_of_empty_and_single():
    for p in (EMPTY, SINGLE):
        d = M.summarize(p).to_dict()
        json.dumps(d, allow_nan=False)
        assert d["density"] == 0.0 and d["most_central"] is None and d["reciprocity"] is None
        assert d["dominant_funder"] is None and d["dominant_funder_share"] is None
    assert M.summarize(EMPTY).n_components == 0
    assert M.summarize(SINGLE).largest_component_share == 1.0


def test_measure_docs_complete_and_cited():
    from clsp_research.literature import parse_cite, reference

    fields = {f for f in M.StructuralSummary.__dataclass_fields__}
    documented = set()
    for name, doc in M.MEASURE_DOCS.items():
        assert callable(getattr(M, name)), name
        assert {"label", "concept", "how", "cites", "fields"} <= set(doc), name
        assert doc["concept"].strip() and doc["how"].strip() and doc["cites"], name
        for c in doc["cites"]:
            reference(parse_cite(c)[0])  # raises UnknownKeyError for a key not in references.bib
        assert set(doc["fields"]) <= fields, name
        documented |= set(doc["fields"])
    # Every summary field except the counts of members is explained somewhere.
    assert fields - documented <= {"n_members"}


# -- properties -----------------------------------------------------------------------------------


@st.composite
def partnerships(draw, max_members=12):
    n = draw(st.integers(0, max_members))
    ids = [f"m{i}" for i in range(n)]
    group_sets = st.lists(st.sampled_from(STAKEHOLDER_GROUPS), min_size=1, max_size=3, unique=True)
    p = Partnership("random")
    for i in ids:
        p.add_member(Member(i, i, groups=tuple(draw(group_sets)),
                            sector=draw(st.sampled_from((*SECTORS, None)))))
    if n >= 2:
        pairs = st.tuples(st.sampled_from(ids), st.sampled_from(ids)).filter(lambda e: e[0] != e[1])
        ties = draw(st.lists(st.tuples(pairs, st.sampled_from(TIE_KINDS),
                                       st.none() | st.integers(0, 1000)), max_size=3 * n))
        for (u, v), kind, amount in ties:
            p.add_tie(Tie(u, v, kind, amount=amount if kind == "funding" else None))
    return p


FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(partnerships())
def test_centralizations_in_unit_interval(p):
    assert 0.0 <= M.degree_centralization(p) <= 1.0
    assert 0.0 <= M.betweenness_centralization(p) <= 1.0
    assert 0.0 <= M.density(p) <= 1.0


@FAST
@given(partnerships())
def test_isolated_newcomer_never_raises_density(p):
    before = M.density(p)
    q = p.copy()
    q.add_member(Member("newcomer", "Newcomer", groups=("community",)))
    assert M.density(q) <= before + 1e-12
    assert "newcomer" in M.isolates(q)


@FAST
@given(st.integers(3, 40), st.sampled_from(TIE_KINDS))
def test_star_always_fully_centralised(n, kind):
    p = make([("h", f"l{i}") if i % 2 else (f"l{i}", "h") for i in range(n - 1)], kind=kind)
    assert M.degree_centralization(p) == pytest.approx(1.0)
    assert M.betweenness_centralization(p) == pytest.approx(1.0)
    assert M.most_central(p) == "h"


@FAST
@given(partnerships(max_members=15))
def test_betweenness_equals_networkx(p):
    ref = nx.betweenness_centrality(p.simple_graph())
    assert M.betweenness(p) == pytest.approx(ref, abs=1e-12)


@FAST
@given(partnerships(max_members=15), st.integers(2, 6), st.integers(0, 10_000))
def test_sampled_betweenness_equals_networkx(p, k, seed):
    if len(p) <= k:
        return
    ref = nx.betweenness_centrality(p.simple_graph(), k=k, seed=seed)
    assert M.betweenness(p, exact=False, k=k, seed=seed) == pytest.approx(ref, abs=1e-12)


@FAST
@given(partnerships())
def test_brokerage_equals_naive_count(p):
    df = M.brokers(p)
    got = {r["member"]: (r["spanned_groups"], r["brokerage"]) for r in df.to_dict("records")}
    assert got == _naive_brokerage(p)
    # Sorted by brokerage, then betweenness, descending.
    keys = list(zip(-df["brokerage"], -df["betweenness"].round(12), strict=True))
    assert keys == sorted(keys)


@FAST
@given(partnerships())
def test_summary_is_json_ready_and_consistent(p):
    d = M.summarize(p).to_dict()
    json.dumps(d, allow_nan=False)
    assert d["n_members"] == len(p)
    assert sum(len(c) for c in M.components(p)) == len(p)
    assert set(d["core_members"]) <= set(p.members)
    assert set(d["boundary_spanners"]) <= set(p.members)
    assert sum(d["sector_coverage"].values()) == len(p)
    mx = M.multiplexity(p)
    assert mx["multiplex_pairs"] <= mx["pairs"] == p.simple_graph().number_of_edges()
    r = d["reciprocity"]
    assert r is None or 0.0 <= r <= 1.0
    shares = M.funder_shares(p)
    assert not shares or sum(shares.values()) == pytest.approx(1.0)
