"""Referral seamlessness: hand-checked small networks and a brute-force cross-check."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clsp_research.errors import CLSPInputError
from clsp_research.partnership.datasets import load_case_study
from clsp_research.partnership.model import Member, Partnership, Tie
from clsp_research.tasks.referrals import critical_referrals, referral_graph, seamlessness


def _chain() -> Partnership:
    """cab (debt) -> lib (not a provider) -> law (housing) -> sol (family); housing advice (housing) isolated."""
    return Partnership("chain", [
        Member("cab", "CAB", groups=("provider",), categories=("debt",)),
        Member("lib", "Library", groups=("community",)),
        Member("law", "Law centre", groups=("provider",), categories=("housing",)),
        Member("sol", "Solicitor", groups=("provider",), categories=("family",)),
        Member("hac", "Housing advice", groups=("provider",), categories=("housing",)),
    ], [
        Tie("cab", "lib", "referral", categories=("housing",)),
        Tie("lib", "law", "referral"),
        Tie("law", "sol", "referral", categories=("family",)),
        Tie("cab", "sol", "information_exchange"),  # not a referral: carries nobody
    ])


def test_k0_counts_only_what_each_provider_serves():
    r = seamlessness(_chain(), max_hops=0)
    assert r.providers == ("cab", "hac", "law", "sol") and r.categories == ("debt", "family", "housing")
    assert r.seamlessness == round(4 / 12, 4)
    assert ("cab", "debt") not in r.unreachable and ("cab", "housing") in r.unreachable


def test_hops_follow_direction_and_pass_through_non_providers():
    r = seamlessness(_chain(), max_hops=2)
    pairs = r.pairs.set_index(["provider", "category"])
    assert (pairs.loc[("cab", "housing"), "hops"], pairs.loc[("cab", "housing"), "nearest"]) == (2, "law")
    assert not pairs.loc[("cab", "family"), "reachable"]  # three referrals away
    assert pairs.loc[("law", "family"), "hops"] == 1
    assert not pairs.loc[("sol", "housing"), "reachable"]  # against the direction
    assert r.seamlessness == round(6 / 12, 4)  # cab 2, hac 1, law 2, sol 1
    r3 = seamlessness(_chain(), max_hops=3)
    assert r3.pairs.set_index(["provider", "category"]).loc[("cab", "family"), "hops"] == 3
    assert seamlessness(_chain(), max_hops=None).unreachable == r3.unreachable


def test_nearest_provider_breaks_ties_by_id():
    p = _chain()
    p.add_tie(Tie("cab", "hac", "referral"))
    p.add_tie(Tie("cab", "law", "referral"))
    pairs = seamlessness(p, 1).pairs.set_index(["provider", "category"])
    assert (pairs.loc[("cab", "housing"), "hops"], pairs.loc[("cab", "housing"), "nearest"]) == (1, "hac")


def test_by_category_lets_ties_carry_only_their_categories():
    r = seamlessness(_chain(), max_hops=None, by_category=True)
    pairs = r.pairs.set_index(["provider", "category"])
    assert pairs.loc[("cab", "housing"), "reachable"]  # the cab->lib tie names housing; lib->law names none
    assert not pairs.loc[("cab", "family"), "reachable"]  # cab->lib does not carry family clients
    assert pairs.loc[("law", "family"), "reachable"]
    assert sorted(referral_graph(_chain(), "family").edges()) == [("law", "sol"), ("lib", "law")]


def test_summaries_and_json():
    r = seamlessness(_chain(), max_hops=2)
    assert r.category_seamlessness() == {"debt": 0.25, "family": 0.5, "housing": 0.75}
    assert r.provider_seamlessness()["cab"] == round(2 / 3, 4)
    d = r.to_dict()
    assert d["seamlessness"] == 0.5 and ["cab", "family"] in d["unreachable"] and d["n_pairs"] == 12
    m = r.matrix()
    assert m.loc["cab", "housing"] == 2 and m.isna().sum().sum() == 6


def test_no_providers_and_bad_k():
    p = Partnership("empty", [Member("a", "A", groups=("funder",))])
    r = seamlessness(p, 2)
    assert r.seamlessness is None and r.unreachable == [] and r.to_dict()["n_pairs"] == 0
    for bad in (-1, 1.5, True, "2"):
        with pytest.raises(CLSPInputError):
            seamlessness(_chain(), bad)


def test_results_are_recomputed_when_the_partnership_changes():
    p = _chain()
    assert ("sol", "debt") in seamlessness(p, 1).unreachable
    p.add_tie(Tie("sol", "cab", "referral"))
    assert ("sol", "debt") not in seamlessness(p, 1).unreachable


def test_critical_referrals_by_hand():
    c = critical_referrals(_chain(), max_hops=2).set_index(["source", "target"])
    # cab->lib and lib->law each carry cab's route to housing; law->sol carries law's route to family
    assert c["pairs_lost"].to_dict() == {("cab", "lib"): 1, ("law", "sol"): 1, ("lib", "law"): 1}
    p = _chain()
    p.add_tie(Tie("sol", "law", "referral"))  # the reverse of law->sol must survive its removal
    c = critical_referrals(p, max_hops=1).set_index(["source", "target"])
    assert c.loc[("law", "sol"), "pairs_lost"] == 1 and c.loc[("sol", "law"), "pairs_lost"] == 1


def test_shipped_concordat_reaches_more_with_more_hops():
    p = load_case_study("referral_concordat")
    shares = [seamlessness(p, k).seamlessness for k in range(5)]
    assert shares == sorted(shares) and shares[0] < shares[-1]


def _brute(p: Partnership, k: int | None) -> set[tuple[str, str]]:
    g = nx.DiGraph([(t.source, t.target) for t in p.ties_of_kind("referral")])
    providers = p.members_in("provider")
    cats = {c for m in providers for c in p.member(m).categories}
    ok = set()
    for a in providers:
        for c in cats:
            for b in providers:
                if c not in p.member(b).categories:
                    continue
                if a == b or (a in g and b in g and nx.has_path(g, a, b)
                              and (k is None or nx.shortest_path_length(g, a, b) <= k)):
                    ok.add((a, c))
    return ok


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), max_size=14),
       st.lists(st.lists(st.sampled_from(["debt", "housing", "family"]), max_size=2, unique=True),
                min_size=7, max_size=7),
       st.one_of(st.none(), st.integers(0, 4)))
def test_matches_brute_force(edges, cats, k):
    members = [Member(f"m{i}", f"M{i}", groups=("provider",) if i < 5 else ("community",),
                      categories=tuple(cats[i]) if i < 5 else ()) for i in range(7)]
    ties = [Tie(f"m{a}", f"m{b}", "referral") for a, b in dict.fromkeys(edges) if a != b]
    p = Partnership("random", members, ties)
    r = seamlessness(p, k)
    reachable = {(a, c) for a, c, ok in zip(r.pairs["provider"], r.pairs["category"], r.pairs["reachable"],
                                            strict=True) if ok}
    assert reachable == _brute(p, k)
    if k is not None and r.seamlessness is not None:  # None: no provider serves any category
        assert seamlessness(p, k + 1).seamlessness >= r.seamlessness
