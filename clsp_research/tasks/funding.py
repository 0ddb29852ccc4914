"""Funding co-ordination: who funds whom for what, duplication, dependency by category, withdrawal.

Co-ordinating the funding of advice services is one of the six tasks the LSC gave
CLSPs (lsc_clsp_web, "What do CLS partnerships do?"; lsc2000, p.16, in griffith2002,
§4.27), and co-ordinated or joint funding "a key aim" of the whole enterprise once a
strategic plan exists (lsc2000, p.55, in griffith2002, §4.24). The pioneers expected
scrutiny to expose duplicated funding and to move money to areas less well served,
and some funders used the partnership to withdraw from a provider after agreeing
that another funder would step in (moorhead2000, paras 2.10, 2.20-2.21 and 2.25, in
griffith2002, §4.15-4.16). Dependence on one dominant funder hampers equal
participation (griffith2002, §3.43).

Everything here reads the ``funding`` ties of a
:class:`~clsp_research.partnership.model.Partnership` (funding flows from the tie's source to its
target; ``amount`` a year's value; ``categories`` what the grant pays for). Per-member
dependency on one funder is :func:`clsp_research.partnership.measures.funding_dependency` and
:func:`~clsp_research.partnership.measures.single_funder_dependency`; this module adds the view by
category of law and area, duplication, and the effect of a funder withdrawing.

Conventions (documented because the case file cannot say more):

- A grant that lists categories is split equally between them (a grant of 90,000 for
  debt and housing counts 45,000 for each).
- A grant that lists no categories is *core* funding: it is spread equally over the
  categories the recipient serves (``tagged`` is False on those rows), or counted under
  ``unspecified`` when the recipient serves none (a CVS, a network).
- A grant without an amount keeps its rows with a NaN amount: totals add the known
  amounts and say how many were unknown.
- The area of a flow is the recipient's ``area``, else the partnership's, else ``""``.

Examples
--------
>>> from clsp_research.partnership.model import Member, Partnership, Tie
>>> p = Partnership("x", [Member("lsc", "LSC", groups=("funder",)), Member("la", "Council", groups=("funder",)),
...                       Member("cab", "CAB", groups=("provider",), categories=("debt", "housing")),
...                       Member("law", "Law centre", groups=("provider",), categories=("housing",))],
...                 [Tie("lsc", "law", "funding", amount=60000, categories=("housing",)),
...                  Tie("la", "cab", "funding", amount=40000)])
>>> funding_flows(p)[["funder", "recipient", "category", "amount", "tagged"]].to_dict("records")
[{'funder': 'la', 'recipient': 'cab', 'category': 'debt', 'amount': 20000.0, 'tagged': False},
 {'funder': 'la', 'recipient': 'cab', 'category': 'housing', 'amount': 20000.0, 'tagged': False},
 {'funder': 'lsc', 'recipient': 'law', 'category': 'housing', 'amount': 60000.0, 'tagged': True}]
>>> duplication(p)[["category", "funders", "amount"]].to_dict("records")
[{'category': 'housing', 'funders': 'la; lsc', 'amount': 80000.0}]
>>> w = withdraw(p, "lsc")
>>> w.unfunded_recipients, w.total_withdrawn
(['law'], 60000.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..errors import CLSPInputError, UnknownKeyError
from ..partnership.measures import SINGLE_FUNDER_THRESHOLD, single_funder_dependency
from ..partnership.model import Partnership, Tie

__all__ = [
    "UNSPECIFIED",
    "Withdrawal",
    "category_dependency",
    "duplication",
    "funders",
    "funding_flows",
    "funding_matrix",
    "withdraw",
]

#: Category of core funding to a recipient that serves no category of law.
UNSPECIFIED = "unspecified"

_FLOW_COLUMNS = ("funder", "recipient", "area", "category", "amount", "tagged", "grant_amount", "n_categories")


def _area(p: Partnership, member: str) -> str:
    m = p.member(member)
    return m.area or p.info.area or ""


def _flow_rows(p: Partnership, ties: list[Tie]) -> list[dict[str, Any]]:
    rows = []
    for t in ties:
        cats = tuple(dict.fromkeys(t.categories))
        tagged = bool(cats)
        if not cats:
            cats = tuple(dict.fromkeys(p.member(t.target).categories)) or (UNSPECIFIED,)
        amount = math.nan if t.amount is None else float(t.amount)
        for c in cats:
            rows.append({
                "funder": t.source,
                "recipient": t.target,
                "area": _area(p, t.target),
                "category": c,
                "amount": amount / len(cats),
                "tagged": tagged,
                "grant_amount": amount,
                "n_categories": len(cats),
            })
    return rows


def _flows_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=list(_FLOW_COLUMNS))
    for c in ("funder", "recipient", "area", "category"):
        df[c] = df[c].astype(object)
    df["amount"] = df["amount"].astype(float)
    df["grant_amount"] = df["grant_amount"].astype(float)
    df["tagged"] = df["tagged"].astype(bool)
    df["n_categories"] = df["n_categories"].astype("int64")
    return df.sort_values(["funder", "recipient", "category"], kind="stable").reset_index(drop=True)


def funding_flows(p: Partnership) -> pd.DataFrame:
    """Who funds whom for what: one row per funding tie and category it pays for.

    Columns ``funder``, ``recipient``, ``area``, ``category``, ``amount`` (the grant's
    share for this category; NaN when the grant's amount is unknown), ``tagged`` (the
    tie itself names the category; False for core funding spread over the recipient's
    categories), ``grant_amount`` and ``n_categories``. Sorted by funder, recipient,
    category. Memoised on the partnership; treat the result as read-only.
    """
    return p.cached(("funding", "flows"), lambda: _flows_frame(_flow_rows(p, p.ties_of_kind("funding"))))


def funders(p: Partnership) -> list[str]:
    """Members that fund at least one other member (source of a ``funding`` tie), largest known total first.

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member(i, i, groups=("funder", "provider")) for i in "abc"],
    ...                 [Tie("a", "c", "funding", amount=5), Tie("b", "c", "funding", amount=9)])
    >>> funders(p)
    ['b', 'a']
    """
    f = funding_flows(p)
    totals = f.groupby("funder", sort=False)["amount"].sum(min_count=0)
    return sorted(totals.index, key=lambda x: (-float(totals[x]), x))


def funding_matrix(p: Partnership, columns: str = "category") -> pd.DataFrame:
    """Known amounts as a funder x ``columns`` table (``category``, ``recipient`` or ``area``), 0 where none.

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member("lsc", "LSC", groups=("funder",)),
    ...                       Member("cab", "CAB", groups=("provider",), categories=("debt",))],
    ...                 [Tie("lsc", "cab", "funding", amount=10, categories=("debt", "housing"))])
    >>> funding_matrix(p).to_dict("index")
    {'lsc': {'debt': 5.0, 'housing': 5.0}}
    """
    if columns not in ("category", "recipient", "area"):
        raise CLSPInputError(
            f"unknown column {columns!r}; expected one of: category, recipient, area", field="columns"
        )
    f = funding_flows(p)
    if len(f) == 0:
        return pd.DataFrame(dtype=float)
    m = f.pivot_table(index="funder", columns=columns, values="amount", aggfunc="sum", fill_value=0.0)
    m.columns = [str(c) for c in m.columns]
    m.index = [str(i) for i in m.index]
    return m.astype(float)


def duplication(p: Partnership, *, tagged_only: bool = False) -> pd.DataFrame:
    """Categories in an area paid for by two or more funders.

    Moorhead's pioneers expected closer scrutiny to deal with duplicated funding and to
    redirect money to areas less well served (moorhead2000, paras 2.10 and 2.25, in
    griffith2002, §4.15). Two funders paying for one category in one area is not always
    waste: it may be deliberate joint funding of one service (``co_funded`` names the
    recipients paid by more than one funder for the category), or parallel services that
    a plan might rationalise. The table shows where to look.

    Parameters
    ----------
    tagged_only
        Count only grants whose tie names the category (leave out core funding).

    Returns
    -------
    pandas.DataFrame
        ``area``, ``category``, ``n_funders``, ``funders`` (ids joined by ``"; "``),
        ``n_recipients``, ``recipients``, ``co_funded`` (recipients with 2+ funders for
        the category, ``"; "``-joined, empty if none), ``amount`` (known total),
        ``n_unknown_amounts``. Most funders first, then largest amount.
    """
    f = funding_flows(p)
    if tagged_only:
        f = f[f["tagged"]]
    rows = []
    for (area, cat), g in f.groupby(["area", "category"], sort=True):
        fs = sorted(set(g["funder"]))
        if len(fs) < 2:
            continue
        by_rec = g.groupby("recipient")["funder"].nunique()
        rows.append({
            "area": area,
            "category": cat,
            "n_funders": len(fs),
            "funders": "; ".join(fs),
            "n_recipients": int(g["recipient"].nunique()),
            "recipients": "; ".join(sorted(set(g["recipient"]))),
            "co_funded": "; ".join(sorted(by_rec[by_rec > 1].index)),
            "amount": float(g["amount"].sum()),
            "n_unknown_amounts": int(g["amount"].isna().sum()),
        })
    cols = ["area", "category", "n_funders", "funders", "n_recipients", "recipients", "co_funded", "amount",
            "n_unknown_amounts"]
    out = pd.DataFrame(rows, columns=cols)
    if len(out):
        out = out.sort_values(["n_funders", "amount", "area", "category"], ascending=[False, False, True, True],
                              kind="stable").reset_index(drop=True)
    return out


def _dependency_rows(f: pd.DataFrame, keys: list[str], threshold: float) -> pd.DataFrame:
    rows = []
    for key, g in f.groupby(keys, sort=True):
        key = key if isinstance(key, tuple) else (key,)
        known = g.dropna(subset=["amount"]).groupby("funder")["amount"].sum()
        total = float(known.sum())
        n_f = int(g["funder"].nunique())
        if total > 0:
            top = min(known.index, key=lambda x: (-float(known[x]), x))
            share = float(known[top]) / total
        elif n_f == 1:
            top, share = g["funder"].iloc[0], 1.0
        else:
            top, share = None, math.nan
        rows.append({
            **dict(zip(keys, key, strict=True)),
            "total": total if len(known) else math.nan,
            "n_funders": n_f,
            "top_funder": top,
            "top_share": share,
            "dependent": bool(share == share and share >= threshold),
            "n_unknown_amounts": int(g["amount"].isna().sum()),
        })
    cols = [*keys, "total", "n_funders", "top_funder", "top_share", "dependent", "n_unknown_amounts"]
    out = pd.DataFrame(rows, columns=cols)
    out["top_share"] = out["top_share"].astype(float)
    out["total"] = out["total"].astype(float)
    return out


def _check_threshold(threshold: float) -> None:
    if isinstance(threshold, bool) or not isinstance(threshold, int | float) or not 0 < threshold <= 1:
        raise CLSPInputError(f"expected a share above 0 and at most 1, found {threshold!r}", field="threshold")


def category_dependency(
    p: Partnership, threshold: float = SINGLE_FUNDER_THRESHOLD, *, by_recipient: bool = False
) -> pd.DataFrame:
    """How far the funding of each category of law (in each area) rests on one funder.

    The by-category counterpart of :func:`clsp_research.partnership.measures.funding_dependency`
    (griffith2002, §3.43): if one funder pays for (nearly) all the debt advice in an area,
    its withdrawal ends debt advice there.

    Parameters
    ----------
    threshold
        Share from one funder that counts as dependency (default
        :data:`~clsp_research.partnership.measures.SINGLE_FUNDER_THRESHOLD`, a convention).
    by_recipient
        One row per recipient x category instead of per area x category.

    Returns
    -------
    pandas.DataFrame
        ``area, category`` (or ``recipient, category``), ``total`` (known), ``n_funders``,
        ``top_funder``, ``top_share`` (of the known total; 1.0 with one funder even if its
        amount is unknown), ``dependent`` and ``n_unknown_amounts``.

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member("lsc", "LSC", groups=("funder",)), Member("la", "LA", groups=("funder",)),
    ...                       Member("cab", "CAB", groups=("provider",), categories=("debt", "housing"))],
    ...                 [Tie("lsc", "cab", "funding", amount=80, categories=("debt",)),
    ...                  Tie("la", "cab", "funding", amount=20, categories=("debt",)),
    ...                  Tie("la", "cab", "funding", amount=50, categories=("housing",))])
    >>> category_dependency(p)[["category", "top_funder", "top_share", "dependent"]].to_dict("records")
    [{'category': 'debt', 'top_funder': 'lsc', 'top_share': 0.8, 'dependent': True},
     {'category': 'housing', 'top_funder': 'la', 'top_share': 1.0, 'dependent': True}]
    """
    _check_threshold(threshold)
    keys = ["recipient", "category"] if by_recipient else ["area", "category"]
    return _dependency_rows(funding_flows(p), keys, threshold)


@dataclass(frozen=True)
class Withdrawal:
    """What happens when one funder withdraws its funding (see :func:`withdraw`).

    Attributes
    ----------
    funder, step_in, step_in_share
        Who withdraws; who steps in (or ``None``) and what share of each withdrawn grant
        it replaces.
    by_recipient
        ``recipient``, ``before``, ``withdrawn``, ``replaced``, ``after``, ``change``
        (``after - before``) and ``change_share`` (``change / before``) for every recipient
        the funder paid; known amounts.
    by_category
        The same by ``area`` and ``category`` (every cell the funder paid for), with
        ``n_funders_before`` and ``n_funders_after``.
    unfunded_recipients
        Recipients left with no funding at all.
    uncovered_categories
        ``(area, category)`` cells left with no funder.
    new_dependents
        Members that become single-funder dependent
        (:func:`~clsp_research.partnership.measures.single_funder_dependency`) after the change.
    total_withdrawn, total_replaced
        Known amounts.
    n_unknown_amounts
        Withdrawn grants whose amount is not recorded.
    partnership
        The partnership after the change (funding ties only; the funder stays a member).
    """

    funder: str
    step_in: str | None
    step_in_share: float
    by_recipient: pd.DataFrame
    by_category: pd.DataFrame
    unfunded_recipients: list[str]
    uncovered_categories: list[tuple[str, str]]
    new_dependents: list[str]
    total_withdrawn: float
    total_replaced: float
    n_unknown_amounts: int
    partnership: Partnership

    @property
    def net_loss(self) -> float:
        """Known funding lost after the step-in funder's replacement."""
        return self.total_withdrawn - self.total_replaced

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form (the tables as lists of records, NaN as ``None``)."""

        def records(df: pd.DataFrame) -> list[dict[str, Any]]:
            return [{k: (None if isinstance(v, float) and math.isnan(v) else v.item() if hasattr(v, "item") else v)
                     for k, v in r.items()} for r in df.to_dict("records")]

        return {
            "funder": self.funder,
            "step_in": self.step_in,
            "step_in_share": self.step_in_share,
            "total_withdrawn": self.total_withdrawn,
            "total_replaced": self.total_replaced,
            "net_loss": self.net_loss,
            "n_unknown_amounts": self.n_unknown_amounts,
            "unfunded_recipients": list(self.unfunded_recipients),
            "uncovered_categories": [list(c) for c in self.uncovered_categories],
            "new_dependents": list(self.new_dependents),
            "by_recipient": records(self.by_recipient),
            "by_category": records(self.by_category),
        }


def withdraw(
    p: Partnership,
    funder: str,
    step_in: str | None = None,
    step_in_share: float = 1.0,
    *,
    threshold: float = SINGLE_FUNDER_THRESHOLD,
) -> Withdrawal:
    """The effect of one funder withdrawing all its funding, with another stepping in if given.

    Moorhead found funders using the partnership to withdraw from a provider after
    agreeing that a partner funder would step into the breach (moorhead2000, paras
    2.20-2.21, in griffith2002, §4.16). ``step_in`` replaces ``step_in_share`` of each
    withdrawn grant with a grant of its own to the same recipient for the same categories.
    The partnership is not changed: the result holds a changed copy.

    Parameters
    ----------
    p
        The partnership.
    funder
        Id of the member that withdraws (it must fund someone).
    step_in
        Id of a member that steps in, or ``None``.
    step_in_share
        Share of each withdrawn grant the step-in funder replaces (0 to 1).
    threshold
        Single-funder dependency threshold for ``new_dependents``.

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member("lsc", "LSC", groups=("funder",)), Member("la", "LA", groups=("funder",)),
    ...                       Member("cab", "CAB", groups=("provider",), categories=("debt",)),
    ...                       Member("law", "Law", groups=("provider",), categories=("housing",))],
    ...                 [Tie("lsc", "cab", "funding", amount=60, categories=("debt",)),
    ...                  Tie("la", "cab", "funding", amount=40, categories=("debt",)),
    ...                  Tie("lsc", "law", "funding", amount=100, categories=("housing",))])
    >>> w = withdraw(p, "lsc", step_in="la", step_in_share=0.5)
    >>> w.by_recipient[["recipient", "before", "after", "change"]].to_dict("records")
    [{'recipient': 'cab', 'before': 100.0, 'after': 70.0, 'change': -30.0},
     {'recipient': 'law', 'before': 100.0, 'after': 50.0, 'change': -50.0}]
    >>> w.net_loss, w.unfunded_recipients, w.new_dependents
    (80.0, [], ['cab'])
    >>> withdraw(p, "lsc").uncovered_categories
    [('', 'housing')]
    """
    p.member(funder)
    own = [t for t in p.ties_of_kind("funding") if t.source == funder]
    if not own:
        names = ", ".join(funders(p)) or "(none)"
        raise UnknownKeyError(f"{funder!r} funds no member of {p.name!r}; funders are: {names}")
    if step_in is not None:
        p.member(step_in)
        if step_in == funder:
            raise CLSPInputError("the funder that steps in must differ from the one that withdraws", field="step_in")
    if isinstance(step_in_share, bool) or not isinstance(step_in_share, int | float) or not 0 <= step_in_share <= 1:
        raise CLSPInputError(f"expected a share from 0 to 1, found {step_in_share!r}", field="step_in_share")
    _check_threshold(threshold)

    new_ties = []
    if step_in is not None and step_in_share > 0:
        for t in own:
            if t.target == step_in:
                continue  # a funder cannot fund itself; that grant is simply lost
            amount = None if t.amount is None else t.amount * step_in_share
            new_ties.append(Tie(step_in, t.target, "funding", amount=amount, categories=t.categories,
                                attrs={"replaces": funder}))
    kept = [t for t in p.ties if not (t.kind == "funding" and t.source == funder)]
    after_p = Partnership(p.info, p.members.values(), kept + new_ties)

    before = funding_flows(p)
    after = funding_flows(after_p)
    withdrawn = before[before["funder"] == funder]
    replaced = _flows_frame(_flow_rows(after_p, new_ties))

    recips = sorted(set(withdrawn["recipient"]))

    def total(df: pd.DataFrame, key: str) -> pd.Series:
        return df.groupby(key)["amount"].sum() if len(df) else pd.Series(dtype=float)

    b, a = total(before, "recipient"), total(after, "recipient")
    wd, rp = total(withdrawn, "recipient"), total(replaced, "recipient")
    by_rec = pd.DataFrame({
        "recipient": pd.Series(recips, dtype=object),
        "before": [float(b.get(r, 0.0)) for r in recips],
        "withdrawn": [float(wd.get(r, 0.0)) for r in recips],
        "replaced": [float(rp.get(r, 0.0)) for r in recips],
        "after": [float(a.get(r, 0.0)) for r in recips],
    })
    by_rec["change"] = by_rec["after"] - by_rec["before"]
    by_rec["change_share"] = (by_rec["change"] / by_rec["before"]).where(by_rec["before"] > 0)

    cells = sorted(set(zip(withdrawn["area"], withdrawn["category"], strict=True)))
    bc = before.groupby(["area", "category"])
    ac = after.groupby(["area", "category"])
    b_amt, a_amt = bc["amount"].sum(), ac["amount"].sum() if len(after) else pd.Series(dtype=float)
    b_nf, a_nf = bc["funder"].nunique(), ac["funder"].nunique() if len(after) else pd.Series(dtype=int)
    by_cat = pd.DataFrame({
        "area": pd.Series([c[0] for c in cells], dtype=object),
        "category": pd.Series([c[1] for c in cells], dtype=object),
        "before": [float(b_amt.get(c, 0.0)) for c in cells],
        "after": [float(a_amt.get(c, 0.0)) for c in cells],
        "n_funders_before": [int(b_nf.get(c, 0)) for c in cells],
        "n_funders_after": [int(a_nf.get(c, 0)) for c in cells],
    })
    by_cat["change"] = by_cat["after"] - by_cat["before"]
    by_cat["change_share"] = (by_cat["change"] / by_cat["before"]).where(by_cat["before"] > 0)
    by_cat = by_cat.sort_values(["change", "area", "category"], kind="stable").reset_index(drop=True)

    funded_after = set(after["recipient"])
    dep_before = set(single_funder_dependency(p, threshold))
    dep_after = set(single_funder_dependency(after_p, threshold))
    return Withdrawal(
        funder=funder,
        step_in=step_in,
        step_in_share=float(step_in_share),
        by_recipient=by_rec,
        by_category=by_cat,
        unfunded_recipients=[r for r in recips if r not in funded_after],
        uncovered_categories=[(a_, c) for a_, c in cells if int(a_nf.get((a_, c), 0)) == 0],
        new_dependents=sorted(dep_after - dep_before),
        total_withdrawn=float(withdrawn["amount"].sum()),
        total_replaced=float(replaced["amount"].sum()),
        n_unknown_amounts=sum(1 for t in own if t.amount is None),
        partnership=after_p,
    )

