"""``clsp validate PATH...``: check case files, with errors and warnings located by file and line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ._output import print_json

if TYPE_CHECKING:
    from ..partnership.inputs import Issue

NAME = "validate"
HELP = "check case files: one line per file, errors and warnings with file, line and field"
DESCRIPTION = (
    "Check YAML case files (or every *.yaml/*.yml in a folder, or a shipped case study by name). "
    "Prints 'PATH: ok (N members, M ties)' for each valid file; errors and warnings go to stderr "
    "as 'PATH:LINE: error|warning: FIELD: message'. Exit 1 if any file is invalid "
    "(or, with --strict, has warnings)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="case file, folder of case files, or case study name")
    parser.add_argument("--json", action="store_true", help="print one JSON object: {\"files\": [...]}")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 1)")
    parser.add_argument("-q", "--quiet", action="store_true", help="do not print warnings")


def _expand(ref: str) -> list[str]:
    """A folder gives its case files (sorted); anything else stands for itself."""
    from ..partnership.casefile import CASE_SUFFIXES

    p = Path(ref)
    if p.is_dir():
        found = sorted(str(f) for f in p.iterdir() if f.suffix.lower() in CASE_SUFFIXES and f.is_file())
        return found or [ref]
    return [ref]


def _line(issue: Issue, level: str) -> str:
    where = issue.file or ""
    if issue.line is not None:
        where += f":{issue.line}" + (f":{issue.column}" if issue.column is not None else "")
    field = f"{issue.field}: " if issue.field else ""
    return f"{where}: {level}: {field}{issue.message}"


def run(args: argparse.Namespace) -> int:
    from ..errors import CLSPInputError
    from ..partnership.checks import ValidationResult, validate_file
    from ..partnership.datasets import resolve_case
    from ..partnership.inputs import Issue

    results: list[ValidationResult] = []
    for ref in args.paths:
        for name in _expand(ref):
            if Path(name).is_dir():
                err = CLSPInputError("no case files (*.yaml, *.yml) in this folder", file=name)
                results.append(ValidationResult(name, False, errors=[Issue.from_error(err)]))
                continue
            try:
                path = resolve_case(name)
            except CLSPInputError as exc:
                results.append(ValidationResult(name, False, errors=[Issue.from_error(exc)]))
                continue
            result = validate_file(path)
            result.path = name
            results.append(result)

    failed = any(not r.valid or (args.strict and r.warnings) for r in results)
    if args.json:
        print_json({"files": [r.to_dict() for r in results]})
        return 1 if failed else 0
    for r in results:
        if r.valid:
            extra = ""
            if r.warnings:
                extra = f", {len(r.warnings)} warning{'s' if len(r.warnings) != 1 else ''}"
            sys.stdout.write(f"{r.path}: ok ({r.members} members, {r.ties} ties{extra})\n")
            if not args.quiet or args.strict:
                for w in r.warnings:
                    sys.stderr.write(_line(w, "warning") + "\n")
        else:
            for e in r.errors:
                sys.stderr.write(_line(e, "error") + "\n")
    return 1 if failed else 0
