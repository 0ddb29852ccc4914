"""Checks of a partnership that loads but looks odd: warnings, and the validation of case files.

:func:`check_case` finds soft problems in a partnership (a member without ties, a repeated
tie, a funding tie from outside the ``funder`` group...); :func:`validate_file` loads a
case file and reports both its errors (it does not load) and its warnings, never raising
for bad input: ``clsp validate`` is built on it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CLSPInputError
from .casefile import _parse
from .inputs import Issue, _id_list, _text_of
from .model import (
    Member,
    Partnership,
    Tie,
)

__all__ = ["Issue", "ValidationResult", "check_case", "validate_file"]


@dataclass
class ValidationResult:
    """What :func:`validate_file` found in one file."""

    path: str
    valid: bool
    members: int | None = None
    ties: int | None = None
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form (the ``files`` entries of ``clsp validate --json``)."""
        return {
            "path": self.path,
            "valid": self.valid,
            "members": self.members,
            "ties": self.ties,
            "errors": [e.to_dict() for e in self.errors],
            "warnings": [w.to_dict() for w in self.warnings],
        }



# --------------------------------------------------------------------------------------
# Checks (warnings)
# --------------------------------------------------------------------------------------
def _tie_label(t: Tie) -> str:
    arrow = "->" if t.directed else "--"
    return f"{t.kind} tie {t.source!r} {arrow} {t.target!r}"


def _lint(
    p: Partnership,
    members: Sequence[Member],
    ties: Sequence[Tie],
    lines: Mapping[str, int] | None = None,
    source: str | None = None,
) -> list[Issue]:
    from_file = lines is not None
    lines = lines or {}

    def issue(message: str, path: str, line_key: str | None = None) -> Issue:
        return Issue(
            message,
            file=source,
            line=lines.get(line_key or path),
            field=path if from_file else None,
        )

    out: list[Issue] = []
    if not members:
        out.append(Issue("the partnership has no members", file=source))
    elif not ties:
        out.append(Issue("no ties are recorded, so every network measure will be empty", file=source))
    else:
        degree = p.graph.degree
        for i, m in enumerate(members):
            if degree[m.id] == 0:
                out.append(issue(f"member {m.id!r} has no ties to any other member", f"members[{i}]"))
        out.extend(_pieces_warning(p, source))
    for i, m in enumerate(members):
        if m.joined is not None and m.left is not None and m.left < m.joined:
            out.append(issue(f"member {m.id!r} left ({m.left}) before it joined ({m.joined})", f"members[{i}]"))
        for r in m.representatives:
            if r.since is not None and r.until is not None and r.until < r.since:
                out.append(
                    issue(
                        f"representative {r.name!r} of {m.id!r} ends ({r.until}) before starting ({r.since})",
                        f"members[{i}]",
                    )
                )
    first: dict[tuple[Any, ...], int] = {}
    for j, t in enumerate(ties):
        ends = (t.source, t.target) if t.directed else tuple(sorted((t.source, t.target)))
        key = (t.kind, ends)
        path = f"ties[{j}]"
        if key in first:
            k = first[key]
            other = f"ties[{k}]" + (f" (line {lines[f'ties[{k}]']})" if f"ties[{k}]" in lines else "")
            out.append(
                issue(
                    f"the {_tie_label(t)} repeats {other}; merge them unless they are separate "
                    "arrangements (give each its categories or since)",
                    path,
                )
            )
        else:
            first[key] = j
        if t.kind == "funding" and t.source in p and not p.member(t.source).in_group("funder"):
            groups = ", ".join(p.member(t.source).groups)
            advice = (
                f"the tie may point the wrong way: funding runs from funder ({t.target!r}) to funded"
                if t.target in p and p.member(t.target).in_group("funder")
                else "add 'funder' to its groups or check the direction"
            )
            out.append(
                issue(
                    f"funding tie from {t.source!r}, which is not in the funder group "
                    f"(its groups: {groups}); {advice}",
                    path,
                )
            )
    ids = list(p.members)
    for k, c in enumerate(p.info.membership_changes):
        if c.member not in p:
            path = f"partnership.membership_changes[{k}].member"
            out.append(
                issue(
                    f"membership change of {c.member!r}, who is not among the members "
                    f"(fine for a member that left and was taken off the list; otherwise check the id: "
                    f"{_id_list(ids, c.member)})",
                    path,
                )
            )
    return out


def _pieces_warning(p: Partnership, source: str | None) -> list[Issue]:
    """A warning when the tied members fall into several pieces no chain of ties joins."""
    import networkx as nx

    g = p.simple_graph()
    pieces = sorted((sorted(c) for c in nx.connected_components(g) if len(c) >= 2), key=lambda c: (-len(c), c[0]))
    if len(pieces) < 2:
        return []
    shown = "; ".join(", ".join(c[:4]) + (f" and {len(c) - 4} more" if len(c) > 4 else "") for c in pieces[:3])
    more = f"; and {len(pieces) - 3} more pieces" if len(pieces) > 3 else ""
    return [Issue(f"the partnership is in {len(pieces)} pieces that no chain of ties joins ({shown}{more}); "
                  "the assessment reads structure on the whole and on the largest piece and says which it used; "
                  "add the ties that link them if they exist", file=source)]


def check_case(p: Partnership) -> list[Issue]:
    """Soft problems in a partnership: warnings, not errors.

    Warns about: no members or no ties; members without any tie; tied members in
    several pieces that no chain of ties joins; members that left
    before they joined; repeated ties (same kind between the same pair, same direction
    for directed kinds); funding ties whose source is not in the ``funder`` group; and
    membership changes naming someone not among the members (a member that left may
    have been taken off the list, so this is not an error; a champion who is not a
    member *is* an error, raised when loading).

    Examples
    --------
    >>> p = Partnership("P", [Member("a", "A", groups=("provider",)), Member("b", "B", groups=("provider",)),
    ...                       Member("c", "C", groups=("community",))],
    ...                 [Tie("a", "b", "funding"), Tie("b", "a", "information_exchange"),
    ...                  Tie("a", "b", "information_exchange")])
    >>> for w in check_case(p):
    ...     print(w.message.split(";")[0])
    member 'c' has no ties to any other member
    funding tie from 'a', which is not in the funder group (its groups: provider)
    the information_exchange tie 'b' -- 'a' repeats ties[1]
    """
    return _lint(p, list(p.members.values()), p.ties)


def validate_file(path: str | Path) -> ValidationResult:
    """Load a case file and check it: errors (it does not load) and warnings (it loads but looks odd).

    Never raises for bad input: every problem is in the result.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "c.yaml"
    >>> _ = f.write_text("partnership: {name: P}\\nmembers:\\n  - {id: a, name: A, groups: [funder]}\\n")
    >>> r = validate_file(f)
    >>> r.valid, r.members, r.ties, [str(w).split(": ", 1)[1] for w in r.warnings]
    (True, 1, 0, ['no ties are recorded, so every network measure will be empty'])
    """
    name = str(path)
    try:
        text, source = _text_of(path, "case file")
        loaded = _parse(text, source)
    except CLSPInputError as exc:
        return ValidationResult(name, False, errors=[Issue.from_error(exc)])
    warnings = list(loaded.notes) + _lint(
        loaded.partnership, loaded.members, loaded.ties, loaded.lines, loaded.source
    )
    return ValidationResult(
        name, True, len(loaded.members), len(loaded.ties), warnings=warnings
    )
