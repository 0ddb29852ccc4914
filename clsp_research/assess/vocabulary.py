"""The assessment's shared vocabulary: the continuum's stages, severities, signals and how values read.

The rubric (:mod:`~clsp_research.assess.rubric`) checks its rules against these names, the
signals (:mod:`~clsp_research.assess.signals`) register under them, and the tie levels
(:mod:`~clsp_research.assess.ties`) count in stages; all three import this module, and it
imports none of them, so they stand in order: vocabulary, rubric, ties, signals.

Examples
--------
>>> STAGES[0], STAGES[-1]
('networking', 'integration')
>>> format_value(0.256, "share")
'26%'
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

__all__ = ["SEVERITIES", "SIGNALS", "STAGES", "Signal", "SignalReader", "format_value", "signals"]

#: The composite continuum's stages, loosest first (griffith2002, §2.4-2.7).
STAGES: tuple[str, ...] = ("networking", "co-operation", "co-ordination", "integration")

#: Severities of a risk flag's triggers, most severe first.
SEVERITIES: tuple[str, ...] = ("high", "medium", "low")


class SignalReader(Protocol):
    """What a rule needs of the partnership being assessed: a signal's value, and its value as text.

    :class:`~clsp_research.assess.signals.Context` is the one the assessment passes.
    """

    def get(self, name: str) -> Any:
        """The value of a signal (``None`` when not recorded)."""
        ...

    def format(self, name: str, spec: str = "") -> str:
        """A signal's value as text."""
        ...


@dataclass(frozen=True)
class Signal:
    """One named fact: how it is computed, what it is called in sentences, how it is shown."""

    id: str
    label: str
    kind: str  # "measure" or "attribute"
    fmt: str  # bool, count, share, ratio, years, rate, text, list, stage, name, category
    doc: str
    compute: Callable[[Any], Any]  # takes the assessment's Context (clsp_research.assess.signals)


#: Every signal, by id. :mod:`clsp_research.assess.signals` fills it when it is imported, which
#: importing any part of :mod:`clsp_research.assess` does (the package imports it first).
SIGNALS: dict[str, Signal] = {}


def signals() -> list[dict[str, str]]:
    """Every signal a rule may read: ``id``, ``label``, ``kind``, ``format`` and ``doc``.

    Examples
    --------
    >>> ids = [s["id"] for s in signals()]
    >>> "density" in ids and "shared_mission" in ids
    True
    """
    return [{"id": s.id, "label": s.label, "kind": s.kind, "format": s.fmt, "doc": s.doc} for s in SIGNALS.values()]


def _join(names: list[str], limit: int = 6) -> str:
    names = [str(n) for n in names]
    if not names:
        return "none"
    if len(names) > limit:
        names = [*names[: limit - 1], f"{len(names) - limit + 1} others"]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def format_value(value: Any, fmt: str) -> str:
    """A signal value as people read it (``'not recorded'`` for ``None``).

    Examples
    --------
    >>> format_value(0.256, "share"), format_value(True, "bool"), format_value(2.0, "years")
    ('26%', 'yes', '2 years')
    >>> format_value(None, "count"), format_value(["a", "b", "c"], "list"), format_value(1, "stage")
    ('not recorded', 'a, b and c', 'co-operation')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "not recorded"
    if fmt == "bool":
        return "yes" if value else "no"
    if fmt == "share":
        return f"{value:.0%}"
    if fmt == "ratio":
        return f"{value:.2f}"
    if fmt == "rate":
        return f"{value:.2f} per member-year"
    if fmt == "years":
        v = float(value)
        return f"{v:g} year" + ("" if v == 1 else "s")
    if fmt == "count":
        return f"{value:g}" if isinstance(value, float) else str(value)
    if fmt == "list":
        return _join(list(value))
    if fmt == "stage":
        return "none (no ties)" if value < 0 else STAGES[value]
    return str(value)
