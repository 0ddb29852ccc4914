"""The report and the command line read well: the verdict first, plain words, no repeats, honest charts."""

from __future__ import annotations

import html
import re

import pytest

from clsp_research import cli
from clsp_research.assess import assess
from clsp_research.assess.critique import critique
from clsp_research.assess.williamson import check_williamson
from clsp_research.commands.assess import format_text, strongest_evidence
from clsp_research.partnership.datasets import case_studies, load_case_study
from clsp_research.partnership.model import Member, Partnership, PartnershipInfo, Tie
from clsp_research.plotting.assessment import plot_factors
from clsp_research.report import MEASURE_PLAIN, render_html, summary_html


def _axes():
    from matplotlib.figure import Figure

    return Figure().subplots()


def _summary(page: str) -> str:
    return page.split("<section id='summary'", 1)[1].split("</section>", 1)[0]


@pytest.mark.parametrize("case", case_studies())
def test_the_page_leads_with_a_summary_of_stage_factors_flags_and_first_steps(case):
    p = load_case_study(case)
    a = assess(p)
    page = render_html(p, a)
    assert page.index("id='summary'") < page.index("<h2>Partnership map</h2>")
    box = _summary(page)
    assert f"<span class='stage'>{a.stage}</span>" in box
    assert "threshold of 0.50" in box
    ranked = sorted(a.factors, key=lambda f: (-f.score, -f.confidence))
    strongest, weakest = box.split("Weakest factors")
    for f in ranked[:3]:
        assert f.name in strongest
    for f in ranked[-3:]:
        assert f.name in weakest
    for fl in a.flags:
        assert html.escape(fl.name) in box
    for r in a.recommendations[:3]:
        assert html.escape(r.text) in box
    assert all(html.escape(r.text) not in box for r in a.recommendations[3:])


def test_the_summary_states_the_margin_to_the_threshold_and_the_next_stage():
    d = assess(load_case_study("funder_dominated")).to_dict()
    box = summary_html(load_case_study("funder_dominated"), d)
    score = d["stage_profile"][d["stage"]]
    assert f"score {score:.2f}, {score - 0.5:+.2f} against the threshold" in box
    assert "the next stage, integration, scores" in box


def test_map_labels_are_numbers_with_a_key_to_names():
    p = load_case_study("funder_dominated")
    page = render_html(p)
    key = page.split("<table class='key'>", 1)[1].split("</table>", 1)[0]
    for i, m in enumerate(p.members, 1):
        assert f"<td>{i}</td><td>{p.member(m).name}</td>" in key.replace("&#x27;", "'")


def test_every_structural_measure_has_a_plain_name_and_meaning_and_no_raw_ids():
    p = load_case_study("funder_dominated")
    a = assess(p)
    page = render_html(p, a)
    table = page.split("<h2>Structural measures</h2>", 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)(?:<div|</td>)", table)
    assert len(rows) == len(a.to_dict()["measures"])
    for name, _value, meaning in rows:
        assert "_" not in name and meaning.strip(), (name, meaning)  # a plain name and a one-line meaning
    for field in a.to_dict()["measures"]:
        if field in MEASURE_PLAIN:
            assert f"<td>{html.escape(MEASURE_PLAIN[field][0])}</td>" in table
    assert "True" not in table and "sol_a" not in table  # booleans and member ids in words


def test_an_evidence_line_appears_once_per_factor():
    page = render_html(load_case_study("funder_dominated"))
    for row in page.split("<h2>Success factors</h2>", 1)[1].split("</table>", 1)[0].split("<tr>")[2:]:
        lines = re.findall(r"<div class='evidence'>(.*?)</div>", row)
        assert len(lines) == len(set(lines)), lines


def test_no_raw_citation_key_or_placeholder_reaches_the_page():
    for case in case_studies():
        page = render_html(load_case_study(case))
        text = re.sub(r"<[^>]+>", " ", page.split("<h2>References</h2>")[0])
        assert not re.search(r"griffith2002|\[@|cited as", text), case


def test_long_citation_lists_show_three_and_fold_the_rest():
    page = render_html(load_case_study("talking_shop"))
    folded = re.findall(r"<details class='more'[^>]*><summary[^>]*>(.*?)</summary>", page)
    folded = [html.unescape(s) for s in folded]
    assert folded and all(re.search(r"and \d+ more$", s) for s in folded)
    assert all(s.count(";") == 2 for s in folded)  # three sources before "and N more"


def test_low_confidence_scores_are_hatched_and_the_axis_is_0_to_1():
    d = assess(load_case_study("talking_shop")).to_dict()
    ax = plot_factors(d, ax=_axes())
    assert tuple(map(float, ax.get_xlim())) == (0.0, 1.0)
    for f, bar in zip(d["factors"], ax.patches, strict=True):
        assert bool(bar.get_hatch()) == (f["confidence"] < 0.5), f["id"]
    low = [f for f in d["factors"] if f["confidence"] < 0.5]  # the talking shop records little about power
    assert low and sum("little evidence" in t.get_text() for t in ax.texts) == len(low)
    assert all(t.xy[0] <= 1.0 for t in ax.texts)


def test_cli_shows_full_factor_names_and_one_line_of_evidence_each(capsys):
    assert cli.main(["assess", "talking_shop"]) == 0
    out = capsys.readouterr().out
    a = assess(load_case_study("talking_shop"))
    assert "Flexibility and freedom to experiment" in out
    for f in a.factors:
        best = strongest_evidence(f)
        if best:
            assert best.split(" (")[0][:60] in out.replace("\n      ", " ")
    assert "Williamson" in out and "[not met]" in out
    assert "Williamson (2001). Chapter, title not known" in out.split("References", 1)[1]  # its source listed
    flag_lines = [ln for ln in out.splitlines() if ln.startswith("  [high]") or ln.startswith("  [medium]")]
    assert flag_lines and all("(" in ln for ln in flag_lines)


def test_strongest_evidence_is_the_largest_effect():
    a = assess(load_case_study("funder_dominated"))
    for f in a.factors:
        best = strongest_evidence(f)
        if best is None:
            continue
        top = max(f.evidence, key=lambda e: abs(e.effect))
        assert best.endswith(top.text)
    text = format_text(a)
    assert "Williamson's criteria" not in text  # the lens needs the partnership itself
    assert "Williamson's criteria" in format_text(a, load_case_study("funder_dominated"))


def _pool(shares):
    members = [Member(f"m{i}", f"M{i}", groups=("funder",)) for i in range(len(shares))]
    ties = [Tie(f"m{i}", f"m{(i + 1) % len(shares)}", "pooled_budget", amount=a) for i, a in enumerate(shares)]
    return Partnership(PartnershipInfo("Illustrative pool", budget="pooled"), members, ties)


def test_williamson_criteria_follow_the_facts():
    even = check_williamson(_pool([100, 100, 100, 100]))
    assert [c.met for c in even.criteria] == [True, True, True] and even.n_met == 3
    lopsided = check_williamson(_pool([1000, 10, 10, 10]))
    assert lopsided.criteria[1].met is False and "97%" in lopsided.criteria[1].evidence
    shop = check_williamson(load_case_study("talking_shop"))
    assert shop.criteria[0].met is False and shop.criteria[1].met is None
    assert "not (yet) a true partnership" in shop.summary


def test_critique_finds_what_is_pressing_for_a_case():
    shop = {f.item_id: f for f in critique(load_case_study("talking_shop"))}
    pool = {f.item_id: f for f in critique(load_case_study("integrated_commissioning"))}
    assert shop["question_benefit_to_users"].status == "pressing"
    assert "Community and user group members: 0" in shop["question_benefit_to_users"].evidence[0]
    assert shop["democratic_deficit"].status == "not indicated"  # no plan, no budget: nothing decided
    assert pool["democratic_deficit"].status == "pressing"
    assert shop["proliferation"].status == "always relevant"
    frameworks = {f.framework for f in shop.values()}
    assert {"partnership_criticisms", "corporatism", "democracy_accountability", "partnership_costs",
            "power_too_equal", "political_context", "cls_critique", "sustaining_partnership"} <= frameworks


def test_cli_json_carries_the_williamson_lens(capsys):
    import json

    assert cli.main(["assess", "integrated_commissioning", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    got = {c["id"]: c["met"] for c in d["williamson"]["criteria"]}
    assert got == {c.id: c.met for c in check_williamson(load_case_study("integrated_commissioning")).criteria}
    assert d["williamson"]["n_met"] == sum(v is True for v in got.values())


def test_pratts_forms_are_refused_as_a_continuum_with_the_reason(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["assess", "talking_shop", "--framework", "continuum_pratt"])
    assert exc.value.code == 2
    assert "not a continuum to place a partnership on" in capsys.readouterr().err


def test_the_summary_says_how_robust_the_placement_is():
    from clsp_research.report import render_html

    p = load_case_study("integrated_commissioning")
    a = assess(p)
    page = render_html(p, a)
    summary = page.split("id='summary'", 1)[1].split("</section>", 1)[0]
    assert html.escape(a.close_call_line()) in summary
    assert "leave-one-tie-out resamples" in summary
