"""The ``clsp`` command line.

Each sub-command lives in its own module under :mod:`clsp_research.commands`
and provides ``NAME``, ``HELP``, ``add_arguments(parser)`` and ``run(args) -> int``.
Add a command by writing such a module and naming it in :data:`COMMAND_MODULES` (and in
:data:`COMMAND_ALIASES` when the command is not called like its module); `clsp CMD` imports only CMD's module.

Exit codes (``docs/architecture.md``): 0 success, 1 invalid input (one message on stderr naming
the file, the line or field and what is expected), 2 usage error. Bad input never
prints a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from .commands._args import Parser
from .commands._output import print_json
from .errors import CLSPError, CLSPInputError

__all__ = ["COMMAND_ALIASES", "COMMAND_MODULES", "main", "print_json"]

#: Sub-command modules, in the order ``clsp --help`` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "validate",
    "assess",
    "report",
    "export",
    "import_csv",
    "survey",
    "workshop",
    "simulate",
    "sweep",
    "gaps",
    "referrals",
    "interlocks",
)


#: Command names that differ from their module's name (``clsp import`` lives in ``import_csv``).
COMMAND_ALIASES: dict[str, str] = {"import": "import_csv"}


def _wanted_modules(argv: Sequence[str] | None) -> tuple[str, ...]:
    """The one command module ``argv`` asks for, else all (help, ``--version``, a mistyped command).

    Importing only the command that runs keeps ``clsp CMD`` from loading every other command.
    """
    words = [w for w in (sys.argv[1:] if argv is None else argv) if not w.startswith("-")][:1]
    if words:
        mod = COMMAND_ALIASES.get(words[0], words[0])
        if mod in COMMAND_MODULES:
            return (mod,)
    return COMMAND_MODULES


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser: with every available sub-command, or only the one ``argv`` names."""
    parser = Parser(
        prog="clsp",
        description="CLSP research and teaching workbench: assess, report on and explore partnerships.",
    )
    from . import __version__

    parser.add_argument("--version", action="version", version=f"clsp {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name in COMMAND_MODULES if argv is None else _wanted_modules(argv):
        try:
            mod = importlib.import_module(f".commands.{name}", __package__)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.endswith(f"commands.{name}"):
                continue  # a command not written yet
            raise
        p = sub.add_parser(mod.NAME, help=mod.HELP, description=getattr(mod, "DESCRIPTION", mod.HELP))
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Run as the program (``argv`` None, as the ``clsp`` command calls it), the process is short-lived:
    once the command's libraries are imported they are frozen out of the garbage collector's passes
    (:func:`gc.freeze`), which would otherwise walk every object of pandas and networkx each time the
    many small graphs of a robustness check trigger a full pass. Called from Python with ``argv``,
    nothing is frozen (the caller's process lives on).
    """
    parser = build_parser(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help(sys.stderr)
        return 2
    if argv is None:
        import gc

        gc.freeze()
    try:
        return int(args._run(args) or 0)
    except CLSPInputError as exc:
        hint = ""
        if "no such" in str(exc) and "case studies are" not in str(exc):
            from .partnership.datasets import shipped_examples

            hint = f"; {shipped_examples(args.command)}"
        sys.stderr.write(f"clsp {args.command}: error: {exc}{hint}\n")
        return 1
    except BrokenPipeError:
        # The reader went away (``clsp assess --json ... | head``): not an error of ours.
        # Point stdout at /dev/null so that Python's final flush does not complain again.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except (CLSPError, OSError) as exc:  # OSError: a missing file, a full disk, no permission...
        msg = str(exc)
        if isinstance(exc, OSError) and exc.filename:
            msg = f"{exc.filename}: {exc.strerror}"
        sys.stderr.write(f"clsp {args.command}: error: {msg}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
