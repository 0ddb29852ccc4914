"""Factor self-assessment surveys: aggregation checked against hand-computed values, the JSON
contract, and bad CSV files (each error names the file and the line)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clsp_research.errors import CLSPInputError
from clsp_research.workshop.survey import (
    Bands,
    agreement_rwg,
    factor_ids,
    instrument,
    item_responses_to_factors,
    pseudonymise,
    summarize,
    t_quantile,
    validate_responses,
)
from clsp_research.workshop.survey_files import read_responses

# Three respondents: a and c speak for the CAB (a provider), b for the LSC (a funder).
# trust: 4, 5, 3          -> mean 4, sd 1, se 1/sqrt(3), r_wg 1 - 1/2 = 0.5
# clarity: 2, don't know, 3 -> n 2, mean 2.5, sd sqrt(0.5), se 0.5, r_wg 1 - 0.5/2 = 0.75
RESPONSES = pd.DataFrame({
    "respondent": ["a", "a", "b", "b", "c", "c"],
    "member": ["cab", "cab", "lsc", "lsc", "cab", "cab"],
    "factor": ["trust", "clarity"] * 3,
    "rating": [4, 2, 5, None, 3, 3],
})
GROUPS = {"cab": "provider", "lsc": "funder"}
T975 = {1: 12.706204736, 2: 4.302652730}  # Student's t quantiles (tables)


def _row(summary, fid: str) -> pd.Series:
    return summary.factors.set_index("id").loc[fid]


def test_mean_sd_and_confidence_interval_match_hand_computation():
    s = summarize(RESPONSES)
    trust = _row(s, "trust")
    assert trust["mean"] == pytest.approx(4.0)
    assert trust["n"] == 3 and trust["n_dont_know"] == 0
    assert trust["sd"] == pytest.approx(1.0)
    assert trust["se"] == pytest.approx(1 / math.sqrt(3))
    # The t interval would be 4 -/+ 2.48 = 1.52 to 6.48, off the 1-5 scale. The bootstrap resamples of
    # (4, 5, 3): 27 equally likely; a mean of 3 (and of 5) has probability 1/27 = 3.7% > 2.5%, so the
    # 95% percentile interval is exactly 3 to 5.
    assert (trust["ci_low"], trust["ci_high"]) == (3.0, 5.0)
    assert not trust["too_few"]
    clarity = _row(s, "clarity")
    assert (clarity["mean"], clarity["n"], clarity["n_dont_know"]) == (2.5, 2, 1)
    assert clarity["sd"] == pytest.approx(math.sqrt(0.5))
    # Two answers: too few for an interval or an agreement verdict.
    assert clarity["too_few"] and math.isnan(clarity["ci_low"]) and math.isnan(clarity["rwg"])
    assert (clarity["min"], clarity["max"]) == (2.0, 3.0)


def test_t_quantiles_against_tables():
    assert t_quantile(0.975, 2) == pytest.approx(T975[2], abs=1e-6)
    assert t_quantile(0.975, 5) == pytest.approx(2.570582, abs=1e-5)
    assert t_quantile(0.95, 20) == pytest.approx(1.724718, abs=1e-5)


def test_bands_default_to_wilder_cut_offs_and_are_configurable():
    s = summarize(RESPONSES)
    assert _row(s, "trust")["band"] == "strength"  # 4.0 is a strength: the cut-off is inclusive
    assert _row(s, "clarity")["band"] == "concern"
    assert s.bands.cites == ("mattessich2001",)
    s2 = summarize(RESPONSES, bands=Bands(strength=4.5, borderline=2.5))
    assert _row(s2, "trust")["band"] == "borderline"
    assert _row(s2, "clarity")["band"] == "borderline"
    with pytest.raises(CLSPInputError, match="must not exceed"):
        Bands(strength=3.0, borderline=4.0)


def test_rwg_is_one_minus_observed_over_uniform_variance():
    s = summarize(RESPONSES)
    assert _row(s, "trust")["rwg"] == pytest.approx(0.5)
    assert math.isnan(_row(s, "clarity")["rwg"])  # two answers: no agreement verdict in a summary
    assert agreement_rwg([2, 3]) == pytest.approx(0.75)  # the index itself is defined from two ratings
    assert s.contested() == ["trust"]
    assert agreement_rwg([2, 2]) == 1.0
    assert math.isnan(agreement_rwg([3]))
    assert agreement_rwg([1, 5, 1, 5, 1, 5]) == 0.0  # more spread than random: floored at 0


def test_dont_know_is_counted_not_averaged_and_only_dont_know_gives_no_mean():
    df = pd.DataFrame({"respondent": ["a", "b"], "member": ["cab", "cab"], "factor": ["time", "time"],
                       "rating": [None, ""]})
    s = summarize(df)
    time_row = _row(s, "time")
    assert time_row["n"] == 0 and time_row["n_dont_know"] == 2
    assert math.isnan(time_row["mean"]) and time_row["band"] is None
    assert s.missing_policy == "observed_only"
    assert set(s.factors["id"]) == {"time"}  # factors nobody was asked about are left out


def test_group_means_and_gaps_between_stakeholder_groups():
    s = summarize(RESPONSES, members=GROUPS)
    assert s.by_group.loc["trust", "provider"] == pytest.approx(3.5)
    assert s.by_group.loc["trust", "funder"] == pytest.approx(5.0)
    assert math.isnan(s.by_group.loc["clarity", "funder"])  # the funder only said don't know
    gaps = s.group_gaps.set_index("id")
    assert list(gaps.index) == ["trust"]  # clarity has one group only
    assert gaps.loc["trust", "gap"] == pytest.approx(1.5)
    assert (gaps.loc["trust", "high_group"], gaps.loc["trust", "low_group"]) == ("funder", "provider")
    assert bool(gaps.loc["trust", "flagged"])
    assert not summarize(RESPONSES, members=GROUPS, gap_threshold=2.0).group_gaps["flagged"].any()


def test_tied_group_means_name_two_different_groups():
    df = RESPONSES.assign(rating=[4, 2, 4, None, 4, 3])
    gaps = summarize(df, members=GROUPS).group_gaps.set_index("id")
    assert gaps.loc["trust", "gap"] == 0
    assert gaps.loc["trust", "high_group"] != gaps.loc["trust", "low_group"]


def test_member_in_two_groups_counts_in_both_and_group_column_wins():
    s = summarize(RESPONSES, members={"cab": ["provider", "funder"], "lsc": "funder"})
    assert s.by_group.loc["trust", "funder"] == pytest.approx(4.0)  # 4, 5, 3
    df = RESPONSES.assign(group=["community"] * 2 + ["network"] * 2 + ["community"] * 2)
    s2 = summarize(df, members=GROUPS)
    assert sorted(s2.by_group.columns) == ["community", "network"]


def test_response_rates_per_member_from_a_roster():
    s = summarize(RESPONSES, roster={"cab": 2, "lsc": 2, "age": 1})
    r = s.response.set_index("member")
    assert r.loc["cab", "respondents"] == 2 and r.loc["cab", "response_rate"] == 1.0
    assert r.loc["lsc", "response_rate"] == 0.5
    assert r.loc["age", "respondents"] == 0 and r.loc["age", "response_rate"] == 0.0
    assert s.respondents == 3
    assert math.isnan(summarize(RESPONSES).response.set_index("member").loc["cab", "response_rate"])


def test_json_contract():
    d = summarize(RESPONSES, members=GROUPS).to_dict()
    text = json.dumps(d, allow_nan=False)  # no NaN in the JSON
    back = json.loads(text)
    assert back["respondents"] == 3
    for f in back["factors"]:
        assert {"id", "mean", "n", "sd", "band"} <= set(f)
    trust = next(f for f in back["factors"] if f["id"] == "trust")
    assert (trust["mean"], trust["n"], trust["sd"], trust["band"]) == (4.0, 3, 1.0, "strength")
    assert back["by_group"]["clarity"]["funder"] is None
    assert back["bands"] == {"strength": 4.0, "borderline": 3.0, "cites": ["mattessich2001"]}


def test_item_responses_average_two_statements_per_factor():
    inst = instrument()
    trust_items = [i.id for i in inst.items if i.factor == "trust"]
    assert len(trust_items) == 2 and len(inst.items) == 28
    assert set(inst.factors) == set(factor_ids())
    df = pd.DataFrame({"respondent": ["a", "a", "b", "b"], "member": ["cab"] * 4,
                       "item": trust_items * 2, "rating": [4, 5, 2, None]})
    out = item_responses_to_factors(df).set_index("respondent")
    assert out.loc["a", "rating"] == 4.5
    assert out.loc["b", "rating"] == 2.0  # the don't know statement is left out, not counted as 0


def test_pseudonymise_is_stable_and_reversible_only_with_the_key():
    df = pd.DataFrame({"respondent": ["Zoe", "Ann", "Zoe", "Bob"]})
    out, key = pseudonymise(df, seed=1)
    assert sorted(key.values()) == ["R1", "R2", "R3"] and set(key) == {"Zoe", "Ann", "Bob"}
    assert list(out["respondent"]) == [key["Zoe"], key["Ann"], key["Zoe"], key["Bob"]]
    assert list(df["respondent"]) == ["Zoe", "Ann", "Zoe", "Bob"]  # the input is untouched
    assert pseudonymise(df, seed=1)[1] == key  # seeded: reproducible


def test_pseudonyms_are_random_per_run_and_not_in_file_order():
    # issue 15: sequential pseudonyms (R01, R02... in file order) could be mapped back with the row order
    df = pd.DataFrame({"respondent": [f"person{i}" for i in range(40)]})
    keys = [pseudonymise(df)[1] for _ in range(5)]
    in_order = {f"person{i}": f"R{i + 1:02d}" for i in range(40)}
    assert all(k != in_order for k in keys)
    assert len({tuple(k.values()) for k in keys}) > 1  # a new draw each run


# -- bad input ---------------------------------------------------------------------------------------

def _write(tmp_path: Path, text: str, name: str = "survey.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


HEADER = "respondent,member,factor,rating\n"


@pytest.mark.parametrize(("body", "line", "field", "words"), [
    ("respondent,member,rating\nann,cab,4\n", 1, "factor", ["missing column", "factor"]),
    (HEADER + "ann,cab,trust,4\nann,cab,trusts,3\n", 3, "factor",
     ["unknown factor 'trusts'", "self_interest", "power_balance"]),
    (HEADER + "ann,cab,trust,6\n", 2, "rating", ["'6'", "1 to 5"]),
    (HEADER + "ann,cab,trust,4\nbob,cab,trust,7\n", 3, "rating", ["'7'", "out of range", "1 to 5"]),
    (HEADER + "ann,cab,trust,x\n", 2, "rating", ["'x'", "not a number"]),
    (HEADER + "ann,cab,trust,nan\n", 2, "rating", ["'nan'", "not a number"]),
    (HEADER + "ann,cab,trust,3.5\n", 2, "rating", ["'3.5'", "whole number"]),
    (HEADER + "ann,cab,trust,4\nbob,cab,trust,4\nann,cab,trust,5\n", 4, "factor", ["second rating", "one row per"]),
    (HEADER + "ann,cab,trust,4,5\n", 2, None, ["5 values", "4 columns"]),
    (HEADER + ",cab,trust,4\n", 2, "respondent", ["respondent is empty"]),
    (HEADER, 2, None, ["no ratings"]),
    ("", 1, None, ["empty", "respondent,member,factor,rating"]),
    ("respondent,member,item,rating\nann,cab,trust_1,inf\n", 2, "rating", ["'inf'", "not a number"]),
])
def test_bad_csv_errors_name_file_line_and_what_is_expected(tmp_path, body, line, field, words):
    path = _write(tmp_path, body)
    with pytest.raises(CLSPInputError) as info:
        read_responses(path)
    err = info.value
    assert Path(err.file) == path and err.line == line and err.field == field
    message = str(err)
    assert message.startswith(f"{path}:{line}:")
    for word in words:
        assert word in message


def test_line_numbers_count_blank_lines_and_quoted_commas(tmp_path):
    path = _write(tmp_path, HEADER + '"Smith, Ann",cab,trust,4\n\n\n"Jones, Bob",cab,trust,7\n')
    with pytest.raises(CLSPInputError) as info:
        read_responses(path)
    assert info.value.line == 5


def test_a_missing_trailing_rating_reads_as_dont_know(tmp_path):
    loaded = read_responses(_write(tmp_path, HEADER + "ann,cab,trust\nbob,cab,trust,4\n"))
    row = loaded.summarize().factors.set_index("id").loc["trust"]
    assert (row["n"], row["n_dont_know"]) == (1, 1)


def test_semicolon_separated_files_from_spreadsheets_are_read(tmp_path):
    loaded = read_responses(_write(tmp_path, "respondent;member;factor;rating\nann;cab;trust;4\n"))
    assert loaded.responses["rating"].tolist() == [4.0]


def test_excel_byte_order_mark_and_header_case_are_accepted(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffRespondent,Member,Factor,Rating\nann,cab,trust,4\n".encode())
    loaded = read_responses(path)
    assert loaded.responses["rating"].tolist() == [4.0]


def test_item_level_csv_is_detected_by_its_header(tmp_path):
    body = "respondent,member,item,rating,group\nann,cab,trust_1,4,provider\nann,cab,trust_2,2,provider\n" \
           "bob,lsc,trust_1,,funder\n"
    loaded = read_responses(_write(tmp_path, body))
    assert loaded.level == "item"
    r = loaded.responses.set_index("respondent")
    ann, bob = (loaded.items.loc[loaded.items["member"] == m, "respondent"].iloc[0] for m in ("cab", "lsc"))
    assert r.loc[ann, "rating"] == 3.0 and r.loc[ann, "factor"] == "trust"
    assert math.isnan(r.loc[bob, "rating"])
    with pytest.raises(CLSPInputError, match=r"survey.csv:3: item: unknown survey item 'trust_3'"):
        read_responses(_write(tmp_path, "respondent,member,item,rating\nann,cab,trust_1,4\nann,cab,trust_3,4\n"))


def test_unknown_group_lists_the_five_groups(tmp_path):
    path = _write(tmp_path, "respondent,member,factor,rating,group\nann,cab,trust,4,funders\n")
    with pytest.raises(CLSPInputError, match="funder, provider, community, network, other_sector") as info:
        read_responses(path)
    assert info.value.line == 2 and info.value.field == "group"


def test_validate_responses_reports_its_own_line_offset():
    with pytest.raises(CLSPInputError) as info:
        validate_responses(RESPONSES.assign(rating=[4, 2, 5, None, 3, 9]), source="x.csv", line_offset=10)
    assert info.value.line == 15 and info.value.file == "x.csv"


# -- properties -------------------------------------------------------------------------------------

ratings = st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(ratings)
def test_summary_is_within_the_data_and_order_free(values):
    df = pd.DataFrame({"respondent": [f"r{i}" for i in range(len(values))], "member": "cab",
                       "factor": "trust", "rating": values})
    row = _row(summarize(df), "trust")
    observed = [v for v in values if v is not None]
    assert row["n"] == len(observed) and row["n_dont_know"] == len(values) - len(observed)
    if observed:
        assert min(observed) <= row["mean"] <= max(observed)
        assert row["mean"] == pytest.approx(sum(observed) / len(observed))
    if len(observed) >= 3:
        assert 1.0 <= min(observed) <= row["ci_low"] <= row["mean"] <= row["ci_high"] <= max(observed) <= 5.0
        assert 0.0 <= row["rwg"] <= 1.0
    else:  # "too few answers": no interval, no agreement verdict
        assert row["too_few"] and math.isnan(row["ci_low"]) and math.isnan(row["rwg"])
    shuffled = _row(summarize(df.iloc[::-1].reset_index(drop=True)), "trust")
    assert shuffled["mean"] == pytest.approx(row["mean"], nan_ok=True)
    assert shuffled["sd"] == pytest.approx(row["sd"], nan_ok=True)


def test_bootstrap_intervals_stay_on_the_scale_and_repeat_with_the_seed():
    from clsp_research.workshop.survey import bootstrap_difference_interval, bootstrap_mean_interval

    # The example: n = 2-3 gave "-1.30 - 7.30" with a t interval.
    for values in ([1, 5, 5], [1, 1, 5], [1, 3, 5], [5, 5, 5], [1, 2, 5, 5, 4]):
        lo, hi = bootstrap_mean_interval(values)
        assert 1.0 <= min(values) <= lo <= sum(values) / len(values) <= hi <= max(values) <= 5.0
    assert bootstrap_mean_interval([2, 4, 5], seed=3) == bootstrap_mean_interval([5, 2, 4], seed=3)
    assert bootstrap_mean_interval([1, 2, 3, 4, 5] * 4, seed=1) != bootstrap_mean_interval([1, 2, 3, 4, 5] * 4,
                                                                                             seed=2)
    # A large sample: close to the t interval (the bootstrap is not wider than the data need).
    big = [1, 2, 3, 4, 5] * 200
    lo, hi = bootstrap_mean_interval(big)
    half = 1.962 * math.sqrt(2.0 * 1000 / 999) / math.sqrt(1000)
    assert lo == pytest.approx(3 - half, abs=0.02) and hi == pytest.approx(3 + half, abs=0.02)
    # Differences: never wider than the scale allows, and nothing under three answers.
    lo, hi = bootstrap_difference_interval([1, 1, 1], [5, 5, 5])
    assert (lo, hi) == (4.0, 4.0)
    assert all(math.isnan(v) for v in bootstrap_difference_interval([1, 1], [5, 5, 5]))


def test_small_stakeholder_groups_are_hidden_and_left_out_of_the_gaps():
    df = pd.DataFrame({"respondent": ["a", "b", "c", "d"], "member": ["x", "y", "y", "y"],
                       "factor": ["trust"] * 4, "rating": [1, 5, 5, 4],
                       "group": ["funder", "provider", "provider", "provider"]})
    shown = summarize(df)
    assert shown.by_group.loc["trust", "funder"] == 1.0 and len(shown.group_gaps) == 1
    hidden = summarize(df, min_group_size=3)
    assert math.isnan(hidden.by_group.loc["trust", "funder"])  # one funder: their rating is not shown
    assert hidden.by_group.loc["trust", "provider"] == pytest.approx(14 / 3)
    assert int(hidden.by_group_n.loc["trust", "funder"]) == 1
    assert hidden.group_gaps.empty  # no gap against a hidden group
    assert hidden.to_dict()["min_group_size"] == 3
    with pytest.raises(CLSPInputError):
        summarize(df, min_group_size=0)
