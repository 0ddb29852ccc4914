"""``clsp survey summarize|levels FILE.csv``, ``clsp survey compare WAVE1.csv WAVE2.csv``: what a self-assessment
survey or a set of partner ratings shows, and what changed between two waves.

``summarize`` reads a long CSV of ratings, at factor level (``respondent,member,factor,rating``)
or item level (``respondent,member,item,rating``: one row per statement of the
instrument, detected by its header), with an optional ``group`` column, and prints per
success factor the mean, count, spread, confidence interval, band and agreement, the
gaps between stakeholder groups and the response per member. Respondents are
pseudonymised as the file is read (``R1``, ``R2``...) unless ``--keep-names`` is given.

``levels`` reads partner-to-partner ratings on the Levels of Collaboration Scale
(``rater,ratee,level``, 0-5) and prints the mean level, the share of pairs at each level
and the pairs whose two ratings of each other differ by ``--threshold`` or more.

The files are read by :mod:`clsp_research.workshop.survey_files`, as notebooks and widgets
read them. ``summarize`` and ``compare`` also take a workshop answers folder (the ``--dir``
of ``clsp workshop``) in place of a CSV: its latest answer per participant is read as an
item-level survey (:mod:`clsp_research.workshop.answers_table`).

A factor with fewer than three ratings gets its mean but no interval and no agreement
verdict ("too few answers"); intervals are seeded percentile bootstraps, which stay on the
rating scale (:func:`clsp_research.workshop.survey.bootstrap_mean_interval`).
"""

from __future__ import annotations

import argparse
import math
import sys
import warnings
from pathlib import Path
from typing import Any

from ..partnership.datasets import load_case_ref
from ..text import plural
from ..workshop import survey_files
from ..workshop.survey_files import (
    expected_respondents,
    read_levels,
    read_responses,
)
from ._args import Parser, finite_number, whole_number
from ._output import print_json

NAME = "survey"
HELP = "summarise a factor self-assessment survey or partner-to-partner collaboration levels; compare two waves"
DESCRIPTION = (
    "Summarise survey files. 'summarize' reads ratings of the success factors (factor or item level) and "
    "prints means, bands, agreement and gaps between stakeholder groups; 'levels' reads partner-to-partner "
    "ratings on the Levels of Collaboration Scale (0-5); 'compare' sets two waves of the survey side by side."
)

__all__ = ["compare_files", "summarize_file"]


def __getattr__(name: str) -> Any:
    """Names this module held in 0.1 that live elsewhere now (deprecated here; removed in 0.3)."""
    if name == "load_case_arg":
        new, value = "clsp_research.partnership.datasets.load_case_ref", load_case_ref
    elif name in survey_files.__all__:
        new, value = f"clsp_research.workshop.survey_files.{name}", getattr(survey_files, name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    warnings.warn(f"clsp_research.commands.survey.{name} is now {new} (the old name goes in version 0.3)",
                  DeprecationWarning, stacklevel=2)
    return value


# -- the command ---------------------------------------------------------------------------------

def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="survey_command", metavar="ACTION", parser_class=Parser)
    sub.required = True
    s = sub.add_parser("summarize", aliases=["summarise"], help="per-factor means, bands, agreement, group gaps",
                       description="Summarise ratings of the success factors (factor-level CSV "
                                   "respondent,member,factor,rating or item-level respondent,member,item,rating; "
                                   "optional group column; empty rating = don't know).")
    s.add_argument("file", help="survey CSV, or a workshop answers folder")
    s.add_argument("--json", action="store_true", help="print one JSON object")
    s.add_argument("--keep-names", action="store_true",
                   help="keep respondents' names in the output (default: pseudonyms R1, R2...)")
    s.add_argument("--case", help="case file or case-study name: stakeholder groups of members, expected respondents")
    s.add_argument("--strength", type=finite_number, default=4.0,
                   help="factor means at or above this are a strength (default 4.0, Wilder inventory)")
    s.add_argument("--borderline", type=finite_number, default=3.0,
                   help="factor means at or above this (and under --strength) are borderline (default 3.0)")
    s.add_argument("--gap-threshold", type=finite_number, default=1.0,
                   help="flag factors whose stakeholder-group means differ by this much (default 1.0)")
    s.add_argument("--min-group-size", type=int, default=1,
                   help="hide a stakeholder group's mean of a factor when fewer answers stand behind it "
                        "(default 1: show all; 3 or more when the output is shared)")
    s.add_argument("--seed", type=int, default=0, help="seed of the bootstrap intervals (default 0)")
    s.set_defaults(_survey=_run_summarize)
    lv = sub.add_parser("levels", help="partner-to-partner collaboration levels (0-5)",
                        description="Summarise partner-to-partner ratings (CSV rater,ratee,level; level 0 no "
                                    "interaction to 5 collaboration).")
    lv.add_argument("file", help="levels CSV")
    lv.add_argument("--json", action="store_true", help="print one JSON object")
    lv.add_argument("--threshold", type=whole_number(1), default=2,
                    help="flag pairs whose two ratings differ by this many levels or more (default 2)")
    lv.set_defaults(_survey=_run_levels)
    cp = sub.add_parser("compare", help="two survey waves: change per factor, and who answered in each",
                        description="Compare two survey waves (each a CSV that 'summarize' reads): each factor's "
                                    "mean in both, the change with its Welch interval, the bands, and how many "
                                    "people answered for each member organisation in each wave.")
    cp.add_argument("before", metavar="WAVE1.csv", help="the earlier wave (a CSV, or a workshop answers folder)")
    cp.add_argument("after", metavar="WAVE2.csv", help="the later wave (a CSV, or a workshop answers folder)")
    cp.add_argument("--seed", type=int, default=0, help="seed of the bootstrap intervals (default 0)")
    cp.add_argument("--json", action="store_true", help="print one JSON object")
    cp.add_argument("--case", help="case file or case-study name: stakeholder groups of members")
    cp.add_argument("--strength", type=finite_number, default=4.0,
                    help="strength cut-off (default 4.0, Wilder inventory)")
    cp.add_argument("--borderline", type=finite_number, default=3.0, help="borderline cut-off (default 3.0)")
    cp.set_defaults(_survey=_run_compare)


def run(args: argparse.Namespace) -> int:
    return int(args._survey(args) or 0)


def _read(path: str | Path, *, keep_names: bool = False, members: Any = None) -> Any:
    """A survey CSV, or a workshop answers folder (its unreadable files reported on stderr)."""
    if Path(path).is_dir():
        from ..workshop.answers_table import load_answers_folder

        loaded, problems = load_answers_folder(path, members=members)
        for problem in problems:
            sys.stderr.write(f"warning: {Path(path).name}/{problem} (left out)\n")
        return loaded
    return read_responses(path, keep_names=keep_names, members=members)


def summarize_file(
    path: str | Path, *, keep_names: bool = False, case: str | None = None, strength: float = 4.0,
    borderline: float = 3.0, gap_threshold: float = 1.0, min_group_size: int = 1, seed: int = 0,
) -> dict[str, Any]:
    """The JSON object printed by ``clsp survey summarize --json`` (``path``: a CSV or an answers folder)."""
    from ..errors import CLSPInputError
    from ..workshop.survey import Bands

    bands = Bands(strength=strength, borderline=borderline)
    partnership = load_case_ref(case) if case else None
    if min_group_size < 1:
        raise CLSPInputError(f"--min-group-size must be at least 1, found {min_group_size}", field="--min-group-size")
    loaded = _read(path, keep_names=keep_names, members=partnership)
    summary = loaded.summarize(members=partnership, bands=bands, gap_threshold=gap_threshold,
                               roster=expected_respondents(partnership) if partnership is not None else None,
                               min_group_size=min_group_size, seed=seed)
    out = summary.to_dict()
    out.update({
        "source": Path(path).name,
        "level": loaded.level,
        "pseudonymised": loaded.pseudonymised,
        "concerns": summary.concerns(),
        "contested": summary.contested(),
        "respondent_detail": [
            {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
            for r in loaded.detail.to_dict(orient="records")
        ],
    })
    if partnership is not None:
        out["partnership"] = partnership.name
    return out


def _fmt(v: Any, spec: str = ".2f") -> str:
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) else format(v, spec)


def _run_summarize(args: argparse.Namespace) -> int:
    out = summarize_file(args.file, keep_names=args.keep_names, case=args.case, strength=args.strength,
                         borderline=args.borderline, gap_threshold=args.gap_threshold,
                         min_group_size=args.min_group_size, seed=args.seed)
    if args.json:
        print_json(out)
        return 0
    w = sys.stdout.write
    who = "pseudonymised" if out["pseudonymised"] else "names kept"
    w(f"{out['source']}: {plural(out['respondents'], 'respondent')}, {out['level']}-level answers ({who}); "
      f"bands: strength >= {out['bands']['strength']:g}, borderline >= {out['bands']['borderline']:g}\n")
    w(f"{'factor':22s} {'mean':>5s} {'n':>3s} {'dk':>3s} {'sd':>5s} {int(out['confidence'] * 100)}% CI"
      f"{'':9s} {'band':10s} {'r_wg':>5s}\n")
    for f in out["factors"]:
        ci = (f"{_fmt(f['ci_low'])}-{_fmt(f['ci_high'])}" if f["ci_low"] is not None
              else "too few answers" if f["n"] else "")
        w(f"{f['id']:22s} {_fmt(f['mean']):>5s} {f['n']:3d} {f['n_dont_know']:3d} {_fmt(f['sd']):>5s} "
          f"{ci:15s} {f['band'] or '':10s} {_fmt(f['rwg']):>5s}\n")
    few = [f["id"] for f in out["factors"] if f["too_few"]]
    if few:
        w(f"Too few answers (fewer than {out['min_n']}) for an interval or an agreement verdict: "
          f"{', '.join(few)}\n")
    w(f"Intervals: {out['interval_method']}, seed {out['seed']}.\n")
    flagged = [g for g in out["group_gaps"] if g["flagged"]]
    if flagged:
        w("\nStakeholder groups disagree (gap between group means):\n")
        for g in flagged:
            w(f"  {g['id']}: {g['high_group']} {_fmt(g['gap'])} points above {g['low_group']}\n")
    if out["contested"]:
        w(f"\nRespondents disagree (r_wg < 0.70): {', '.join(out['contested'])}\n")
    if out["response"]:
        w("\nResponse by member:\n")
        for r in out["response"]:
            rate = f" of {r['expected']} ({_fmt(r['response_rate'] * 100, '.0f')}%)" if r["expected"] else ""
            w(f"  {r['member']}: {r['respondents']}{rate}\n")
    return 0


def _run_levels(args: argparse.Namespace) -> int:
    from ..workshop.collaboration_levels import LEVEL_NAMES, summarize_levels

    ratings = read_levels(args.file)
    s = summarize_levels(ratings, threshold=args.threshold, validate=False)
    out = {"source": Path(args.file).name, **s.to_dict()}
    if args.json:
        print_json(out)
        return 0
    w = sys.stdout.write
    w(f"{out['source']}: {out['ratings']} rating(s) of {out['rated_pairs']} pair(s); "
      f"mean level {_fmt(s.mean_level)}\n")
    for lv, share in s.level_shares.items():
        w(f"  {lv} {LEVEL_NAMES[lv]:15s} {share * 100:5.1f}%\n")
    if s.disagreements:
        w(f"Pairs whose ratings of each other differ by {args.threshold} or more:\n")
        for r in s.pairs.itertuples():
            if (r.a, r.b) in set(s.disagreements):
                w(f"  {r.a} rates {r.b} {int(r.a_rates_b)}; {r.b} rates {r.a} {int(r.b_rates_a)}\n")
    else:
        w(f"No pair's ratings of each other differ by {args.threshold} or more.\n")
    return 0


def compare_files(before: str | Path, after: str | Path, *, case: str | None = None, strength: float = 4.0,
                  borderline: float = 3.0, confidence: float = 0.95, seed: int = 0) -> dict[str, Any]:
    """The JSON object printed by ``clsp survey compare --json`` (each wave a CSV or an answers folder).

    ``factors``: per factor ``id``, ``mean_before``, ``mean_after``, ``delta``, ``delta_low``,
    ``delta_high`` (bootstrap interval; null with ``too_few`` when either wave has fewer than
    three ratings), ``changed`` (the interval excludes zero), ``n_before``,
    ``n_after``, ``band_before``, ``band_after``, ``too_few``; ``members``: per member the respondents in each
    wave and whether it answered in both (people are pseudonymised within each wave and not
    followed across them); ``respondents``: the number in each wave.
    """
    from ..workshop.survey import Bands
    from ..workshop.waves import compare_surveys, response_changes

    bands = Bands(strength=strength, borderline=borderline)
    partnership = load_case_ref(case) if case else None
    s1, s2 = (_read(f, members=partnership).summarize(members=partnership, bands=bands, confidence=confidence,
                                                     seed=seed) for f in (before, after))

    def clean(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for r in records:
            row = {}
            for k, v in r.items():
                if hasattr(v, "item"):
                    v = v.item()
                row[k] = None if isinstance(v, float) and math.isnan(v) else (round(v, 4) if isinstance(v, float)
                                                                              else v)
            out.append(row)
        return out

    return {
        "before": Path(before).name,
        "after": Path(after).name,
        "respondents": {"before": s1.respondents, "after": s2.respondents},
        "confidence": confidence,
        "interval_method": s1.interval_method,
        "seed": seed,
        "min_n": s1.min_n,
        "bands": {"strength": bands.strength, "borderline": bands.borderline},
        "factors": clean(compare_surveys(s1, s2, confidence=confidence, seed=seed).to_dict(orient="records")),
        "members": clean(response_changes(s1, s2).to_dict(orient="records")),
    }


def _run_compare(args: argparse.Namespace) -> int:
    out = compare_files(args.before, args.after, case=args.case, strength=args.strength, borderline=args.borderline,
                        seed=args.seed)
    if args.json:
        print_json(out)
        return 0
    w = sys.stdout.write
    n = out["respondents"]
    w(f"{out['before']} ({n['before']} respondents) -> {out['after']} ({n['after']} respondents)\n")
    w(f"{'factor':22s} {'before':>6s} {'after':>6s} {'change':>7s} {int(out['confidence'] * 100)}% interval"
      f"{'':4s} band\n")
    for f in out["factors"]:
        ci = (f"{_fmt(f['delta_low'])} to {_fmt(f['delta_high'])}" if f["delta_low"] is not None
              else "too few answers" if f["too_few"] and f["n_after"] and f["n_before"] else "")
        mark = " *" if f["changed"] else ""
        w(f"{f['id']:22s} {_fmt(f['mean_before']):>6s} {_fmt(f['mean_after']):>6s} {_fmt(f['delta'], '+.2f'):>7s} "
          f"{ci:16s} {f['band_before'] or '-'} -> {f['band_after'] or '-'}{mark}\n")
    w("* the interval excludes zero (a guide for discussion, not a test corrected for fourteen comparisons)\n")
    w(f"Intervals: {out['interval_method']}, seed {out['seed']}; none with fewer than {out['min_n']} answers "
      "in a wave.\n")
    moved = [m for m in out["members"] if m["status"] != "both waves"]
    if moved:
        w("\nMembers that answered in one wave only:\n")
        for m in moved:
            w(f"  {m['member']}: {m['status']}\n")
    return 0
