"""Controller of the participant self-assessment app (``notebooks/05-self-assessment.ipynb``,
served to a workshop by ``clsp workshop``).

A participant says which member organisation and stakeholder group they speak for,
rates the instrument's 28 statements from 1 (strongly disagree) to 5 (strongly agree)
or answers *don't know*, and submits. The answers are saved atomically as a new file
in the workshop folder (:func:`clsp_research.workshop.submissions.save_submission`); the page keeps
a random token, so submitting again replaces the participant's own earlier answers in
the debrief. Nothing asks for a name. If saving fails, the answers stay on screen and
the message says what to do. Served by ``clsp workshop``, the token comes from the page's
``clsp_participant`` cookie (:func:`clsp_research.workshop.serving.participant_token`): a
participant who reloads the page finds the answers they saved, and submitting again
replaces them.

Headless use::

    app = SelfAssessment(directory="answers/")
    app.group.value = "provider"
    for toggle in app.toggles.values():
        toggle.value = 4
    app.submit()
    app.saved_path          # the file written
"""

from __future__ import annotations

import html
import os
from datetime import datetime
from pathlib import Path
from typing import Any

import ipywidgets as w
from ipywidgets.widgets.widget_selection import ToggleButtonsStyle
from ipywidgets.widgets.widget_string import DescriptionStyle, HTMLStyle

from ..errors import CLSPError
from ..partnership.vocabulary import STAKEHOLDER_GROUPS
from ..workshop.serving import ENV_CASE, ENV_DIR, roster, roster_from_env
from ..workshop.submissions import new_token, save_submission

__all__ = ["DONT_KNOW", "GROUP_LABELS", "SelfAssessment"]

#: The value of the *don't know* button.
DONT_KNOW = "dk"
#: Plain-language names of the LSC page's five stakeholder groups (lsc_clsp_web).
GROUP_LABELS: dict[str, str] = {
    "funder": "Funder (e.g. local authority, Legal Services Commission)",
    "provider": "Advice or legal service provider",
    "community": "Community or user group",
    "network": "Network or umbrella body",
    "other_sector": "Other sector (e.g. health, housing, police)",
}

_CSS = """<style>
.clsp-sa {max-width: 62em; font-size: 15px; box-sizing: border-box;}
.clsp-sa .clsp-sa-text {font-size: 1.05em; line-height: 1.4;}
.clsp-sa .widget-toggle-buttons {flex-wrap: nowrap; max-width: 100%;}
.clsp-sa .widget-toggle-buttons .widget-toggle-button {font-size: 1em; height: 2.4em; width: 3.6em !important;
  min-width: 0; margin: 0 3px 0 0; padding: 0 2px; border: 2px solid #9aa5b1; color: #222;
  background: #f7f7f7;}
.clsp-sa .widget-toggle-buttons .widget-toggle-button:last-child {width: 6.8em !important;}
.clsp-sa .widget-toggle-buttons .widget-toggle-button.mod-active {background: #0b4f8a; color: #fff;
  border: 3px solid #062c4d; font-weight: bold; box-shadow: inset 0 -4px 0 #f0c419;}
.clsp-sa .widget-toggle-buttons .widget-toggle-button.mod-active::before {content: "\\2713\\00a0";}
.clsp-sa .widget-toggle-button:focus-visible {outline: 3px solid #E69F00; outline-offset: 1px;}
.clsp-sa .widget-dropdown, .clsp-sa .widget-text {max-width: 100%; flex-wrap: wrap;}
.clsp-sa .widget-dropdown select {font-size: 1em; min-width: 0;}
.clsp-sa .widget-dropdown select, .clsp-sa .widget-text input {max-width: 100%; box-sizing: border-box;}
.clsp-sa .widget-inline-hbox .widget-label {min-width: 7em;}
@media (max-width: 480px) {
  .clsp-sa {font-size: 13px;}
  .clsp-sa .widget-toggle-buttons .widget-toggle-button {width: 3.3em !important;}
  .clsp-sa .widget-toggle-buttons .widget-toggle-button:last-child {width: 6.6em !important;}
  .clsp-sa .widget-inline-hbox .widget-label {min-width: 0; width: 100%;}
  .clsp-sa .widget-dropdown, .clsp-sa .widget-text {width: 100% !important;}
  .clsp-sa .clsp-sa-submit {width: 100% !important;}
  .clsp-sa .widget-hprogress {width: 40% !important;}
}
.clsp-sa .clsp-sa-row {border-bottom: 1px solid #ddd; padding: 0.4em 0 0.6em 0;}
.clsp-sa .clsp-sa-missing {background: #FFF4E5; border-left: 4px solid #E69F00; padding-left: 0.5em;}
.clsp-sa .clsp-sa-status {font-size: 1.1em;}
.clsp-sa .clsp-sa-submit {height: 3em; font-size: 1.1em;}
.clsp-sa-saved {color: #00603f;}
.clsp-sa-error {color: #a03200;}
</style>"""


def _load_case(case: Any) -> Any:
    if case is None or hasattr(case, "members"):
        return case
    from ..partnership.datasets import load_case_ref

    return load_case_ref(str(case))


class SelfAssessment:
    """The participant's form.

    Parameters
    ----------
    directory
        The workshop folder; defaults to the ``CLSP_WORKSHOP_DIR`` environment variable, else
        ``./workshop-responses``.
    case
        A :class:`~clsp_research.partnership.model.Partnership`, a case file or a case-study name whose
        members are offered; defaults to the members ``clsp workshop`` read from its case once
        (``CLSP_WORKSHOP_MEMBERS``), else ``CLSP_WORKSHOP_CASE`` (a free-text organisation box
        when there is no case).
    token
        The respondent token (when ``None``: the served page's participant token, else a new
        random one). Answers already saved under this token are shown again.

    Attributes
    ----------
    roster
        The members offered, ``(id, name, groups)`` (``None`` without a case).
    partnership
        The case, when given as a partnership or read here (``None`` when the roster came from the
        server, or without a case).
    member, group
        The organisation and stakeholder group the participant speaks for (``""`` while not chosen:
        the dropdowns show their prompt).
    toggles
        Item id -> ToggleButtons (values 1-5, :data:`DONT_KNOW`, or ``None`` while unanswered).
    progress, progress_label, submit_button, status
        Progress bar and count, the submit button, the message line.
    saved_path
        The file of the latest successful submission (``None`` before).
    submissions
        Number of successful submissions from this page.
    error
        The latest error message shown (``None`` when the latest submission succeeded).
    widget
        The whole app.
    """

    def __init__(self, directory: str | Path | None = None, case: Any = None, token: str | None = None) -> None:
        from ..workshop.instrument import instrument

        env_dir = os.environ.get(ENV_DIR)
        self.directory = Path(directory or env_dir or Path.cwd() / "workshop-responses")
        served = roster_from_env(os.environ) if case is None and os.environ.get(ENV_CASE) else None
        given = case if case is not None else os.environ.get(ENV_CASE) or None
        self.partnership = None if served else _load_case(given)
        self.roster = served or (roster(self.partnership) if self.partnership is not None else None)
        self.instrument = instrument()
        if token is None:
            from ..workshop.serving import participant_token

            token = participant_token()
        self.token = token or new_token()
        self.saved_path: Path | None = None
        self.submissions = 0
        self.error: str | None = None
        labels = self.instrument.labels
        # One layout and one style model per kind, shared by the widgets that look alike: every widget
        # otherwise brings its own, and the page's browser builds each (257 models before, 107 now).
        plain, text_style = w.Layout(), HTMLStyle()
        field, field_style = w.Layout(width="32em", max_width="100%"), DescriptionStyle(description_width="initial")

        intro = w.HTML(
            "<h2>How is our partnership doing?</h2>"
            f"<p class='clsp-sa-text'>Please rate each of the {len(self.instrument.items)} statements below from "
            "<b>1 (strongly disagree)</b> to <b>5 (strongly agree)</b>, or choose <b>Don't know</b>. "
            "Answer for the partnership as you see it. We do not ask for your name: your answers are saved "
            "without it and shown to the group only as totals.</p>", layout=plain, style=text_style)
        if self.roster is not None:
            options = [("(choose your organisation)", ""), *((name, mid) for mid, name, _ in self.roster)]
            self.member: w.ValueWidget = w.Dropdown(options=options, value="", description="Organisation",
                                                    style=field_style, layout=field)
        else:
            self.member = w.Text(placeholder="e.g. Anytown Citizens Advice", description="Organisation",
                                 style={"description_width": "initial"}, layout=field)  # a Text has a TextStyle
        # The prompts are real options shown while nothing is chosen (a blank box hid them until opened).
        self.group = w.Dropdown(options=[("(choose a group)", "")] + [(GROUP_LABELS[g], g)
                                                                       for g in STAKEHOLDER_GROUPS],
                                value="", description="I speak for a", style=field_style, layout=field)
        self.member.add_class("clsp-sa-member")
        self.group.add_class("clsp-sa-group")
        self.member.observe(self._on_member, names="value")

        self.toggles: dict[str, w.ToggleButtons] = {}
        self.rows: dict[str, w.VBox] = {}
        rows = []
        tooltips = [labels.get(v, str(v)) for v in range(self.instrument.scale_min, self.instrument.scale_max + 1)]
        options = [(str(v), v) for v in range(self.instrument.scale_min, self.instrument.scale_max + 1)]
        options.append(("Don't know", DONT_KNOW))
        toggle_style = ToggleButtonsStyle(button_width="auto")
        for n, item in enumerate(self.instrument.items, start=1):
            tb = w.ToggleButtons(options=options, value=None, tooltips=[*tooltips, "I don't know"],
                                 style=toggle_style, layout=plain)
            tb.add_class(f"clsp-sa-item-{item.id}")
            tb.add_class("clsp-sa-item")
            tb.observe(lambda change, k=item.id: self._on_answer(k, change), names="value")
            text = w.HTML(f"<span class='clsp-sa-text'><b>{n}.</b> {html.escape(item.text)}</span>",
                          layout=plain, style=text_style)
            row = w.VBox([text, tb], layout=plain)
            row.add_class("clsp-sa-row")
            self.toggles[item.id] = tb
            self.rows[item.id] = row
            rows.append(row)

        n_items = len(self.toggles)
        self.progress = w.IntProgress(value=0, min=0, max=n_items, layout=w.Layout(width="20em", max_width="50%"))
        self.progress_label = w.Label(f"0 of {n_items} answered")
        self.progress_label.add_class("clsp-sa-progress")
        self.submit_button = w.Button(description="Submit my answers", button_style="primary", icon="check",
                                      layout=w.Layout(width="22em", max_width="100%"))
        self.submit_button.add_class("clsp-sa-submit")
        self.submit_button.on_click(lambda _: self.submit())
        self.status = w.HTML("", layout=plain, style=text_style)
        self.status.add_class("clsp-sa-status")
        scale = " &middot; ".join(f"<b>{v}</b> {html.escape(lab)}" for v, lab in sorted(labels.items()))
        header = [w.HTML(_CSS, layout=plain, style=text_style), intro, self.member, self.group,
                  w.HTML(f"<p class='clsp-sa-text'>Scale: {scale}</p>", layout=plain, style=text_style)]
        if not env_dir and directory is None:
            header.append(w.HTML(f"<p><small>Answers will be saved in {html.escape(str(self.directory))}"
                                 "</small></p>", layout=plain, style=text_style))
        footer = w.VBox([w.HBox([self.progress, self.progress_label], layout=plain), self.submit_button,
                         self.status], layout=plain)
        self.widget = w.VBox([*header, *rows, footer], layout=plain)
        self.widget.add_class("clsp-sa")
        self.restored: Path | None = None
        if token:
            self._restore()

    # -- state ----------------------------------------------------------------------------------
    @property
    def answers(self) -> dict[str, int | None]:
        """The answers given so far: item id -> rating, or ``None`` for *don't know* (unanswered left out)."""
        return {k: (None if tb.value == DONT_KNOW else int(tb.value))
                for k, tb in self.toggles.items() if tb.value is not None}

    @property
    def unanswered(self) -> list[str]:
        """Ids of the statements not answered yet, in order."""
        return [k for k, tb in self.toggles.items() if tb.value is None]

    def _on_member(self, change: dict) -> None:
        if self.roster is None or not change["new"]:
            return
        groups = next(gs for mid, _, gs in self.roster if mid == change["new"])
        if groups and self.group.value not in groups:
            self.group.value = groups[0]

    def _on_answer(self, item_id: str, change: dict) -> None:
        answered = len(self.toggles) - len(self.unanswered)
        self.progress.value = answered
        self.progress_label.value = f"{answered} of {len(self.toggles)} answered"
        if change["new"] is not None:
            self.rows[item_id].remove_class("clsp-sa-missing")

    def _show(self, message: str, kind: str) -> None:
        self.status.value = message
        for cls in ("clsp-sa-saved", "clsp-sa-error", "clsp-sa-warning"):
            self.status.remove_class(cls)
        self.status.add_class(f"clsp-sa-{kind}")

    def _restore(self) -> None:
        """Show the answers saved earlier under this page's token (a reloaded page keeps them)."""
        from ..workshop.submissions import latest_submission

        try:
            found = latest_submission(self.directory, self.token)
        except (OSError, CLSPError):
            return
        if found is None:
            return
        path, rec = found
        member, group = rec.get("member"), rec.get("group")
        if isinstance(group, str) and group in STAKEHOLDER_GROUPS:
            self.group.value = group
        if isinstance(member, str):
            if isinstance(self.member, w.Dropdown):
                if member in dict(self.member.options).values():
                    self.member.value = member
            else:
                self.member.value = member
        for item, rating in rec["answers"].items():
            if item in self.toggles:
                self.toggles[item].value = DONT_KNOW if rating is None else int(rating)
        self.restored = path
        self.saved_path = self.restored
        self.submissions = 1
        self.submit_button.description = "Submit again (replaces my earlier answers)"
        self._show("<p><b>Welcome back: the answers you saved are shown.</b> Change any answer and press the "
                   "button again; only your latest answers count.</p>", "saved")

    # -- submitting -----------------------------------------------------------------------------
    def submit(self) -> Path | None:
        """Save the answers as a new file; return its path (``None`` when something is missing or failed)."""
        missing = self.unanswered
        for k, row in self.rows.items():
            if k in missing:
                row.add_class("clsp-sa-missing")
            else:
                row.remove_class("clsp-sa-missing")
        problems = []
        if not self.group.value:
            problems.append("choose the stakeholder group you speak for (at the top)")
        if missing:
            numbers = [str(i) for i, k in enumerate(self.toggles, start=1) if k in missing]
            listed = ", ".join(numbers[:10]) + (" and more" if len(numbers) > 10 else "")
            problems.append(f"answer statement{'s' if len(numbers) > 1 else ''} {listed} "
                            "(choose Don't know if you are not sure)")
        if problems:
            self.error = "Almost there: please " + "; and ".join(problems) + "."
            self._show(f"<p>{html.escape(self.error)}</p>", "warning")
            return None
        member = self.member.value.strip() if isinstance(self.member.value, str) else self.member.value
        self.submit_button.disabled = True
        try:
            path = save_submission(self.directory, self.answers, member=member or None, group=self.group.value,
                                   respondent=self.token)
        except (OSError, CLSPError) as exc:
            self.error = str(exc)
            self._show("<p><b>Sorry, your answers could not be saved.</b> They are still on this page, "
                       "nothing is lost. Please tell the trainer, then press Submit again.</p>"
                       f"<p><small>Reason: {html.escape(self.error)}</small></p>", "error")
            return None
        finally:
            self.submit_button.disabled = False
        self.saved_path = path
        self.submissions += 1
        self.error = None
        again = " Your new answers replace the ones you sent before." if self.submissions > 1 else ""
        self._show(f"<p><b>Thank you: your answers have been saved</b> ({datetime.now():%H:%M}).{again} "
                   "You can change any answer and press the button again; only your latest answers count.</p>",
                   "saved")
        self.submit_button.description = "Submit again (replaces my earlier answers)"
        return path
