"""Partner-to-partner collaboration levels (Levels of Collaboration Scale, 0-5), checked by hand."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clsp_research.errors import CLSPInputError
from clsp_research.workshop.collaboration_levels import LEVEL_NAMES, levels_graph, summarize_levels, validate_levels
from clsp_research.workshop.survey_files import read_levels

# a->b 4 and b->a 1 (gap 3: disagreement); a<->c 3 both ways; b->c 2 unreciprocated.
RATINGS = pd.DataFrame({"rater": ["a", "b", "a", "c", "b"], "ratee": ["b", "a", "c", "a", "c"],
                        "level": [4, 1, 3, 3, 2]})


def test_pairs_levels_and_gaps_by_hand():
    s = summarize_levels(RATINGS)
    pairs = s.pairs.set_index(["a", "b"])
    assert pairs.loc[("a", "b"), "level"] == 3  # (4 + 1) / 2 = 2.5, rounded half up
    assert pairs.loc[("a", "b"), "gap"] == 3
    assert pairs.loc[("a", "c"), "level"] == 3 and pairs.loc[("a", "c"), "gap"] == 0
    assert pairs.loc[("b", "c"), "level"] == 2 and math.isnan(pairs.loc[("b", "c"), "gap"])
    assert s.mean_level == pytest.approx((4 + 1 + 3 + 3 + 2) / 5)
    assert s.level_shares[3] == pytest.approx(2 / 3) and s.level_shares[2] == pytest.approx(1 / 3)
    assert sum(s.level_shares.values()) == pytest.approx(1.0)
    assert s.disagreements == [("a", "b")]


def test_threshold_decides_what_counts_as_disagreement():
    assert summarize_levels(RATINGS, threshold=3).disagreements == [("a", "b")]
    assert summarize_levels(RATINGS, threshold=4).disagreements == []


def test_json_contract():
    d = json.loads(json.dumps(summarize_levels(RATINGS).to_dict(), allow_nan=False))
    assert d["mean_level"] == pytest.approx(2.6)
    assert set(d["level_shares"]) == {"0", "1", "2", "3", "4", "5"}
    assert d["disagreements"] == [["a", "b"]]
    assert (d["rated_pairs"], d["ratings"], d["reciprocated_pairs"]) == (3, 5, 2)
    assert d["level_names"]["5"] == LEVEL_NAMES[5] == "collaboration"


def test_levels_graph_carries_level_gap_and_flag():
    g = levels_graph(summarize_levels(RATINGS))
    assert sorted(g.nodes) == ["a", "b", "c"]
    assert g["a"]["b"]["disagreement"] is True and g["a"]["b"]["gap"] == 3.0
    assert g["b"]["c"]["gap"] is None and g["b"]["c"]["level"] == 2


@pytest.mark.parametrize(("body", "line", "field", "words"), [
    ("rater,ratee\na,b\n", 1, "level", "missing column"),
    ("", 1, None, "expected a header line: rater,ratee,level"),
    ("rater,ratee,level\na,b,3\nb,b,2\n", 3, "ratee", "rates itself"),
    ("rater,ratee,level\na,b,6\n", 2, "level", "0 (no interaction)"),
    ("rater,ratee,level\na,b,x\n", 2, "level", "'x'"),
    ("rater,ratee,level\na,b,-1\n", 2, "level", "whole number"),
    ("rater,ratee,level\na,b,3\n\nb,a,3\na,b,2\n", 5, "ratee", "twice"),
    ("rater,ratee,level\n,b,3\n", 2, "rater", "empty"),
])
def test_bad_level_files(tmp_path, body, line, field, words):
    path = tmp_path / "levels.csv"
    path.write_text(body)
    with pytest.raises(CLSPInputError) as info:
        read_levels(path)
    assert info.value.line == line and info.value.field == field
    assert str(info.value).startswith(f"{path}:{line}:") and words in str(info.value)


def test_validate_levels_returns_integer_levels():
    out = validate_levels(pd.DataFrame({"rater": [" a "], "ratee": ["b"], "level": ["3"]}))
    assert out.to_dict(orient="records") == [{"rater": "a", "ratee": "b", "level": 3}]


@settings(max_examples=50, deadline=None)
@given(st.dictionaries(st.tuples(st.sampled_from("abcde"), st.sampled_from("abcde")).filter(lambda p: p[0] != p[1]),
                       st.integers(0, 5), min_size=1, max_size=20))
def test_properties(ratings):
    df = pd.DataFrame([{"rater": a, "ratee": b, "level": lv} for (a, b), lv in ratings.items()])
    s = summarize_levels(df)
    assert sum(s.level_shares.values()) == pytest.approx(1.0)
    assert 0 <= s.mean_level <= 5
    for a, b in s.disagreements:
        assert abs(ratings[(a, b)] - ratings[(b, a)]) >= 2
    reciprocal = {tuple(sorted(k)) for k in ratings if (k[1], k[0]) in ratings}
    flagged = {p for p in reciprocal if abs(ratings[p] - ratings[(p[1], p[0])]) >= 2}
    assert set(s.disagreements) == flagged
