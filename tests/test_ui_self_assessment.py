"""The participant app, driven headlessly."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("ipywidgets")

from clsp_research.partnership.model import Member, Partnership
from clsp_research.ui.self_assessment import DONT_KNOW, SelfAssessment
from clsp_research.workshop.submissions import load_submissions


def _fill(app: SelfAssessment, value=4) -> None:
    for tb in app.toggles.values():
        tb.value = value


def test_starts_empty_with_28_statements_and_stable_css_classes(tmp_path):
    app = SelfAssessment(directory=tmp_path)
    assert len(app.toggles) == 28 and app.unanswered == list(app.toggles)
    assert app.progress.value == 0 and app.progress_label.value == "0 of 28 answered"
    assert "clsp-sa-item-trust_1" in app.toggles["trust_1"]._dom_classes
    assert "clsp-sa-submit" in app.submit_button._dom_classes
    assert "clsp-sa-status" in app.status._dom_classes
    assert [o[1] for o in app.toggles["trust_1"].options] == [1, 2, 3, 4, 5, DONT_KNOW]


def test_progress_counts_answers(tmp_path):
    app = SelfAssessment(directory=tmp_path)
    app.toggles["trust_1"].value = 5
    app.toggles["time_2"].value = DONT_KNOW
    assert app.progress.value == 2 and app.progress_label.value == "2 of 28 answered"
    assert app.answers == {"trust_1": 5, "time_2": None}


def test_incomplete_form_is_refused_politely_and_nothing_saved(tmp_path):
    app = SelfAssessment(directory=tmp_path)
    _fill(app)
    app.toggles["clarity_1"].value = None
    assert app.submit() is None
    assert "choose the stakeholder group" in app.error and "statement 5" in app.error
    assert "clsp-sa-missing" in app.rows["clarity_1"]._dom_classes
    assert "clsp-sa-missing" not in app.rows["trust_1"]._dom_classes
    assert not list(tmp_path.iterdir())
    app.toggles["clarity_1"].value = 2
    assert "clsp-sa-missing" not in app.rows["clarity_1"]._dom_classes


def test_submit_saves_and_confirms_and_submit_again_replaces(tmp_path):
    app = SelfAssessment(directory=tmp_path)
    app.member.value = "  Anytown CAB "
    app.group.value = "provider"
    _fill(app, 2)
    app.toggles["trust_1"].value = DONT_KNOW
    first = app.submit()
    assert first is not None and app.saved_path == first and app.error is None
    assert "saved" in app.status.value and "clsp-sa-saved" in app.status._dom_classes
    rec = json.loads(first.read_text())
    assert rec["member"] == "Anytown CAB" and rec["group"] == "provider"
    assert rec["answers"]["trust_1"] is None and rec["answers"]["trust_2"] == 2
    _fill(app, 5)
    second = app.submit()
    assert second != first and app.submissions == 2 and "replace" in app.status.value
    responses, problems = load_submissions(tmp_path)
    assert problems == [] and responses["respondent"].nunique() == 1
    assert set(responses["rating"]) == {5.0}


def test_a_failed_save_keeps_every_answer_on_screen(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    app = SelfAssessment(directory=blocked)
    app.group.value = "community"
    _fill(app, 3)
    assert app.submit() is None
    assert "could not be saved" in app.status.value and "clsp-sa-error" in app.status._dom_classes
    assert app.error and app.saved_path is None
    assert all(tb.value == 3 for tb in app.toggles.values())  # nothing lost
    assert not app.submit_button.disabled


def test_directory_and_case_from_the_environment(tmp_path, monkeypatch):
    p = Partnership("P", [Member("lsc", "Legal Services Commission", groups=("funder",)),
                          Member("cab", "Anytown CAB", groups=("provider", "network"))])
    monkeypatch.setenv("CLSP_WORKSHOP_DIR", str(tmp_path / "env-dir"))
    app = SelfAssessment(case=p)
    assert app.directory == tmp_path / "env-dir"
    assert [v for _, v in app.member.options] == ["", "lsc", "cab"]  # "": the visible prompt
    assert app.member.value == "" and app.group.value == ""  # the prompts show until a choice is made
    app.member.value = "cab"
    assert app.group.value == "provider"  # the member's first group is proposed
    app.group.value = "network"
    app.member.value = "cab"
    assert app.group.value == "network"  # a group of the member chosen by hand is kept
    _fill(app, 4)
    path = app.submit()
    assert path.parent == tmp_path / "env-dir" and json.loads(path.read_text())["member"] == "cab"


def test_each_page_has_its_own_token(tmp_path):
    a, b = SelfAssessment(directory=tmp_path), SelfAssessment(directory=tmp_path)
    assert a.token != b.token


def test_a_reloaded_page_with_the_same_token_shows_the_saved_answers_and_replaces_them(tmp_path):
    from clsp_research.workshop.submissions import load_submissions

    first = SelfAssessment(directory=tmp_path, token="0123456789abcdef")
    first.member.value = "Anytown CAB"
    first.group.value = "community"
    _fill(first, 2)
    first.toggles["trust_1"].value = DONT_KNOW
    assert first.submit() is not None
    # The participant reloads: a new page (a new kernel) with the same cookie token.
    again = SelfAssessment(directory=tmp_path, token="0123456789abcdef")
    assert again.restored is not None and "Welcome back" in again.status.value
    assert again.group.value == "community" and again.member.value == "Anytown CAB"
    assert again.toggles["trust_1"].value == DONT_KNOW and again.toggles["trust_2"].value == 2
    assert again.unanswered == []
    again.toggles["trust_2"].value = 5
    assert again.submit() is not None
    responses, problems = load_submissions(tmp_path)
    assert problems == [] and responses["respondent"].nunique() == 1  # replaced, not duplicated
    assert responses.set_index("item").loc["trust_2", "rating"] == 5.0
    # Another participant (another token) starts empty.
    other = SelfAssessment(directory=tmp_path, token="fedcba9876543210")
    assert other.restored is None and len(other.unanswered) == len(other.toggles)


@pytest.mark.parametrize("case", [None, "pioneer_first_year"])
def test_the_form_shares_its_layouts_and_styles(tmp_path, case):
    """Each widget's own layout and style would be a model more for every page's browser to build."""
    import ipywidgets as w

    app = SelfAssessment(directory=tmp_path, case=case)
    rows = list(app.rows.values())
    toggles = list(app.toggles.values())
    assert len({id(r.layout) for r in rows}) == 1 and len({id(t.style) for t in toggles}) == 1
    assert rows[0].layout is toggles[0].layout  # one plain layout for rows, statements and answer buttons
    seen: set[int] = set()

    def models(widget) -> None:
        if id(widget) in seen:
            return
        seen.add(id(widget))
        for name in ("layout", "style"):
            if isinstance(getattr(widget, name, None), w.Widget):
                models(getattr(widget, name))
        for child in getattr(widget, "children", ()):
            models(child)

    models(app.widget)
    assert len(seen) < 120  # 257 when every widget brought its own layout and style
