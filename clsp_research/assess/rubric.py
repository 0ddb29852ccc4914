"""The scoring rubric: rules read from YAML data, checked once, compiled for fast use.

The default rubric lives in ``clsp_research/literature/data/rules/`` (``rubric.yaml``,
``tie_levels.yaml``, ``continuum.yaml``, ``factors.yaml``, ``flags.yaml``,
``recommendations.yaml``); each file documents its own fields. A researcher tunes the
assessment by copying that folder and editing it, or by passing a few overrides::

    assess(p, rubric="my_rules/")                           # a folder (missing files: defaults)
    assess(p, rubric={"continuum": {"threshold": 0.4}})     # overrides merged over the defaults

The module is about 850 lines long because it holds the whole contract of the rule files in one
place: each section's compiled dataclasses beside the checks that build them, so that every
error names the file, line and field the same way.

Every rule is checked when loaded; a bad rule raises :class:`~clsp_research.errors.CLSPInputError`
naming the file, the line and the field. Rules may cite only seed paragraphs
(``"griffith2002, §x"``); every other citation comes from the literature catalogue item a
rule names.

Examples
--------
>>> r = load_rubric()
>>> r.id, r.continuum.threshold
('clsp-default', 0.5)
>>> load_rubric(overrides={"continuum": {"threshold": 0.4}}).continuum.threshold
0.4
>>> load_rubric(overrides={"continuum": {"threshold": 2}})  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
clsp_research.errors.CLSPInputError: ...(with overrides): threshold: expected a number from 0 to 1, found 2
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import CLSPInputError
from ..partnership.model import TIE_KINDS
from .vocabulary import SEVERITIES, SIGNALS, STAGES, SignalReader, format_value

__all__ = [
    "DEFAULT_RULES_DIR",
    "RULE_FILES",
    "Clause",
    "Condition",
    "Rubric",
    "load_rubric",
]

#: Where the default rubric is kept.
DEFAULT_RULES_DIR = Path(__file__).resolve().parents[1] / "literature" / "data" / "rules"
#: The files of a rubric folder, by section name.
RULE_FILES = {
    "rubric": "rubric.yaml",
    "tie_levels": "tie_levels.yaml",
    "continuum": "continuum.yaml",
    "factors": "factors.yaml",
    "flags": "flags.yaml",
    "recommendations": "recommendations.yaml",
}
_SEED_CITE = re.compile(r"^(griffith2002, §\d+\.\d+|lsc_clsp_web\b)")  # the two seed documents
_OPS = ("equals", "not_equals", "at_least", "at_most", "above", "below", "contains", "not_contains", "empty")


# -- errors with file and line --------------------------------------------------------------------

class _Where:
    """Where a section came from, to name file, line and field in errors."""

    def __init__(self, path: Path, text: str | None) -> None:
        self.path = path
        self.text = text

    def line(self, keys: tuple[Any, ...]) -> int | None:
        if self.text is None:
            return None
        import yaml

        try:
            node = yaml.compose(self.text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError:
            return None
        line = None
        for k in keys:
            if isinstance(node, yaml.MappingNode):
                nxt = next(((kn, vn) for kn, vn in node.value if kn.value == str(k)), None)
                if nxt is None:
                    break
                line = nxt[0].start_mark.line + 1
                node = nxt[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(k, int) and k < len(node.value):
                node = node.value[k]
                line = node.start_mark.line + 1
            else:
                break
        return line

    def error(self, keys: tuple[Any, ...], message: str) -> CLSPInputError:
        fld = ".".join(f"[{k}]" if isinstance(k, int) else str(k) for k in keys).replace(".[", "[")
        return CLSPInputError(message, file=str(self.path), line=self.line(keys), field=fld or None)


def _num(where: _Where, keys: tuple[Any, ...], v: Any, lo: float | None = 0.0, hi: float | None = None) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise where.error(keys, f"expected a number, found {v!r}")
    if (lo is not None and v < lo) or (hi is not None and v > hi):
        rng = f"from {lo:g} to {hi:g}" if hi is not None else f"of at least {lo:g}"
        raise where.error(keys, f"expected a number {rng}, found {v!r}")
    return float(v)


def _text(where: _Where, keys: tuple[Any, ...], v: Any, required: bool = True) -> str:
    if v is None and not required:
        return ""
    if not isinstance(v, str) or not v.strip():
        raise where.error(keys, f"expected non-empty text, found {v!r}")
    return " ".join(v.split())


def _stage(where: _Where, keys: tuple[Any, ...], v: Any) -> int:
    if v not in STAGES:
        raise where.error(keys, f"unknown stage {v!r}; expected one of: {', '.join(STAGES)}")
    return STAGES.index(v)


def _cites(where: _Where, keys: tuple[Any, ...], v: Any) -> tuple[str, ...]:
    if v is None:
        return ()
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list):
        raise where.error(keys, f"expected a list of citations, found {v!r}")
    for i, c in enumerate(v):
        if not isinstance(c, str) or not _SEED_CITE.match(c):
            raise where.error(
                (*keys, i),
                f"a rule may cite only seed paragraphs (or the LSC page) such as 'griffith2002, §3.56', "
                f"found {c!r}; other citations come from the catalogue item the rule names",
            )
    return tuple(v)


def _mapping(where: _Where, keys: tuple[Any, ...], v: Any) -> Mapping[str, Any]:
    if not isinstance(v, Mapping):
        raise where.error(keys, f"expected a mapping, found {type(v).__name__}")
    return v


# -- conditions -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Condition:
    """A test on one signal: ``{signal: X, <op>: value, if_unknown: true|false}``.

    Operators: ``equals``, ``not_equals``, ``at_least``, ``at_most``, ``above``, ``below``
    (numbers, or stage ids for stage signals), ``contains``/``not_contains`` (lists) and
    ``empty`` (``true``/``false``, lists). A signal that is not recorded makes the condition
    unknown (``None``) unless ``if_unknown`` says how to read it.
    """

    signal: str
    op: str
    value: Any
    if_unknown: bool | None = None

    def evaluate(self, ctx: SignalReader) -> bool | None:
        """``True``, ``False`` or ``None`` (unknown)."""
        v = ctx.get(self.signal)
        if v is None:
            return self.if_unknown
        op, x = self.op, self.value
        if op == "equals":
            return v == x
        if op == "not_equals":
            return v != x
        if op == "at_least":
            return v >= x
        if op == "at_most":
            return v <= x
        if op == "above":
            return v > x
        if op == "below":
            return v < x
        if op == "contains":
            return x in v
        if op == "not_contains":
            return x not in v
        return (len(v) == 0) == bool(x)  # empty

    def describe(self, ctx: SignalReader) -> str:
        """The test and the value found, in words (``'SMART objectives: no expected, found yes'``)."""
        sig = SIGNALS[self.signal]
        x = self.value
        shown = x if isinstance(x, str) or sig.fmt == "list" else format_value(x, sig.fmt)
        words = {"equals": "", "not_equals": "not ", "at_least": "at least ", "at_most": "at most ",
                 "above": "above ", "below": "below ", "contains": "includes ", "not_contains": "excludes "}
        found = ctx.format(self.signal)
        shown, found = _distinguish(x, ctx.get(self.signal), sig.fmt, str(shown), found)
        expected = ("none" if x else "some") if self.op == "empty" else words[self.op] + str(shown)
        unknown = "" if self.if_unknown is None else " (or not recorded)" if self.if_unknown else ""
        return f"{sig.label}: {expected}{unknown} expected, found {found}"


def _distinguish(threshold: Any, value: Any, fmt: str, shown: str, found: str) -> tuple[str, str]:
    """Threshold and value as text, with more digits when rounding makes unequal numbers look equal.

    Examples
    --------
    >>> _distinguish(0.6, 0.5996, "share", "60%", "60%")
    ('60.00%', '59.96%')
    >>> _distinguish(0.6, 0.6, "share", "60%", "60%")
    ('60%', '60%')
    >>> _distinguish(0.6, 0.6004, "ratio", "0.60", "0.60")
    ('0.6000', '0.6004')
    """
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (threshold, value))
    if shown != found or not numbers or threshold == value or fmt not in ("share", "ratio"):
        return shown, found
    for digits in range(1, 7):
        spec = f".{digits}%" if fmt == "share" else f".{digits + 2}f"
        a, b = format(threshold, spec), format(value, spec)
        if a != b:
            return a, b
    return shown, found


@dataclass(frozen=True)
class Clause:
    """``all:`` and ``any:`` lists of conditions (both must hold), read three-valued."""

    all: tuple[Condition, ...] = ()
    any: tuple[Condition, ...] = ()

    def evaluate(self, ctx: SignalReader) -> bool | None:
        """``True`` when every ``all`` condition and some ``any`` condition holds; ``False`` when
        one ``all`` condition or every ``any`` condition fails; else ``None`` (unknown)."""
        a: bool | None = True
        for c in self.all:
            r = c.evaluate(ctx)
            if r is False:
                return False
            if r is None:
                a = None
        if not self.any:
            return a
        b: bool | None = False
        for c in self.any:
            r = c.evaluate(ctx)
            if r is True:
                b = True
                break
            if r is None:
                b = None
        if b is False:
            return False
        return None if a is None or b is None else True

    @property
    def conditions(self) -> tuple[Condition, ...]:
        """Every condition of the clause."""
        return self.all + self.any


def _condition(where: _Where, keys: tuple[Any, ...], raw: Any) -> Condition:
    raw = _mapping(where, keys, raw)
    name = raw.get("signal")
    if name not in SIGNALS:
        raise where.error((*keys, "signal"), f"unknown signal {name!r}; expected one of: {', '.join(SIGNALS)}")
    ops = [k for k in raw if k in _OPS]
    extra = set(raw) - {"signal", "if_unknown", *_OPS}
    if len(ops) != 1 or extra:
        raise where.error(keys, f"a condition needs a signal and exactly one of: {', '.join(_OPS)}"
                          + (f" (unexpected: {', '.join(sorted(extra))})" if extra else ""))
    op, value = ops[0], raw[ops[0]]
    if SIGNALS[name].fmt == "stage" and isinstance(value, str):
        value = _stage(where, (*keys, op), value)
    if op in ("at_least", "at_most", "above", "below"):
        _num(where, (*keys, op), value, lo=None)
    iu = raw.get("if_unknown")
    if iu is not None and not isinstance(iu, bool):
        raise where.error((*keys, "if_unknown"), f"expected true or false, found {iu!r}")
    return Condition(name, op, value, iu)


def _clause(where: _Where, keys: tuple[Any, ...], raw: Mapping[str, Any], required: bool = True) -> Clause:
    parts: dict[str, tuple[Condition, ...]] = {}
    for part in ("all", "any"):
        items = raw.get(part) or []
        if not isinstance(items, list):
            raise where.error((*keys, part), "expected a list of conditions")
        parts[part] = tuple(_condition(where, (*keys, part, i), c) for i, c in enumerate(items))
    if required and not (parts["all"] or parts["any"]):
        raise where.error(keys, "expected conditions under 'all:' or 'any:'")
    return Clause(parts["all"], parts["any"])


# -- compiled rules ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Upgrade:
    """A tie-level upgrade: when the tie's attributes match, the tie reaches ``level``."""

    when: tuple[tuple[str, Any], ...]
    level: int
    because: str
    cites: tuple[str, ...]


@dataclass(frozen=True)
class TieRule:
    """The base level of a tie kind and its upgrades."""

    kind: str
    level: int
    because: str
    cites: tuple[str, ...]
    upgrades: tuple[Upgrade, ...] = ()


@dataclass(frozen=True)
class EvidenceRule:
    """Recorded arrangements showing a stage characteristic at the level of a stage."""

    characteristic: str
    reaches: int
    clause: Clause
    because: str
    cites: tuple[str, ...]


@dataclass(frozen=True)
class ContinuumRules:
    """Weights, threshold and evidence rules of the stage profile (``continuum.yaml``)."""

    threshold: float
    w_ties: float
    w_arrangements: float
    gate: float
    characteristics: tuple[tuple[str, float], ...]
    evidence: tuple[EvidenceRule, ...]
    below_networking_score: float


@dataclass(frozen=True)
class Indicator:
    """One piece of evidence for a success factor: a signal, how it scores, its weight."""

    signal: str
    weight: float
    transform: tuple[Any, ...]  # ("bool", invert) | ("ramp", lo, hi) | ("map", {value: score})
    texts: tuple[tuple[str, str], ...]  # (case, template); case in default/true/false/unknown
    cite: str | None

    def score(self, value: Any) -> float | None:
        """The indicator's score in [0, 1] for a signal value (``None`` when unknown)."""
        if value is None or (isinstance(value, float) and value != value):
            return None
        kind = self.transform[0]
        if kind == "bool":
            s = 1.0 if value else 0.0
            return 1.0 - s if self.transform[1] else s
        if kind == "map":
            return self.transform[1].get(value)
        lo, hi = self.transform[1], self.transform[2]
        x = (float(value) - lo) / (hi - lo)
        return min(1.0, max(0.0, x))


@dataclass(frozen=True)
class FactorRule:
    """The indicators of one success factor (``factors.yaml``)."""

    id: str
    catalogue_id: str
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Trigger:
    """One way a risk flag fires, with its severity and message template."""

    severity: str
    clause: Clause
    message: str


@dataclass(frozen=True)
class FlagRule:
    """A risk flag: its catalogue item and its triggers, tried in order (``flags.yaml``).

    ``factors`` are the success factors the flag speaks to; ``strength`` an optional
    ``(signal, value graded 0, value graded 1)`` ramp that grades the flag smoothly.
    """

    id: str
    catalogue_id: str
    triggers: tuple[Trigger, ...]
    factors: tuple[str, ...] = ()
    strength: tuple[str, float, float] | None = None


@dataclass(frozen=True)
class FlagCaps:
    """The ceiling a raised flag puts on the factors it speaks to, by severity (``flags.yaml`` ``caps``)."""

    by_severity: Mapping[str, float]
    because: str
    cites: tuple[str, ...]


@dataclass(frozen=True)
class RemedyRef:
    """A remedy of the catalogue: the ``index``-th remedy of success factor ``factor``."""

    factor: str
    index: int


@dataclass(frozen=True)
class RecommendationRules:
    """Which factors and flags get recommendations, how many, and at which stages (``recommendations.yaml``)."""

    max_items: int
    weak_below: float
    min_confidence: float
    per_factor: int
    for_flags: Mapping[str, tuple[RemedyRef, ...]] = field(default_factory=dict)
    stages: Mapping[tuple[str, int], tuple[int, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Rubric:
    """A compiled, checked rubric. Build it with :func:`load_rubric`.

    ``key`` is a digest of the rules' content: two rubrics with the same rules share it,
    so results cached on a partnership are reused only for the same rules.
    """

    id: str
    version: str
    name: str
    description: str
    source: str
    params: Mapping[str, Any]
    tie_rules: Mapping[str, TieRule]
    tie_confidence: Mapping[str, float]
    continuum: ContinuumRules
    factors: tuple[FactorRule, ...]
    no_evidence_score: float
    survey_weight: float
    survey_scale: tuple[float, float]
    flags: tuple[FlagRule, ...]
    flag_caps: FlagCaps
    recommendations: RecommendationRules
    key: str
    raw: Mapping[str, Any] = field(repr=False, compare=False)

    @property
    def kind_order(self) -> tuple[str, ...]:
        """Tie kinds, loosest first."""
        return TIE_KINDS

    @property
    def kind_rank(self) -> dict[str, int]:
        """Tie kind -> position on the loosest-to-closest scale."""
        return _KIND_RANK

    def to_dict(self) -> dict[str, Any]:
        """The rubric's raw sections, as read (a deep copy)."""
        return copy.deepcopy(dict(self.raw))


_KIND_RANK = {k: i for i, k in enumerate(TIE_KINDS)}


# -- section compilers ----------------------------------------------------------------------------

def _tie_rules(where: _Where, raw: Mapping[str, Any]) -> dict[str, TieRule]:
    kinds = _mapping(where, ("kinds",), raw.get("kinds"))
    unknown = sorted(set(kinds) - set(TIE_KINDS))
    if unknown:
        raise where.error(("kinds", unknown[0]), f"unknown tie kind {unknown[0]!r}; expected one of: "
                          + ", ".join(TIE_KINDS))
    rules: dict[str, TieRule] = {}
    for kind in TIE_KINDS:
        if kind not in kinds:
            raise where.error(("kinds",), f"no rule for tie kind {kind!r}; every kind needs a level")
        k = ("kinds", kind)
        r = _mapping(where, k, kinds[kind])
        base = _stage(where, (*k, "level"), r.get("level"))
        ups = []
        for i, u in enumerate(r.get("upgrades") or []):
            uk = (*k, "upgrades", i)
            u = _mapping(where, uk, u)
            when = _mapping(where, (*uk, "when"), u.get("when"))
            if not when or any(v is None for v in when.values()):
                raise where.error((*uk, "when"), "expected attribute: value pairs (a value cannot be null)")
            if "formal" in when:
                raise where.error((*uk, "when", "formal"), "formality cannot raise a tie's level: a written "
                                  "protocol makes a relationship more formal, not closer (griffith2002, §2.4-2.5); "
                                  "it raises the tie's confidence (see 'confidence')")
            lv = _stage(where, (*uk, "level"), u.get("level"))
            if lv < base:
                raise where.error((*uk, "level"), f"an upgrade cannot lower the level ({STAGES[lv]} is below "
                                  f"the base level {STAGES[base]})")
            ups.append(Upgrade(tuple(sorted(when.items())), lv, _text(where, (*uk, "because"), u.get("because")),
                               _cites(where, (*uk, "cites"), u.get("cites"))))
        rules[kind] = TieRule(kind, base, _text(where, (*k, "because"), r.get("because")),
                              _cites(where, (*k, "cites"), r.get("cites")), tuple(ups))
    # Closer kinds never fall below looser ones, whatever the attributes (checked on every combination).
    conds = sorted({c for r in rules.values() for u in r.upgrades for c in u.when}, key=repr)
    for mask in itertools.product((False, True), repeat=len(conds)):
        held = {c for c, on in zip(conds, mask, strict=True) if on}
        prev_kind, prev = None, -1
        for kind in TIE_KINDS:
            r = rules[kind]
            lv = max([r.level] + [u.level for u in r.upgrades if set(u.when) <= held])
            if lv < prev:
                attrs = ", ".join(f"{a}={v}" for a, v in sorted(held, key=repr)) or "no attribute"
                raise where.error(("kinds", kind), f"with {attrs}, {kind} would be {STAGES[lv]}, below the looser "
                                  f"{prev_kind} at {STAGES[prev]}; closer kinds must never rank lower")
            prev_kind, prev = kind, lv
    return rules


def _tie_confidence(where: _Where, raw: Mapping[str, Any]) -> dict[str, float]:
    conf = _mapping(where, ("confidence",), raw.get("confidence") or
                    {"formal": 1.0, "informal": 0.8, "unrecorded": 0.7})
    out = {k: _num(where, ("confidence", k), conf.get(k), 0.0, 1.0) for k in ("formal", "informal", "unrecorded")}
    if not out["formal"] >= max(out["informal"], out["unrecorded"]):
        raise where.error(("confidence", "formal"), "a formal tie must be at least as sure as an informal or "
                          "unrecorded one (formality raises confidence)")
    return out


def _continuum(where: _Where, raw: Mapping[str, Any]) -> ContinuumRules:
    w = _mapping(where, ("weights",), raw.get("weights"))
    wt = _num(where, ("weights", "ties"), w.get("ties"))
    wa = _num(where, ("weights", "arrangements"), w.get("arrangements"))
    if abs(wt + wa - 1.0) > 1e-9:
        raise where.error(("weights",), f"the weights of ties and arrangements must add up to 1, found {wt + wa:g}")
    chars = _mapping(where, ("characteristics",), raw.get("characteristics"))
    cw = tuple((str(k), _num(where, ("characteristics", k), v)) for k, v in chars.items())
    evidence = []
    for i, e in enumerate(raw.get("evidence") or []):
        k = ("evidence", i)
        e = _mapping(where, k, e)
        ch = e.get("characteristic")
        if ch not in chars:
            raise where.error((*k, "characteristic"), f"unknown characteristic {ch!r}; expected one of: "
                              + ", ".join(chars))
        evidence.append(EvidenceRule(ch, _stage(where, (*k, "reaches"), e.get("reaches")), _clause(where, k, e),
                                     _text(where, (*k, "because"), e.get("because")),
                                     _cites(where, (*k, "cites"), e.get("cites"))))
    alt = raw.get("alternatives") or {}
    return ContinuumRules(
        threshold=_num(where, ("threshold",), raw.get("threshold"), 0.0, 1.0),
        w_ties=wt,
        w_arrangements=wa,
        gate=_num(where, ("gate",), raw.get("gate"), 1e-9, 1.0),
        characteristics=cw,
        evidence=tuple(evidence),
        below_networking_score=_num(where, ("alternatives", "below_networking_score"),
                                    alt.get("below_networking_score", 1.0), 0.0, 1.0),
    )


def _indicator(where: _Where, k: tuple[Any, ...], raw: Any) -> Indicator:
    raw = _mapping(where, k, raw)
    name = raw.get("signal")
    if name not in SIGNALS:
        raise where.error((*k, "signal"), f"unknown signal {name!r}; expected one of: {', '.join(SIGNALS)}")
    weight = _num(where, (*k, "weight"), raw.get("weight", 1.0), 1e-9)
    if "ramp" in raw:
        r = raw["ramp"]
        if not (isinstance(r, list) and len(r) == 2):
            raise where.error((*k, "ramp"), f"expected [value scoring 0, value scoring 1], found {r!r}")
        lo, hi = (_num(where, (*k, "ramp", j), x, lo=None) for j, x in enumerate(r))
        if lo == hi:
            raise where.error((*k, "ramp"), "the two ends of a ramp must differ")
        transform: tuple[Any, ...] = ("ramp", lo, hi)
    elif "map" in raw:
        mp = _mapping(where, (*k, "map"), raw["map"])
        transform = ("map", {key: _num(where, (*k, "map", key), v, 0.0, 1.0) for key, v in mp.items()})
    else:
        if SIGNALS[name].fmt != "bool":
            raise where.error(k, f"signal {name!r} is not yes/no: give a 'ramp: [lo, hi]' or a 'map'")
        transform = ("bool", bool(raw.get("invert", False)))
    text = raw.get("text")
    texts: dict[str, str] = {}
    if isinstance(text, Mapping):
        for case, t in text.items():
            if case not in ("default", "true", "false", "unknown") and case not in (True, False):
                raise where.error((*k, "text", case), "text cases are: default, true, false, unknown")
            texts[{True: "true", False: "false"}.get(case, str(case))] = _text(where, (*k, "text", case), t)
    elif text is not None:
        texts["default"] = _text(where, (*k, "text"), text)
    cite = raw.get("cite")
    if cite is not None:
        cite = _cites(where, (*k, "cite"), cite)[0]
    return Indicator(name, weight, transform, tuple(texts.items()), cite)


def _factors(where: _Where, raw: Mapping[str, Any]) -> tuple[tuple[FactorRule, ...], float, float, tuple[float, float]]:
    facs = _mapping(where, ("factors",), raw.get("factors"))
    out = []
    for fid, fr in facs.items():
        k = ("factors", fid)
        fr = _mapping(where, k, fr)
        inds = fr.get("indicators") or []
        if not isinstance(inds, list) or not inds:
            raise where.error((*k, "indicators"), "a factor needs a list of indicators")
        out.append(FactorRule(str(fid), str(fr.get("catalogue", fid)),
                              tuple(_indicator(where, (*k, "indicators", i), x) for i, x in enumerate(inds))))
    survey = raw.get("survey") or {}
    scale = survey.get("scale", [1, 5])
    if not (isinstance(scale, list) and len(scale) == 2 and scale[0] < scale[1]):
        raise where.error(("survey", "scale"), f"expected [lowest, highest] rating, found {scale!r}")
    return (tuple(out), _num(where, ("no_evidence_score",), raw.get("no_evidence_score", 0.5), 0.0, 1.0),
            _num(where, ("survey", "weight"), survey.get("weight", 2.0)), (float(scale[0]), float(scale[1])))


_FIELD = re.compile(r"\{([^{}:!]*)(?:![rs])?(?::[^{}]*)?\}")


def _template(where: _Where, k: tuple[Any, ...], text: Any) -> str:
    t = _text(where, k, text)
    for name in _FIELD.findall(t):
        if name not in SIGNALS and name != "value":
            raise where.error(k, f"unknown placeholder {{{name}}}; placeholders are signal ids or {{value}}")
    return t


def _flags(where: _Where, raw: Mapping[str, Any], factor_ids: tuple[str, ...]) -> tuple[FlagRule, ...]:
    flags = _mapping(where, ("flags",), raw.get("flags"))
    out = []
    for fid, fr in flags.items():
        k = ("flags", fid)
        fr = _mapping(where, k, fr)
        trig = fr.get("triggers") or []
        if not isinstance(trig, list) or not trig:
            raise where.error((*k, "triggers"), "a flag needs a list of triggers")
        ts = []
        for i, t in enumerate(trig):
            tk = (*k, "triggers", i)
            t = _mapping(where, tk, t)
            sev = t.get("severity")
            if sev not in SEVERITIES:
                raise where.error((*tk, "severity"), f"unknown severity {sev!r}; expected one of: "
                                  + ", ".join(SEVERITIES))
            ts.append(Trigger(sev, _clause(where, tk, t), _template(where, (*tk, "message"), t.get("message"))))
        facs = fr.get("factors") or []
        if not isinstance(facs, list) or not all(isinstance(f, str) for f in facs):
            raise where.error((*k, "factors"), f"expected a list of success factor ids, found {facs!r}")
        unknown = [f for f in facs if f not in factor_ids]
        if unknown:
            raise where.error((*k, "factors"), f"unknown factor {unknown[0]!r}; expected one of: "
                              + ", ".join(factor_ids))
        strength = None
        if fr.get("strength") is not None:
            st = _mapping(where, (*k, "strength"), fr["strength"])
            sig = st.get("signal")
            if sig not in SIGNALS:
                raise where.error((*k, "strength", "signal"), f"unknown signal {sig!r}")
            ramp = st.get("ramp")
            if not (isinstance(ramp, list) and len(ramp) == 2):
                raise where.error((*k, "strength", "ramp"),
                                  f"expected [value graded 0, value graded 1], found {ramp!r}")
            lo, hi = (_num(where, (*k, "strength", "ramp", j), x, lo=None) for j, x in enumerate(ramp))
            if lo == hi:
                raise where.error((*k, "strength", "ramp"), "the two ends of a ramp must differ")
            strength = (str(sig), lo, hi)
        out.append(FlagRule(str(fid), str(fr.get("catalogue", fid)), tuple(ts), tuple(facs), strength))
    return tuple(out)


def _flag_caps(where: _Where, raw: Mapping[str, Any]) -> FlagCaps:
    caps = raw.get("caps")
    if caps is None:
        return FlagCaps({}, "", ())
    caps = _mapping(where, ("caps",), caps)
    by = {sev: _num(where, ("caps", sev), caps[sev], 0.0, 1.0) for sev in SEVERITIES if caps.get(sev) is not None}
    return FlagCaps(by, _text(where, ("caps", "because"), caps.get("because")),
                    _cites(where, ("caps", "cites"), caps.get("cites")))


def _remedy_ref(where: _Where, keys: tuple[Any, ...], raw: Any, factor_ids: tuple[str, ...]) -> RemedyRef:
    raw = _mapping(where, keys, raw)
    fac = raw.get("factor")
    if fac not in factor_ids:
        raise where.error((*keys, "factor"), f"unknown factor {fac!r}; expected one of: {', '.join(factor_ids)}")
    idx = raw.get("remedy", 0)
    if isinstance(idx, bool) or not isinstance(idx, int) or idx < 0:
        raise where.error((*keys, "remedy"), f"expected the position of a remedy (0 for the first), found {idx!r}")
    return RemedyRef(str(fac), idx)


def _recommendations(where: _Where, raw: Mapping[str, Any], factor_ids: tuple[str, ...],
                     flag_ids: tuple[str, ...]) -> RecommendationRules:
    for_flags: dict[str, tuple[RemedyRef, ...]] = {}
    ff = _mapping(where, ("for_flags",), raw.get("for_flags") or {})
    for fid, refs in ff.items():
        if fid not in flag_ids:
            raise where.error(("for_flags", fid), f"unknown flag {fid!r}; expected one of: {', '.join(flag_ids)}")
        if not isinstance(refs, list) or not refs:
            raise where.error(("for_flags", fid), "expected a list of {factor, remedy} references")
        for_flags[str(fid)] = tuple(_remedy_ref(where, ("for_flags", fid, i), r, factor_ids)
                                    for i, r in enumerate(refs))
    stages: dict[tuple[str, int], tuple[int, ...]] = {}
    for i, st in enumerate(raw.get("stage_fit") or []):
        k = ("stage_fit", i)
        ref = _remedy_ref(where, k, st, factor_ids)
        sts = _mapping(where, k, st).get("stages")
        if not isinstance(sts, list) or not sts:
            raise where.error((*k, "stages"), "expected a list of the stages the remedy fits")
        stages[(ref.factor, ref.index)] = tuple(_stage(where, (*k, "stages", j), s) for j, s in enumerate(sts))
    return RecommendationRules(
        max_items=int(_num(where, ("max",), raw.get("max", 5), 0.0)),
        weak_below=_num(where, ("weak_below",), raw.get("weak_below", 0.5), 0.0, 1.0),
        min_confidence=_num(where, ("min_confidence",), raw.get("min_confidence", 0.5), 0.0, 1.0),
        per_factor=int(_num(where, ("remedies_per_factor",), raw.get("remedies_per_factor", 1), 1.0)),
        for_flags=for_flags,
        stages=stages,
    )


# -- loading ----------------------------------------------------------------------------------------

def _read(path: Path) -> tuple[dict[str, Any], str]:
    import yaml

    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml's safe loader if built
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise CLSPInputError(f"invalid YAML: {getattr(exc, 'problem', exc)}", file=str(path),
                             line=mark.line + 1 if mark else None) from None
    if not isinstance(data, dict):
        raise CLSPInputError("expected a mapping of rule fields", file=str(path))
    return data, text


@lru_cache(maxsize=8)
def _read_cached(path: str, mtime: float) -> tuple[dict[str, Any], str]:
    return _read(Path(path))


def _deep_merge(base: Any, over: Any) -> Any:
    if isinstance(base, Mapping) and isinstance(over, Mapping):
        out = dict(base)
        for k, v in over.items():
            out[k] = _deep_merge(base.get(k), v) if k in base else copy.deepcopy(v)
        return out
    return copy.deepcopy(over)


def load_rubric(source: str | Path | None = None, overrides: Mapping[str, Any] | None = None) -> Rubric:
    """Read, check and compile a rubric.

    Parameters
    ----------
    source
        A rubric folder (files missing from it are taken from the default rubric), or ``None``
        for the default rubric.
    overrides
        Sections to merge over the files: ``{"continuum": {"threshold": 0.4}}``; keys are the
        section names of :data:`RULE_FILES` (``rubric`` for the manifest and its ``params``).
        Mappings merge key by key; lists and values replace.

    Raises
    ------
    CLSPInputError
        A rule is malformed (names file, line and field) or the folder does not exist.
    """
    if overrides is None and source is None:
        return _default_rubric(_mtimes())
    return _build(source, overrides)


def _mtimes() -> tuple[float, ...]:
    return tuple((DEFAULT_RULES_DIR / f).stat().st_mtime for f in RULE_FILES.values())


@lru_cache(maxsize=2)
def _default_rubric(mtimes: tuple[float, ...]) -> Rubric:
    return _build(None, None)


def _build(source: str | Path | None, overrides: Mapping[str, Any] | None) -> Rubric:
    folder = Path(source) if source is not None else DEFAULT_RULES_DIR
    if not folder.is_dir():
        raise CLSPInputError("expected a folder of rubric files (" + ", ".join(RULE_FILES.values()) + ")",
                             file=str(folder))
    if overrides is not None:
        unknown = sorted(set(overrides) - set(RULE_FILES))
        if unknown:
            raise CLSPInputError(f"unknown rubric section {unknown[0]!r}; expected one of: {', '.join(RULE_FILES)}",
                                 field="rubric")
    raw: dict[str, Any] = {}
    where: dict[str, _Where] = {}
    for section, fname in RULE_FILES.items():
        path = folder / fname
        if not path.exists():
            path = DEFAULT_RULES_DIR / fname
        data, text = _read_cached(str(path), path.stat().st_mtime)
        data = copy.deepcopy(data)
        if overrides and section in overrides:
            data = _deep_merge(data, overrides[section])
            text = None  # line numbers no longer match the file
            path = Path(f"{path} (with overrides)")
        raw[section] = data
        where[section] = _Where(path, text)
    man = raw["rubric"]
    params = man.get("params") or {}
    if not isinstance(params, Mapping):
        raise where["rubric"].error(("params",), "expected a mapping of parameters")
    thr = params.get("single_funder_threshold", 0.75)
    _num(where["rubric"], ("params", "single_funder_threshold"), thr, 1e-9, 1.0)
    factors, no_ev, sw, scale = _factors(where["factors"], raw["factors"])
    factor_ids = tuple(f.id for f in factors)
    flags = _flags(where["flags"], raw["flags"], factor_ids)
    key = hashlib.sha1(json.dumps(raw, sort_keys=True, default=str).encode()).hexdigest()[:16]
    return Rubric(
        id=str(man.get("id", folder.name)),
        version=str(man.get("version", "")),
        name=str(man.get("name", "")),
        description=" ".join(str(man.get("description", "")).split()),
        source=str(folder),
        params=dict(params),
        tie_rules=_tie_rules(where["tie_levels"], raw["tie_levels"]),
        tie_confidence=_tie_confidence(where["tie_levels"], raw["tie_levels"]),
        continuum=_continuum(where["continuum"], raw["continuum"]),
        factors=factors,
        no_evidence_score=no_ev,
        survey_weight=sw,
        survey_scale=scale,
        flags=flags,
        flag_caps=_flag_caps(where["flags"], raw["flags"]),
        recommendations=_recommendations(where["recommendations"], raw["recommendations"], factor_ids,
                                         tuple(f.id for f in flags)),
        key=key,
        raw=raw,
    )
