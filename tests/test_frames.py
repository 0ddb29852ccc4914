"""Tidy tables out: Assessment.to_frame, the measures' table companions, measures on a plain networkx graph."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clsp_research.assess import assess
from clsp_research.assess.result import Assessment
from clsp_research.partnership import measures as M
from clsp_research.partnership.datasets import case_studies, load_case_study
from clsp_research.partnership.model import Partnership


@pytest.mark.parametrize("name", case_studies())
def test_to_frame_holds_every_stage_factor_and_flag(name):
    a = assess(load_case_study(name))
    df = a.to_frame()
    assert list(df.columns) == list(Assessment.FRAME_COLUMNS)
    assert (df.partnership == a.partnership).all() and (df.framework == a.framework).all()
    by = {k: g.set_index("id") for k, g in df.groupby("kind")}
    assert by["placement"].index.tolist() == [a.stage]
    assert by["stage"].score.to_dict() == pytest.approx(a.stage_profile, abs=1e-4)
    assert by["factor"].score.to_dict() == pytest.approx({f.id: f.score for f in a.factors}, abs=1e-4)
    assert set(by["flag"].index[by["flag"].raised.astype(bool)]) == set(a.flag_ids)
    assert len(by["flag"]) == len(a.flag_checks)
    for f in a.factors:  # evidence and citations travel with each row
        row = by["factor"].loc[f.id]
        assert all(e.text in row.evidence for e in f.evidence)
        assert all(c in row.cites for c in f.cites)


def test_to_frame_of_another_framework_maps_its_stages():
    a = assess(load_case_study("talking_shop"), framework="continuum_himmelman")
    stages = a.to_frame().query("kind == 'stage'")
    assert stages.id.tolist() == list(a.stage_profile) and (stages.evidence != "").all()


def test_measures_take_a_plain_graph_and_agree_with_networkx():
    g = nx.karate_club_graph()
    assert M.density(g) == pytest.approx(nx.density(g))
    b = M.betweenness(g)
    assert {int(k): v for k, v in b.items()} == pytest.approx(nx.betweenness_centrality(g))
    assert M.most_central(g) == str(max(b, key=b.get))
    t = M.member_table(g)
    assert t.loc["0", "degree"] == g.degree[0] and t.betweenness.to_dict() == pytest.approx(b)
    with pytest.raises(TypeError, match="expected a Partnership or a networkx graph, found list"):
        M.density([1, 2])


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 12), st.floats(0.1, 0.9), st.integers(0, 10**6))
def test_member_table_and_summary_table_match_the_measures(n, prob, seed):
    g = nx.gnp_random_graph(n, prob, seed=seed)
    p = M.as_partnership(g)
    t = M.member_table(p)
    assert list(t.index) == [str(v) for v in g.nodes]
    assert t.degree.tolist() == [g.degree[v] for v in g.nodes]
    assert t.betweenness.to_dict() == pytest.approx(M.betweenness(p))
    s = M.summary_table(g).set_index("measure").value
    assert s["density"] == pytest.approx(nx.density(g))
    assert set(s.index) <= set(M.summarize(p).to_dict())


def test_count_table_and_tables_from_dataframes():
    p = load_case_study("funder_dominated")
    kinds = M.count_table(M.tie_kind_counts(p), "ties", "kind")
    assert kinds.ties.sum() == p.n_ties and isinstance(M.brokers(p), pd.DataFrame)
    assert isinstance(M.funding_dependency(p), pd.DataFrame)
    assert M.as_partnership(p) is p and isinstance(M.as_partnership(nx.Graph()), Partnership)
