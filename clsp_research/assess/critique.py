"""Which criticisms and questions of the literature bear on a case: the critique frameworks' items
checked against a partnership's recorded facts.

The critique frameworks of the catalogue (criticisms of partnership, democracy and
accountability, the costs of partnership, "too equal" partnerships, corporatism, the political
context, the CLS critique, sustaining a partnership) are data. An item may carry ``applies_when``,
a clause in the rubric's condition language (``{any: [{signal: community_members, at_most: 0}]}``):
the item is *pressing* for a case when the clause holds, *not indicated* when it fails, and *always
relevant* when the item has no clause (a question every CLSP should ask). Which facts make an item
pressing is the workbench's reading, stated in each framework's description.

Examples
--------
>>> from clsp_research.partnership.datasets import load_case_study
>>> found = critique(load_case_study("talking_shop"), ["democracy_accountability"])
>>> [f.item_id for f in found if f.status == "pressing"][:2]
['legitimacy_among_members', 'legitimacy_outside']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..partnership.model import Partnership
from .rubric import _clause, _Where, load_rubric
from .signals import Context

__all__ = ["ACCOUNTABILITY_FRAMEWORKS", "CRITIQUE_FRAMEWORKS", "Finding", "critique"]

#: Frameworks of criticisms and questions, in the order a reader meets them in the seed.
CRITIQUE_FRAMEWORKS: tuple[str, ...] = (
    "partnership_criticisms", "corporatism", "political_context", "partnership_costs",
    "power_too_equal", "sustaining_partnership", "cls_critique",
)
#: Frameworks of accountability questions.
ACCOUNTABILITY_FRAMEWORKS: tuple[str, ...] = ("democracy_accountability",)


@dataclass(frozen=True)
class Finding:
    """One item of a critique framework and how it bears on a case.

    ``status`` is ``"pressing"`` (the case's facts meet the item's condition), ``"not indicated"``
    (they do not), ``"not recorded"`` (the facts it needs are missing) or ``"always relevant"``
    (the item has no condition). ``evidence`` says which facts decided it.
    """

    framework: str
    item_id: str
    name: str
    summary: str
    question: str
    source: str
    cites: tuple[str, ...]
    status: str
    evidence: tuple[str, ...] = ()


def _fact(cond: Any, ctx: Context) -> str:
    """A condition as a fact a reader can check: ``'Community members: 0; pressing when at most 0'``."""
    from .signals import SIGNALS

    test = cond.describe(ctx).split(": ", 1)[-1].split(" expected, found ")[0]
    label = SIGNALS[cond.signal].label
    return f"{label[:1].upper()}{label[1:]}: {ctx.format(cond.signal)}; pressing when {test}"


def critique(p: Partnership, frameworks: Iterable[str] | None = None) -> list[Finding]:
    """The items of the critique frameworks with their status for ``p``.

    Parameters
    ----------
    p
        The partnership.
    frameworks
        Framework ids (default: :data:`CRITIQUE_FRAMEWORKS` then :data:`ACCOUNTABILITY_FRAMEWORKS`).

    Returns
    -------
    list of Finding
        In framework order, then item order.
    """
    from ..literature import framework

    ctx = Context(p, load_rubric())
    out: list[Finding] = []
    for fid in frameworks or (*CRITIQUE_FRAMEWORKS, *ACCOUNTABILITY_FRAMEWORKS):
        fw = framework(fid)
        where = _Where(Path(f"{fid}.yaml"), None)
        for it in fw.items:
            raw = it.get("applies_when")
            evidence: tuple[str, ...] = ()
            if raw is None:
                status = "always relevant"
            else:
                clause = _clause(where, ("items", it.id, "applies_when"), raw)
                verdict = clause.evaluate(ctx)
                status = {True: "pressing", False: "not indicated", None: "not recorded"}[verdict]
                shown = [c for c in clause.conditions if c.evaluate(ctx)] if verdict else list(clause.conditions)
                evidence = tuple(_fact(c, ctx) for c in shown)
            out.append(Finding(fid, it.id, it.name, it.summary, str(it.get("question") or ""), it.source,
                               tuple(it.cites), status, evidence))
    return out
