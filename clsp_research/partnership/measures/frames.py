"""The measures as tables, and for a plain networkx graph.

Each measure takes a :class:`~clsp_research.partnership.model.Partnership`; the names exported
from :mod:`clsp_research.partnership.measures` also take a plain networkx graph, read through
:func:`as_partnership` (members with no stakeholder group count as ``other_sector`` and ties with
no kind as ``information_exchange``, so group-based measures say little about such a graph).

Where a measure gives a table, a DataFrame companion gives it in tidy form:

- :func:`member_table`: one row per member (degree, betweenness, brokerage, inner core...);
- :func:`summary_table`: one row per scalar measure of :func:`~.summary.summarize`, with its label
  and what it stands for (:data:`~.summary.MEASURE_DOCS`);
- :func:`count_table`: a count or share per category (:func:`~.cohesion.tie_kind_counts`,
  :func:`~.composition.group_coverage`, :func:`~.dependency.funder_shares`...) as rows.

Examples
--------
>>> import networkx as nx
>>> g = nx.path_graph(["a", "b", "c", "d"])
>>> member_table(g)["betweenness"].round(4).to_dict()
{'a': 0.0, 'b': 0.6667, 'c': 0.6667, 'd': 0.0}
>>> from clsp_research.partnership.measures import density
>>> round(density(g), 3)
0.5
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import pandas as pd

from ..model import Partnership

__all__ = ["GRAPH_DEFAULT_GROUP", "GRAPH_DEFAULT_KIND", "accepts_graph", "as_partnership", "count_table",
           "member_table", "summary_table"]

#: What a node of a plain graph without a stakeholder group counts as.
GRAPH_DEFAULT_GROUP = "other_sector"
#: What an edge of a plain graph without a kind counts as.
GRAPH_DEFAULT_KIND = "information_exchange"

F = TypeVar("F", bound=Callable[..., Any])


def as_partnership(obj: Any) -> Partnership:
    """``obj`` itself if it is a partnership; a networkx graph read with :meth:`Partnership.from_networkx`.

    Raises
    ------
    TypeError
        For anything else, saying what is expected.
    """
    if isinstance(obj, Partnership):
        return obj
    import networkx as nx

    if isinstance(obj, nx.Graph):
        return Partnership.from_networkx(obj, default_group=GRAPH_DEFAULT_GROUP, default_kind=GRAPH_DEFAULT_KIND)
    raise TypeError(f"expected a Partnership or a networkx graph, found {type(obj).__name__}")


def accepts_graph(func: F) -> F:
    """``func`` taking a networkx graph as well as a partnership as its first argument."""

    @functools.wraps(func)
    def wrapper(p: Any, *args: Any, **kwargs: Any) -> Any:
        return func(as_partnership(p), *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def member_table(p: Partnership | Any) -> pd.DataFrame:
    """One row per member: name, groups, sector, degree, betweenness, brokerage, spanned groups, inner core.

    Indexed by member id, in member order.
    """
    from .centrality import betweenness, brokers
    from .cohesion import inner_core

    p = as_partnership(p)
    g = p.simple_graph()
    b = betweenness(p)
    br = brokers(p).set_index("member") if len(p) else pd.DataFrame(columns=["brokerage", "spanned_groups"])
    core = set(inner_core(p).get("members", ()))
    rows = [{
        "member": mid, "name": m.name, "groups": ", ".join(m.groups), "sector": m.sector,
        "degree": g.degree[mid], "betweenness": b.get(mid, 0.0),
        "brokerage": int(br.at[mid, "brokerage"]) if mid in br.index else 0,
        "spanned_groups": int(br.at[mid, "spanned_groups"]) if mid in br.index else 0,
        "inner_core": mid in core,
    } for mid, m in p.members.items()]
    cols = ["member", "name", "groups", "sector", "degree", "betweenness", "brokerage", "spanned_groups",
            "inner_core"]
    return pd.DataFrame(rows, columns=cols).set_index("member")


def summary_table(p: Partnership | Any) -> pd.DataFrame:
    """One row per scalar measure of the structural summary: ``measure, value, label, concept``."""
    from .summary import MEASURE_DOCS, summarize

    about = {f: (doc["label"], doc["concept"]) for doc in MEASURE_DOCS.values() for f in doc.get("fields", ())}
    rows = []
    for name, value in summarize(as_partnership(p)).to_dict().items():
        if isinstance(value, list | dict | tuple):
            continue
        label, concept = about.get(name, (name.replace("_", " ").capitalize(), ""))
        rows.append({"measure": name, "value": value, "label": label, "concept": concept})
    return pd.DataFrame(rows, columns=["measure", "value", "label", "concept"])


def count_table(result: Mapping[str, Any], name: str = "value", key: str = "category") -> pd.DataFrame:
    """A measure's mapping (category -> count or share) as a two-column table.

    Examples
    --------
    >>> count_table({"funding": 2, "referral": 1}, "ties", "kind")
           kind  ties
    0   funding     2
    1  referral     1
    """
    return pd.DataFrame({key: list(result), name: list(result.values())})
