"""The trainer's debrief dashboard, driven headlessly on a folder of saved responses."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets")

from clsp_research.partnership.model import Member, Partnership
from clsp_research.ui.debrief import Debrief
from clsp_research.workshop.submissions import save_submission
from clsp_research.workshop.survey import instrument

IDS = [i.id for i in instrument().items]


def _answers(value, **overrides):
    out = dict.fromkeys(IDS, value)
    out.update(overrides)
    return out


@pytest.fixture
def folder(tmp_path):
    # A provider answers 4 everywhere; a funder 2 everywhere but 5 on both trust statements.
    save_submission(tmp_path, _answers(4), member="cab", group="provider")
    save_submission(tmp_path, _answers(2, trust_1=5, trust_2=5, time_1=None, time_2=None), member="lsc",
                    group="funder")
    return tmp_path


def test_an_empty_folder_says_so(tmp_path):
    db = Debrief(tmp_path)
    assert db.summary is None and db.problems == []
    assert "No answers yet" in db.counts.value and db.heatmap.value == ""


def test_factor_table_heatmap_and_gaps(folder):
    db = Debrief(folder)
    s = db.summary
    assert s.respondents == 2
    f = s.factors.set_index("id")
    assert f.loc["trust", "mean"] == 4.5 and f.loc["trust", "band"] == "strength"
    assert f.loc["clarity", "mean"] == 3.0 and f.loc["clarity", "band"] == "borderline"
    assert (f.loc["time", "n"], f.loc["time", "n_dont_know"]) == (1, 1)
    assert s.by_group.loc["trust", "funder"] == 5.0 and s.by_group.loc["clarity", "funder"] == 2.0
    gaps = s.group_gaps.set_index("id")
    assert gaps.loc["clarity", "gap"] == 2.0 and bool(gaps.loc["clarity", "flagged"])
    assert gaps.loc["trust", "gap"] == 1.0
    assert "clsp-db-heatmap-table" in db.heatmap.value and "<svg" in db.means.value
    assert db.heatmap.value.index("funder") < db.heatmap.value.index("provider")  # the LSC page's order
    assert "clsp-db-table" in db.table.value and "2</b> respondent(s)" in db.counts.value
    assert "Stakeholder groups differ" in db.disagreement.value
    assert "provider: 1" in db.response_panel.value


def test_refresh_reads_new_submissions_and_reports_unreadable_files(folder):
    db = Debrief(folder)
    save_submission(folder, _answers(3), group="community")
    (folder / "response-garbled.json").write_text("{not json")
    assert db.summary.respondents == 2  # nothing changes until Refresh
    db.refresh_button.click()
    assert db.summary.respondents == 3
    assert len(db.problems) == 1 and db.problems[0].startswith("response-garbled.json")
    assert "1 file(s) could not be read" in db.problems_panel.value


def test_band_cut_offs_are_live_and_checked(folder):
    db = Debrief(folder)
    db.strength.value = 3.0
    db.borderline.value = 2.5
    f = db.summary.factors.set_index("id")
    assert f.loc["clarity", "band"] == "strength"
    assert db.summary.bands.strength == 3.0
    db.borderline.value = 3.5  # above the strength cut-off: refused, the last good summary stays
    assert "must not be above" in db.counts.value
    assert db.summary.bands.borderline == 2.5


def test_silent_members_of_the_case_are_listed_escaped(folder):
    p = Partnership("P", [Member("cab", "CAB", groups=("provider",)), Member("lsc", "LSC", groups=("funder",)),
                          Member("x", "<b>Tenants</b> & co", groups=("community",))])
    db = Debrief(folder, case=p)
    assert "No answer yet from 1 of 3 members" in db.response_panel.value
    rates = db.summary.response.set_index("member")["response_rate"]
    assert rates.to_dict() == {"cab": 1.0, "lsc": 1.0, "x": 0.0}
    assert "&lt;b&gt;Tenants&lt;/b&gt; &amp; co" in db.response_panel.value
    assert "<b>Tenants</b>" not in db.response_panel.value
    panel = db.response_panel.value
    assert "<td>CAB</td><td>1 of 1</td><td>100%</td>" in panel
    assert "<td>&lt;b&gt;Tenants&lt;/b&gt; &amp; co</td><td>0 of 1</td><td>0%</td>" in panel


def test_the_example_workshop_folder_matches_the_example_csv():
    from clsp_research.partnership.datasets import data_path
    from clsp_research.workshop.survey_files import read_responses

    db = Debrief(data_path("surveys", "example_workshop"))
    csv = read_responses(data_path("surveys", "example_survey_wave1.csv")).summarize()
    assert db.problems == [] and db.summary.respondents == csv.respondents == 20
    a = db.summary.factors.set_index("id")["mean"]
    b = csv.factors.set_index("id")["mean"]
    assert (a - b).abs().max() < 1e-9
