"""Which widget labels a browser would cut ("Compare ...", "Don't kn..."), read from widget state.

The state is what Jupyter saves with a notebook (``metadata.widgets``) and what
``ipywidgets.Widget.get_manager_state()`` returns: model id -> ``{"model_name", "state"}``. A
label is judged by a width model of JupyterLab's widget styles (13 px font): a description sits
in a box 80 px wide unless ``style.description_width`` says otherwise; a button is 148 px wide
unless its layout says otherwise; a toggle button is as wide as ``style.button_width``. Text
takes about 6.5 px a character (calibrated on the labels issue 14 reported: "Tie between", 11
characters, fits in 80 px; "Compare with", 12, does not).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

FONT_PX = 13.0
CHAR_PX = 6.5
DESCRIPTION_PX = 80.0  # --jp-widgets-inline-label-width
LABEL_PADDING_PX = 8.0  # .widget-label padding-right
BUTTON_PX = 148.0  # --jp-widgets-inline-width-short
BUTTON_PADDING_PX = 22.0  # 10 px each side and the border
WIDE = {"initial", "auto", "max-content", "fit-content", "inherit", "unset"}
#: Widgets whose description is not drawn in the fixed label box (a checkbox's label follows the box).
NO_LABEL_BOX = {"CheckboxModel", "ButtonModel", "ToggleButtonModel", "HTMLModel", "LabelModel", "HTMLMathModel",
                "AccordionModel", "TabModel", "VBoxModel", "HBoxModel", "BoxModel", "OutputModel", "ImageModel"}


def px(css: Any) -> float | None:
    """A CSS width in pixels (``None`` when it is not a fixed length, e.g. ``'auto'`` or ``''``).

    >>> px("6.6em"), px("148px"), px("auto"), px("")
    (85.8, 148.0, None, None)
    """
    m = re.fullmatch(r"\s*([\d.]+)\s*(px|em|rem)?\s*", str(css or ""))
    if not m:
        return None
    v = float(m.group(1))
    return v * FONT_PX if m.group(2) in ("em", "rem") else v


def text_px(text: str) -> float:
    """The estimated width of ``text`` in pixels."""
    return len(text) * CHAR_PX


def cut_labels(state: Mapping[str, Any]) -> list[str]:
    """Every label in a widget state that would be cut, as ``'ModelName: label (needs N px, has M px)'``.

    >>> st = {"s": {"model_name": "DescriptionStyleModel", "state": {"description_width": ""}},
    ...       "l": {"model_name": "LayoutModel", "state": {}},
    ...       "d": {"model_name": "DropdownModel", "state": {"description": "Compare with",
    ...                                                     "style": "IPY_MODEL_s", "layout": "IPY_MODEL_l"}}}
    >>> cut_labels(st)
    ['DropdownModel: Compare with (needs 78 px, has 72 px)']
    >>> st["s"]["state"]["description_width"] = "initial"
    >>> cut_labels(st)
    []
    """
    def ref(s: Mapping[str, Any], key: str) -> Mapping[str, Any]:
        target = str(s.get(key) or "").removeprefix("IPY_MODEL_")
        return state.get(target, {}).get("state", {})

    out = []
    for model in state.values():
        name, s = model.get("model_name", ""), model.get("state", {})
        style, layout = ref(s, "style"), ref(s, "layout")
        checks: list[tuple[str, float | None, float]] = []  # label, room (None: as wide as needed), padding
        if name == "ButtonModel" and s.get("description"):
            width = layout.get("width")
            room = None if str(width) in WIDE else px(width) if px(width) is not None else BUTTON_PX
            checks.append((s["description"], room, BUTTON_PADDING_PX + (18 if s.get("icon") else 0)))
        if name == "ToggleButtonsModel":
            bw = style.get("button_width")
            room = None if str(bw) in WIDE else px(bw) if px(bw) is not None else BUTTON_PX
            checks += [(str(lab), room, BUTTON_PADDING_PX) for lab in s.get("_options_labels", [])]
        if name not in NO_LABEL_BOX and s.get("description"):
            dw = style.get("description_width")
            room = None if str(dw) in WIDE else px(dw) if px(dw) is not None else DESCRIPTION_PX
            checks.append((s["description"], room, LABEL_PADDING_PX))
        for text, room, pad in checks:
            if room is not None and text_px(text) > room - pad:
                out.append(f"{name}: {text} (needs {text_px(text):.0f} px, has {room - pad:.0f} px)")
    return out
