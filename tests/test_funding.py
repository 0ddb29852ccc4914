"""Funding co-ordination: flows, duplication, dependency by category and withdrawal, checked by hand."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clsp_research.errors import CLSPInputError, UnknownKeyError
from clsp_research.partnership.datasets import load_case_study
from clsp_research.partnership.model import Member, Partnership, PartnershipInfo, Tie
from clsp_research.tasks.funding import (
    UNSPECIFIED,
    category_dependency,
    duplication,
    funders,
    funding_flows,
    funding_matrix,
    withdraw,
)


def _p() -> Partnership:
    """LSC and council fund a CAB (debt) and a law centre (housing); a trust gives core money."""
    return Partnership(PartnershipInfo("Test CLSP", area="Anytown"), [
        Member("lsc", "LSC", groups=("funder",)),
        Member("la", "Council", groups=("funder", "provider"), categories=("welfare_benefits",)),
        Member("trust", "Trust", groups=("funder",)),
        Member("cab", "CAB", groups=("provider",), categories=("debt", "housing")),
        Member("law", "Law centre", groups=("provider",), categories=("housing",), area="Northside"),
        Member("cvs", "CVS", groups=("network",)),
    ], [
        Tie("lsc", "cab", "funding", amount=60000, categories=("debt",)),
        Tie("la", "cab", "funding", amount=40000, categories=("debt", "housing")),
        Tie("lsc", "law", "funding", amount=90000, categories=("housing",)),
        Tie("trust", "cab", "funding", amount=10000),
        Tie("la", "cvs", "funding"),
        Tie("lsc", "la", "funding", amount=5000, categories=("welfare_benefits",)),
        Tie("cab", "law", "referral"),
    ])


def test_flows_split_grants_and_spread_core_funding():
    f = funding_flows(_p())
    rows = {(r["funder"], r["recipient"], r["category"]): r for r in f.to_dict("records")}
    assert rows[("la", "cab", "debt")]["amount"] == 20000 and rows[("la", "cab", "housing")]["amount"] == 20000
    assert rows[("trust", "cab", "debt")]["amount"] == 5000 and rows[("trust", "cab", "debt")]["tagged"] is False
    assert math.isnan(rows[("la", "cvs", UNSPECIFIED)]["amount"])
    assert rows[("lsc", "law", "housing")]["area"] == "Northside" and rows[("lsc", "cab", "debt")]["area"] == "Anytown"
    known = sum(t.amount for t in _p().ties_of_kind("funding") if t.amount is not None)
    assert f["amount"].sum() == pytest.approx(known)


def test_funders_and_matrix():
    p = _p()
    assert funders(p) == ["lsc", "la", "trust"]  # 155,000, 40,000 (+ unknown), 10,000
    m = funding_matrix(p)
    assert m.loc["lsc", "debt"] == 60000 and m.loc["la", "housing"] == 20000 and m.loc["trust", "housing"] == 5000
    assert funding_matrix(p, "recipient").loc["lsc", "law"] == 90000
    with pytest.raises(CLSPInputError):
        funding_matrix(p, "funder")


def test_duplication_by_hand():
    d = duplication(_p()).set_index(["area", "category"])
    assert set(d.index) == {("Anytown", "debt"), ("Anytown", "housing")}  # Northside housing has one funder
    debt = d.loc[("Anytown", "debt")]
    assert (debt["funders"], debt["n_funders"], debt["co_funded"], debt["amount"]) == ("la; lsc; trust", 3, "cab",
                                                                                      85000)
    tagged = duplication(_p(), tagged_only=True).set_index(["area", "category"])
    assert list(tagged.index) == [("Anytown", "debt")] and tagged.loc[("Anytown", "debt"), "funders"] == "la; lsc"


def test_category_dependency_by_hand():
    dep = category_dependency(_p()).set_index(["area", "category"])
    assert dep.loc[("Anytown", "debt"), "top_funder"] == "lsc"
    assert dep.loc[("Anytown", "debt"), "top_share"] == pytest.approx(60000 / 85000)
    assert not dep.loc[("Anytown", "debt"), "dependent"]  # 0.706 < 0.75
    assert dep.loc[("Northside", "housing"), "top_share"] == 1.0 and dep.loc[("Northside", "housing"), "dependent"]
    cvs = dep.loc[("Anytown", UNSPECIFIED)]  # one funder, amount unknown: dependent all the same
    assert (cvs["top_funder"], cvs["top_share"], cvs["n_unknown_amounts"]) == ("la", 1.0, 1)
    assert category_dependency(_p(), threshold=0.7).set_index(["area", "category"]).loc[("Anytown", "debt"),
                                                                                          "dependent"]
    by_rec = category_dependency(_p(), by_recipient=True).set_index(["recipient", "category"])
    assert by_rec.loc[("cab", "housing"), "top_share"] == pytest.approx(20000 / 25000)
    with pytest.raises(CLSPInputError):
        category_dependency(_p(), threshold=0)


def test_withdrawal_by_hand():
    p = _p()
    before = p.copy()
    w = withdraw(p, "lsc")
    rec = w.by_recipient.set_index("recipient")
    assert rec.loc["cab", ["before", "withdrawn", "after", "change"]].tolist() == [110000, 60000, 50000, -60000]
    assert rec.loc["law", "after"] == 0 and rec.loc["law", "change_share"] == -1.0
    assert w.unfunded_recipients == ["la", "law"]
    # Anytown debt keeps the council and the trust
    assert w.uncovered_categories == [("Anytown", "welfare_benefits"), ("Northside", "housing")]
    assert (w.total_withdrawn, w.total_replaced, w.net_loss) == (155000, 0, 160000 - 5000)
    assert w.new_dependents == ["cab"]  # cab: la 40,000 of 50,000 = 0.8 (the lsc's 60,000 of 110,000 before)
    assert p == before  # the partnership itself is untouched
    assert "lsc" in w.partnership.members and not [t for t in w.partnership.ties_of_kind("funding")
                                                   if t.source == "lsc"]


def test_withdrawal_with_a_funder_stepping_in():
    w = withdraw(_p(), "lsc", step_in="la", step_in_share=0.5)
    rec = w.by_recipient.set_index("recipient")
    # la cannot replace the grant to itself (5,000): that is lost
    assert rec.loc["cab", ["replaced", "after"]].tolist() == [30000, 80000]
    assert rec.loc["law", ["replaced", "after"]].tolist() == [45000, 45000]
    assert rec.loc["la", ["replaced", "after"]].tolist() == [0, 0]
    assert (w.total_replaced, w.net_loss) == (75000, 80000)
    assert w.unfunded_recipients == ["la"] and w.uncovered_categories == [("Anytown", "welfare_benefits")]
    cat = w.by_category.set_index(["area", "category"])
    assert cat.loc[("Northside", "housing"), ["n_funders_before", "n_funders_after"]].tolist() == [1, 1]
    # cab: la now gives 70,000 of 80,000 (0.875): newly dependent on one funder
    assert w.new_dependents == ["cab"]
    d = w.to_dict()
    assert d["net_loss"] == 80000 and d["uncovered_categories"] == [["Anytown", "welfare_benefits"]]


def test_withdrawal_errors():
    p = _p()
    with pytest.raises(UnknownKeyError) as info:
        withdraw(p, "cab")
    assert "funders are: lsc, la, trust" in str(info.value)
    with pytest.raises(UnknownKeyError):
        withdraw(p, "nobody")
    with pytest.raises(CLSPInputError):
        withdraw(p, "lsc", step_in="lsc")
    with pytest.raises(CLSPInputError):
        withdraw(p, "lsc", step_in="la", step_in_share=1.5)


def test_on_a_shipped_case():
    p = load_case_study("funder_dominated")
    w = withdraw(p, "council")
    council_total = sum(t.amount for t in p.ties_of_kind("funding") if t.source == "council")
    assert w.total_withdrawn == pytest.approx(council_total)
    assert set(w.unfunded_recipients) >= {"money_advice", "housing_advice"}  # the council is their only funder


grants = st.lists(
    st.tuples(st.sampled_from(["f1", "f2", "f3"]), st.sampled_from(["r1", "r2"]),
              st.one_of(st.none(), st.integers(1, 1000)),
              st.lists(st.sampled_from(["debt", "housing", "family"]), max_size=2, unique=True)),
    min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(grants, st.floats(0, 1))
def test_withdrawal_conserves_money(gs, share):
    members = [Member(f, f, groups=("funder",)) for f in ("f1", "f2", "f3")] + [
        Member(r, r, groups=("provider",), categories=("debt",)) for r in ("r1", "r2")]
    p = Partnership("x", members, [Tie(f, r, "funding", amount=a, categories=tuple(c)) for f, r, a, c in gs])
    f = funding_flows(p)
    assert f["amount"].sum() == pytest.approx(sum(a for _, _, a, _ in gs if a is not None))
    funder = gs[0][0]
    other = "f3" if funder != "f3" else "f1"
    w = withdraw(p, funder, step_in=other, step_in_share=share)
    r = w.by_recipient
    assert ((r["before"] - r["withdrawn"] + r["replaced"] - r["after"]).abs() < 1e-6).all()
    assert w.net_loss == pytest.approx(w.total_withdrawn * (1 - share))
    assert (w.by_category["after"] <= w.by_category["before"] + 1e-6).all()
