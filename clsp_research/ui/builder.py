"""Controller of the partnership builder (``notebooks/07-build-your-own.ipynb``).

Start from nothing or from a case study, add and remove member organisations and the
ties between them, and watch the placement on the continuum, the stage profile and the
risk flags change with every edit (each edit calls :func:`clsp_research.assess.assess`).
The map keeps every member where it was, so a change is easy to see. Headless use::

    b = Builder("talking_shop")
    b.member_name.value = "Tenants' forum"
    b.member_groups.value = ("community",)
    b.add_member()
    b.tie_source.value, b.tie_target.value, b.tie_kind.value = "tenants_forum", "cab", "referral"
    b.add_tie()
    b.assessment.stage, [f["id"] for f in b.assessment.to_dict()["flags"]]
"""

from __future__ import annotations

import html
import re
from typing import Any

import ipywidgets as w

from ..errors import CLSPError
from ..partnership.model import SECTORS, STAKEHOLDER_GROUPS, TIE_KINDS, Member, Partnership, Tie
from ..text import plural
from .stage_ladder import profile_bars_html

__all__ = ["EMPTY", "Builder", "flags_html", "slug"]

EMPTY = "(start from scratch)"


def slug(name: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A member id made from a name: lower case, ``_`` between words, unique among ``taken``.

    Examples
    --------
    >>> slug("Anytown CAB"), slug("Tenants' Forum!", {"tenants_forum"})
    ('anytown_cab', 'tenants_forum_2')
    """
    base = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "member"
    out, n = base, 1
    while out in taken:
        n += 1
        out = f"{base}_{n}"
    return out


def flags_html(flags: list[dict[str, Any]]) -> str:
    """Risk flags as an HTML list (escaped), or a line saying there are none."""
    if not flags:
        return "<p class='clsp-builder-noflags'>No risk flag raised.</p>"
    items = "".join(f"<li><b>{html.escape(str(f['id']).replace('_', ' '))}</b> ({html.escape(str(f['severity']))}):"
                    f" {html.escape(str(f['message']))}</li>" for f in flags)
    return f"<ul class='clsp-builder-flag-list'>{items}</ul>"


def _tie_label(t: Tie) -> str:
    arrow = "->" if t.directed else "--"
    return f"{t.source} {arrow} {t.target}: {t.kind.replace('_', ' ')}"


class Builder:
    """Build a partnership member by member and tie by tie; the assessment follows every edit.

    Parameters
    ----------
    start
        A case-study name, a :class:`~clsp_research.partnership.model.Partnership` (copied), or ``None``
        for an empty partnership.
    show_map
        Draw the map after each edit (an SVG drawing: a few milliseconds for 25 members).

    Attributes
    ----------
    partnership
        The partnership being built (a copy: the case study itself is never changed).
    assessment
        Its latest assessment (``None`` while it has no member).
    error
        The latest message about an edit that could not be made (``None`` after a good edit).
    widget
        The whole app.
    """

    def __init__(self, start: str | Partnership | None = None, show_map: bool = True) -> None:
        from ..partnership.datasets import case_studies

        names = case_studies()
        self.partnership = Partnership("My partnership")
        self.assessment: Any = None
        self.error: str | None = None
        self._pos: dict[str, tuple[float, float]] = {}

        self.case = w.Dropdown(options=[EMPTY, *names], value=start if isinstance(start, str) and start in names
                               else EMPTY, description="Start from")
        self.load_button = w.Button(description="Load", icon="folder-open")
        self.load_button.on_click(lambda _: self.load(self.case.value))

        self.member_name = w.Text(description="Name", placeholder="e.g. Anytown Law Centre")
        self.member_id = w.Text(description="Id", placeholder="(made from the name)")
        self.member_groups = w.SelectMultiple(options=[(g.replace("_", " "), g) for g in STAKEHOLDER_GROUPS],
                                              value=("provider",), description="Groups", rows=5)
        self.member_sector = w.Dropdown(options=[("(not recorded)", None)] + [(s, s) for s in SECTORS],
                                        value=None, description="Sector")
        self.add_member_button = w.Button(description="Add member", icon="plus", button_style="success")
        self.add_member_button.add_class("clsp-builder-add-member")
        self.add_member_button.on_click(lambda _: self.add_member())
        self.remove_member_select = w.Dropdown(description="Member")
        self.remove_member_button = w.Button(description="Remove member", icon="minus", button_style="warning")
        self.remove_member_button.on_click(lambda _: self.remove_member())

        self.tie_source = w.Dropdown(description="From")
        self.tie_target = w.Dropdown(description="To")
        self.tie_kind = w.Dropdown(options=[(k.replace("_", " "), k) for k in TIE_KINDS], value="referral",
                                   description="Kind")
        self.add_tie_button = w.Button(description="Add tie", icon="plus", button_style="success")
        self.add_tie_button.add_class("clsp-builder-add-tie")
        self.add_tie_button.on_click(lambda _: self.add_tie())
        self.tie_list = w.Select(description="Ties", rows=8, layout=w.Layout(width="30em"))
        self.remove_tie_button = w.Button(description="Remove tie", icon="minus", button_style="warning")
        self.remove_tie_button.on_click(lambda _: self.remove_tie())

        self.show_map = w.Checkbox(value=show_map, description="Draw the map", indent=False)
        self.show_map.observe(lambda _: self._draw_map(), names="value")
        self.message = w.HTML()
        self.message.add_class("clsp-builder-message")
        self.stage = w.HTML()
        self.stage.add_class("clsp-builder-stage")
        self.flags = w.HTML()
        self.flags.add_class("clsp-builder-flags")
        self.map = w.HTML()
        self.map.add_class("clsp-builder-map")

        members_box = w.VBox([w.HTML("<b>Add a member</b>"), self.member_name, self.member_id, self.member_groups,
                              self.member_sector, self.add_member_button, w.HTML("<b>Remove a member</b>"),
                              self.remove_member_select, self.remove_member_button],
                             layout=w.Layout(flex="0 0 auto", margin="0 1em 1em 0"))
        ties_box = w.VBox([w.HTML("<b>Add a tie</b>"), self.tie_source, self.tie_target, self.tie_kind,
                           self.add_tie_button, self.tie_list, self.remove_tie_button],
                          layout=w.Layout(flex="0 0 auto", margin="0 1em 1em 0"))
        results = w.VBox([self.stage, self.flags, self.show_map, self.map], layout=w.Layout(flex="1 1 30em"))
        # The two forms keep their natural width (they were squeezed until their fields overlapped);
        # on a narrow screen the results wrap below them.
        self.widget = w.VBox([w.HBox([self.case, self.load_button]), self.message,
                              w.HBox([members_box, ties_box, results], layout=w.Layout(flex_flow="row wrap"))])
        self.widget.add_class("clsp-builder")
        if isinstance(start, Partnership):
            self._set(start.copy())
        else:
            self.load(self.case.value)

    # -- edits ------------------------------------------------------------------------------------
    def load(self, name: str) -> None:
        """Start again from a case study (or from scratch with :data:`EMPTY`)."""
        from ..partnership.datasets import load_case_study

        self._pos = {}
        self._set(Partnership("My partnership") if name == EMPTY else load_case_study(name).copy())

    def add_member(self) -> bool:
        """Add the member described by the form; return whether it was added."""
        name = self.member_name.value.strip()
        if not name:
            return self._fail("Give the new member a name.")
        mid = self.member_id.value.strip() or slug(name, set(self.partnership.members))
        try:
            member = Member(mid, name, groups=tuple(self.member_groups.value), sector=self.member_sector.value)
            self.partnership.add_member(member)
        except CLSPError as exc:
            return self._fail(f"Could not add {name!r}: {exc}")
        self.member_name.value = self.member_id.value = ""
        self._changed(f"Added {name} ({mid}).")
        if self.tie_source.value != mid:
            self.tie_target.value = mid  # ready to tie the newcomer in
        return True

    def remove_member(self) -> bool:
        """Remove the member chosen in the remove list, with its ties."""
        mid = self.remove_member_select.value
        if mid is None:
            return self._fail("Choose a member to remove.")
        n = len([t for t in self.partnership.ties if mid in (t.source, t.target)])
        m = self.partnership.remove_member(mid)
        self._changed(f"Removed {m.name} and its {plural(n, 'tie')}.")
        return True

    def add_tie(self) -> bool:
        """Add the tie described by the form; return whether it was added."""
        a, b, kind = self.tie_source.value, self.tie_target.value, self.tie_kind.value
        if a is None or b is None:
            return self._fail("Choose the two members the tie joins.")
        existing = [t for t in self.partnership.ties_between(a, b) if t.kind == kind]
        if any(not t.directed or (t.source, t.target) == (a, b) for t in existing):
            return self._fail(f"{a} and {b} already have a {kind.replace('_', ' ')} tie.")
        try:
            self.partnership.add_tie(Tie(a, b, kind))
        except CLSPError as exc:
            return self._fail(f"Could not add the tie: {exc}")
        label = kind.replace("_", " ")
        self._changed(f"Added {'an' if label[0] in 'aeiou' else 'a'} {label} tie between {a} and {b}.")
        return True

    def remove_tie(self) -> bool:
        """Remove the tie chosen in the tie list."""
        choice = self.tie_list.value
        if choice is None:
            return self._fail("Choose a tie in the list to remove.")
        a, b, kind = choice
        removed = self.partnership.remove_ties(a, b, kind)
        if not removed:
            return self._fail("That tie is no longer there.")
        chosen = next((t for t in removed if (t.source, t.target) == (a, b)), removed[0])
        for t in removed:  # put back what was not chosen (the same kind the other way round)
            if t is not chosen:
                self.partnership.add_tie(t)
        self._changed(f"Removed the {kind.replace('_', ' ')} tie between {a} and {b}.")
        return True

    # -- refresh ----------------------------------------------------------------------------------
    def _fail(self, message: str) -> bool:
        self.error = message
        self.message.value = f"<p class='clsp-builder-error' style='color:#a03200'>{html.escape(message)}</p>"
        return False

    def _set(self, p: Partnership) -> None:
        self.partnership = p
        self._changed(f"Loaded {p.name}: {len(p)} members, {p.n_ties} ties." if len(p) else
                      "An empty partnership: add members, then ties.")

    def _changed(self, message: str) -> None:
        from ..assess import assess

        self.error = None
        self.message.value = f"<p class='clsp-builder-ok'>{html.escape(message)}</p>"
        p = self.partnership
        options = [(f"{m.name} ({mid})", mid) for mid, m in p.members.items()]
        for dd in (self.remove_member_select, self.tie_source, self.tie_target):
            keep = dd.value if dd.value in p else None
            dd.options = options
            dd.value = keep if keep is not None else (options[0][1] if options else None)
        if len(options) > 1 and self.tie_target.value == self.tie_source.value:
            self.tie_target.value = options[1][1]
        self.tie_list.options = [(_tie_label(t), (t.source, t.target, t.kind)) for t in p.ties]
        if len(p) == 0:
            self.assessment = None
            self.stage.value = "<p>No members yet.</p>"
            self.flags.value = self.map.value = ""
            return
        self.assessment = assess(p)
        d = self.assessment.to_dict()
        self.stage.value = (f"<p>{len(p)} members, {p.n_ties} ties. Placement: "
                            f"<b class='clsp-builder-stage-name'>{html.escape(str(d['stage']))}</b></p>"
                            + profile_bars_html(d["stage_profile"], d["stage"]))
        self.flags.value = "<p><b>Risk flags</b></p>" + flags_html(d["flags"])
        self._draw_map()

    def _draw_map(self) -> None:
        p = self.partnership
        if not self.show_map.value or len(p) == 0:
            self.map.value = ""
            return
        from ..plotting.network import layout
        from .svgmap import partnership_svg

        self._pos = layout(p, seed=0, pos=self._pos)  # members already drawn keep their place
        self.map.value = partnership_svg(p, self._pos)
