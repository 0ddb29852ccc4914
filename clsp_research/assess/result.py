"""The result of an assessment: placement, profile, factors, flags, recommendations, with reasons.

:class:`Assessment` holds everything :func:`~clsp_research.assess.assess` found;
:meth:`Assessment.to_dict` is the JSON contract of ``clsp assess --json``;
:meth:`Assessment.explain` and :meth:`Assessment.to_markdown` say in words why each number
is what it is, with the literature cited; :func:`compare` puts two assessments side by
side (before and after a change, or two partnerships) with the reasons for each difference.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import UnknownKeyError
from ..text import clauses
from .continuum import MappedItem, StageDetail
from .factors import FactorScore
from .flags import Flag, FlagCheck
from .recommend import Recommendation
from .ties import PairLevel, tie_levels_frame
from .vocabulary import STAGES

if TYPE_CHECKING:  # pragma: no cover
    from ..partnership.measures import StructuralSummary

__all__ = ["Assessment", "compare", "render_cites"]


def render_cites(cites: Iterable[str]) -> str:
    """Citations as author-year text (``'Griffith 2002, §3.56; Webb 1991, p.239'``); a key missing
    from ``references.bib`` is shown as the key with a note rather than failing."""
    from ..literature.citations import cite_many, parse_cite

    def missing(c: str) -> str:
        key, loc = parse_cite(c)
        return f"{key} (not in references.bib){', ' + loc if loc else ''}"

    return cite_many(dict.fromkeys(cites), missing=missing)


def _bar(score: float, width: int = 20) -> str:
    full = round(max(0.0, min(1.0, score)) * width)
    return "█" * full + "░" * (width - full)


def _r(x: float) -> float:
    return float(x)  # full precision in JSON: round only for people


@dataclass
class Assessment:
    """An explained assessment of one partnership.

    Attributes
    ----------
    partnership
        The partnership's name.
    framework, framework_name
        The continuum used (``continuum`` or an alternative such as ``continuum_frey``).
    stage
        The placement: the highest stage (item of ``framework``) substantially present.
    stage_profile
        Stage id -> score in [0, 1], loosest first; never rises along the stages.
    threshold
        The score a stage needs to count as substantially present.
    factors
        The 14 success factors (:class:`~clsp_research.assess.factors.FactorScore`).
    flags
        Raised risk flags, most severe first (:class:`~clsp_research.assess.flags.Flag`).
    recommendations
        Remedies for the weakest factors (:class:`~clsp_research.assess.recommend.Recommendation`).
    measures
        The structural summary (:class:`~clsp_research.partnership.measures.StructuralSummary`).
    rubric
        ``{"id", "version", "source"}`` of the rubric used.
    composite
        The composite continuum's stage details (the basis of every continuum's profile).
    composite_stage
        The placement on the composite continuum.
    mapped
        For an alternative continuum, how each of its items got its score (empty otherwise).
    flag_checks
        Every flag's check, raised or not (why a flag did not fire).
    stage_cites
        Stage id -> the catalogue's citations for it.
    """

    partnership: str
    framework: str
    framework_name: str
    stage: str
    stage_profile: dict[str, float]
    threshold: float
    factors: list[FactorScore]
    flags: list[Flag]
    recommendations: list[Recommendation]
    measures: StructuralSummary
    rubric: dict[str, str]
    composite: list[StageDetail]
    composite_stage: str
    mapped: list[MappedItem] = field(default_factory=list)
    flag_checks: dict[str, FlagCheck] = field(default_factory=dict)
    stage_cites: dict[str, tuple[str, ...]] = field(default_factory=dict)
    pairs: list[PairLevel] = field(default_factory=list, repr=False)
    components: dict[str, Any] = field(default_factory=dict)
    _robustness_args: tuple[Any, ...] | None = field(default=None, repr=False)
    _tie_levels: pd.DataFrame | None = field(default=None, repr=False)

    def robustness(self, seed: int = 0, resamples: int | None = None) -> Any:
        """How robust the composite placement and each flag are (:mod:`~clsp_research.assess.robustness`).

        ``None`` for an assessment built without its partnership. Seeded; cached on the
        partnership.
        """
        if self._robustness_args is None:
            return None
        from .robustness import DEFAULT_RESAMPLES, robustness

        p, _, rub = self._robustness_args
        return robustness(p, rub, seed=seed, resamples=DEFAULT_RESAMPLES if resamples is None else resamples)

    def _robustness_dict(self) -> dict[str, Any] | None:
        r = self.robustness()
        return None if r is None else r.to_dict()

    def close_call_line(self) -> str | None:
        """The one line people read about how close the placement is (``None`` without robustness)."""
        from .robustness import close_call_text

        r = self.robustness()
        return None if r is None else close_call_text(r)

    # -- views -------------------------------------------------------------------------------
    @property
    def tie_levels(self) -> pd.DataFrame:
        """One row per connected pair: ``source``, ``target``, ``kinds``, ``level`` (composite
        stage of its closest tie), ``decided_by`` and ``because`` (built on first use)."""
        if self._tie_levels is None:
            self._tie_levels = tie_levels_frame(self.pairs)
        return self._tie_levels.copy()

    def factor(self, factor_id: str) -> FactorScore:
        """One factor's score by id."""
        for f in self.factors:
            if f.id == factor_id:
                return f
        raise UnknownKeyError(f"no factor {factor_id!r}; factors are: {', '.join(f.id for f in self.factors)}")

    @property
    def flag_ids(self) -> list[str]:
        """Ids of the raised flags."""
        return [f.id for f in self.flags]

    def cited_keys(self) -> list[str]:
        """Every bibliography key this assessment cites, once each, in order of first use."""
        from ..literature.citations import parse_cite

        cites: list[str] = ["griffith2002"]
        for s in self.stage_profile:
            cites.extend(self.stage_cites.get(s, ()))
        for f in self.factors:
            cites.extend(f.cites)
            cites.extend(e.cite for e in f.evidence if e.cite)
        for fl in self.flags:
            cites.extend(fl.cites)
        for r in self.recommendations:
            cites.extend(r.cites)
        return list(dict.fromkeys(parse_cite(c)[0] for c in cites))

    # -- JSON ----------------------------------------------------------------------------------
    def to_dict(self, robustness: bool = False) -> dict[str, Any]:
        """The JSON contract of ``clsp assess --json`` (plain types only).

        ``robustness=True`` (what ``clsp assess --json`` passes) adds the ``robustness`` object,
        which resamples the ties (about 0.3 s for 60 members); without it the key is ``None``,
        so that widgets that read the rest stay fast.

        Keys: ``partnership``, ``framework``, ``stage``, ``stage_profile``, ``threshold``,
        ``composite_stage``, ``factors`` (``id, name, score, confidence, evidence, cites``),
        ``flags`` (``id, name, severity, message, cites, evidence``), ``recommendations``
        (``factor, text, cites, reason``), ``measures`` (the structural summary: density,
        degree_centralization, betweenness_centralization, most_central...),
        ``tie_level_counts`` (pairs at each composite stage), ``components`` (the connected
        pieces and where structure was read), ``robustness`` (margin, close call, stage and flag
        shares under resamples of the ties; see :mod:`~clsp_research.assess.robustness`) and
        ``rubric`` (``id, version``). Numbers keep full precision.
        """
        counts = {s: 0 for s in STAGES}
        for q in self.pairs:
            counts[STAGES[q.level]] += 1
        return {
            "partnership": self.partnership,
            "framework": self.framework,
            "stage": self.stage,
            "stage_profile": {k: _r(v) for k, v in self.stage_profile.items()},
            "threshold": self.threshold,
            "composite_stage": self.composite_stage,
            "factors": [f.to_dict() for f in self.factors],
            "flags": [f.to_dict() for f in self.flags],
            "recommendations": [r.to_dict() for r in self.recommendations],
            "measures": self.measures.to_dict(),
            "tie_level_counts": counts,
            "components": self.components,
            "robustness": self._robustness_dict() if robustness else None,
            "rubric": {"id": self.rubric["id"], "version": self.rubric["version"]},
        }

    #: Columns of :meth:`to_frame`, in order.
    FRAME_COLUMNS = ("partnership", "framework", "kind", "id", "name", "score", "confidence", "raised", "severity",
                     "evidence", "cites")

    def to_frame(self) -> pd.DataFrame:
        """The assessment as a tidy table: one row per placement, stage, factor and flag.

        Columns (:attr:`FRAME_COLUMNS`): ``kind`` (``placement``, ``stage``, ``factor``, ``flag``),
        ``id``, ``name``, ``score`` and ``confidence`` (0-1, where they apply), ``raised`` and
        ``severity`` (flags; every flag checked is a row, raised or not), ``evidence`` (what moved
        the item, ``; ``-separated) and ``cites`` (``references.bib`` keys with locators,
        ``; ``-separated). Tables of several partnerships stack into one
        (:func:`~clsp_research.assess.portfolio.assess_portfolio`).

        Examples
        --------
        >>> from clsp_research.assess import assess
        >>> from clsp_research.partnership.datasets import load_case_study
        >>> df = assess(load_case_study("talking_shop")).to_frame()
        >>> df.groupby("kind").size().to_dict()
        {'factor': 14, 'flag': 8, 'placement': 1, 'stage': 4}
        >>> row = df.set_index("id").loc["clarity"]
        >>> 0 <= row.score <= 1 and "griffith2002" in row.cites
        True
        """
        return pd.DataFrame(self._frame_rows(), columns=list(self.FRAME_COLUMNS))

    def _frame_rows(self) -> list[dict[str, Any]]:
        """The rows of :meth:`to_frame` as plain dicts (a portfolio makes one frame of many)."""
        rows: list[dict[str, Any]] = []

        def add(kind: str, id_: str, name: str, score: float | None = None, confidence: float | None = None,
                raised: bool | None = None, severity: str | None = None, evidence: Iterable[str] = (),
                cites: Iterable[str] = ()) -> None:
            rows.append({"partnership": self.partnership, "framework": self.framework, "kind": kind, "id": id_,
                         "name": name, "score": None if score is None else _r(score),
                         "confidence": None if confidence is None else _r(confidence), "raised": raised,
                         "severity": severity, "evidence": "; ".join(e for e in evidence if e),
                         "cites": "; ".join(dict.fromkeys(cites))})

        add("placement", self.stage, f"placement on {self.framework_name}", self.stage_profile.get(self.stage),
            evidence=[f"the highest stage scoring at least {self.threshold:.2f}"],
            cites=self.stage_cites.get(self.stage, ()))
        details = {d.stage: d for d in self.composite}
        notes = {m.id: m.note for m in self.mapped}
        for stage, score in self.stage_profile.items():
            d = details.get(stage)
            ev = [notes[stage]] if stage in notes else [] if d is None else [
                f"{d.ties:.0%} of members have a tie at this stage or closer",
                f"{d.arrangements:.0%} of its characteristics met by what is recorded"]
            add("stage", stage, stage, score, None if d is None else d.confidence, evidence=ev,
                cites=self.stage_cites.get(stage, ()))
        for f in self.factors:
            add("factor", f.id, f.name, f.score, f.confidence, evidence=[e.text for e in f.evidence],
                cites=[*f.cites, *(e.cite for e in f.evidence if e.cite)])
        raised = {fl.id: fl for fl in self.flags}
        for fid, check in self.flag_checks.items():
            fl = raised.get(fid)
            ev = [fl.message] if fl else [c for _, result, conds in check.triggers if result is False for c in conds]
            if check.unknown:
                ev.append("not recorded: " + ", ".join(check.unknown))
            add("flag", fid, check.name, raised=check.raised, severity=check.severity, evidence=ev,
                cites=fl.cites if fl else ())
        for fid, fl in raised.items():
            if fid not in self.flag_checks:
                add("flag", fid, fl.name, raised=True, severity=fl.severity, evidence=[fl.message], cites=fl.cites)
        return rows

    # -- explanations ------------------------------------------------------------------------------
    def _items(self) -> dict[str, str]:
        out = {"stage": "placement", "placement": "placement", "ties": "ties", "tie_levels": "ties"}
        out.update({s: "stage" for s in self.stage_profile})
        out.update({d.stage: "composite" for d in self.composite if d.stage not in out})
        out.update({f.id: "factor" for f in self.factors})
        out.update({fid: "flag" for fid in self.flag_checks})
        out.update({name: "measure" for name in self.measures.to_dict()})
        return out

    def explain(self, item_id: str) -> str:
        """Why an item of the assessment is what it is, in Markdown, with citations.

        ``item_id`` is ``"stage"`` (the placement), a stage id, a factor id, a flag id (raised
        or not), ``"ties"`` (the tie levels) or a measure of :attr:`measures`.
        """
        kinds = self._items()
        kind = kinds.get(item_id)
        if kind is None:
            raise UnknownKeyError(f"nothing called {item_id!r} in this assessment; explainable items are: "
                                  + ", ".join(dict.fromkeys(kinds)))
        return {
            "placement": self._explain_placement,
            "ties": self._explain_ties,
            "stage": self._explain_stage,
            "composite": self._explain_stage,
            "factor": self._explain_factor,
            "flag": self._explain_flag,
            "measure": self._explain_measure,
        }[kind](item_id)

    def _explain_placement(self, _: str = "stage") -> str:
        lines = [f"**{self.partnership}** is placed at **{self.stage}** on {self.framework_name}: the highest "
                 f"stage whose score reaches {self.threshold:.2f} (\"substantially present\"). Real partnerships "
                 f"mix stages, so each stage has a score ({render_cites(['griffith2002, §2.8'])}).", ""]
        for s, v in self.stage_profile.items():
            mark = " ← placement" if s == self.stage else ""
            lines.append(f"- `{_bar(v)}` {v:.2f} {s}{mark}")
        if self.mapped:
            lines += ["", f"On the composite continuum the placement is **{self.composite_stage}**; each item of "
                      f"{self.framework_name} takes the score of the composite stage it corresponds to:", ""]
            lines += [f"- {m.id}: {m.score:.2f} ({m.note})" for m in self.mapped]
        line = self.close_call_line()
        if line:
            lines += ["", line]
        tied_pieces = [n for n in self.components.get("sizes", []) if n >= 2]
        if len(tied_pieces) >= 2:
            used = "; ".join(f"{k}: {v}" for k, v in self.components["scored_on"].items())
            lines += ["", f"The partnership is in {len(tied_pieces)} pieces that no chain of ties joins (members: "
                      f"{', '.join(map(str, tied_pieces))}); structure was read as follows: {used}."]
        return "\n".join(lines)

    def _explain_stage(self, stage: str) -> str:
        mapped = next((m for m in self.mapped if m.id == stage), None)
        if mapped is not None:
            head = (f"**{mapped.name}** ({self.framework_name}) scores {mapped.score:.2f}: {mapped.note}.")
            if mapped.maps_to is None:
                return head
            return head + "\n\n" + self._explain_stage(mapped.maps_to)
        d = next(x for x in self.composite if x.stage == stage)
        lines = [
            f"**{stage}** scores {d.score:.2f} "
            f"({render_cites(self.stage_cites.get(stage, ()) or ['griffith2002, §2.3'])}).",
            "",
            f"- Ties: {d.ties:.0%} of members have a tie at {stage} or closer "
            f"({d.pair_share:.0%} of connected pairs).",
            f"- Arrangements: {d.arrangements:.0%} of the stage's characteristics are met by what is recorded "
            f"(recorded for {d.confidence:.0%} of what this stage asks beyond networking).",
            f"- Gate: arrangements count at {d.gate:.0%}, since they count fully only once enough members "
            "work at this stage.",
            "",
            "Characteristics:",
        ]
        for c in d.characteristics:
            req = f" ({c.required})" if c.required else ""
            lines.append(f"- {c.name}{req}: {c.status}, {c.met:.2f}: {c.because}")
        return "\n".join(lines)

    def _explain_ties(self, _: str = "ties") -> str:
        counts = {s: 0 for s in STAGES}
        for q in self.pairs:
            counts[STAGES[q.level]] += 1
        lines = [f"{len(self.pairs)} connected pairs; each takes the stage of its closest tie "
                 f"({render_cites(['griffith2002, §2.4', 'griffith2002, §2.7'])}).", ""]
        lines += [f"- {s}: {n} pairs" for s, n in counts.items()]
        seen: dict[tuple[str, str], str] = {}
        for q in self.pairs:
            seen.setdefault((q.decided_by, STAGES[q.level]), q.because)
        lines += ["", "Rules applied:", ""]
        lines += [f"- {k.replace('_', ' ')} → {lv}: {why}" for (k, lv), why in seen.items()]
        if self.pairs:
            mean = sum(q.confidence for q in self.pairs) / len(self.pairs)
            lines += ["", f"Confidence in these levels averages {mean:.0%}: a tie recorded as formal is the surest "
                      "of its level, one whose formality is not recorded the least; formality never changes the "
                      f"level itself ({render_cites(['griffith2002, §2.4', 'griffith2002, §2.5'])})."]
        return "\n".join(lines)

    def _explain_factor(self, factor_id: str) -> str:
        f = self.factor(factor_id)
        lines = [f"**{f.name}** scores {f.score:.2f} with {f.confidence:.0%} confidence "
                 f"({render_cites(f.cites)}).", ""]
        if f.summary:
            lines += [f.summary, ""]
        lines.append("Evidence (effect on the score, which is 0.5 plus the effects):")
        lines.append("")
        for e in f.evidence:
            eff = f"{e.effect:+.2f}" if e.score is not None else "  n/a"
            cite = f" ({render_cites([e.cite])})" if e.cite else ""
            lines.append(f"- {eff} {e.text}{cite}")
        if f.confidence < 1:
            lines += ["", "Facts not recorded lower the confidence; they are not counted as absent."]
        recs = [r for r in self.recommendations if r.factor == factor_id]
        if recs:
            lines += ["", "What the literature suggests:", ""]
            lines += [f"- {r.text} ({render_cites(r.cites)})" for r in recs]
        return "\n".join(lines)

    def _explain_flag(self, flag_id: str) -> str:
        chk = self.flag_checks[flag_id]
        raised = next((f for f in self.flags if f.id == flag_id), None)
        if raised is not None:
            lines = [f"**{chk.name}** is raised ({raised.severity}): {raised.message} "
                     f"({render_cites(raised.cites)})", ""]
        else:
            lines = [f"**{chk.name}** is not raised ({render_cites(chk.cites)}).", ""]
        for sev, result, conds in chk.triggers:
            verdict = {True: "holds", False: "does not hold", None: "cannot be checked (evidence not recorded)"}
            lines.append(f"- {sev} trigger {verdict[result]}:")
            lines += [f"  - {c}" for c in conds]
        if chk.unknown and raised is None:
            lines += ["", "Not recorded: " + ", ".join(chk.unknown) + "."]
        return "\n".join(lines)

    def _explain_measure(self, name: str) -> str:
        value = self.measures.to_dict()[name]
        try:
            from ..partnership.measures import MEASURE_DOCS
        except ImportError:  # pragma: no cover
            MEASURE_DOCS = {}
        doc = MEASURE_DOCS.get(name) or next(
            (d for d in MEASURE_DOCS.values() if name in d.get("fields", ())), {})
        text = f"**{name}** = {value!r}."
        if doc:
            text += f" {doc.get('concept', '')} {doc.get('how', '')}".rstrip()
            if doc.get("cites"):
                text += f" ({render_cites(doc['cites'])})"
        return text

    def to_markdown(self) -> str:
        """The whole assessment as a Markdown document, with a reference list."""
        from ..literature.citations import reference_list

        out = [f"# {self.partnership}: assessment", "",
               f"Continuum: {self.framework_name} (`{self.framework}`) · rubric {self.rubric['id']} "
               f"{self.rubric['version']}", "", "## Placement", "", self._explain_placement(), ""]
        out += ["## Success factors", "", "| factor | score | confidence | strongest evidence |", "|---|---|---|---|"]
        for f in self.factors:
            known = [e for e in f.evidence if e.score is not None]
            top = max(known, key=lambda e: abs(e.effect)).text if known else "no evidence recorded"
            out.append(f"| {f.name} | {f.score:.2f} | {f.confidence:.0%} | {top.replace('|', '/')} |")
        out += ["", "## Risk flags", ""]
        if self.flags:
            out += [f"- **{fl.name}** ({fl.severity}): {fl.message} ({render_cites(fl.cites)})" for fl in self.flags]
        else:
            out.append("No risk flag is raised.")
        out += ["", "## Recommendations", ""]
        if self.recommendations:
            out += [f"{i}. **{r.factor.replace('_', ' ')}**: {r.text} ({render_cites(r.cites)})"
                    for i, r in enumerate(self.recommendations, 1)]
        else:
            out.append("No factor is both weak and well evidenced.")
        m = self.measures
        out += ["", "## Structural measures", "",
                f"- density {m.density:.3f}; degree centralization {m.degree_centralization:.3f}; "
                f"betweenness centralization {m.betweenness_centralization:.3f}; most central: {m.most_central}",
                "", "## References", ""]
        try:
            out += [f"- {r}" for r in reference_list(self.cited_keys(), style="markdown")]
        except KeyError as exc:  # a key missing from references.bib: say so rather than fail
            out.append(f"- (reference list incomplete: {exc})")
        return "\n".join(out) + "\n"

    def __str__(self) -> str:
        return (f"<Assessment {self.partnership!r}: {self.stage} on {self.framework}; "
                f"{len(self.flags)} flags, {len(self.recommendations)} recommendations>")


def compare(a: Assessment, b: Assessment, labels: tuple[str, str] | None = None) -> pd.DataFrame:
    """Two assessments side by side, with the reasons for each difference.

    Rows (index ``item``): ``stage``; ``stage score: <stage>`` for each stage;
    ``factor: <id>`` for each factor; ``flag: <id>`` for each flag raised in either.
    Columns: the two labels (default the partnership names, or ``before``/``after`` when
    they are the same), ``change`` (the difference of scores; ``up``/``down`` for the stage;
    ``raised``/``cleared``/``severity`` for flags) and ``why`` (what changed in the evidence).
    """
    la, lb = labels or ((a.partnership, b.partnership) if a.partnership != b.partnership else ("before", "after"))
    rows: list[dict[str, Any]] = []
    order = list(a.stage_profile)
    ia = order.index(a.stage) if a.stage in order else 0
    ib = order.index(b.stage) if b.stage in order else 0
    why = ""
    if a.stage != b.stage:
        s = b.stage if ib > ia else a.stage
        why = f"{s} scores {a.stage_profile.get(s, 0):.2f} → {b.stage_profile.get(s, 0):.2f} " \
              f"(threshold {b.threshold:.2f})"
    rows.append({"item": "stage", la: a.stage, lb: b.stage,
                 "change": "up" if ib > ia else "down" if ib < ia else "", "why": why})
    ca = {d.stage: d for d in a.composite}
    cb = {d.stage: d for d in b.composite}
    for s in order:
        va, vb = a.stage_profile.get(s), b.stage_profile.get(s)
        reason = ""
        if s in ca and s in cb and va != vb:
            da, db = ca[s], cb[s]
            parts = []
            if da.ties != db.ties:
                parts.append(f"members at this stage {da.ties:.0%} → {db.ties:.0%}")
            if da.arrangements != db.arrangements:
                parts.append(f"arrangements {da.arrangements:.0%} → {db.arrangements:.0%}")
            reason = "; ".join(parts)
        rows.append({"item": f"stage score: {s}", la: va, lb: vb,
                     "change": None if va is None or vb is None else vb - va, "why": reason})
    fb = {f.id: f for f in b.factors}
    for f in a.factors:
        g = fb.get(f.id)
        if g is None:
            continue
        before = {e.text for e in f.evidence}
        new = [e.text for e in g.evidence if e.text not in before]
        reason = clauses(new)
        if f.confidence != g.confidence:
            reason = clauses([reason, f"confidence {f.confidence:.0%} → {g.confidence:.0%}"])
        rows.append({"item": f"factor: {f.id}", la: f.score, lb: g.score, "change": g.score - f.score,
                     "why": reason})
    fa_, fb_ = {f.id: f for f in a.flags}, {f.id: f for f in b.flags}
    for fid in dict.fromkeys([*fa_, *fb_]):
        x, y = fa_.get(fid), fb_.get(fid)
        change = ("raised" if x is None else "cleared" if y is None
                  else "" if x.severity == y.severity else f"{x.severity} → {y.severity}")
        rows.append({"item": f"flag: {fid}", la: x.severity if x else "", lb: y.severity if y else "",
                     "change": change, "why": (y or x).message if change else ""})
    return pd.DataFrame(rows).set_index("item")
