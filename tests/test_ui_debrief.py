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
    # Two providers answer 4 everywhere; two funders 2 everywhere but 5 on both trust statements (one of
    # them does not know about time).
    for _ in range(2):
        save_submission(tmp_path, _answers(4), member="cab", group="provider")
    save_submission(tmp_path, _answers(2, trust_1=5, trust_2=5, time_1=None, time_2=None), member="lsc",
                    group="funder")
    save_submission(tmp_path, _answers(2, trust_1=5, trust_2=5), member="lsc", group="funder")
    return tmp_path


def test_an_empty_folder_says_so(tmp_path):
    db = Debrief(tmp_path)
    assert db.summary is None and db.problems == []
    assert "No answers yet" in db.counts.value and db.heatmap.value == ""


def test_the_dashboard_has_a_title_and_explains_bands_and_rwg(folder):
    db = Debrief(folder)
    assert "Workshop debrief" in db.title.value
    for words in ("strength", "borderline", "concern", "r<sub>wg</sub>", "0.70", "bootstrap"):
        assert words in db.title.value


def test_factor_table_heatmap_and_gaps(folder):
    db = Debrief(folder, min_group_size=2)
    s = db.summary
    assert s.respondents == 4
    f = s.factors.set_index("id")
    assert f.loc["trust", "mean"] == 4.5 and f.loc["trust", "band"] == "strength"
    assert f.loc["clarity", "mean"] == 3.0 and f.loc["clarity", "band"] == "borderline"
    assert (f.loc["time", "n"], f.loc["time", "n_dont_know"]) == (3, 1)
    assert s.by_group.loc["trust", "funder"] == 5.0 and s.by_group.loc["clarity", "funder"] == 2.0
    gaps = s.group_gaps.set_index("id")
    assert gaps.loc["clarity", "gap"] == 2.0 and bool(gaps.loc["clarity", "flagged"])
    assert gaps.loc["trust", "gap"] == 1.0
    assert "clsp-db-heatmap-table" in db.heatmap.value and "<svg" in db.means.value
    assert db.heatmap.value.index("funder") < db.heatmap.value.index("provider")  # the LSC page's order
    assert "clsp-db-table" in db.table.value and "4</b> respondent(s)" in db.counts.value
    assert "Stakeholder groups differ" in db.disagreement.value
    assert "provider: 2" in db.response_panel.value


def test_a_group_of_one_is_never_shown_and_small_numbers_get_no_verdict(tmp_path):
    save_submission(tmp_path, _answers(5), member="lsc", group="funder")
    save_submission(tmp_path, _answers(1), member="cab", group="provider")
    db = Debrief(tmp_path)  # projector-safe, minimum group size 3
    assert db.view.value == "projector" and db.min_group_size == 3
    assert db.summary.by_group.isna().all().all()  # each group has one person: no mean shown
    assert "fewer than 3 answers" in db.heatmap.value and "5.0" not in db.heatmap.value
    assert "fewer than 3 answers" in db.table.value and "5.00" not in db.table.value
    assert "broadly agree" not in db.disagreement.value and "Too few answers" in db.disagreement.value
    assert "funder: fewer than 3" in db.response_panel.value
    with pytest.raises(Exception, match="at least 2"):
        Debrief(tmp_path, min_group_size=1)
    db.min_group.value = 1  # the box refuses to go below 2
    assert db.min_group_size == 2


def test_intervals_never_leave_the_scale_on_the_dashboard(tmp_path):
    for value in (1, 5, 5):
        save_submission(tmp_path, _answers(value), group="provider")
    db = Debrief(tmp_path)
    f = db.summary.factors
    assert ((f["ci_low"] >= 1) & (f["ci_high"] <= 5)).all()
    import re

    bounds = [float(x) for x in re.findall(r"<td>(-?[\d.]+) &ndash; (-?[\d.]+)</td>", db.table.value)[0]]
    assert len(re.findall(r"&ndash;", db.table.value)) == 14 and 1.0 <= bounds[0] <= bounds[1] <= 5.0


def test_refresh_reads_new_submissions_and_reports_unreadable_files(folder):
    db = Debrief(folder)
    save_submission(folder, _answers(3), group="community")
    (folder / "response-garbled.json").write_text("{not json")
    assert db.summary.respondents == 4  # nothing changes until Refresh
    db.refresh_button.click()
    assert db.summary.respondents == 5
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


def test_silent_members_wait_for_enough_answers_and_the_response_table_counts_members(tmp_path):
    p = Partnership("P", [Member("cab", "CAB", groups=("provider",)), Member("lsc", "LSC", groups=("funder",)),
                          Member("x", "<b>Tenants</b> & co", groups=("community",))])
    save_submission(tmp_path, _answers(4), member="cab", group="provider")
    save_submission(tmp_path, _answers(4), member="cab", group="provider")
    db = Debrief(tmp_path, case=p)
    panel = db.response_panel.value
    assert "No answer yet" not in panel and "shows once 3 people have answered" in panel  # 2 of 3 needed
    assert "Members that answered: <b>1 of 3</b> (33%)" in panel
    save_submission(tmp_path, _answers(3), member="lsc", group="funder")
    db.refresh()
    panel = db.response_panel.value
    assert "No answer yet from 1 of 3 members" in panel
    assert "&lt;b&gt;Tenants&lt;/b&gt; &amp; co" in panel and "<b>Tenants</b>" not in panel
    assert "<table" not in panel  # the table by member is for the detailed view
    db.view.value = "detailed"
    panel = db.response_panel.value
    # Two people from CAB: respondents 2 in their own column, never "2 of 1 - 200%".
    assert "<td>CAB</td><td>yes</td><td>2</td><td>1</td>" in panel and "200%" not in panel
    assert "<td>&lt;b&gt;Tenants&lt;/b&gt; &amp; co</td><td>no</td><td>0</td><td>1</td>" in panel
    assert "Members that answered: <b>2 of 3</b> (67%)" in panel


def test_the_seaborn_figures_are_drawn_sharp_and_respect_the_minimum_group_size(folder):
    db = Debrief(folder, min_group_size=2)
    assert db.figures.value == ""  # drawn on demand: Refresh stays fast
    db.figures_button.click()
    assert db.figures.value.count("<img") == 2 and "data:image/png;base64," in db.figures.value
    import base64
    import re
    import struct

    for img in re.finditer(r"width='(\d+)'[^>]*src='data:image/png;base64,([^']+)'", db.figures.value):
        shown, png = int(img.group(1)), base64.b64decode(img.group(2))
        natural = struct.unpack(">I", png[16:20])[0]
        assert natural >= 2 * shown - 2  # drawn at twice the displayed width
    assert "fewer than 3" not in db.heatmap.value  # two per group: shown with min_group_size 2 ...
    db.min_group.value = 3  # ... hidden with 3, in the figure too (redrawn)
    assert "fewer than 3 answers" in db.heatmap.value and db.figures.value.count("<img") == 2


def test_the_example_workshop_folder_matches_the_example_csv():
    from clsp_research.partnership.datasets import data_path
    from clsp_research.workshop.survey_files import read_responses

    db = Debrief(data_path("surveys", "example_workshop"))
    csv = read_responses(data_path("surveys", "example_survey_wave1.csv")).summarize()
    assert db.problems == [] and db.summary.respondents == csv.respondents == 20
    a = db.summary.factors.set_index("id")["mean"]
    b = csv.factors.set_index("id")["mean"]
    assert (a - b).abs().max() < 1e-9
