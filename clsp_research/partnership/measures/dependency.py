"""Reliance on one funder: who funds whom, funding dependency, funders' shares.

Reliance on one funder hampers equal participation (griffith2002, §3.43; §4.9). The share
that counts as dependency, :data:`SINGLE_FUNDER_THRESHOLD`, is a tunable convention: no
source in the catalogue gives a figure.

Examples
--------
>>> from clsp_research.partnership.model import Member, Partnership, Tie
>>> p = Partnership("P", [Member("f", "F", groups=("funder",)), Member("c", "C", groups=("provider",))],
...                 [Tie("f", "c", "funding", amount=100)])
>>> funder_shares(p)
{'f': 1.0}
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from ...errors import CLSPInputError
from ..arrays import tie_arrays
from ..model import TIE_KINDS, Partnership
from ._common import _NS

__all__ = ["SINGLE_FUNDER_THRESHOLD", "funder_shares", "funding_dependency", "single_funder_dependency"]

#: Default share of a member's known funding from one funder that counts as dependency.
#: No source in the catalogue gives a figure: it is a tunable convention (three quarters).
SINGLE_FUNDER_THRESHOLD = 0.75


# -- funding ------------------------------------------------------------------------------

_FUNDING = TIE_KINDS.index("funding")
_FUNDING_COLUMNS = (
    "member",
    "total",
    "n_grants",
    "n_unknown_amounts",
    "top_funder",
    "top_share",
    "n_funders",
)


def _funding_rows(p: Partnership) -> list[dict[str, Any]]:
    """One plain row per funded member (see :func:`funding_dependency`); cached."""

    def compute() -> list[dict[str, Any]]:
        a = tie_arrays(p)
        fund = a.tie_kind == _FUNDING
        if not fund.any():
            return []
        dst, src, amount = a.tie_dst[fund], a.tie_src[fund], a.tie_amount[fund]
        known = ~np.isnan(amount)
        # One entry per (funded member, funder): grants, known grants, known sum.
        pair, pair_at = np.unique(dst * a.n + src, return_inverse=True)
        pair_at = pair_at.ravel()
        p_known = np.bincount(pair_at, weights=known, minlength=pair.size) > 0
        p_sum = np.bincount(pair_at, weights=np.where(known, amount, 0.0), minlength=pair.size)
        p_member, p_funder = pair // a.n, pair % a.n
        members, m_at = np.unique(p_member, return_inverse=True)
        m_at = m_at.ravel()
        grants = np.bincount(np.searchsorted(members, dst), minlength=members.size)
        unknown = np.bincount(np.searchsorted(members, dst), weights=~known, minlength=members.size)
        n_funders = np.bincount(m_at, minlength=members.size)
        any_known = np.bincount(m_at, weights=p_known, minlength=members.size) > 0
        total = np.bincount(m_at, weights=p_sum, minlength=members.size)
        # Top funder: the largest known sum, ties broken by the funder's id.
        by_top = np.lexsort((a.id_rank[p_funder], -np.where(p_known, p_sum, -np.inf), m_at))
        first = by_top[np.searchsorted(m_at[by_top], np.arange(members.size))]
        ids = a.ids
        rows = []
        for i, (member, tot, nf, ak) in enumerate(zip(members.tolist(), total.tolist(), n_funders.tolist(),
                                                       any_known.tolist(), strict=True)):
            if tot > 0:
                top, share = ids[int(p_funder[first[i]])], float(p_sum[first[i]]) / tot
            elif nf == 1:  # one funder: it gives everything, whatever the amount
                top, share = ids[int(p_funder[first[i]])], 1.0
            else:
                top, share = None, math.nan
            rows.append(
                {
                    "member": ids[member],
                    "total": float(tot) if ak else math.nan,
                    "n_grants": int(grants[i]),
                    "n_unknown_amounts": int(unknown[i]),
                    "top_funder": top,
                    "top_share": share,
                    "n_funders": nf,
                }
            )
        rows.sort(
            key=lambda r: (1, 0.0, r["member"])
            if math.isnan(r["top_share"])
            else (0, -r["top_share"], r["member"])
        )
        return rows

    return p.cached((_NS, "funding_rows"), compute)


def funding_dependency(p: Partnership) -> pd.DataFrame:
    """How far each funded member depends on its largest funder.

    Concept: financial dependence. Voluntary organisations in a funding relationship
    with a dominant partner find it hard to take part on equal terms: dependence
    brings conflicts of interest and discourages criticism (griffith2002, §3.43);
    partnership working tends to be dominated by those who bring the resources
    (§3.42). Joint funding can reduce the influence of any one funder
    (steele1999, in griffith2002, §4.9).

    One row per member that receives at least one ``funding`` tie (funding flows from
    the tie's source to its target):

    ``member``; ``total`` (sum of the known amounts, NaN when no amount is known);
    ``n_grants`` (funding ties received); ``n_unknown_amounts`` (those without an
    amount); ``top_funder`` (the funder with the largest known total, ties broken by
    id); ``top_share`` (that funder's share of the member's *known* total);
    ``n_funders`` (distinct funders). A member with a single funder has
    ``top_share`` 1.0 even when the amount is not recorded; a member with several
    funders and no known amount has no ``top_funder`` and a NaN ``top_share``. When
    some amounts are unknown, ``top_share`` describes the known part only: read it
    with ``n_unknown_amounts``.

    Sorted by ``top_share`` descending (NaN last), then member id.

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member("lsc", "LSC", groups=("funder",)),
    ...                       Member("la", "Council", groups=("funder",)),
    ...                       Member("cab", "CAB", groups=("provider",))],
    ...                 [Tie("lsc", "cab", "funding", amount=75000),
    ...                  Tie("la", "cab", "funding", amount=25000)])
    >>> funding_dependency(p).to_dict("records")
    [{'member': 'cab', 'total': 100000.0, 'n_grants': 2, 'n_unknown_amounts': 0,
      'top_funder': 'lsc', 'top_share': 0.75, 'n_funders': 2}]
    """
    rows = _funding_rows(p)
    data = {c: [r[c] for r in rows] for c in _FUNDING_COLUMNS}
    return pd.DataFrame(
        {
            "member": pd.Series(data["member"], dtype="str"),
            "total": pd.Series(data["total"], dtype="float64"),
            "n_grants": pd.Series(data["n_grants"], dtype="int64"),
            "n_unknown_amounts": pd.Series(data["n_unknown_amounts"], dtype="int64"),
            "top_funder": pd.Series(data["top_funder"], dtype="str"),
            "top_share": pd.Series(data["top_share"], dtype="float64"),
            "n_funders": pd.Series(data["n_funders"], dtype="int64"),
        }
    )


def single_funder_dependency(
    p: Partnership, threshold: float = SINGLE_FUNDER_THRESHOLD
) -> list[str]:
    """Members that get at least ``threshold`` of their known funding from one funder (sorted ids).

    Concept: single-funder dependency, the situation griffith2002 (§3.43) describes
    for voluntary organisations tied financially to a dominant partner; the evidence
    of the ``single_funder_dependency`` risk flag.

    The threshold is a tunable convention, not a figure from the literature: no
    source in the catalogue puts a number on dependency. The default 0.75 reads
    "three quarters or more of what the member is known to receive comes from one
    funder"; a member with one funder always qualifies (``top_share`` 1.0). See
    :func:`funding_dependency` for how unknown amounts are treated.

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member("lsc", "LSC", groups=("funder",)),
    ...                       Member("la", "Council", groups=("funder",)),
    ...                       Member("cab", "CAB", groups=("provider",))],
    ...                 [Tie("lsc", "cab", "funding", amount=75000),
    ...                  Tie("la", "cab", "funding", amount=25000)])
    >>> single_funder_dependency(p), single_funder_dependency(p, threshold=0.8)
    (['cab'], [])
    """
    if isinstance(threshold, bool) or not isinstance(threshold, int | float) or not (
        0 < threshold <= 1
    ):
        raise CLSPInputError(
            f"expected a share above 0 and at most 1, found {threshold!r}", field="threshold"
        )
    return sorted(r["member"] for r in _funding_rows(p) if r["top_share"] >= threshold)


def funder_shares(p: Partnership) -> dict[str, float]:
    """Each funder's share of all the partnership's funding whose amount is known.

    Concept: a dominant funder. Power in partnerships follows the resources partners
    bring (griffith2002, §3.42), and joint funding reduces the influence of any one
    funder (steele1999, in griffith2002, §4.9); a single funder providing most of the
    money is a marker of power imbalance.

    Sum of known ``amount`` over each funder's outgoing ``funding`` ties, divided by
    the sum over all funding ties with a known amount. Funders whose amounts are all
    unknown are left out (their share is unknown, not zero). Largest share first,
    ties by id; empty when no amount is known.

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member("lsc", "LSC", groups=("funder",)),
    ...                       Member("la", "Council", groups=("funder",)),
    ...                       Member("cab", "CAB", groups=("provider",))],
    ...                 [Tie("lsc", "cab", "funding", amount=75000),
    ...                  Tie("la", "cab", "funding", amount=25000)])
    >>> funder_shares(p)
    {'lsc': 0.75, 'la': 0.25}
    """
    a = tie_arrays(p)
    known = (a.tie_kind == _FUNDING) & ~np.isnan(a.tie_amount)
    funders = np.unique(a.tie_src[known])
    by_funder = np.bincount(a.tie_src[known], weights=a.tie_amount[known], minlength=a.n)
    sums = {a.ids[f]: s for f, s in zip(funders.tolist(), by_funder[funders].tolist(), strict=True)}
    total = sum(sums.values())
    if total <= 0:
        return {}
    return {f: sums[f] / total for f in sorted(sums, key=lambda f: (-sums[f], f))}
