"""Need and provision, the CSV table reader and the variance analysis: hand-checked examples and properties."""

from __future__ import annotations

import io
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clsp_research.errors import CLSPInputError
from clsp_research.partnership.datasets import data_path
from clsp_research.partnership.tables import Column, check_unique, read_table
from clsp_research.tasks.provision import (
    estimate_need,
    gap_summary,
    gap_table,
    gaps_to_json,
    read_need,
    read_provision,
    read_rates,
    unassessed_provision,
    variance_analysis,
)

# -- the table reader -----------------------------------------------------------------------

SPEC = [Column("area"), Column("category"), Column("need", "number", minimum=0)]


def _err(text: str, spec=SPEC, **kw) -> CLSPInputError:
    with pytest.raises(CLSPInputError) as info:
        read_table(io.StringIO(text), spec, **kw)
    return info.value


def test_line_numbers_count_blank_lines_and_quoted_newlines():
    text = 'area,category,need\n\nN,"debt\nand more",1\nS,debt,x\n'
    err = _err(text)
    assert (err.line, err.field) == (5, "need")  # header 1, blank 2, the quoted row spans 3-4


def test_missing_column_names_file_line_and_what_is_expected(tmp_path):
    path = tmp_path / "need.csv"
    path.write_text("area,need\nN,4\n")
    with pytest.raises(CLSPInputError) as info:
        read_table(path, SPEC, what="need table")
    e = info.value
    assert (str(e.file), e.line, e.field) == (str(path), 1, "category")
    assert "area, category, need" in e.message and "found: area, need" in e.message


def test_empty_required_cell_and_negative_number():
    assert (_err("area,category,need\nN,,3\n").line, _err("area,category,need\nN,,3\n").field) == (2, "category")
    e = _err("area,category,need\nN,debt,-1\n")
    assert e.field == "need" and "at least 0" in e.message


def test_header_is_normalised_bom_and_semicolons_are_read():
    df = read_table(io.BytesIO("\ufeffArea;Category;NEED\nN;debt;£1,200\n".encode()), SPEC)
    assert df.to_dict("records") == [{"area": "N", "category": "debt", "need": 1200.0}]
    assert list(df.index) == [2]


def test_extra_columns_are_kept_and_optional_columns_get_defaults():
    spec = [*SPEC, Column("per", "number", required=False, default=1000.0)]
    df = read_table(io.StringIO("area,category,need,note\nN,debt,1,hello\n"), spec)
    assert df.loc[2, "per"] == 1000.0 and df.loc[2, "note"] == "hello"


def test_too_many_values_and_repeated_header():
    assert _err("area,category,need\nN,debt,1,extra\n").line == 2
    e = _err("area,area,category,need\nN,N,debt,1\n")
    assert (e.line, e.field) == (1, "area")


def test_a_dataframe_is_checked_with_csv_line_numbers():
    df = pd.DataFrame({"area": ["N", "S"], "category": ["debt", "debt"], "need": [1, "many"]})
    with pytest.raises(CLSPInputError) as info:
        read_table(df, SPEC, what="need table")
    assert (info.value.line, info.value.field) == (3, "need")


def test_not_utf8_names_the_line():
    with pytest.raises(CLSPInputError) as info:
        read_table(io.BytesIO(b"area,category,need\nN\xe9,debt,1\n"), SPEC)
    assert info.value.line == 2 and "UTF-8" in info.value.message


def test_check_unique_names_both_lines():
    df = read_table(io.StringIO("area,category,need\nN,debt,1\nS,debt,2\nN,debt,3\n"), SPEC)
    with pytest.raises(CLSPInputError) as info:
        check_unique(df, ["area", "category"], what="need table")
    assert info.value.line == 4 and "line 2" in info.value.message


def test_unknown_quality_mark_lists_the_levels():
    with pytest.raises(CLSPInputError) as info:
        read_provision(io.StringIO("provider,area,category,capacity,quality_mark\ncab,N,debt,3,gold\n"))
    assert info.value.line == 2 and "specialist_help" in info.value.message


def test_validated_tables_are_not_read_twice():
    df = read_need(pd.DataFrame({"area": ["N"], "category": ["debt"], "need": [4]}))
    assert read_need(df) is df


# -- estimating need -------------------------------------------------------------------------


def test_estimate_need_by_hand():
    pop = pd.DataFrame({"area": ["N", "N", "S"], "client_group": ["", "older_people", ""],
                        "population": [10000, 2000, 5000], "source": ["census 2001 (illustrative)"] * 3})
    rates = pd.DataFrame({"category": ["debt", "community_care"], "client_group": ["", "older_people"],
                          "rate": [12, 3], "per": [1000, 100], "source": ["survey A", "survey B"]})
    out = estimate_need(pop, rates)
    got = {(r.area, r.category, r.client_group): r.need for r in out.itertuples()}
    assert got == {("N", "debt", "all"): 120.0, ("S", "debt", "all"): 60.0,
                   ("N", "community_care", "older_people"): 60.0}
    row = out[out["category"] == "community_care"].iloc[0]
    assert (row["population_source"], row["rate_source"]) == ("census 2001 (illustrative)", "survey B")


def test_a_rate_needs_a_source_and_a_population_for_its_group():
    with pytest.raises(CLSPInputError) as info:
        read_rates(io.StringIO("category,rate,source\ndebt,12,\n"))
    assert (info.value.line, info.value.field) == (2, "source")
    pop = io.StringIO("area,population,source\nN,100,x\n")
    rates = io.StringIO("category,client_group,rate,source\ndebt,refugees,5,y\n")
    with pytest.raises(CLSPInputError) as info:
        estimate_need(pop, rates)
    assert (info.value.line, info.value.field) == (2, "client_group")


# -- gaps ------------------------------------------------------------------------------------

NEED = pd.DataFrame({"area": ["N", "N", "S", "S"], "category": ["debt", "housing", "debt", "housing"],
                     "need": [100, 50, 80, 0]})
PROV = pd.DataFrame({"provider": ["cab", "law", "cab", "sol", "cab"], "area": ["N", "N", "N", "S", "E"],
                     "category": ["debt", "housing", "housing", "debt", "debt"], "capacity": [60, 30, 40, 100, 9],
                     "quality_mark": ["general_help", "specialist_help", "", "none", "information"]})


def test_gap_table_by_hand():
    t = gap_table(NEED, PROV).set_index(["area", "category"])
    assert t.loc[("N", "debt"), ["need", "provision", "gap", "coverage"]].tolist() == [100, 60, 40, 0.6]
    assert t.loc[("N", "housing"), ["provision", "gap", "surplus", "n_providers"]].tolist() == [70, 0, 20, 2]
    assert t.loc[("S", "debt"), ["gap", "coverage", "surplus"]].tolist() == [0, 1.25, 20]
    assert math.isnan(t.loc[("S", "housing"), "coverage"])  # need 0: coverage undefined
    assert t.loc[("N", "housing"), "quality_share"] == pytest.approx(30 / 70)  # the blank mark is not recorded
    assert t.loc[("S", "debt"), "quality_share"] == 0.0  # 'none'


def test_min_quality_counts_only_higher_levels():
    t = gap_table(NEED, PROV, min_quality="general_help").set_index(["area", "category"])
    assert t.loc[("N", "debt"), "provision"] == 60 and t.loc[("N", "housing"), "provision"] == 30
    assert t.loc[("S", "debt"), "provision"] == 0
    t = gap_table(NEED, PROV, min_quality="specialist_help").set_index(["area", "category"])
    assert t["provision"].tolist() == [0, 30, 0, 0]


def test_grouping_by_category_sums_areas_and_unassessed_cells_are_listed():
    t = gap_table(NEED, PROV, by=["category"]).set_index("category")
    # the cell is the category: E's 9 counts for debt here, though E has no need row of its own
    assert t.loc["debt", ["need", "provision", "gap"]].tolist() == [180, 169, 11]
    extra = unassessed_provision(NEED, PROV)
    assert extra.to_dict("records") == [{"area": "E", "category": "debt", "provision": 9.0, "n_providers": 1}]
    with pytest.raises(CLSPInputError):
        gap_table(NEED, PROV, by=["provider"])


def test_client_groups_are_summed_within_a_cell():
    need = pd.DataFrame({"area": ["N", "N"], "category": ["care", "care"], "client_group": ["", "older_people"],
                         "need": [10, 30]})
    t = gap_table(need, PROV.iloc[0:0])
    assert t[["need", "gap"]].values.tolist() == [[40.0, 40.0]]


def test_gap_summary_and_json_by_hand():
    t = gap_table(NEED, PROV)
    s = gap_summary(t)
    assert (s["need"], s["provision"], s["gap"], s["cells_with_gap"]) == (230, 230, 40, 1)
    assert s["met_share"] == round(190 / 230, 4)
    rows = gaps_to_json(t)
    assert rows[3]["coverage"] is None and rows[0]["coverage"] == 0.6
    assert set(rows[0]) >= {"area", "category", "need", "provision", "gap", "coverage"}


cells = st.lists(st.tuples(st.sampled_from("ABC"), st.sampled_from(["debt", "housing"]),
                           st.integers(0, 500)), min_size=1, max_size=6, unique_by=lambda x: x[:2])
caps = st.lists(st.tuples(st.sampled_from(["p1", "p2", "p3"]), st.sampled_from("ABC"),
                          st.sampled_from(["debt", "housing"]), st.integers(0, 500)),
                max_size=8, unique_by=lambda x: x[:3])


@settings(max_examples=60, deadline=None)
@given(cells, caps)
def test_gap_properties(need_rows, prov_rows):
    need = pd.DataFrame(need_rows, columns=["area", "category", "need"])
    prov = pd.DataFrame(prov_rows, columns=["provider", "area", "category", "capacity"])
    t = gap_table(need, prov)
    assert len(t) == len(need)
    for r in t.to_dict("records"):
        expect = sum(c for _, a, k, c in prov_rows if (a, k) == (r["area"], r["category"]))
        assert r["provision"] == expect
        assert r["gap"] == max(r["need"] - expect, 0) >= 0
        assert r["gap"] - r["surplus"] == r["need"] - r["provision"]
        if r["need"] > 0:
            assert r["coverage"] * r["need"] == pytest.approx(r["provision"])
    assert unassessed_provision(need, prov)["provision"].sum() + t["provision"].sum() == sum(c for *_, c in prov_rows)


# -- variance analysis -------------------------------------------------------------------------


def _years(rows, value):
    return pd.DataFrame(rows, columns=["area", "category", "year", value])


def test_variance_by_hand():
    need = _years([("N", "debt", 2001, 100), ("N", "debt", 2002, 100), ("N", "debt", 2003, 100),
                   ("S", "debt", 2001, 50), ("S", "debt", 2002, 50), ("S", "debt", 2003, 50)], "need")
    prov = pd.DataFrame([("cab", "N", "debt", 2001, 40), ("cab", "N", "debt", 2002, 100),
                         ("cab", "N", "debt", 2003, 100), ("law", "S", "debt", 2001, 30),
                         ("law", "S", "debt", 2002, 20), ("law", "S", "debt", 2003, 20)],
                        columns=["provider", "area", "category", "year", "capacity"])
    demand = _years([("N", "debt", 2001, 95), ("N", "debt", 2002, 120), ("S", "debt", 2001, 20)], "demand")
    actions = pd.DataFrame([("N", "debt", 2001, "fund a debt adviser", 90.0),
                            ("S", "debt", 2002, "outreach", float("nan"))],
                           columns=["area", "category", "year", "action", "target_provision"])
    v = variance_analysis(need, prov, demand, actions, tolerance=0.1)
    q1 = {(r["area"], r["year"]): r for r in v.demand_vs_need.to_dict("records")}
    assert q1[("N", 2001)]["verdict"] == "as assessed"  # 0.95 is within 10%
    assert (q1[("N", 2002)]["verdict"], q1[("N", 2002)]["unmet_demand"]) == ("above need", 20.0)
    assert (q1[("S", 2001)]["ratio"], q1[("S", 2001)]["verdict"]) == (0.4, "below need")
    assert math.isnan(q1[("S", 2002)]["ratio"]) and q1[("S", 2002)]["verdict"] == "no demand recorded"
    e = {(r["area"], r["year_from"]): r for r in v.effect.to_dict("records")}
    assert (e[("N", 2001)]["gap_before"], e[("N", 2001)]["gap_after"], e[("N", 2001)]["verdict"]) == (60, 0,
                                                                                                       "gap closed")
    assert e[("N", 2001)]["intended_met"] is True  # 100 >= target 90
    assert (e[("S", 2001)]["verdict"], e[("S", 2001)]["action"]) == ("gap widened", None)
    assert e[("S", 2002)]["verdict"] == "no change" and e[("S", 2002)]["intended_met"] is False
    assert e[("N", 2002)]["verdict"] == "no gap"
    s = v.action_summary()
    assert s["actions"] == 2 and s["intended_met"] == 1
    assert s["mean_gap_change_with_action"] == -30.0  # (-60 + 0) / 2
    assert s["mean_gap_change_without_action"] == 5.0  # (+10 for S 2001, 0 for N 2002) / 2


def test_variance_edge_cases():
    need = _years([("N", "debt", 2001, 0)], "need")
    prov = pd.DataFrame([("cab", "N", "debt", 2001, 5)], columns=["provider", "area", "category", "year", "capacity"])
    demand = _years([("N", "debt", 2001, 5)], "demand")
    v = variance_analysis(need, prov, demand)
    assert v.demand_vs_need["verdict"].tolist() == ["not assessed"]
    assert len(v.effect) == 0 and v.notes
    with pytest.raises(CLSPInputError):
        variance_analysis(need, prov, demand, tolerance=1.5)
    with pytest.raises(CLSPInputError) as info:
        variance_analysis(NEED, prov, demand)  # need without a year column
    assert info.value.field == "year"


# -- the shipped illustrative tables ---------------------------------------------------------------


def test_shipped_need_is_population_times_rate():
    est = estimate_need(data_path("provision", "populations.csv"), data_path("provision", "rates.csv"))
    shipped = read_need(data_path("provision", "need.csv"))
    a = {(r.area, r.category, r.client_group): r.need for r in est.itertuples()}
    b = {(r.area, r.category, r.client_group): r.need for r in shipped.itertuples()}
    assert a.keys() == b.keys() and all(abs(a[k] - b[k]) < 0.051 for k in a)
    assert set(read_rates(data_path("provision", "rates.csv"))["source"]) == {"illustrative: invented for teaching"}


def test_shipped_tables_follow_the_readme_recipe():
    need = read_need(data_path("provision", "need_by_year.csv"), years=True).set_index(["area", "category", "year"])
    demand = pd.read_csv(data_path("provision", "demand_by_year.csv")).set_index(["area", "category", "year"])
    # Westmere East debt: 18,000 people x 30 per 1,000 = 540; demand 0.6, 0.85, 0.95 of need (README)
    assert need.loc[("Westmere East", "debt", 2001), "need"] == 540
    assert [demand.loc[("Westmere East", "debt", y), "demand"] for y in (2001, 2002, 2003)] == [324, 459, 513]
    # Westmere North housing: 4,000 tenants x 60 per 1,000 = 240; access 0.9 x trend 1.05 in 2002
    assert demand.loc[("Westmere North", "housing", 2002), "demand"] == round(240 * 0.9 * 1.05)
    p2003 = read_provision(data_path("provision", "provision_by_year.csv"), years=True)
    p2003 = p2003[p2003["year"] == 2003].drop(columns="year")
    now = read_provision(data_path("provision", "provision.csv"))
    key = ["provider", "area", "category"]
    assert (p2003.set_index(key)["capacity"].sort_index().to_dict()
            == now.set_index(key)["capacity"].sort_index().to_dict())
