"""Tie levels and the rubric loader: each kind's stage, formality, pairs, members, and bad rules refused."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from clsp_research.assess import STAGES, load_rubric, tie_level
from clsp_research.assess.rubric import DEFAULT_RULES_DIR
from clsp_research.assess.ties import member_levels, pair_levels, tie_confidence, tie_levels_frame
from clsp_research.errors import CLSPInputError
from clsp_research.partnership.model import TIE_KINDS, Member, Partnership, Tie

RUB = load_rubric()


def level(kind: str, **kw) -> str:
    return STAGES[tie_level(Tie("a", "b", kind, **kw), RUB)[0]]


# Stage of each kind as argued in tie_levels.yaml from griffith2002 §2.4-2.7: what members do
# together through the tie, whatever its formality.
@pytest.mark.parametrize("kind,stage", [
    ("information_exchange", "networking"),   # §2.4: swapping information, even under a written protocol
    ("referral", "co-operation"),             # §2.5: services stay each member's own
    ("funding", "co-operation"),              # §2.5: funded work stays the member's own
    ("agreement", "co-operation"),            # §2.5, §4.5: standing arrangements for co-operation
    ("joint_project", "co-ordination"),       # §2.6: pieces of work done together
    ("shared_staff", "co-ordination"),        # §2.6: pooling resources to add value
    ("pooled_budget", "integration"),         # §2.7: pooled resources, own budget
])
def test_each_kind_has_the_stage_the_rules_argue(kind, stage):
    assert level(kind, formal=False) == stage
    assert level(kind) == stage  # formality not recorded
    assert level(kind, formal=True) == stage


@pytest.mark.parametrize("kind", TIE_KINDS)
def test_formality_raises_confidence_never_the_level(kind):
    # The rule, over every tie kind: a written tie is surer at its level, never at a closer one.
    levels = {f: tie_level(Tie("a", "b", kind, formal=f), RUB)[0] for f in (None, False, True)}
    assert len(set(levels.values())) == 1, levels
    conf = {f: tie_confidence(Tie("a", "b", kind, formal=f), RUB) for f in (None, False, True)}
    assert conf[True] > conf[False] > conf[None]
    p = Partnership("x", [Member(i, i, groups=("provider",)) for i in "ab"],
                    [Tie("a", "b", kind, formal=False), Tie("a", "b", kind, formal=True)])
    assert pair_levels(p, RUB)[0].confidence == conf[True]


def test_formal_information_exchange_alone_stays_networking():
    # A complete graph of information exchange, half of it formal: networking, as with none formal.
    ids = [f"m{i}" for i in range(8)]
    ties = [Tie(a, b, "information_exchange", formal=(i % 2 == 0))
            for i, (a, b) in enumerate((a, b) for j, a in enumerate(ids) for b in ids[j + 1:])]
    p = Partnership("x", [Member(i, i, groups=("provider",)) for i in ids], ties)
    assert {q.level for q in pair_levels(p, RUB)} == {0}
    from clsp_research.assess import assess

    assert assess(p).stage == "networking"


def test_an_upgrade_that_reads_formality_is_refused():
    over = {"tie_levels": {"kinds": {"information_exchange": {"upgrades": [
        {"when": {"formal": True}, "level": "co-operation", "because": "test", "cites": ["griffith2002, §2.5"]}]}}}}
    with pytest.raises(CLSPInputError, match="formality cannot raise a tie's level") as exc:
        load_rubric(overrides=over)
    assert "kinds.information_exchange.upgrades[0].when.formal" in str(exc.value)


def test_pair_levels_match_a_plain_loop_on_random_partnerships():
    # The vectorised pair_levels against the rule stated plainly: highest level, loosest kind.
    import random

    rng = random.Random(3)
    for _ in range(20):
        ids = [f"m{i}" for i in range(rng.randint(2, 12))]
        ties = []
        for _ in range(rng.randint(1, 30)):
            a, b = rng.sample(ids, 2)
            ties.append(Tie(a, b, rng.choice(TIE_KINDS), formal=rng.choice([None, False, True])))
        p = Partnership("x", [Member(i, i, groups=("provider",)) for i in ids], ties)
        want: dict = {}
        for t in (d["tie"] for _, _, d in p.graph.edges(data=True)):  # the order pairs are listed in
            key = frozenset((t.source, t.target))
            lv = tie_level(t, RUB)[0]
            first, kinds, best = want.get(key, ((t.source, t.target), set(), (-1, 99)))
            kinds.add(t.kind)
            cand = (lv, TIE_KINDS.index(t.kind))
            if cand[0] > best[0] or (cand[0] == best[0] and cand[1] < best[1]):
                best = cand
            want[key] = (first, kinds, best)
        got = pair_levels(p, RUB)
        assert [(q.source, q.target) for q in got] == [w[0] for w in want.values()]
        for q, (_, kinds, (lv, rank)) in zip(got, want.values(), strict=True):
            assert q.level == lv and q.decided_by == TIE_KINDS[rank]
            assert q.kinds == tuple(k for k in TIE_KINDS if k in kinds)


def test_every_rule_is_justified_by_a_seed_paragraph_of_the_continuum():
    for kind in TIE_KINDS:
        _, because, cites = tie_level(Tie("a", "b", kind), RUB)
        assert because and cites
        assert all(c.startswith("griffith2002, §2.") or c == "griffith2002, §4.5" for c in cites)


def test_levels_never_fall_along_the_kinds_whatever_the_formality():
    for formal in (None, False, True):
        levels = [tie_level(Tie("a", "b", k, formal=formal), RUB)[0] for k in TIE_KINDS]
        assert levels == sorted(levels), (formal, levels)


def test_a_pair_takes_its_closest_tie_and_a_member_its_closest_pair():
    p = Partnership("x", [Member(i, i, groups=("provider",)) for i in "abcd"], [
        Tie("a", "b", "information_exchange"),
        Tie("b", "a", "referral"),
        Tie("a", "b", "pooled_budget"),
        Tie("c", "b", "funding"),
    ])
    pairs = {(q.source, q.target): q for q in pair_levels(p, RUB)}
    assert set(pairs) == {("a", "b"), ("c", "b")}  # b->a folds into the pair a-b
    ab = pairs[("a", "b")]
    assert STAGES[ab.level] == "integration" and ab.decided_by == "pooled_budget"
    assert ab.kinds == ("information_exchange", "referral", "pooled_budget")
    assert member_levels(p, RUB) == {"a": 3, "b": 3, "c": 1, "d": -1}
    df = tie_levels_frame(pair_levels(p, RUB))
    assert list(df.columns[:4]) == ["source", "target", "kinds", "level"]
    assert set(df["level"]) == {"integration", "co-operation"}


def test_results_are_cached_until_the_partnership_changes():
    p = Partnership("x", [Member(i, i, groups=("provider",)) for i in "ab"], [Tie("a", "b", "referral")])
    first = pair_levels(p, RUB)
    assert pair_levels(p, RUB) is first
    p.add_tie(Tie("a", "b", "joint_project"))
    assert STAGES[pair_levels(p, RUB)[0].level] == "co-ordination"


# -- the loader refuses rules that would break the guarantees ------------------------------------

def test_a_closer_kind_ranked_below_a_looser_one_is_refused():
    with pytest.raises(CLSPInputError, match="closer kinds must never rank lower") as exc:
        load_rubric(overrides={"tie_levels": {"kinds": {"agreement": {"level": "networking"}}}})
    assert "tie_levels.yaml" in str(exc.value) and "kinds.agreement" in str(exc.value)


def test_an_upgrade_that_only_applies_to_some_ties_is_checked_too():
    # A jointly run referral service at co-ordination would rank above such a grant (co-operation).
    over = {"tie_levels": {"kinds": {"referral": {"upgrades": [
        {"when": {"jointly_run": True}, "level": "co-ordination", "because": "test",
         "cites": ["griffith2002, §2.6"]}]}}}}
    with pytest.raises(CLSPInputError, match="jointly_run=True, funding would be co-operation"):
        load_rubric(overrides=over)


def test_an_upgrade_that_lowers_a_level_is_refused():
    over = {"tie_levels": {"kinds": {"joint_project": {"upgrades": [
        {"when": {"ended": True}, "level": "networking", "because": "test", "cites": ["griffith2002, §2.4"]}]}}}}
    with pytest.raises(CLSPInputError, match="cannot lower the level"):
        load_rubric(overrides=over)


def test_rules_may_cite_only_seed_paragraphs():
    over = {"tie_levels": {"kinds": {"referral": {"cites": ["webb1991, p.239"]}}}}
    with pytest.raises(CLSPInputError, match="may cite only seed paragraphs"):
        load_rubric(overrides=over)


def test_unknown_signals_stages_and_kinds_are_named_with_the_valid_values():
    with pytest.raises(CLSPInputError, match=r"unknown signal 'densty'; expected one of: .*density"):
        load_rubric(overrides={"factors": {"factors": {"interaction": {"indicators": [
            {"signal": "densty", "ramp": [0, 1]}]}}}})
    with pytest.raises(CLSPInputError, match="unknown stage 'collaboration'; expected one of: networking"):
        load_rubric(overrides={"tie_levels": {"kinds": {"referral": {"level": "collaboration"}}}})
    with pytest.raises(CLSPInputError, match="unknown tie kind 'email'"):
        load_rubric(overrides={"tie_levels": {"kinds": {"email": {"level": "networking"}}}})
    with pytest.raises(CLSPInputError, match="unknown rubric section"):
        load_rubric(overrides={"contiuum": {}})


def test_an_error_in_a_rubric_folder_names_the_file_and_line(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, folder)
    path = folder / "continuum.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    idx = next(i for i, line in enumerate(lines) if line.startswith("threshold:"))
    lines[idx] = "threshold: 1.5"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CLSPInputError) as exc:
        load_rubric(folder)
    assert exc.value.file.endswith("continuum.yaml") and exc.value.line == idx + 1
    assert exc.value.field == "threshold"


def test_a_rubric_folder_missing_files_falls_back_to_the_defaults(tmp_path):
    (tmp_path / "continuum.yaml").write_text(
        (DEFAULT_RULES_DIR / "continuum.yaml").read_text(encoding="utf-8").replace("threshold: 0.5", "threshold: 0.3"),
        encoding="utf-8")
    r = load_rubric(tmp_path)
    assert r.continuum.threshold == 0.3
    assert r.tie_rules == RUB.tie_rules and r.key != RUB.key


def test_a_missing_folder_is_an_input_error(tmp_path):
    with pytest.raises(CLSPInputError, match="expected a folder"):
        load_rubric(tmp_path / "nope")


def test_unrecorded_attributes_never_match_an_upgrade():
    over = {"tie_levels": {"kinds": {"shared_staff": {"upgrades": [
        {"when": {"joint_appointment": True}, "level": "integration", "because": "test",
         "cites": ["griffith2002, §2.7"]}]}}}}
    r = load_rubric(overrides=over)
    t = Tie("a", "b", "shared_staff")
    assert STAGES[tie_level(t, r)[0]] == "co-ordination"
    assert STAGES[tie_level(replace(t, attrs={"joint_appointment": True}), r)[0]] == "integration"
    assert STAGES[tie_level(replace(t, attrs={"joint_appointment": False}), r)[0]] == "co-ordination"
