"""Interlocking memberships: who sits on which partnership bodies, and how the bodies overlap.

As partnerships multiplied, the same key local figures came to sit on more and more
of them: Stewart's "pluralism in partnership", in which leadership roles overlap
across separate but interlocking partnerships (stewart1998, via huxham2000,
pp.303-4, in griffith2002, §3.26 and n.33). Huxham and Vangen's example from Bristol
counted 22 people holding 56 places on nine of the city's main partnership and
joint-working bodies (huxham2000, pp.304-5, in griffith2002, §3.26, n.33). Such
overlaps can carry information between bodies, but also concentrate influence in a
few hands and stretch the time of the people who hold the seats.

The data are an affiliation table, one row per seat: ``person, body`` (further
columns, such as ``role`` or ``organisation``, are kept). It is a two-mode network:
the bipartite graph of people and bodies, whose two one-mode projections (people
linked by the bodies they share; bodies linked by the people they share) are the
"duality of persons and groups" (breiger1974). The classic example of such data is
the Southern Women data set of eighteen women and the fourteen social events they
attended (davis1941), which networkx ships (:func:`davis_southern_women`).
Interlocking directorates among firms are the best-studied case of the same structure
(mizruchi1996).

Examples
--------
>>> import pandas as pd
>>> a = pd.DataFrame({"person": ["ann", "ann", "bob", "cy", "cy", "cy"],
...                   "body": ["CLSP", "LSP", "CLSP", "CLSP", "LSP", "HAZ"]})
>>> r = analyse_affiliations(a)
>>> r.n_people, r.n_bodies, r.n_seats, round(r.mean_seats, 2)
(3, 3, 6, 2.0)
>>> r.top()
[('cy', 3), ('ann', 2), ('bob', 1)]
>>> r.multi_seat_people()
['cy', 'ann']
>>> int(r.overlap().loc["CLSP", "LSP"])  # ann and cy sit on both
2
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import IO, Any

import networkx as nx
import numpy as np
import pandas as pd

from ..errors import CLSPInputError
from ..partnership.tables import Column, check_unique, read_table
from ..text import natural_key

__all__ = [
    "BRISTOL_COUNTS",
    "Interlocks",
    "analyse_affiliations",
    "davis_southern_women",
    "from_bipartite_graph",
    "illustrative_bristol",
    "read_affiliations",
]

#: The counts of Huxham and Vangen's Bristol example (huxham2000, pp.304-5, in griffith2002, §3.26 n.33).
BRISTOL_COUNTS: dict[str, int] = {"people": 22, "seats": 56, "bodies": 9}


def read_affiliations(source: str | Path | IO | pd.DataFrame) -> pd.DataFrame:
    """Read an affiliation table: ``person, body``, one row per seat (other columns kept).

    A person may hold one seat per body; a name may not be both a person and a body.

    Examples
    --------
    >>> import io
    >>> read_affiliations(io.StringIO("person,body\\nAnn,CLSP\\nBob,CLSP\\nAnn,CLSP\\n"))
    Traceback (most recent call last):
    ...
    clsp_research.errors.CLSPInputError: <stream>:4: person: this affiliation table row repeats ... of line 2
    """
    if isinstance(source, pd.DataFrame) and source.attrs.get("clsp_table") == "affiliations":
        return source
    df = read_table(source, [Column("person"), Column("body")], what="affiliation table")
    check_unique(df, ["person", "body"], what="affiliation table")
    both = df["person"].isin(set(df["body"]))
    if both.any():  # vectorised: the first clash is named
        line, person = next(iter(df["person"][both].items()))
        raise CLSPInputError(
            f"{person!r} is named both as a person and as a body; give them different names",
            file=df.attrs.get("source"),
            line=int(line),
            field="person",
        )
    df.attrs["clsp_table"] = "affiliations"
    return df


def from_bipartite_graph(g: nx.Graph, people: int | str = 0) -> pd.DataFrame:
    """An affiliation table from a two-mode networkx graph whose nodes carry ``bipartite`` = 0 or 1.

    ``people`` is the ``bipartite`` value of the nodes that are people (the rest are bodies).

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_nodes_from(["ann", "bob"], bipartite=0)
    >>> g.add_nodes_from(["E1"], bipartite=1)
    >>> g.add_edges_from([("ann", "E1"), ("bob", "E1")])
    >>> from_bipartite_graph(g).to_dict("records")
    [{'person': 'ann', 'body': 'E1'}, {'person': 'bob', 'body': 'E1'}]
    """
    rows = []
    for u, v in g.edges():
        bu, bv = g.nodes[u].get("bipartite"), g.nodes[v].get("bipartite")
        if bu == people and bv != people:
            rows.append((str(u), str(v)))
        elif bv == people and bu != people:
            rows.append((str(v), str(u)))
        else:
            raise CLSPInputError(f"the edge {u!r}-{v!r} does not join a person to a body", field="bipartite")
    return pd.DataFrame(sorted(rows), columns=["person", "body"]).astype(object)


def davis_southern_women() -> pd.DataFrame:
    """The Southern Women affiliation data (davis1941): 18 women x 14 events, 89 attendances.

    The classic two-mode data set, as shipped by networkx; the events play the part of bodies.

    Examples
    --------
    >>> d = davis_southern_women()
    >>> len(d), d["person"].nunique(), d["body"].nunique()
    (89, 18, 14)
    """
    return from_bipartite_graph(nx.davis_southern_women_graph(), people=0)


def illustrative_bristol(
    seed: int = 2000,
    n_people: int = BRISTOL_COUNTS["people"],
    n_seats: int = BRISTOL_COUNTS["seats"],
    n_bodies: int = BRISTOL_COUNTS["bodies"],
    min_body_size: int = 2,
) -> pd.DataFrame:
    """An ILLUSTRATIVE affiliation table with the Bristol example's counts, generated from a seed.

    Only the three totals come from the source: 22 people, 56 places, nine bodies
    (huxham2000, pp.304-5, in griffith2002, §3.26, n.33). Who sits where is invented:
    everyone holds at least one seat, the remaining seats go preferentially to people who
    already hold several (a few key figures accumulate places, as the pluralism argument
    suggests), and bodies differ in size. People are ``Person 01`` (most seats),
    ``Person 02``..., bodies ``Body A``...: they are not the real people or bodies of the
    example.

    Examples
    --------
    >>> b = illustrative_bristol()
    >>> len(b), b["person"].nunique(), b["body"].nunique()
    (56, 22, 9)
    >>> b.equals(illustrative_bristol())
    True
    """
    for name, v in (("n_people", n_people), ("n_bodies", n_bodies), ("min_body_size", min_body_size)):
        if isinstance(v, bool) or not isinstance(v, int) or v < 1:
            raise CLSPInputError(f"expected a whole number of at least 1, found {v!r}", field=name)
    if not n_people <= n_seats <= n_people * n_bodies or n_seats < n_bodies * min_body_size:
        raise CLSPInputError(
            f"{n_seats} seats cannot be shared so that each of {n_people} people holds one to {n_bodies} "
            f"and each of {n_bodies} bodies has at least {min_body_size} members",
            field="n_seats",
        )
    if min_body_size > n_people:
        raise CLSPInputError("a body cannot have more members than there are people", field="min_body_size")
    people = [f"Person {i + 1:02d}" for i in range(n_people)]
    bodies = [f"Body {chr(65 + j)}" if n_bodies <= 26 else f"Body {j + 1:02d}" for j in range(n_bodies)]
    rng = random.Random(seed)
    for _ in range(1000):
        seats = [1] * n_people
        for _ in range(n_seats - n_people):  # preferential: weight = seats held
            open_ = [i for i in range(n_people) if seats[i] < n_bodies]
            i = rng.choices(open_, weights=[seats[k] for k in open_])[0]
            seats[i] += 1
        size_w = [rng.uniform(0.5, 2.0) for _ in bodies]
        order = sorted(range(n_people), key=lambda i: (-seats[i], i))
        members: dict[int, set[int]] = {j: set() for j in range(n_bodies)}
        for i in order:
            pool = list(range(n_bodies))
            chosen = []
            for _ in range(seats[i]):
                # favour bodies that still need members to reach the minimum, then the larger ones
                w = [size_w[j] * (4.0 if len(members[j]) < min_body_size else 1.0) for j in pool]
                j = rng.choices(pool, weights=w)[0]
                pool.remove(j)
                chosen.append(j)
            for j in chosen:
                members[j].add(i)
        if all(len(m) >= min_body_size for m in members.values()):
            name = {i: people[rank] for rank, i in enumerate(order)}  # Person 01 holds the most seats
            rows = sorted((name[i], bodies[j]) for j, m in members.items() for i in m)
            return pd.DataFrame(rows, columns=["person", "body"]).astype(object)
    raise CLSPInputError("could not share the seats out under these constraints; try other counts", field="seed")


@dataclass(frozen=True, eq=False)
class Interlocks:
    """The analysis of an affiliation table (build with :func:`analyse_affiliations`).

    Attributes
    ----------
    affiliations
        The table (``person``, ``body``, any further columns).
    people, bodies
        Sorted names.
    """

    affiliations: pd.DataFrame
    people: tuple[str, ...]
    bodies: tuple[str, ...]

    # -- counts -------------------------------------------------------------------------
    @property
    def n_people(self) -> int:
        return len(self.people)

    @property
    def n_bodies(self) -> int:
        return len(self.bodies)

    @property
    def n_seats(self) -> int:
        return len(self.affiliations)

    @property
    def mean_seats(self) -> float:
        """Seats per person (0.0 with nobody)."""
        return self.n_seats / self.n_people if self.people else 0.0

    @cached_property
    def incidence(self) -> pd.DataFrame:
        """The people x bodies 0/1 table (rows and columns sorted)."""
        pi = pd.Categorical(self.affiliations["person"], categories=list(self.people)).codes
        bi = pd.Categorical(self.affiliations["body"], categories=list(self.bodies)).codes
        a = np.zeros((len(self.people), len(self.bodies)), dtype=int)
        a[pi, bi] = 1
        return pd.DataFrame(a, index=list(self.people), columns=list(self.bodies))

    @cached_property
    def _shared(self) -> np.ndarray:
        a = self.incidence.to_numpy(dtype=float)  # float: BLAS matrix product
        return np.rint(a.T @ a).astype(int)

    @cached_property
    def seats_by_person(self) -> pd.Series:
        """Seats each person holds, most first (ties by name)."""
        return _ranked(self.affiliations["person"], "seats", self.people)

    @cached_property
    def members_by_body(self) -> pd.Series:
        """Members each body has, most first (ties by name)."""
        return _ranked(self.affiliations["body"], "members", self.bodies)

    @cached_property
    def _bodies_by_person(self) -> dict[str, list[str]]:
        """Person -> sorted bodies, built by one sort and a split (not a group-by loop)."""
        table = self.affiliations[["person", "body"]].sort_values(["person", "body"], kind="stable")
        persons, bodies = table["person"].to_numpy(), table["body"].to_numpy()
        if len(persons) == 0:
            return {}
        cuts = np.flatnonzero(persons[1:] != persons[:-1]) + 1
        starts, ends = np.r_[0, cuts], np.r_[cuts, len(persons)]
        return {persons[a]: bodies[a:b].tolist() for a, b in zip(starts, ends, strict=True)}

    @cached_property
    def _pairs(self) -> pd.DataFrame:
        """Pairs of bodies sharing people (``a < b`` in the sorted order): ``a, b, shared`` (codes).

        Counted from the rows (a self-join on person), never through the people x bodies
        table, so a million seats take seconds and memory in proportion to the pairs.
        """
        pc = pd.Categorical(self.affiliations["person"], categories=list(self.people)).codes
        bc = pd.Categorical(self.affiliations["body"], categories=list(self.bodies)).codes
        rows = pd.DataFrame({"p": pc, "b": bc})
        joined = rows.merge(rows, on="p", suffixes=("_a", "_b"))
        joined = joined[joined["b_a"] < joined["b_b"]]
        counts = joined.groupby(["b_a", "b_b"], sort=True).size()
        return pd.DataFrame({"a": counts.index.get_level_values(0).to_numpy(),
                             "b": counts.index.get_level_values(1).to_numpy(),
                             "shared": counts.to_numpy().astype(int)})

    def top(self, n: int | None = None) -> list[tuple[str, int]]:
        """People ordered by seats (most first, ties by name); the first ``n`` if given."""
        items = [(p, int(s)) for p, s in self.seats_by_person.items()]
        return items if n is None else items[:n]

    def multi_seat_people(self, min_seats: int = 2) -> list[str]:
        """People holding at least ``min_seats`` seats, most seats first."""
        return [p for p, s in self.top() if s >= min_seats]

    def bodies_of(self, person: str) -> list[str]:
        """The bodies a person sits on (sorted)."""
        if person not in self._bodies_by_person:
            raise KeyError(person)
        return list(self._bodies_by_person[person])

    # -- projections --------------------------------------------------------------------
    @cached_property
    def graph(self) -> nx.Graph:
        """The two-mode graph; node attributes ``bipartite`` (0 person, 1 body) and ``kind``."""
        g = nx.Graph()
        g.add_nodes_from(self.people, bipartite=0, kind="person")
        g.add_nodes_from(self.bodies, bipartite=1, kind="body")
        g.add_edges_from(zip(self.affiliations["person"], self.affiliations["body"], strict=True))
        return g

    def overlap(self, measure: str = "count") -> pd.DataFrame:
        """Body x body overlap: people shared (``count``) or ``jaccard`` (shared / either).

        The diagonal of ``count`` holds each body's size (Breiger's A'A, breiger1974).
        """
        shared = pd.DataFrame(self._shared, index=list(self.bodies), columns=list(self.bodies))
        if measure == "count":
            return shared
        if measure == "jaccard":
            size = shared.to_numpy().diagonal()
            union = size[:, None] + size[None, :] - shared.to_numpy()
            return pd.DataFrame(shared.to_numpy() / union, index=shared.index, columns=shared.columns)
        raise CLSPInputError(f"unknown overlap measure {measure!r}; expected one of: count, jaccard", field="measure")

    def co_membership(self) -> pd.DataFrame:
        """Person x person: bodies shared (A A', breiger1974); the diagonal holds seats."""
        a = self.incidence.to_numpy(dtype=float)
        return pd.DataFrame(np.rint(a @ a.T).astype(int), index=list(self.people), columns=list(self.people))

    def bodies_graph(self) -> nx.Graph:
        """Bodies linked when they share people; edge ``weight`` = people shared."""
        return _projection(self.overlap(), "body")

    def people_graph(self) -> nx.Graph:
        """People linked when they share a body; edge ``weight`` = bodies shared."""
        return _projection(self.co_membership(), "person")

    def linked_body_share(self) -> float | None:
        """Share of pairs of bodies that have at least one person in common (``None`` with < 2 bodies)."""
        n = self.n_bodies
        if n < 2:
            return None
        return round(len(self._pairs) / (n * (n - 1) / 2), 4)

    def to_dict(self, top: int | None = None, min_seats: int = 2) -> dict[str, Any]:
        """The ``clsp interlocks --json`` object.

        ``people``, ``bodies`` and ``seats`` are counts; ``seats_per_person`` is the mean;
        ``multi_seat_people`` lists the people with at least ``min_seats`` seats; ``top``
        lists people by seats (all, or the first ``top``) with their bodies.
        """
        names = self.bodies
        size = self.members_by_body.reindex(list(names)).to_numpy()
        pairs = [
            {"a": names[i], "b": names[j], "shared": int(k), "jaccard": round(float(k / (size[i] + size[j] - k)), 4)}
            for i, j, k in self._pairs.itertuples(index=False, name=None)
        ]
        pairs.sort(key=lambda d: (-d["shared"], natural_key(d["a"]), natural_key(d["b"])))
        multi = self.multi_seat_people(min_seats)
        return {
            "people": self.n_people,
            "bodies": self.n_bodies,
            "seats": self.n_seats,
            "seats_per_person": round(self.mean_seats, 4),
            "seats_per_body": round(self.n_seats / self.n_bodies, 4) if self.bodies else 0.0,
            "min_seats": min_seats,
            "multi_seat_people": multi,
            "n_multi_seat_people": len(multi),
            "multi_seat_share_of_seats": round(
                int(self.seats_by_person[self.seats_by_person >= min_seats].sum()) / self.n_seats, 4)
            if self.n_seats else None,
            "seats_by_person": {p: s for p, s in self.top()},
            "top": [{"person": p, "seats": s, "bodies": self.bodies_of(p)} for p, s in self.top(top)],
            "body_members": {b: int(m) for b, m in self.members_by_body.items()},
            "linked_body_share": self.linked_body_share(),
            "body_overlap": pairs,
        }


def _ranked(names: pd.Series, label: str, order: tuple[str, ...]) -> pd.Series:
    """How often each name occurs, most first; ties in ``order`` (the names in natural order), as ``int``."""
    n = names.value_counts().reindex(list(order), fill_value=0).to_numpy().astype(int)
    idx = np.argsort(-n, kind="stable")
    return pd.Series(n[idx], index=pd.Index(np.asarray(order, dtype=object)[idx], dtype=object), name=label)


def _projection(m: pd.DataFrame, kind: str) -> nx.Graph:
    g = nx.Graph()
    names = list(m.index)
    g.add_nodes_from(names, kind=kind)
    vals = m.to_numpy()
    for i, a in enumerate(names):
        for j in range(i + 1, len(names)):
            if vals[i, j] > 0:
                g.add_edge(a, names[j], weight=int(vals[i, j]))
    return g


def analyse_affiliations(source: str | Path | IO | pd.DataFrame) -> Interlocks:
    """Analyse an affiliation table (a path, an open file or a DataFrame of ``person, body``).

    Examples
    --------
    >>> r = analyse_affiliations(illustrative_bristol())
    >>> r.n_people, r.n_seats, r.n_bodies
    (22, 56, 9)
    """
    df = read_affiliations(source)
    return Interlocks(df, tuple(sorted(set(df["person"]), key=natural_key)),
                      tuple(sorted(set(df["body"]), key=natural_key)))
