"""Interlocking memberships: hand-checked counts, projections, the example data sets and bad input."""

from __future__ import annotations

import io

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clsp_research.errors import CLSPInputError
from clsp_research.partnership.datasets import data_path
from clsp_research.tasks.interlocks import (
    BRISTOL_COUNTS,
    analyse_affiliations,
    davis_southern_women,
    from_bipartite_graph,
    illustrative_bristol,
    read_affiliations,
)

SMALL = pd.DataFrame({"person": ["ann", "ann", "bob", "cy", "cy", "cy", "dee"],
                      "body": ["CLSP", "LSP", "CLSP", "CLSP", "LSP", "HAZ", "HAZ"]})


def test_counts_and_ranking_by_hand():
    r = analyse_affiliations(SMALL)
    assert (r.n_people, r.n_bodies, r.n_seats) == (4, 3, 7)
    assert r.mean_seats == 7 / 4
    assert r.top() == [("cy", 3), ("ann", 2), ("bob", 1), ("dee", 1)]
    assert r.top(2) == [("cy", 3), ("ann", 2)]
    assert r.multi_seat_people() == ["cy", "ann"] and r.multi_seat_people(3) == ["cy"]
    assert r.members_by_body.to_dict() == {"CLSP": 3, "HAZ": 2, "LSP": 2}
    assert r.bodies_of("cy") == ["CLSP", "HAZ", "LSP"]


def test_projections_by_hand():
    r = analyse_affiliations(SMALL)
    ov = r.overlap()
    assert ov.loc["CLSP", "LSP"] == 2 and ov.loc["CLSP", "HAZ"] == 1 and ov.loc["HAZ", "LSP"] == 1
    assert ov.loc["CLSP", "CLSP"] == 3
    assert r.overlap("jaccard").loc["CLSP", "LSP"] == pytest.approx(2 / 3)  # {ann, cy} of {ann, bob, cy}
    pg = r.people_graph()
    assert pg["ann"]["cy"]["weight"] == 2 and pg["cy"]["dee"]["weight"] == 1 and not pg.has_edge("bob", "dee")
    assert r.bodies_graph()["CLSP"]["LSP"]["weight"] == 2
    assert r.linked_body_share() == 1.0
    g = r.graph
    assert nx.is_bipartite(g) and g.nodes["CLSP"]["bipartite"] == 1 and g.number_of_edges() == 7
    with pytest.raises(CLSPInputError):
        r.overlap("cosine")


def test_json_contract():
    d = analyse_affiliations(SMALL).to_dict(top=2)
    assert (d["people"], d["bodies"], d["seats"], d["seats_per_person"]) == (4, 3, 7, 1.75)
    assert d["multi_seat_people"] == ["cy", "ann"] and d["multi_seat_share_of_seats"] == round(5 / 7, 4)
    assert d["top"] == [{"person": "cy", "seats": 3, "bodies": ["CLSP", "HAZ", "LSP"]},
                        {"person": "ann", "seats": 2, "bodies": ["CLSP", "LSP"]}]
    assert d["body_overlap"][0] == {"a": "CLSP", "b": "LSP", "shared": 2, "jaccard": round(2 / 3, 4)}


def test_bad_tables():
    with pytest.raises(CLSPInputError) as info:
        read_affiliations(io.StringIO("person,body\nann,CLSP\nbob,CLSP\nann,CLSP\n"))
    assert info.value.line == 4 and "line 2" in info.value.message
    with pytest.raises(CLSPInputError) as info:
        read_affiliations(io.StringIO("person,body\nann,CLSP\nCLSP,LSP\n"))
    assert (info.value.line, info.value.field) == (3, "person")
    with pytest.raises(CLSPInputError) as info:
        read_affiliations(io.StringIO("name,body\nann,CLSP\n"))
    assert (info.value.line, info.value.field) == (1, "person")


def test_davis_matches_networkx():
    g = nx.davis_southern_women_graph()
    r = analyse_affiliations(davis_southern_women())
    assert (r.n_people, r.n_bodies, r.n_seats) == (18, 14, g.number_of_edges())
    women = [n for n, b in g.nodes(data="bipartite") if b == 0]
    assert r.seats_by_person.to_dict() == {w: g.degree(w) for w in women}
    # Breiger's duality: the women's co-attendance matrix is A A'
    proj = nx.bipartite.weighted_projected_graph(g, women)
    co = r.co_membership()
    assert all(co.loc[u, v] == d["weight"] for u, v, d in proj.edges(data=True))
    shipped = read_affiliations(data_path("interlocks", "davis_southern_women.csv"))
    assert sorted(map(tuple, shipped[["person", "body"]].values)) == sorted(map(tuple, davis_southern_women().values))
    # and directly against networkx's graph: the same 89 woman-event edges, each once, nothing else
    edges = {(u, v) if g.nodes[u]["bipartite"] == 0 else (v, u) for u, v in g.edges()}
    rows = list(map(tuple, shipped[["person", "body"]].values))
    assert len(rows) == len(set(rows)) == g.number_of_edges() and set(rows) == edges


def test_bristol_counts_and_determinism():
    b = illustrative_bristol()
    r = analyse_affiliations(b)
    assert (r.n_people, r.n_seats, r.n_bodies) == (BRISTOL_COUNTS["people"], BRISTOL_COUNTS["seats"],
                                                   BRISTOL_COUNTS["bodies"]) == (22, 56, 9)
    assert r.seats_by_person.min() >= 1 and r.members_by_body.min() >= 2
    assert r.top()[0][0] == "Person 01"
    assert b.equals(illustrative_bristol()) and not b.equals(illustrative_bristol(seed=7))
    shipped = read_affiliations(data_path("interlocks", "illustrative_bristol.csv"))
    assert sorted(map(tuple, shipped[["person", "body"]].values)) == sorted(map(tuple, b.values))
    with pytest.raises(CLSPInputError):
        illustrative_bristol(n_people=22, n_seats=300, n_bodies=9)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 12), st.integers(1, 6), st.integers(0, 10_000), st.data())
def test_generator_keeps_any_feasible_counts(n_people, n_bodies, seed, data):
    lo = max(n_people, n_bodies)
    n_seats = data.draw(st.integers(lo, n_people * n_bodies))
    b = illustrative_bristol(seed=seed, n_people=n_people, n_seats=n_seats, n_bodies=n_bodies, min_body_size=1)
    r = analyse_affiliations(b)
    assert (r.n_people, r.n_seats, r.n_bodies) == (n_people, n_seats, n_bodies)


def test_from_bipartite_graph_rejects_one_mode_edges():
    g = nx.Graph()
    g.add_nodes_from(["a", "b"], bipartite=0)
    g.add_edge("a", "b")
    with pytest.raises(CLSPInputError):
        from_bipartite_graph(g)
    a = analyse_affiliations(SMALL).incidence.to_numpy()
    assert np.array_equal(analyse_affiliations(SMALL).overlap().to_numpy(), a.T @ a)
