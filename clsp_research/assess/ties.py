"""Tie levels: the composite continuum stage that each tie, and each pair of members, stands for.

The rules are data (``rules/tie_levels.yaml``): each tie kind has a base stage and
optional upgrades when the tie's attributes match (a *formal* information-sharing
protocol is co-operation, an informal exchange networking). A pair of members takes the highest
level among its ties; a member the highest level among its pairs (``-1`` when it has no
tie at all). Levels are stage indices into :data:`STAGES`.

Examples
--------
>>> from clsp_research.partnership.model import Member, Partnership, Tie
>>> from clsp_research.assess.rubric import load_rubric
>>> r = load_rubric()
>>> STAGES[tie_level(Tie("a", "b", "referral"), r)[0]]
'co-operation'
>>> STAGES[tie_level(Tie("a", "b", "information_exchange", formal=True), r)[0]]
'co-operation'
>>> p = Partnership("x", [Member(i, i, groups=("provider",)) for i in "abc"],
...                 [Tie("a", "b", "information_exchange"), Tie("b", "a", "joint_project")])
>>> [(q.source, q.target, q.kinds, STAGES[q.level]) for q in pair_levels(p, r)]
[('a', 'b', ('information_exchange', 'joint_project'), 'co-ordination')]
>>> member_levels(p, r)
{'a': 2, 'b': 2, 'c': -1}
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

import pandas as pd

from .vocabulary import STAGES

if TYPE_CHECKING:  # pragma: no cover
    from ..partnership.model import Partnership, Tie
    from .rubric import Rubric

__all__ = ["STAGES", "PairLevel", "member_levels", "pair_levels", "tie_level", "tie_levels_frame"]


def _attr(tie: Tie, key: str) -> Any:
    if key == "formal":
        return tie.formal
    return tie.attrs.get(key)


def tie_level(tie: Tie, rubric: Rubric) -> tuple[int, str, tuple[str, ...]]:
    """The stage index of one tie, with the reason and the paragraphs that justify it.

    The base level of the tie's kind, raised by every upgrade whose conditions the tie's
    attributes match. An attribute that is not recorded (``None``) matches nothing.
    """
    rule = rubric.tie_rules[tie.kind]
    level, because, cites = rule.level, rule.because, rule.cites
    for up in rule.upgrades:
        if up.level > level and all(_attr(tie, k) is not None and _attr(tie, k) == v for k, v in up.when):
            level, because, cites = up.level, up.because, up.cites
    return level, because, cites


class PairLevel(NamedTuple):
    """One connected pair of members and the stage its closest tie stands for."""

    source: str
    target: str
    kinds: tuple[str, ...]
    level: int
    decided_by: str
    because: str
    cites: tuple[str, ...]


def pair_levels(p: Partnership, rubric: Rubric) -> list[PairLevel]:
    """Each connected pair once, in the order its first tie was added; cached on ``p``.

    ``kinds`` is the pair's tie kinds (loosest first); ``level`` the highest stage index
    among its ties; ``decided_by`` the kind of the tie that set the level (the loosest such
    kind when several reach it), with that rule's reason and citations.
    """

    def compute() -> list[PairLevel]:
        best: dict[tuple[str, str], list[Any]] = {}
        order = rubric.kind_rank
        for u, v, d in p.graph.edges(data=True):
            key = (v, u) if (v, u) in best else (u, v)
            lv, because, cites = tie_level(d["tie"], rubric)
            kind = d["kind"]
            cur = best.get(key)
            if cur is None:
                best[key] = [{kind}, lv, kind, because, cites]
            else:
                cur[0].add(kind)
                if lv > cur[1] or (lv == cur[1] and order[kind] < order[cur[2]]):
                    cur[1:] = [lv, kind, because, cites]
        return [
            PairLevel(u, v, tuple(sorted(ks, key=order.__getitem__)), lv, k, because, cites)
            for (u, v), (ks, lv, k, because, cites) in best.items()
        ]

    return p.cached(("assess", "pair_levels", rubric.key), compute)


def member_levels(p: Partnership, rubric: Rubric) -> dict[str, int]:
    """Each member's highest pair level (``-1`` for a member with no tie), cached on ``p``."""

    def compute() -> dict[str, int]:
        out = dict.fromkeys(p.graph.nodes, -1)
        for u, v, _, lv, *_ in pair_levels(p, rubric):
            if lv > out[u]:
                out[u] = lv
            if lv > out[v]:
                out[v] = lv
        return out

    return p.cached(("assess", "member_levels", rubric.key), compute)


def tie_levels_frame(pairs: list[PairLevel], stages: tuple[str, ...] = STAGES) -> pd.DataFrame:
    """The pairs as a DataFrame: ``source``, ``target``, ``kinds`` (comma-separated, loosest
    first), ``level`` (stage id), ``decided_by`` (the kind that set it) and ``because``."""
    cols: dict[str, list[Any]] = {
        "source": [q.source for q in pairs],
        "target": [q.target for q in pairs],
        "kinds": [", ".join(q.kinds) for q in pairs],
        "level": [stages[q.level] for q in pairs],
        "decided_by": [q.decided_by for q in pairs],
        "because": [q.because for q in pairs],
    }
    return pd.DataFrame({k: pd.Series(v, dtype="str") for k, v in cols.items()})
