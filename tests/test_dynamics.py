"""The dynamics model's mechanics: parameters, starting state, determinism, measures, summaries."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clsp_research import dynamics as d
from clsp_research.dynamics.model import case_clarity, run_chunk
from clsp_research.errors import CLSPInputError
from clsp_research.partnership.model import Member, Partnership, PartnershipInfo, Tie
from clsp_research.partnership.synthetic import synthetic_partnership


@pytest.fixture(scope="module")
def small() -> Partnership:
    return synthetic_partnership(20, seed=4)


def _chain(n: int = 4, kind: str = "agreement", **info) -> Partnership:
    members = [Member(f"m{i}", f"M{i}", groups=("provider",), sector="voluntary") for i in range(n)]
    ties = [Tie(f"m{i}", f"m{i + 1}", kind) for i in range(n - 1)]
    return Partnership(PartnershipInfo("Chain", **info), members, ties)


# -- parameters ----------------------------------------------------------------------------
def test_every_parameter_is_documented_with_a_claim_and_valid_references():
    from clsp_research.literature import reference

    for spec in d.PARAMETERS.values():
        assert spec.meaning and spec.claim, spec.name
        assert spec.default is None or spec.check(spec.default) == spec.default
        for ref in spec.refs:
            reference(ref.split(",")[0])  # raises on a key references.bib does not hold
    table = d.parameter_table()
    assert list(table.index) == list(d.PARAMETERS)
    assert {"turnover", "funding", "strategy", "initial_trust"} <= set(table.index)


def test_parameters_validate_names_and_values():
    assert d.Parameters(turnover=0.2).turnover == 0.2
    assert d.Parameters.from_assignments(["turnover=0.2", "strategy=flagship", "clarity=auto"]).changed() == {
        "turnover": 0.2, "strategy": "flagship"}
    with pytest.raises(CLSPInputError, match=r"unknown parameter 'turnovr'.*turnover"):
        d.Parameters(turnovr=0.1)
    with pytest.raises(CLSPInputError, match=r"turnover: expected a number from 0 to 1, found '1\.5'"):
        d.Parameters.from_assignments(["turnover=1.5"])
    with pytest.raises(CLSPInputError, match="small_wins, flagship"):
        d.Parameters(strategy="big_bang")
    with pytest.raises(CLSPInputError, match="whole number"):
        d.Parameters(shock_period=2.5)
    with pytest.raises(CLSPInputError, match="NAME=VALUE"):
        d.Parameters.from_assignments(["turnover"])
    with pytest.raises(CLSPInputError):
        d.Parameters(funding=float("nan"))
    with pytest.raises(AttributeError):
        d.Parameters().turnover = 0.3  # type: ignore[misc]


def test_parameters_pickle_and_compare():
    import pickle

    p = d.Parameters(funding=0.0, strategy="flagship")
    assert pickle.loads(pickle.dumps(p)) == p
    assert p != d.Parameters()
    assert "funding=0.0" in repr(p)


# -- starting state --------------------------------------------------------------------------
def test_pairs_start_at_the_closest_stage_of_their_ties():
    p = Partnership("P", [Member(i, i, groups=("provider",)) for i in "abcd"],
                    [Tie("a", "b", "information_exchange"), Tie("b", "a", "pooled_budget"),
                     Tie("b", "c", "referral"), Tie("c", "d", "joint_project")])
    s = d.compile_structure(p, tie_levels=d.TIE_KIND_STAGE)
    pairs = {(s.member_ids[i], s.member_ids[j]): int(lv) for i, j, lv in zip(s.pair_i, s.pair_j, s.level0,
                                                                          strict=True)}
    assert pairs == {("a", "b"): 4, ("b", "c"): 2, ("c", "d"): 3}
    assert s.degree.tolist() == [1, 2, 2, 1]


def test_default_starting_stages_follow_the_assessment_rules():
    ties = pytest.importorskip("clsp_research.assess.ties")
    from clsp_research.assess.rubric import load_rubric

    p = synthetic_partnership(25, seed=3)
    s = d.compile_structure(p)
    assert s.levels_from == "assessment rules"
    expected = {tuple(sorted((q.source, q.target))): q.level + 1 for q in ties.pair_levels(p, load_rubric())}
    got = {(s.member_ids[i], s.member_ids[j]): int(lv) for i, j, lv in zip(s.pair_i, s.pair_j, s.level0,
                                                                         strict=True)}
    assert got == expected


def test_a_partnership_without_ties_or_members_cannot_be_simulated():
    with pytest.raises(CLSPInputError, match="no ties"):
        d.compile_structure(Partnership("P", [Member(i, i, groups=("provider",)) for i in "ab"]))
    with pytest.raises(CLSPInputError, match="at least two"):
        d.compile_structure(Partnership("P", [Member("a", "a", groups=("provider",))]))


def test_resources_come_from_the_case_or_from_group_defaults():
    members = [Member("f", "F", groups=("funder",)), Member("c", "C", groups=("community",)),
               Member("p", "P", groups=("provider",), resources=50.0)]
    p = Partnership("P", members, [Tie("f", "c", "funding"), Tie("c", "p", "referral")])
    s = d.compile_structure(p)
    # the unrecorded are scaled to the recorded: provider default 1.0 <-> 50
    assert s.resources.tolist() == [150.0, 20.0, 50.0]
    s2 = d.compile_structure(synthetic_partnership(10, seed=1))
    assert s2.resources.max() == d.GROUP_RESOURCES["funder"]


def test_clarity_is_read_from_the_case():
    assert case_clarity(_chain()) == 0.5
    assert case_clarity(_chain(shared_mission=True, terms_of_reference=True, strategic_plan=True,
                               smart_objectives=True)) == 1.0
    assert case_clarity(_chain(shared_mission=False, terms_of_reference=False)) == 0.25


def test_key_players_are_the_best_resourced_then_the_best_connected():
    members = [Member("a", "A", groups=("community",)), Member("b", "B", groups=("funder",)),
               Member("c", "C", groups=("provider",)), Member("d", "D", groups=("provider",))]
    p = Partnership("P", members, [Tie("a", "b", "referral"), Tie("c", "d", "referral"), Tie("b", "d", "funding")])
    s = d.compile_structure(p)
    assert s.member_ids == ("a", "b", "c", "d")
    assert d.key_players(s, 0.5).tolist() == [False, True, False, True]  # funder, then the provider with 2 ties
    assert d.key_players(s, 0.01).sum() == 2  # never fewer than two


# -- gini -------------------------------------------------------------------------------------
def test_gini_hand_computed_values():
    x = np.array([[1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 0.0, 0.0], [2.0, 2.0, 9.0, 9.0]])
    mask = np.array([[True] * 4, [True] * 4, [True, True, False, False]])
    # mean absolute difference / (2 * mean): for 1..4 it is 1.25 / 5 = 0.25
    assert d.gini(x, mask).tolist() == pytest.approx([0.25, 0.0, 0.0])


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(min_value=0.0, max_value=1e6, allow_nan=False), min_size=1, max_size=12))
def test_gini_matches_the_pairwise_definition(values):
    x = np.array(values)
    if x.sum() == 0:
        return
    expected = np.abs(x[:, None] - x[None, :]).sum() / (2 * len(x) ** 2 * x.mean())
    assert d.gini(x[None, :])[0] == pytest.approx(expected, abs=1e-9)


# -- runs -------------------------------------------------------------------------------------
def test_simulate_returns_a_tidy_frame(small):
    df = d.simulate(small, periods=6, runs=7, seed=1)
    assert len(df) == 7 * 7
    assert set(df.columns) >= {"run", "period", "stage", "mean_trust", "influence_gini", "membership",
                               *(f"share_{s}" for s in d.STAGES)}
    assert list(df["stage"].cat.categories) == list(d.STAGES)
    shares = df[[f"share_{s}" for s in d.STAGES]].sum(axis=1)
    assert np.allclose(shares, 1.0)
    assert df["mean_trust"].between(0, 1).all()
    assert (df.loc[df.period == 0, "influence_gini"] == 0).all()  # formally equal seats at the start
    assert (df["membership"] <= len(small)).all()
    assert df.attrs["partnership"] == small.name
    # the placement is the closest stage that at least half of the relationships have reached
    prof = d.stage_profile(df).to_numpy()
    assert np.array_equal(df[[f"profile_{s}" for s in d.STAGES]].to_numpy(), prof)  # the frame carries it
    assert np.allclose(prof[:, 0], 1.0) and (np.diff(prof, axis=1) <= 1e-12).all()
    expected = (prof >= 0.5 - 1e-12).sum(axis=1) - 1
    assert (df["stage_index"].to_numpy() == expected).all()


def test_runs_are_reproducible_by_seed_and_differ_between_seeds(small):
    a = d.simulate(small, periods=10, runs=30, seed=5, turnover=0.1)
    assert a.equals(d.simulate(small, periods=10, runs=30, seed=5, turnover=0.1))
    assert not a.equals(d.simulate(small, periods=10, runs=30, seed=6, turnover=0.1))


def test_chunks_make_large_ensembles_independent_of_workers(small, monkeypatch):
    from clsp_research.dynamics import ensemble as sim_mod

    monkeypatch.setattr(sim_mod, "CHUNK_RUNS", 4)  # several chunks without many runs
    one = sim_mod.simulate(small, periods=5, runs=10, seed=2)
    assert one["run"].tolist() == sorted(one["run"].tolist()) and one["run"].nunique() == 10
    # the first chunk is the same whatever the total: it draws from the first child seed
    head = sim_mod.simulate(small, periods=5, runs=4, seed=2)
    assert one[one.run < 4].reset_index(drop=True).equals(head)


def test_nothing_happens_without_activity_turnover_or_decay():
    q = d.Parameters(activity_rate=0.0, turnover=0.0, resource_decay=0.0, funding=0.0, trust_noise=0.0,
                     commitment_decay=0.0, power_drift=0.0)
    s = d.compile_structure(_chain())
    out = run_chunk(s, q, periods=5, runs=3, seed=np.random.SeedSequence(0))
    assert np.allclose(out["mean_trust"], 0.5)
    assert np.allclose(out["mean_level"], 2.0)
    assert np.allclose(out["membership"], 4)


def test_a_crisis_cuts_trust_in_its_period():
    q = d.Parameters(activity_rate=0.0, turnover=0.0, trust_noise=0.0, shock_period=3, shock_trust=0.5)
    out = run_chunk(d.compile_structure(_chain()), q, periods=4, runs=2, seed=np.random.SeedSequence(0))
    assert out["mean_trust"][0].tolist() == pytest.approx([0.5, 0.5, 0.5, 0.25, 0.25])


def test_turnover_of_every_representative_removes_the_personal_share_of_trust():
    q = d.Parameters(activity_rate=0.0, turnover=1.0, personal_trust=0.25, trust_noise=0.0)
    out = run_chunk(d.compile_structure(_chain()), q, periods=1, runs=1, seed=np.random.SeedSequence(0))
    assert out["mean_trust"][0, 1] == pytest.approx(0.5 * 0.75 ** 2)  # both ends of every pair changed


def test_cross_sector_pairs_start_with_less_trust():
    members = [Member("a", "A", groups=("funder",), sector="statutory"),
               Member("b", "B", groups=("provider",), sector="voluntary"),
               Member("c", "C", groups=("provider",), sector="voluntary")]
    p = Partnership("P", members, [Tie("a", "b", "funding"), Tie("b", "c", "referral")])
    q = d.Parameters(trust_noise=0.0, sector_gap=0.2, initial_trust=0.6)
    out = run_chunk(d.compile_structure(p), q, periods=1, runs=1, seed=np.random.SeedSequence(0))
    assert out["mean_trust"][0, 0] == pytest.approx((0.4 + 0.6) / 2)


def test_without_commitment_members_leave():
    q = d.Parameters(initial_commitment=0.05, exit_commitment=0.1, funding=0.0)
    df = d.simulate(_chain(6), periods=2, runs=3, seed=0, parameters=q)
    assert (df.loc[df.period > 0, "membership"] == 0).all()
    assert df.loc[df.period > 0, "mean_trust"].isna().all()
    f = d.final_summary(df)
    assert f["mean_trust"] is None and f["stage_shares"]["networking"] == 1.0


def test_invalid_counts_are_input_errors(small):
    with pytest.raises(CLSPInputError, match="runs"):
        d.simulate(small, periods=3, runs=0)
    with pytest.raises(CLSPInputError, match="periods"):
        d.simulate(small, periods=2.5, runs=3)
    for seed in (-1, 1.5, "7"):
        with pytest.raises(CLSPInputError, match="seed: expected a whole number of 0 or more"):
            d.simulate(small, periods=2, runs=2, seed=seed)
        with pytest.raises(CLSPInputError, match="seed: expected a whole number of 0 or more"):
            d.sweep(small, {"turnover": [0.1]}, periods=2, runs=2, seed=seed, backend="serial", progress=False)
    # a SeedSequence is a seed too, and gives the same runs as the integer it was made from
    assert d.simulate(small, periods=2, runs=3, seed=np.random.SeedSequence(4)).equals(
        d.simulate(small, periods=2, runs=3, seed=4))


# -- summaries ----------------------------------------------------------------------------------
def test_summaries_of_a_hand_made_frame():
    df = pd.DataFrame({"run": [0, 0, 1, 1], "period": [0, 1, 0, 1], "stage_index": [1, 2, 1, 0],
                       "mean_trust": [0.4, 0.6, 0.4, 0.2]})
    assert d.stage_shares(df) == {"networking": 0.5, "co-operation": 0.0, "co-ordination": 0.5, "integration": 0.0}
    assert d.stage_shares(df, period=0)["co-operation"] == 1.0
    r = d.reached(df, "co-ordination")
    assert r.iloc[0] == 1.0 and np.isnan(r.iloc[1])
    s = d.ensemble_summary(df, ["mean_trust"])
    assert s.loc[s.period == 1, "mean"].item() == pytest.approx(0.4)
    assert s.loc[s.period == 0, "ci_low"].item() == pytest.approx(0.4)  # no spread, no interval
    with pytest.raises(CLSPInputError, match="unknown stage"):
        d.reached(df, "coordination")


def test_series_and_final_summary_agree(small):
    df = d.simulate(small, periods=4, runs=12, seed=3)
    ser = d.series(df)
    f = d.final_summary(df)
    assert [r["period"] for r in ser] == [0, 1, 2, 3, 4]
    assert ser[-1]["mean_trust"] == pytest.approx(f["mean_trust"])
    assert ser[-1]["stage_shares"] == pytest.approx(f["stage_shares"])
    assert sum(f["relationship_shares"].values()) == pytest.approx(1.0)
    shares = list(f["relationship_shares"].values())
    assert list(f["stage_profile"].values()) == pytest.approx([sum(shares[k:]) for k in range(len(shares))])
    runs = d.run_summary(df)
    assert len(runs) == 12 and {"reached_co-ordination", "mean_trust"} <= set(runs.columns)


# -- plots --------------------------------------------------------------------------------------
def test_plots_draw_bands_stage_areas_and_heatmaps(small):
    from clsp_research.plotting.dynamics import plot_stage_shares, plot_sweep_heatmap, plot_trajectories

    a = d.simulate(small, periods=5, runs=10, seed=0).assign(strategy="small_wins")
    b = d.simulate(small, periods=5, runs=10, seed=0, strategy="flagship").assign(strategy="flagship")
    ax = plot_trajectories(pd.concat([a, b]), "mean_trust", by="strategy")
    drawn = [line for line in ax.lines if len(line.get_xdata())]  # seaborn adds empty legend handles
    assert len(drawn) == 2 and len(ax.collections) == 2
    # the band is the central 90% of the runs, as ensemble_summary computes it
    high = d.ensemble_summary(a, ["mean_trust"], level=0.9)["high"]
    assert ax.collections[0].get_paths()[0].vertices[:, 1].max() == pytest.approx(high.max())
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["small wins", "flagship"]
    ax = plot_stage_shares(a)
    assert len(ax.collections) == len(d.STAGES)
    ax = plot_stage_shares(a, what="relationships")
    assert ax.get_ylim() == (0.0, 1.0)
    res = d.sweep(small, {"funding": [0.0, 0.1], "turnover": [0.0, 0.1, 0.2]}, periods=3, runs=4,
                  backend="serial", progress=False)
    ax = plot_sweep_heatmap(res, x="turnover", y="funding", value="mean_trust")
    assert ax.images[0].get_array().shape == (2, 3)
    ax = plot_sweep_heatmap(res, x="turnover", y="funding", value="reached_co-ordination", agg="share_reached")
    assert np.nanmax(ax.images[0].get_array()) <= 1.0
